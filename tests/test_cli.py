"""Command-line guards of build_db.py."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from conftest import ROOT, copy_package


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_db.py"), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("target", ["data/csv/recommendations.csv", "datapackage.json"])
def test_db_never_replaces_a_data_file(tmp_path, target):
    descriptor = copy_package(tmp_path)
    path = tmp_path / target
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run("--package", str(descriptor), "--db", str(path), "--quiet")
    assert result.returncode == 1
    assert "is not an SQLite database" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_db_replaces_an_earlier_database(tmp_path, built_db):
    descriptor = copy_package(tmp_path)
    target = tmp_path / "earlier.db"
    target.write_bytes(built_db.read_bytes())
    result = run("--package", str(descriptor), "--db", str(target), "--quiet")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("option", [["--staleness-days", "0"], ["stale", "--days", "-3"]])
def test_window_must_be_positive(option):
    result = run(*option)
    assert result.returncode == 2
    assert "must be a whole number of at least 1" in result.stderr
