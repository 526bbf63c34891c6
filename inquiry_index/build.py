"""Compile the validated CSVs into one SQLite database, written atomically."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime
import hashlib
import io
import logging
import os
import shutil
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
from .problems import Problem
from .screen import create_table, descriptor_failure, load, load_and_screen, screen
from .validate import validate_fully
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

# Memory FTS5 may fill with terms before it writes a segment (its default is 1 MB).
FTS_HASH_BYTES = 64 * 1024 * 1024

# The build's own code: a database built by other code is never reused.
BUILD_CODE = Path(__file__).resolve().parent


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


class InvalidPackage(Exception):
    """The package has problems; the previous database is left as it was."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the data package")
        self.problems = problems


def build_database(package: DataPackage, db_path: Path,
                   staleness_days: int = STALENESS_DAYS, full: bool = False) -> dict[str, int]:
    """Validate the package and build the database at `db_path` from it.

    The CSVs are loaded and screened in one pass (screen.py). When the screen
    flags a table, the full validation runs and its problems are raised as
    InvalidPackage. The database is written to a temporary file beside
    `db_path` and renamed over it only when complete. So a failed or
    interrupted build (invalid data, an exception, Ctrl-C, SIGTERM or SIGHUP)
    leaves the previous database untouched, and removes the temporary file.
    After SIGKILL or a power cut the previous database is still intact, and the
    next build removes the hidden `.<name>.<pid>.*.tmp` file left beside it.
    Returns the row count of each table.

    Unless `full` is set, an existing database at `db_path` built by the same
    code from the same descriptor and schemas is reused: it is copied, and only
    the tables whose CSV changed are loaded, screened and indexed again
    (update_database). Whatever that cannot settle goes to a full build.

    Raises InvalidPackage, and BuildInterrupted on SIGTERM or SIGHUP before the rename.
    """
    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with SignalGuard() as guard:
        remove_abandoned_temp_files(db_path)
        # The process id in the name lets a later build tell an abandoned file
        # (its process is gone) from one that another build is still writing.
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{db_path.name}.{os.getpid()}.", suffix=".tmp", dir=db_path.parent
        )
        os.close(handle)
        temp_path = Path(temp_name)
        try:
            signature = input_signature(package)
            inputs = BuildInputs.read(package)
            unchanged = set() if full else reusable_tables(db_path, inputs)
            counts = None
            if unchanged:
                counts = update_database(package, db_path, temp_path, unchanged, inputs,
                                         staleness_days)
            if counts is None:
                counts = _write_database(package, temp_path, staleness_days, inputs)
            if input_signature(package) != signature:
                raise RuntimeError("a CSV, schema or build module changed while the build "
                                   "read it; run the build again")
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


@dataclasses.dataclass(frozen=True)
class BuildInputs:
    """The inputs of a build: a hash of the code, descriptor and schemas, and each CSV's
    SHA-256."""

    code_sha256: str
    csv_sha256: dict[str, str]

    @classmethod
    def read(cls, package: DataPackage) -> BuildInputs:
        source = package.source
        digest = hashlib.sha256()
        csv_paths = {resource.csv_path for resource in source.resources}
        for path in input_paths(package):
            if path in csv_paths:
                continue
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return cls(digest.hexdigest(), {resource.name: file_sha256(resource.csv_path)
                                        for resource in source.resources})


def input_paths(package: DataPackage) -> list[Path]:
    """Return every file a build reads: the descriptor, schemas, CSVs and build code."""
    source = package.source
    return [source.path, *(resource.schema_path for resource in source.resources),
            *(resource.csv_path for resource in source.resources),
            *sorted(BUILD_CODE.glob("*.py"))]


def input_signature(package: DataPackage) -> list[tuple[str, int, int]]:
    """Return each input file's path, size and modification time, to tell whether one
    changed during the build without reading it again."""
    signature = []
    for path in input_paths(package):
        status = path.stat()
        signature.append((str(path), status.st_size, status.st_mtime_ns))
    return signature


def reusable_tables(db_path: Path, inputs: BuildInputs) -> set[str]:
    """Return the tables of the database at `db_path` whose CSV has not changed since it
    was built, or an empty set when it was built by other code or cannot be read."""
    if not db_path.is_file():
        return set()
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            (code,) = conn.execute("SELECT build_inputs_sha256 FROM build_record").fetchone()
            recorded = dict(conn.execute("SELECT resource, sha256 FROM build_files"))
        finally:
            conn.close()
    except (sqlite3.Error, TypeError, ValueError) as error:
        log.info("building in full: %s cannot be reused (%s)", db_path, error)
        return set()
    if code != inputs.code_sha256:
        log.info("building in full: the code, descriptor or schemas changed since %s",
                 db_path)
        return set()
    return {name for name, sha256 in inputs.csv_sha256.items() if recorded.get(name) == sha256}


def update_database(package: DataPackage, previous: Path, path: Path, unchanged: set[str],
                    inputs: BuildInputs, staleness_days: int) -> dict[str, int] | None:
    """Copy the previous database to `path` and load again only the changed tables.

    The changed tables are screened as in a full build, with the checks between
    tables and the foreign keys run over the whole database. Returns None when
    the screen flags anything, so the caller builds in full, where the full
    validation words the problems.
    """
    reason = descriptor_failure(package)
    if reason:
        # A full build then runs the full validation, as this package needs.
        log.info("building in full: %s", reason)
        return None
    changed = [resource for resource in package.resources if resource.name not in unchanged]
    log.info("reusing %s: loading %d of %d tables again (%s)", previous, len(changed),
             len(package.resources), ", ".join(r.name for r in changed) or "none")
    shutil.copyfile(previous, path)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    for table in ("changes", "build_record", "build_files"):
        db[table].drop(ignore=True)
    for resource in changed:
        db[f"{resource.name}_fts"].drop(ignore=True)
        db[resource.name].drop()
    flagged = {}
    for resource in changed:
        create_table(db, resource)
        reason = load(db.conn, resource)
        if reason:
            flagged[resource.name] = reason
    db.conn.commit()
    flagged = flagged or screen(db.conn, package, tables=[r.name for r in changed])
    if flagged:
        log.info("the screen flagged %s; building in full",
                 "; ".join(f"{table}: {reason}" for table, reason in flagged.items()))
        db.close()
        path.write_bytes(b"")
        return None
    names = {resource.name for resource in changed}
    create_indexes(db, package, tables=names)
    create_search_indexes(db, tables=names)
    counts = {resource.name: db[resource.name].count for resource in package.resources}
    _finish_database(db, package, staleness_days, inputs)
    return counts


def _write_database(package: DataPackage, path: Path, staleness_days: int,
                    inputs: BuildInputs) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    # The file is private until the rename, so crash safety comes from the
    # rename, not from the journal. Turning the journal off loads faster.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    flagged = load_and_screen(db, package)
    if flagged:
        reload_after_full_validation(db, package, flagged)
    counts = {resource.name: db[resource.name].count for resource in package.resources}
    create_indexes(db, package)
    create_search_indexes(db)
    create_views(db)
    _finish_database(db, package, staleness_days, inputs)
    return counts


def _finish_database(db: sqlite_utils.Database, package: DataPackage, staleness_days: int,
                     inputs: BuildInputs) -> None:
    """Write the history and build record, gather statistics and close the database."""
    # History, the commit and file hashes describe the files in the repository,
    # not a normalised copy.
    source = package.source
    history = read_history(source, cache_dir=source.root / ".cache" / "history")
    write_changes(db, history)
    write_build_record(db, source, staleness_days, history.status, inputs)
    db.execute("PRAGMA analysis_limit = 1000")
    db.analyze()
    # No VACUUM: the file is written once, from empty, and at 100,000
    # recommendations under 1% of its pages were free, while VACUUM rewrote all
    # of them in a third of the build's time.
    log.info("free pages: %d of %d", db.execute("PRAGMA freelist_count").fetchone()[0],
             db.execute("PRAGMA page_count").fetchone()[0])
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()


def reload_after_full_validation(db: sqlite_utils.Database, package: DataPackage,
                                 flagged: dict[str, str]) -> None:
    """Run the full validation on a package the screen flagged; raise its problems, or
    load the flagged tables again with this module's own conversions.

    The screen is stricter than the validation, so a flag can be a false
    alarm. The screen's load may then have stored a value in its own form
    (screen.insert_sql), or stopped partway through a table.
    """
    log.info("the screen flagged %s; running the full validation",
             "; ".join(f"{table}: {reason}" for table, reason in flagged.items()))
    problems = validate_fully(package)
    if problems:
        raise InvalidPackage(problems)
    log.warning("the full validation found no problem where the screen flagged %s",
                ", ".join(flagged))
    with prepared_package(package) as (prepared, problems):
        if problems:
            raise InvalidPackage(problems)
        for resource in prepared.resources:
            if resource.name not in flagged and "datapackage.json" not in flagged:
                continue
            if not db[resource.name].exists():
                create_table(db, resource)
            db.execute(f"DELETE FROM [{resource.name}]")
            load_table(db, resource)


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


def create_indexes(db: sqlite_utils.Database, package: DataPackage,
                   tables: set[str] | None = None) -> None:
    """Index every foreign-key column and every column listed in INDEXED_COLUMNS, in
    `tables` or in all."""
    created = 0
    for resource in package.resources:
        if tables is not None and resource.name not in tables:
            continue
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


def create_search_indexes(db: sqlite_utils.Database, tables: set[str] | None = None) -> None:
    """Create and fill an FTS5 index, with the Porter stemmer, over each table's verbatim
    text.

    The statement is the one sqlite-utils' enable_fts writes, so Datasette and
    sqlite-utils find the index as their own. It is written here because
    enable_fts fills the index straight away, and FTS5's hashsize must be set
    before that. With the default of 1 MB, FTS5 writes many small segments and
    then merges them, which took a third longer at 100,000 recommendations.
    """
    created = 0
    for table, columns in FTS_COLUMNS.items():
        if tables is not None and table not in tables:
            continue
        fts = sqlite_utils.db.quote_identifier(f"{table}_fts")
        names = ", ".join(sqlite_utils.db.quote_identifier(name) for name in columns)
        db.execute(f"CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    {names},\n    "
                   f"tokenize='porter',\n    content={sqlite_utils.db.quote_identifier(table)}\n)")
        db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {FTS_HASH_BYTES})")
        db[table].populate_fts(columns)
        db.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        created += 1
    log.info("created full-text search on %d tables", created)


def create_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.execute(sql)
    log.info("created %d views", len(VIEWS))


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
                       staleness_days: int, history_status: str, inputs: BuildInputs) -> None:
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
            "build_inputs_sha256": inputs.code_sha256,
        },
        columns={"data_version": str, "git_commit": str, "git_dirty": int,
                 "built_at": str, "staleness_days": int, "history_status": str,
                 "sqlite_version": str, "build_inputs_sha256": str},
    )
    db["build_files"].insert_all(
        (
            {
                "resource": resource.name,
                "path": str(resource.csv_path.relative_to(package.root)),
                "sha256": inputs.csv_sha256[resource.name],
                "bytes": resource.csv_path.stat().st_size,
                "rows": db[resource.name].count,
            }
            for resource in package.resources
        ),
        pk="resource",
    )
    log.info("recorded version %s, commit %s", package.version, commit or "unknown")
