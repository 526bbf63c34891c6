"""Row history from git, version comparison and the stale command."""

from __future__ import annotations

import json
from pathlib import Path
import shutil
import subprocess
import sys

import pytest
import sqlite_utils

import build_db
from conftest import ROOT, copy_package, make_datasette
from test_validation import read_csv, write_csv


def git(cwd, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path):
    """A git repository holding a copy of the data package, in one commit."""
    copy_package(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Add data")
    return tmp_path


def change_heading(repo, row_index: int = 0) -> tuple[str, str, str]:
    """Change one recommendation's heading, commit it, and return (id, old, new)."""
    path = repo / "data" / "csv" / "recommendations.csv"
    header, rows = read_csv(path)
    column = header.index("heading")
    old = rows[row_index][column]
    new = "A corrected heading"
    rows[row_index][column] = new
    write_csv(path, header, rows)
    git(repo, "commit", "-qam", "Correct a heading")
    return rows[row_index][header.index("recommendation_id")], old, new


def build(repo, name: str = "out.db") -> sqlite_utils.Database:
    db = repo / name
    assert build_db.main(["--package", str(repo / "datapackage.json"), "--db", str(db),
                          "--quiet"]) == 0
    return sqlite_utils.Database(db)


def test_first_commit_adds_every_row(repo):
    db = build(repo)
    assert db["build_record"].get(1)["history_status"] == "complete"
    added = db.execute("select count(*) from changes where change = 'added'").fetchone()[0]
    total = sum(db[name].count for name in ["inquiries", "organisations", "documents",
                                            "reports", "recommendations",
                                            "recommendation_addressees", "responses",
                                            "evidence", "verifications"])
    assert added == total


def test_changed_value_in_changes_table(repo):
    recommendation_id, old, new = change_heading(repo)
    db = build(repo)
    rows = list(db.query("select * from changes where change = 'changed'"))
    assert len(rows) == 1
    change = rows[0]
    assert change["table_name"] == "recommendations"
    assert change["record_id"] == recommendation_id
    assert json.loads(change["columns_changed"]) == ["heading"]
    assert json.loads(change["old_values"]) == {"heading": old}
    assert json.loads(change["new_values"]) == {"heading": new}
    assert change["commit_sha"] == git(repo, "rev-parse", "HEAD").strip()


async def test_changed_value_on_record_page(repo):
    recommendation_id, old, new = change_heading(repo)
    db = build(repo, "inquiries.db")
    datasette = make_datasette(Path(db.conn.execute("pragma database_list").fetchone()[2]))
    db.close()
    response = await datasette.client.get(f"/recommendation/{recommendation_id}")
    assert response.status_code == 200
    assert "Changes to this record" in response.text
    assert "changed in recommendations" in response.text
    assert f"“{old}” → “{new}”" in response.text.replace("&#34;", '"')


def test_removed_row_keeps_short_values(repo):
    path = repo / "data" / "csv" / "verifications.csv"
    header, rows = read_csv(path)
    removed = rows.pop()
    write_csv(path, header, rows)
    # A recommendation without a verification is still valid data.
    git(repo, "commit", "-qam", "Drop a verification")
    db = build(repo)
    change = next(db.query("select * from changes where change = 'removed'"))
    assert change["record_id"] == f"{removed[0]}/{removed[1]}"
    assert json.loads(change["old_values"])["outcome"] == removed[header.index("outcome")]


def test_shallow_clone_reported(repo, tmp_path_factory):
    change_heading(repo)
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True)
    db = build(clone)
    assert db["build_record"].get(1)["history_status"] == "shallow"
    assert db["changes"].count == 0


def test_no_git_history_builds(tmp_path):
    copy_package(tmp_path)
    db = build(tmp_path)
    status = db["build_record"].get(1)["history_status"]
    assert status.startswith("unavailable: ")
    assert db["changes"].count == 0


def test_history_cache_reused(repo):
    change_heading(repo)
    first = build(repo, "first.db")
    cached = sorted(p.name for p in (repo / ".cache" / "history").iterdir())
    assert cached
    second = build(repo, "second.db")
    assert list(first["changes"].rows) == list(second["changes"].rows)


def run_cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_db.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_diff_between_git_refs(repo):
    recommendation_id, _, _ = change_heading(repo)
    result = run_cli("--package", str(repo / "datapackage.json"), "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "| recommendations | 0 | 0 | 1 |" in result.stdout
    assert f"- changed `{recommendation_id}`: heading" in result.stdout


def test_diff_between_folders(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(ROOT / "data" / "csv", old)
    new = tmp_path / "new"
    shutil.copytree(ROOT / "data" / "csv", new)
    header, rows = read_csv(new / "organisations.csv")
    added = list(rows[0])
    added[0] = "a-new-body"
    write_csv(new / "organisations.csv", header, rows + [added])
    result = run_cli("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert "| organisations | 1 | 0 | 0 |" in result.stdout
    assert "- added `a-new-body`" in result.stdout


def test_diff_unknown_ref(repo):
    result = run_cli("--package", str(repo / "datapackage.json"), "diff", "no-such-ref", "HEAD")
    assert result.returncode == 2
    assert "cannot read a version" in result.stderr


def test_stale_within_window(tmp_path):
    result = run_cli("stale", "--days", "7", "--today", "2026-12-04")
    assert result.returncode == 0, result.stdout
    assert "were verified within the last 7 days" in result.stdout


def test_stale_outside_window():
    result = run_cli("stale", "--days", "7", "--today", "2026-12-20")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    total = len(read_csv(ROOT / "data" / "csv" / "recommendations.csv")[1])
    assert lines[0].startswith(f"{total} of {total} records not verified within 7 days")
    group_counts = [int(line.split(": ")[1].split()[0]) for line in lines
                    if line and not line.startswith(" ") and line.endswith(" stale")]
    assert sum(group_counts) == total
    assert len(group_counts) > 1
    assert "(16 days ago)" in result.stdout


def test_stale_mixed_dates(repo):
    path = repo / "data" / "csv" / "verifications.csv"
    header, rows = read_csv(path)
    column = header.index("verified_on")
    rows[0][column] = "2026-12-19"
    write_csv(path, header, rows)
    result = run_cli("--package", str(repo / "datapackage.json"), "stale", "--days", "7",
                     "--today", "2026-12-20")
    assert result.returncode == 1
    assert rows[0][header.index("recommendation_id")] not in result.stdout
    assert f"{len(rows) - 1} of {len(rows)} records" in result.stdout


def test_changelog_has_current_version():
    version = json.loads((ROOT / "datapackage.json").read_text())["version"]
    changelog = (ROOT / "data" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {version} — " in changelog


def test_resaved_with_bom_and_crlf_is_not_a_change(repo):
    path = repo / "data" / "csv" / "organisations.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    git(repo, "commit", "-qam", "Re-save from a spreadsheet")
    db = build(repo)
    assert db.execute("select count(*) from changes where change <> 'added'").fetchone()[0] == 0
