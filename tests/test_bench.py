"""The benchmark's synthetic data passes the project's own validation."""

from __future__ import annotations

import sys

import sqlite_utils

import build_db
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from inquiry_index.datapackage import load_package  # noqa: E402
from inquiry_index.screen import load_and_screen  # noqa: E402


def test_synthetic_package_validates(tmp_path):
    counts = generate(tmp_path / "package", 400)
    assert counts["recommendations"] == 400
    assert counts["responses"] > 0
    assert counts["evidence"] > counts["recommendations"]
    assert build_db.main(["--package", str(tmp_path / "package" / "datapackage.json"),
                          "--check", "--quiet"]) == 0


def test_synthetic_package_passes_the_screen(tmp_path):
    # Otherwise the benchmark would time the full validation that only flagged data gets.
    generate(tmp_path / "package", 400)
    db = sqlite_utils.Database(memory=True)
    package = load_package(tmp_path / "package" / "datapackage.json")
    assert load_and_screen(db, package) == {}
