"""Bad input fails the build with a message naming file, row and column, and writes nothing."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

from conftest import ROOT, read_csv, set_cell, write_csv

from inquiry_index.datapackage import load_package
from inquiry_index.validate import validate_package


def run_build(descriptor: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build_db.py"), "--package", str(descriptor),
         "--db", str(db), "--quiet"],
        capture_output=True, text=True, timeout=300,
    )


def assert_rejected(descriptor: Path, db: Path, *expected: str) -> str:
    before = db.read_bytes()
    result = run_build(descriptor, db)
    assert result.returncode == 1, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert db.read_bytes() == before
    leftovers = [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    return result.stderr


def test_real_data_validates():
    problems = validate_package(load_package(ROOT / "datapackage.json"))
    assert [str(p) for p in problems] == []


def test_check_flag_writes_nothing(tmp_path):
    db = tmp_path / "never.db"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_db.py"), "--check", "--db", str(db)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert not db.exists()


def test_missing_required_value(package, previous_db):
    set_cell(package.parent, "recommendations", 0, "report_id", "")
    assert_rejected(package, previous_db, "data/csv/recommendations.csv, row 2, column report_id",
                    '"required"')


def test_bad_date(package, previous_db):
    set_cell(package.parent, "reports", 1, "published_on", "30/10/2019")
    assert_rejected(package, previous_db, "data/csv/reports.csv, row 3, column published_on",
                    "'30/10/2019'")


def test_date_not_on_calendar(package, previous_db):
    set_cell(package.parent, "reports", 0, "published_on", "2019-02-30")
    assert_rejected(package, previous_db, "data/csv/reports.csv, row 2, column published_on",
                    "date does not exist on the calendar")


def test_unknown_enum_value(package, previous_db):
    set_cell(package.parent, "responses", 0, "position", "agreed")
    assert_rejected(package, previous_db, "data/csv/responses.csv, row 2, column position",
                    "'agreed'", '"enum"')


def test_duplicate_key(package, previous_db):
    path = package.parent / "data" / "csv" / "recommendations.csv"
    header, rows = read_csv(path)
    first_id = rows[0][header.index("recommendation_id")]
    rows[2][header.index("recommendation_id")] = first_id
    write_csv(path, header, rows)
    assert_rejected(package, previous_db,
                    "data/csv/recommendations.csv, row 4, column recommendation_id",
                    repr(first_id), "give this row an identifier no other row uses")


def test_dangling_foreign_key(package, previous_db):
    set_cell(package.parent, "recommendation_addressees", 0, "organisation_id", "no-such-body")
    assert_rejected(package, previous_db,
                    "data/csv/recommendation_addressees.csv, row 2, column organisation_id",
                    "'no-such-body'", "not found")


def test_wrong_header(package, previous_db):
    path = package.parent / "data" / "csv" / "evidence.csv"
    header, rows = read_csv(path)
    header[header.index("occurred_on")] = "date"
    write_csv(path, header, rows)
    stderr = assert_rejected(package, previous_db,
                             "data/csv/evidence.csv, column occurred_on", "'date'",
                             "rename the header")
    # One problem for the header, not one per row.
    assert stderr.count("evidence.csv") < 5


def test_missing_header_column(package, previous_db):
    path = package.parent / "data" / "csv" / "documents.csv"
    header, rows = read_csv(path)
    index = header.index("archive_url")
    write_csv(path, header[:index] + header[index + 1:],
              [row[:index] + row[index + 1:] for row in rows])
    assert_rejected(package, previous_db, "data/csv/documents.csv", "archive_url")


def test_surrounding_whitespace(package, previous_db):
    set_cell(package.parent, "organisations", 0, "name", " HM Government")
    assert_rejected(package, previous_db, "data/csv/organisations.csv, row 2, column name",
                    "leading or trailing whitespace")


def test_text_not_nfc(package, previous_db):
    path = package.parent / "data" / "csv" / "recommendations.csv"
    header, rows = read_csv(path)
    column = header.index("heading")
    rows[0][column] = unicodedata.normalize("NFD", "Café " + rows[0][column])
    write_csv(path, header, rows)
    assert_rejected(package, previous_db, "data/csv/recommendations.csv, row 2, column heading",
                    "not in Unicode normal form NFC")


def test_position_without_phrase(package, previous_db):
    path = package.parent / "data" / "csv" / "responses.csv"
    header, rows = read_csv(path)
    index = next(i for i, row in enumerate(rows) if row[header.index("position")] == "not stated")
    rows[index][header.index("position")] = "accepted"
    write_csv(path, header, rows)
    assert_rejected(package, previous_db,
                    f"data/csv/responses.csv, row {index + 2}, column position_phrase",
                    "no supporting phrase")


def test_phrase_not_in_text(package, previous_db):
    path = package.parent / "data" / "csv" / "responses.csv"
    header, rows = read_csv(path)
    index = next(i for i, row in enumerate(rows) if row[header.index("position")] != "not stated")
    rows[index][header.index("position_phrase")] = "words the response never used"
    write_csv(path, header, rows)
    assert_rejected(package, previous_db,
                    f"data/csv/responses.csv, row {index + 2}, column position_phrase",
                    "does not occur in the response text")


def test_response_before_report(package, previous_db):
    path = package.parent / "data" / "csv" / "responses.csv"
    header, rows = read_csv(path)
    index = next(i for i, row in enumerate(rows) if row[header.index("responded_on")])
    rows[index][header.index("responded_on")] = "1990-01-01"
    write_csv(path, header, rows)
    assert_rejected(package, previous_db,
                    f"data/csv/responses.csv, row {index + 2}, column responded_on",
                    "dated before its report was published")


def test_every_problem_reported_at_once(package, previous_db):
    set_cell(package.parent, "recommendations", 0, "report_id", "")
    set_cell(package.parent, "responses", 0, "position", "agreed")
    set_cell(package.parent, "organisations", 0, "name", "HM Government ")
    stderr = assert_rejected(package, previous_db, "recommendations.csv", "responses.csv",
                             "organisations.csv")
    assert "3 problem(s) found" in stderr


def test_failed_rename_leaves_no_partial_file(package, tmp_path):
    # A directory where the database should go makes the final rename fail.
    target = tmp_path / "occupied.db"
    target.mkdir()
    result = run_build(package, target)
    assert result.returncode == 1
    assert "was left as it was" in result.stderr
    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
