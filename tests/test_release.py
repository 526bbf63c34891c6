"""The release files: SQLite copy, CSV data package zip, Parquet per table, manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import build_db
from conftest import BIN, ROOT, copy_package
from inquiry_index import release
from inquiry_index.datapackage import load_package

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32(),
               "number": pa.float64(), "boolean": pa.bool_()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def package():
    return load_package(ROOT / "datapackage.json")


@pytest.fixture(scope="module")
def released(built_db, package, tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("dist")
    return release.build_release(package, built_db, out), out


def test_file_names_carry_version(released, package):
    manifest, out = released
    prefix = f"{package.descriptor['name']}-{package.version}"
    names = {entry["name"] for entry in manifest["files"]}
    assert f"{prefix}.db" in names
    assert f"{prefix}-csv.zip" in names
    assert {f"{prefix}-{resource.name}.parquet" for resource in package.resources} <= names
    assert (out / f"{prefix}-manifest.json").is_file()
    assert manifest["data_version"] == package.version


def test_manifest_matches_files(released):
    manifest, out = released
    written = json.loads((out / release.manifest_name(load_package(ROOT / "datapackage.json")))
                         .read_text(encoding="utf-8"))
    assert written == manifest
    for entry in manifest["files"]:
        path = out / entry["name"]
        assert path.stat().st_size == entry["bytes"], entry["name"]
        assert sha256(path) == entry["sha256"], entry["name"]


def test_checksum_file_matches(released):
    manifest, out = released
    lines = (out / manifest["checksums_file"]).read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert listed == {entry["name"]: sha256(out / entry["name"]) for entry in manifest["files"]}


def test_no_temporary_files_left(released):
    _, out = released
    assert not [path.name for path in out.iterdir() if path.name.startswith(".")]


def test_database_is_the_built_one(released, built_db, package):
    _, out = released
    assert sha256(out / f"{release.release_prefix(package)}.db") == sha256(built_db)


def test_zip_validates_on_its_own(released, package, tmp_path):
    _, out = released
    with zipfile.ZipFile(out / f"{release.release_prefix(package)}-csv.zip") as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / release.release_prefix(package)
    result = subprocess.run([BIN / "frictionless", "validate", "datapackage.json"],
                            cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "data" / "README.md").read_bytes() == (ROOT / "data" / "README.md").read_bytes()
    assert ((folder / "data" / "CHANGELOG.md").read_bytes()
            == (ROOT / "data" / "CHANGELOG.md").read_bytes())
    for resource in package.resources:
        relative = resource.csv_path.relative_to(package.root)
        assert (folder / relative).read_bytes() == resource.csv_path.read_bytes(), relative


def test_zip_rejects_broken_package(package, tmp_path):
    """The zip check fails when a CSV breaks its schema, so it can catch a bad zip."""
    copy = load_package(copy_package(tmp_path))
    reports = copy.resource("reports").csv_path
    rows = list(csv.reader(reports.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("published_on")] = "not a date"
    with reports.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    for document in release.PACKAGE_DOCUMENTS:
        (tmp_path / document).write_text("placeholder\n", encoding="utf-8")
    target = tmp_path / "out.zip"
    with pytest.raises(release.ReleaseError, match="does not validate"):
        release.write_csv_zip(copy, target, "package", "2026-01-01T00:00:00+00:00")
    assert not target.exists()


def test_zip_is_reproducible(built_db, package, tmp_path):
    first = tmp_path / "first.zip"
    second = tmp_path / "second.zip"
    release.write_csv_zip(package, first, "package", "2026-01-02T03:04:05+00:00")
    release.write_csv_zip(package, second, "package", "2026-01-02T03:04:05+00:00")
    assert sha256(first) == sha256(second)


def sqlite_rows(db: Path, table: str, columns: list[str]) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        sql = "select {} from [{}] order by rowid".format(
            ", ".join(f"[{column}]" for column in columns), table)
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_parquet_round_trips_rows_and_types(released, built_db, package):
    _, out = released
    for resource in package.resources:
        table = pq.read_table(out / f"{release.release_prefix(package)}-{resource.name}.parquet")
        assert table.column_names == resource.field_names, resource.name
        for field in resource.fields:
            arrow_field = table.schema.field(field.name)
            assert arrow_field.type == ARROW_TYPES[field.type], f"{resource.name}.{field.name}"
            assert arrow_field.nullable == (not field.required), f"{resource.name}.{field.name}"
            assert arrow_field.metadata[b"description"].decode() == field.description
        with resource.csv_path.open(encoding="utf-8", newline="") as handle:
            csv_rows = sum(1 for _ in csv.reader(handle)) - 1
        assert table.num_rows == csv_rows, resource.name
        expected = sqlite_rows(built_db, resource.name, resource.field_names)
        actual = [tuple(value.isoformat() if hasattr(value, "isoformat") else value
                        for value in row.values())
                  for row in table.to_pylist()]
        assert actual == expected, resource.name


def test_parquet_keeps_month_dates_as_text(released, package):
    """Dates that may be known only to the month stay strings, and full dates become date32."""
    _, out = released
    reports = pq.read_table(out / f"{release.release_prefix(package)}-reports.parquet")
    published = reports.column("published_on").to_pylist()
    assert any(len(value) == 7 for value in published)
    assert reports.schema.field("response_deadline_on").type == pa.date32()


def test_release_rejects_changed_csv(built_db, tmp_path):
    (tmp_path / "package").mkdir()
    copy = load_package(copy_package(tmp_path / "package"))
    inquiries = copy.resource("inquiries").csv_path
    inquiries.write_text(inquiries.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = tmp_path / "dist"
    with pytest.raises(release.ReleaseError, match="has changed since"):
        release.build_release(copy, built_db, out)
    assert not out.exists() or not list(out.iterdir())


def test_release_rejects_other_version(built_db, tmp_path):
    descriptor_path = copy_package(tmp_path)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["version"] = "99.0.0"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(release.ReleaseError, match="99.0.0"):
        release.build_release(load_package(descriptor_path), built_db, tmp_path / "dist")


def test_failed_release_writes_no_manifest(built_db, package, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(release, "write_parquet", fail)
    out = tmp_path / "dist"
    with pytest.raises(RuntimeError):
        release.build_release(package, built_db, out)
    assert not (out / release.manifest_name(package)).exists()
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]


def test_release_command(built_db, tmp_path, capsys):
    out = tmp_path / "dist"
    assert build_db.main(["--quiet", "--db", str(built_db), "release", "--out", str(out)]) == 0
    assert "files" in capsys.readouterr().out
    assert (out / release.manifest_name(load_package(ROOT / "datapackage.json"))).is_file()


def test_release_command_without_database(tmp_path, capsys):
    missing = tmp_path / "missing.db"
    assert build_db.main(["--quiet", "--db", str(missing), "release",
                          "--out", str(tmp_path / "dist")]) == 1
    assert "not found" in capsys.readouterr().err
