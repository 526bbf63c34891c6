"""The benchmark's synthetic data passes the project's own validation."""

from __future__ import annotations

import sys

import build_db
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def test_synthetic_package_validates(tmp_path):
    counts = generate(tmp_path / "package", 400)
    assert counts["recommendations"] == 400
    assert counts["responses"] > 0
    assert counts["evidence"] > counts["recommendations"]
    assert build_db.main(["--package", str(tmp_path / "package" / "datapackage.json"),
                          "--check", "--quiet"]) == 0
