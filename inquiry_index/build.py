"""Compile the validated CSVs into one SQLite database, written atomically."""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
import io
import logging
import os
import signal
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from .csv_files import prepared_package, read_csv_text
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


class BuildInterrupted(Exception):
    """The build received SIGTERM or SIGHUP; the previous database is left as it was."""


def remove_abandoned_temp_files(db_path: Path) -> None:
    """Delete temporary files left beside `db_path` by builds whose process has gone.

    A build killed with SIGKILL cannot remove its own temporary file.
    """
    for path in db_path.parent.glob(f".{db_path.name}.*.tmp"):
        parts = path.name[len(db_path.name) + 2:].split(".")
        if not parts[0].isdigit():
            continue
        try:
            os.kill(int(parts[0]), 0)
        except ProcessLookupError:
            log.info("removing %s, left by a build that was killed", path)
            path.unlink(missing_ok=True)
        except PermissionError:
            continue  # a live process of another user


def build_database(package: DataPackage, db_path: Path,
                   staleness_days: int = STALENESS_DAYS) -> dict[str, int]:
    """Build the database at `db_path` from a package that has passed validation.

    The CSVs are read through csv_files.prepared_package, with the same
    normalisation as validation. The database is written to a temporary file
    beside `db_path` and renamed over it only when complete, so a failed or
    interrupted build (an exception, Ctrl-C, SIGTERM or SIGHUP) leaves the
    previous database untouched and removes the temporary file. After SIGKILL
    or a power cut the previous database is still intact, and the next build
    removes the hidden `.<name>.<pid>.*.tmp` file left beside it. Returns the row
    count of each table.

    Raises ValueError when a CSV cannot be read without loss, and BuildInterrupted
    on SIGTERM or SIGHUP before the rename.
    """
    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with SignalGuard() as guard, prepared_package(package) as (prepared, problems):
        if problems:
            raise ValueError(f"{len(problems)} problem(s) in the CSVs, the first: "
                             f"{problems[0]}; run `python build_db.py --check` for all")
        remove_abandoned_temp_files(db_path)
        # The process id in the name lets a later build tell an abandoned file
        # (its process is gone) from one that another build is still writing.
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{db_path.name}.{os.getpid()}.", suffix=".tmp", dir=db_path.parent
        )
        os.close(handle)
        temp_path = Path(temp_name)
        try:
            counts = _write_database(prepared, temp_path, staleness_days)
            _fsync(temp_path)
            with guard.deferred():
                os.replace(temp_path, db_path)
                guard.finished = True
        except BaseException:
            # BaseException, so that Ctrl-C also removes the partial file.
            temp_path.unlink(missing_ok=True)
            raise
        _fsync_directory(db_path.parent)
    log.info("wrote %s", db_path)
    return counts


class SignalGuard:
    """Turn SIGTERM and SIGHUP into BuildInterrupted until the new database is in place.

    Their default action ends the process at once, with no cleanup. Once
    `finished` is set, a signal is held until the block ends and then raised
    again, so the process still stops, but with the new database complete.
    Python sets signal handlers only in the main thread; elsewhere this does nothing.
    """

    SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                    if hasattr(signal, name))

    def __init__(self) -> None:
        self.finished = False
        self.pending: int | None = None
        self.previous: dict[int, object] = {}

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is threading.main_thread():
            self.previous = {number: signal.signal(number, self._handle)
                             for number in self.SIGNALS}
        return self

    def __exit__(self, *exc_info) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        if self.pending is not None:
            signal.raise_signal(self.pending)

    def _handle(self, number: int, frame) -> None:
        if self.finished:
            self.pending = number
            return
        raise BuildInterrupted(f"interrupted by {signal.Signals(number).name}")

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold the signals while the block runs, so none lands between a rename and
        the line that records it."""
        if not self.previous or not hasattr(signal, "pthread_sigmask"):
            yield
            return
        signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, self.SIGNALS)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(path: Path) -> None:
    """Make the rename durable: on POSIX a rename is on disk once its directory is synced."""
    if os.name != "posix":
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
    # History, the commit and file hashes describe the files in the repository,
    # not the normalised copy the rows were loaded from.
    source = package.source
    history = read_history(source, cache_dir=source.root / ".cache" / "history")
    write_changes(db, history)
    write_build_record(db, source, staleness_days, history.status)
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
    is not needed. Raises ValueError if the header or a row's length differs
    from the schema, which validation should have reported.
    """
    converters = [_converter(field.type) for field in resource.fields]
    names = resource.field_names
    sql = "INSERT INTO [{}] ({}) VALUES ({})".format(
        resource.name,
        ", ".join(f"[{name}]" for name in names),
        ", ".join("?" for _ in names),
    )
    reader = csv.reader(io.StringIO(read_csv_text(resource.csv_path), newline=""),
                        strict=True)
    header = next(reader, [])
    if header != names:
        raise ValueError(f"{resource.csv_path.name}: the header {header} is not the "
                         f"schema's {names}")
    count = 0
    batch = []
    for row_number, row in enumerate(reader, start=2):
        if len(row) != len(names):
            raise ValueError(f"{resource.csv_path.name}, row {row_number}: {len(row)} cells "
                             f"where the schema has {len(names)} columns")
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
