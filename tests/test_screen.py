"""The screen (inquiry_index/screen.py) may flag valid data, but never passes a problem.

The build trusts a package the screen passes without running the full
validation, so every test here looks for a value the screen passes and the
full validation rejects. Screening is quick; the full validation runs once per
column, over every value the screen passed, each in its own row.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import build_db

from conftest import ROOT, copy_package, read_csv, set_cell, write_csv

from inquiry_index.datapackage import load_package
from inquiry_index.screen import load_and_screen
from inquiry_index.validate import validate_fully

# Values that people, spreadsheets and copy-paste put in cells, right and wrong.
CANDIDATES = [
    "", " x", "x ", "x\n", "\tx", "Home-Office", "home--office", "-office", "office-",
    "home office", "home-office-2", "0", "-0", "007", "+7", "7.0", "1e3", "121", "120", "1",
    "99999999999999999999", "2019-02-30", "2019-02-28", "2024-02-29", "2023-02-29",
    "2019-2-3", "2019-13", "2019-00", "2019-12", "2019", "30/01/2019", "45000",
    "2019-01-01T10:00", "n/a", "N/A ", "NULL", "-", "—", "#REF!", "none", "None",
    "complete", "truncated", "agreed", "accepted", "not stated", "http://", "http://a b",
    "ftp://example.org", "https://example.org/x?y=1#z", "HTTPS://EXAMPLE.ORG",
    "https://example.org/\u00e9", "\u200bhome-office", "home-office\u00ad", "cafe\u0301",
    "caf\u00e9", "a\x07b", "a\x85b", "\ufffd", "\u00e2\u20ac\u2122", "x" * 121,
    "\u00a0x", "x\u3000", "\u2028",
]

# One column of each kind the schemas use.
COLUMNS = [
    ("organisations", "organisation_id"),
    ("recommendations", "report_id"),
    ("recommendations", "sequence"),
    ("recommendations", "text"),
    ("recommendations", "text_completeness"),
    ("reports", "published_on"),
    ("reports", "url"),
    ("reports", "response_deadline_months"),
    ("reports", "response_deadline_on"),
    ("responses", "position"),
    ("responses", "position_phrase"),
    ("responses", "responded_on"),
    ("verifications", "verified_on"),
    ("documents", "url"),
]


def screen_flags(descriptor: Path) -> dict[str, str]:
    db = sqlite_utils.Database(memory=True)
    try:
        return load_and_screen(db, load_package(descriptor))
    finally:
        db.close()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_package(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def fresh(pristine, tmp_path) -> Path:
    """A copy of the package made by copying the module's copy, which is quicker."""
    shutil.copytree(pristine.parent, tmp_path / "package")
    return tmp_path / "package" / "datapackage.json"


def test_real_data_passes_the_screen():
    # Otherwise every build would pay for the full validation.
    assert screen_flags(ROOT / "datapackage.json") == {}


@pytest.mark.parametrize("table, column", COLUMNS, ids=lambda part: part)
def test_screen_passes_only_valid_values(pristine, tmp_path, table, column):
    # Each value goes in its own row, so the values the screen passes can share one
    # package. A row whose other cells make the value wrong is flagged there too.
    work = tmp_path / "package"
    shutil.copytree(pristine.parent, work)
    path = work / "data" / "csv" / f"{table}.csv"
    header, rows = read_csv(path)
    position = header.index(column)
    passed = {}
    for row_index, value in enumerate(CANDIDATES):
        row_index %= len(rows)
        if row_index in passed:
            continue
        changed = [list(row) for row in rows]
        changed[row_index][position] = value
        write_csv(path, header, changed)
        if not screen_flags(work / "datapackage.json"):
            passed[row_index] = value
    for row_index, value in passed.items():
        rows[row_index][position] = value
    write_csv(path, header, rows)
    assert validate_fully(load_package(work / "datapackage.json")) == [], passed


def test_screen_flags_the_rejected_values(pristine, tmp_path):
    # A screen that passed nothing would pass the test above; this one shows it flags.
    flagged = []
    for value in ["home--office", "007", "2019-02-30", "n/a", "a\x07b", "x "]:
        work = tmp_path / value.encode().hex()
        shutil.copytree(pristine.parent, work)
        set_cell(work, "organisations", 0, "organisation_id", value)
        flagged.append(bool(screen_flags(work / "datapackage.json")))
    assert flagged == [True] * 6


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.sampled_from(list("aZ09-_ .\t\u00e9\u0301\u200b\u00a0/:")),
                     max_size=12))
def test_screen_random_keys(pristine, tmp_path, value):
    work = tmp_path / "random"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine.parent, work)
    # No table refers to a response, so only the key's own form is tested.
    header, rows = read_csv(work / "data" / "csv" / "responses.csv")
    old = rows[0][header.index("response_id")]
    rows[0][header.index("response_id")] = value
    write_csv(work / "data" / "csv" / "responses.csv", header, rows)
    if not screen_flags(work / "datapackage.json"):
        assert validate_fully(load_package(work / "datapackage.json")) == [], (old, value)


def test_screen_flags_duplicate_and_dangling_keys(fresh):
    header, rows = read_csv(fresh.parent / "data" / "csv" / "organisations.csv")
    rows.append(list(rows[0]))
    write_csv(fresh.parent / "data" / "csv" / "organisations.csv", header, rows)
    assert "organisations" in screen_flags(fresh)
    write_csv(fresh.parent / "data" / "csv" / "organisations.csv", header, rows[:-1])
    set_cell(fresh.parent, "responses", 0, "recommendation_id", "no-such-recommendation")
    assert "responses" in screen_flags(fresh)


def test_build_after_false_alarm_is_unchanged(fresh, tmp_path, built_db):
    # minLength is a constraint the screen does not check, so it flags the
    # package; the full validation passes it and the tables are loaded again.
    schema_path = fresh.parent / "schemas" / "organisations.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["fields"][0].setdefault("constraints", {})["minLength"] = 1
    schema_path.write_text(json.dumps(schema, indent=2))
    assert screen_flags(fresh)
    db = tmp_path / "rebuilt.db"
    assert build_db.main(["--package", str(fresh), "--db", str(db), "--quiet"]) == 0
    ours, theirs = sqlite3.connect(db), sqlite3.connect(built_db)
    for resource in load_package(fresh).resources:
        query = f"SELECT * FROM [{resource.name}] ORDER BY rowid"
        assert ours.execute(query).fetchall() == theirs.execute(query).fetchall()


@pytest.mark.parametrize("table, column", [
    ("verifications", "verified_on"),
    ("documents", "accessed_on"),
    ("reports", "published_on"),
    ("evidence", "occurred_on"),
], ids=lambda part: part)
def test_screen_flags_year_zero(fresh, table, column):
    # SQLite's date() accepts the year 0000, but Python's datetime starts at
    # year 1, so Frictionless and the calendar check reject it.
    set_cell(fresh.parent, table, 0, column, "0000-01-01")
    assert validate_fully(load_package(fresh)) != []
    assert screen_flags(fresh)


@pytest.mark.parametrize("key, value", [("bytes", 1), ("hash", "sha256:" + "0" * 64)])
def test_screen_flags_resource_stats(fresh, key, value):
    # Frictionless compares a resource's recorded size and hash with its file.
    descriptor = json.loads(fresh.read_text())
    descriptor["resources"][0][key] = value
    fresh.write_text(json.dumps(descriptor, indent=2))
    assert validate_fully(load_package(fresh)) != []
    assert screen_flags(fresh)


def test_screen_flags_composite_foreign_key(fresh):
    # SQLite is given only the first field of each foreign key, so a key of two
    # fields must send the package to the full validation.
    schema_path = fresh.parent / "schemas" / "documents.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["foreignKeys"].append({
        "fields": ["publisher_id", "publisher"],
        "reference": {"resource": "organisations", "fields": ["organisation_id", "name"]},
    })
    schema_path.write_text(json.dumps(schema, indent=2))
    assert validate_fully(load_package(fresh)) != []
    assert screen_flags(fresh)


def test_incremental_build_checks_unsupported_constraint(fresh, tmp_path):
    # The screen cannot check minLength, so every full build runs the full
    # validation. An incremental build of a changed table must reject the same
    # value and leave the previous database as it was.
    schema_path = fresh.parent / "schemas" / "organisations.schema.json"
    schema = json.loads(schema_path.read_text())
    name = next(field for field in schema["fields"] if field["name"] == "name")
    name["constraints"]["minLength"] = 3
    schema_path.write_text(json.dumps(schema, indent=2))
    db = tmp_path / "inquiries.db"
    assert build_db.main(["--package", str(fresh), "--db", str(db), "--quiet"]) == 0
    before = db.read_bytes()
    set_cell(fresh.parent, "organisations", 0, "name", "ab")
    assert validate_fully(load_package(fresh)) != []
    assert build_db.main(["--package", str(fresh), "--db", str(db), "--quiet"]) == 1
    assert db.read_bytes() == before
