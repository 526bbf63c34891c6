"""Write the release files for one data version: SQLite, a CSV data package zip, Parquet.

Every file name carries the data version (`uk-inquiry-recommendations-0.1.0.db`),
so a published address always serves the same bytes, and a new version gets
new names. Each file is written to a temporary file beside its target and
renamed into place. The manifest (each file's size and SHA-256) is written
last. A release that fails part-way therefore leaves no manifest naming files
that are missing or incomplete, and the downloads page lists only what a
manifest names.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from frictionless import validate

from .datapackage import DataPackage, Resource

log = logging.getLogger(__name__)

# Parquet types for each Frictionless field type. Dates of month precision
# ("2020-03") are strings in the schemas, so only `date` fields become date32.
PARQUET_TYPES = {
    "string": pa.string(),
    "date": pa.date32(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}

# Files from the repository that go into the CSV zip besides the descriptor,
# the schemas and the CSVs: the data's own README and changelog.
PACKAGE_DOCUMENTS = ("data/README.md", "data/CHANGELOG.md")


class ReleaseError(Exception):
    """Error for inputs the release cannot be written from, with the reason and the fix."""


def release_prefix(package: DataPackage) -> str:
    """Return the start of every release file name: the package name and its version."""
    return f"{package.descriptor['name']}-{package.version}"


def manifest_name(package: DataPackage) -> str:
    return f"{release_prefix(package)}-manifest.json"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`, and rename it over `target` if the block succeeds.

    The temporary file is removed when the block raises (Ctrl-C included), so
    `target` is either the previous file or the complete new one.
    """
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        yield temp_path
        with temp_path.open("rb") as written:
            os.fsync(written.fileno())
        os.chmod(temp_path, 0o644)
        os.replace(temp_path, target)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def read_build_record(db_path: Path) -> dict:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        record = dict(connection.execute("select * from build_record").fetchone())
        record["files"] = {
            row["path"]: row["sha256"]
            for row in connection.execute("select path, sha256 from build_files")
        }
    finally:
        connection.close()
    return record


def check_database_matches(package: DataPackage, record: dict, db_path: Path) -> None:
    """Raise ReleaseError unless the database was built from this package's version and CSVs.

    The zip is made from the CSVs on disk and the Parquet files from the
    database, so both must hold the same rows.
    """
    if record["data_version"] != package.version:
        raise ReleaseError(
            f"{db_path} was built from data version {record['data_version']}, but "
            f"datapackage.json is at {package.version}. Rebuild it: python build_db.py")
    for resource in package.resources:
        relative = str(resource.csv_path.relative_to(package.root))
        if record["files"].get(relative) != file_sha256(resource.csv_path):
            raise ReleaseError(
                f"{relative} has changed since {db_path} was built. "
                "Rebuild it: python build_db.py")


def write_database_copy(db_path: Path, target: Path) -> None:
    with atomic_path(target) as temp_path:
        shutil.copyfile(db_path, temp_path)


def zip_timestamp(built_at: str) -> tuple[int, int, int, int, int, int]:
    """Return the database's build time as a zip entry time, so the same build gives the same zip."""
    stamp = datetime.datetime.fromisoformat(built_at)
    # The zip format stores no dates before 1980.
    return max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def package_members(package: DataPackage) -> list[tuple[str, Path]]:
    """Return (path inside the package, file on disk) for everything the zip holds."""
    members = [("datapackage.json", package.path)]
    for resource in package.resources:
        members.append((str(resource.schema_path.relative_to(package.root)),
                        resource.schema_path))
    for resource in package.resources:
        members.append((str(resource.csv_path.relative_to(package.root)), resource.csv_path))
    for relative in PACKAGE_DOCUMENTS:
        source = package.root / relative
        if not source.is_file():
            raise ReleaseError(f"{relative} is missing. The CSV zip includes it, so restore "
                           "the file and run the release again.")
        members.append((relative, source))
    return members


def write_csv_zip(package: DataPackage, target: Path, folder: str, built_at: str) -> None:
    """Zip the data package under one top-level folder, then validate the zip before renaming.

    Every entry gets the build time as its timestamp and a fixed order, so the
    same inputs give the same bytes and the same SHA-256.
    """
    timestamp = zip_timestamp(built_at)
    with atomic_path(target) as temp_path:
        with zipfile.ZipFile(temp_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for inside, source in package_members(package):
                entry = zipfile.ZipInfo(f"{folder}/{inside}", date_time=timestamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, source.read_bytes())
        validate_csv_zip(temp_path, folder)


def validate_csv_zip(zip_path: Path, folder: str) -> None:
    """Unzip into a temporary folder and validate the package there with Frictionless.

    Raises ReleaseError listing the first problems when the package is invalid.
    """
    with tempfile.TemporaryDirectory() as unpacked:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(unpacked)
        report = validate(str(Path(unpacked) / folder / "datapackage.json"))
    if not report.valid:
        problems = [f"{kind}: {message}"
                    for kind, message in report.flatten(["type", "message"])]
        raise ReleaseError("the CSV zip does not validate: " + "; ".join(problems[:5]))


def parquet_schema(resource: Resource, version: str) -> pa.Schema:
    """Return the Arrow schema for a table: the field types, required flags and descriptions."""
    fields = [
        pa.field(field.name, PARQUET_TYPES[field.type], nullable=not field.required,
                 metadata={"description": field.description})
        for field in resource.fields
    ]
    return pa.schema(fields, metadata={
        "description": resource.description,
        "data_version": version,
        "primary_key": json.dumps(list(resource.primary_key)),
    })


def _parquet_value(field_type: str, value):
    if value is None:
        return None
    if field_type == "date":
        return datetime.date.fromisoformat(value)
    if field_type == "boolean":
        return bool(value)
    return value


def read_table(db_path: Path, resource: Resource) -> dict[str, list]:
    """Read one table from the database in file order, as columns of schema-typed values."""
    names = resource.field_names
    types = [field.type for field in resource.fields]
    columns: dict[str, list] = {name: [] for name in names}
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        sql = "select {} from [{}] order by rowid".format(
            ", ".join(f"[{name}]" for name in names), resource.name)
        for row in connection.execute(sql):
            for name, field_type, value in zip(names, types, row):
                columns[name].append(_parquet_value(field_type, value))
    finally:
        connection.close()
    return columns


def write_parquet(db_path: Path, resource: Resource, target: Path, version: str) -> int:
    """Write one table as Parquet with the schema's types, and return its row count."""
    table = pa.Table.from_pydict(read_table(db_path, resource),
                                 schema=parquet_schema(resource, version))
    with atomic_path(target) as temp_path:
        pq.write_table(table, temp_path, compression="zstd")
    return table.num_rows


def describe_file(path: Path, kind: str, description: str, **extra) -> dict:
    return {
        "name": path.name,
        "format": kind,
        "description": description,
        "bytes": path.stat().st_size,
        "sha256": file_sha256(path),
        **extra,
    }


def write_manifest(manifest: dict, target: Path) -> None:
    with atomic_path(target) as temp_path:
        temp_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")


def write_checksums(files: list[dict], target: Path) -> None:
    """Write a SHA256SUMS file that `sha256sum -c` reads."""
    lines = "".join(f"{entry['sha256']}  {entry['name']}\n" for entry in files)
    with atomic_path(target) as temp_path:
        temp_path.write_text(lines, encoding="utf-8")


def build_release(package: DataPackage, db_path: Path, out_dir: Path) -> dict:
    """Write the release files for the package's current version into `out_dir`.

    `db_path` must be a database built from this package (same version, same
    CSV checksums), or ReleaseError is raised before anything is written.
    Returns the manifest, which is also written as `<prefix>-manifest.json`.
    """
    db_path = Path(db_path).resolve()
    record = read_build_record(db_path)
    check_database_matches(package, record, db_path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = release_prefix(package)
    files = []

    database = out_dir / f"{prefix}.db"
    write_database_copy(db_path, database)
    files.append(describe_file(
        database, "sqlite",
        "The whole index as one SQLite database, with full-text search and the derived views."))
    log.info("wrote %s", database)

    archive = out_dir / f"{prefix}-csv.zip"
    write_csv_zip(package, archive, prefix, record["built_at"])
    files.append(describe_file(
        archive, "csv-zip",
        "The Frictionless data package: one CSV per table, the table schemas, "
        "datapackage.json, and the data's README and changelog."))
    log.info("wrote %s and validated it with Frictionless", archive)

    for resource in package.resources:
        target = out_dir / f"{prefix}-{resource.name}.parquet"
        rows = write_parquet(db_path, resource, target, package.version)
        files.append(describe_file(target, "parquet", resource.description,
                                   table=resource.name, rows=rows))
        log.info("wrote %s: %d rows", target, rows)

    checksums = out_dir / f"{prefix}-SHA256SUMS"
    write_checksums(files, checksums)
    manifest = {
        "name": package.descriptor["name"],
        "title": package.descriptor.get("title", ""),
        "data_version": package.version,
        "git_commit": record["git_commit"],
        "git_dirty": bool(record["git_dirty"]),
        "built_at": record["built_at"],
        "licenses": package.descriptor.get("licenses", []),
        "checksums_file": checksums.name,
        "files": files,
    }
    write_manifest(manifest, out_dir / manifest_name(package))
    log.info("wrote %s: %d files", manifest_name(package), len(files))
    return manifest
