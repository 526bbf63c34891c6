"""Compile the validated CSVs into one SQLite database, written atomically."""

from __future__ import annotations

import csv
import datetime
import hashlib
import logging
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import sqlite_utils

from .datapackage import SQLITE_TYPES, DataPackage, Resource
from .history import History, read_history
from .views import VIEWS

log = logging.getLogger(__name__)

STALENESS_DAYS = 7

# Columns that Datasette facets on or that pages filter by; each gets an index.
# Foreign-key columns are indexed as well, without being listed here.
INDEXED_COLUMNS = {
    "inquiries": [["jurisdiction"], ["kind"]],
    "organisations": [["kind"]],
    "documents": [["kind"], ["source_type"], ["publisher"], ["published_on"]],
    "reports": [["inquiry_id", "published_on"]],
    "recommendations": [["report_id", "sequence"], ["text_completeness"]],
    "recommendation_addressees": [["basis"]],
    "responses": [["position"], ["responded_on"], ["text_completeness"],
                  ["report_id", "recommendation_id"]],
    "evidence": [["kind"], ["occurred_on"], ["report_id", "recommendation_id"]],
    "verifications": [["verified_on"], ["outcome"]],
}

# Verbatim text columns, searchable with FTS5 and the Porter stemmer.
FTS_COLUMNS = {
    "reports": ["title", "response_deadline_text"],
    "recommendations": ["label", "heading", "text"],
    "responses": ["text", "position_phrase"],
    "evidence": ["excerpt", "description"],
}

INSERT_BATCH_ROWS = 10_000


def build_database(package: DataPackage, db_path: Path,
                   staleness_days: int = STALENESS_DAYS) -> dict[str, int]:
    """Build the database at `db_path` from a package that has passed validation.

    The database is written to a temporary file beside `db_path` and renamed
    over it only when complete, so a failed or interrupted build leaves the
    previous database untouched. Returns the row count of each table.
    """
    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent
    )
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        counts = _write_database(package, temp_path, staleness_days)
        _fsync(temp_path)
        os.replace(temp_path, db_path)
    except BaseException:
        # BaseException, so that Ctrl-C also removes the partial file.
        temp_path.unlink(missing_ok=True)
        raise
    log.info("wrote %s", db_path)
    return counts


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _write_database(package: DataPackage, path: Path, staleness_days: int) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    # The file is private until the rename, so crash safety comes from the
    # rename, not from the journal. Turning the journal off loads faster.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    counts = {}
    for resource in package.resources:
        create_table(db, resource)
        counts[resource.name] = load_table(db, resource)
        log.info("loaded %s: %d rows", resource.name, counts[resource.name])
    create_indexes(db, package)
    create_search_indexes(db)
    history = read_history(package, cache_dir=package.root / ".cache" / "history")
    write_changes(db, history)
    write_build_record(db, package, staleness_days, history.status)
    create_views(db)
    check_foreign_keys(db)
    db.analyze()
    db.execute("PRAGMA journal_mode = DELETE")
    db.vacuum()
    db.close()
    return counts


def create_table(db: sqlite_utils.Database, resource: Resource) -> None:
    """Create a table with the schema's column order, types, keys and NOT NULLs."""
    columns = {field.name: SQLITE_TYPES[field.type] for field in resource.fields}
    foreign_keys = [
        (fk.fields[0], fk.resource, fk.reference_fields[0])
        for fk in resource.foreign_keys
    ]
    pk = resource.primary_key[0] if len(resource.primary_key) == 1 else resource.primary_key
    db[resource.name].create(
        columns,
        pk=pk,
        foreign_keys=foreign_keys,
        not_null=[field.name for field in resource.fields if field.required],
    )


def load_table(db: sqlite_utils.Database, resource: Resource) -> int:
    """Insert every CSV row in file order, converting each cell to its schema type.

    Rows go in through executemany on tuples rather than sqlite-utils'
    insert_all, because insert_all builds a dict per row and checks the columns
    of every batch. Here the table and its types already exist, so that work
    is not needed.
    """
    converters = [_converter(field.type) for field in resource.fields]
    names = resource.field_names
    sql = "INSERT INTO [{}] ({}) VALUES ({})".format(
        resource.name,
        ", ".join(f"[{name}]" for name in names),
        ", ".join("?" for _ in names),
    )
    count = 0
    with resource.csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)  # the header, already checked against the schema
        batch = []
        for row in reader:
            batch.append(tuple(convert(cell) for convert, cell in zip(converters, row)))
            if len(batch) == INSERT_BATCH_ROWS:
                db.conn.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        db.conn.executemany(sql, batch)
        count += len(batch)
    db.conn.commit()
    return count


def _converter(field_type: str):
    python_type = SQLITE_TYPES[field_type]

    def convert(cell: str):
        if cell == "":
            return None
        if field_type == "boolean":
            return 1 if cell.lower() in {"true", "1", "yes"} else 0
        return python_type(cell)

    return convert


def create_indexes(db: sqlite_utils.Database, package: DataPackage) -> None:
    """Index every foreign-key column and every column listed in INDEXED_COLUMNS."""
    created = 0
    for resource in package.resources:
        wanted = [list(fk.fields) for fk in resource.foreign_keys]
        wanted += INDEXED_COLUMNS.get(resource.name, [])
        pk = list(resource.primary_key)
        for columns in wanted:
            # A composite primary key's own index already serves its leading column.
            if columns == pk[: len(columns)]:
                continue
            db[resource.name].create_index(columns, if_not_exists=True)
            created += 1
    log.info("created %d indexes", created)


def create_search_indexes(db: sqlite_utils.Database) -> None:
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, fts_version="FTS5", tokenize="porter")
        db[table].populate_fts(columns)
        db.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('optimize')")
    log.info("created full-text search on %d tables", len(FTS_COLUMNS))


def create_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.execute(sql)
    log.info("created %d views", len(VIEWS))


def check_foreign_keys(db: sqlite_utils.Database) -> None:
    """Fail the build if any foreign key dangles; validation should have caught it."""
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign key check failed after loading: {broken[:5]}")


def git_commit(root: Path) -> tuple[str | None, bool]:
    """Return the commit the data was read at, and whether the data differs from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "data", "schemas", "datapackage.json"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None, False
    return commit, bool(status)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_changes(db: sqlite_utils.Database, history: History) -> None:
    """Write the row-level history read from git into the changes table."""
    db["changes"].create(
        {"change_id": int, "table_name": str, "record_id": str, "commit_sha": str,
         "committed_at": str, "change": str, "columns_changed": str, "old_values": str,
         "new_values": str},
        pk="change_id",
        not_null=["table_name", "record_id", "commit_sha", "committed_at", "change"],
    )
    db.conn.executemany(
        "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (number, c.table_name, c.record_id, c.commit, c.committed_at, c.change,
             c.columns_changed, c.old_values, c.new_values)
            for number, c in enumerate(history.changes, start=1)
        ),
    )
    db.conn.commit()
    db["changes"].create_index(["table_name", "record_id"])
    db["changes"].create_index(["committed_at"])
    db["changes"].create_index(["change"])
    log.info("recorded %d row changes from git (%s)", len(history.changes), history.status)


def write_build_record(db: sqlite_utils.Database, package: DataPackage,
                       staleness_days: int, history_status: str) -> None:
    """Record what the database was built from: version, commit, time and each file's hash."""
    commit, dirty = git_commit(package.root)
    db["build_record"].insert(
        {
            "data_version": package.version,
            "git_commit": commit,
            "git_dirty": int(dirty),
            "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"
            ),
            "staleness_days": staleness_days,
            "history_status": history_status,
            "sqlite_version": sqlite3.sqlite_version,
        },
        columns={"data_version": str, "git_commit": str, "git_dirty": int,
                 "built_at": str, "staleness_days": int, "history_status": str,
                 "sqlite_version": str},
    )
    db["build_files"].insert_all(
        (
            {
                "resource": resource.name,
                "path": str(resource.csv_path.relative_to(package.root)),
                "sha256": file_sha256(resource.csv_path),
                "bytes": resource.csv_path.stat().st_size,
                "rows": db[resource.name].count,
            }
            for resource in package.resources
        ),
        pk="resource",
    )
    log.info("recorded version %s, commit %s", package.version, commit or "unknown")
