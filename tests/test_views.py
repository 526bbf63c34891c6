"""The derived views on small packages written for each case: deadlines, overdue, staleness."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

import build_db
from conftest import ROOT

URL = "https://example.org/report"
TODAY = datetime.date.today()


def base_rows(published_on: str, months: str = "6", deadline_on: str = "",
              coverage: str = "complete") -> dict[str, list[dict]]:
    return {
        "inquiries": [dict(inquiry_id="test", name="Test Inquiry", short_name="Test", url=URL)],
        "organisations": [dict(organisation_id="hm-government", name="HM Government",
                               kind="UK government")],
        "documents": [dict(document_id="report-page", title="Report", publisher="Test Inquiry",
                           kind="report", source_type="primary", url=URL,
                           accessed_on="2026-12-04")],
        "reports": [dict(report_id="test-report", inquiry_id="test", title="Report",
                         published_on=published_on, url=URL, document_id="report-page",
                         response_deadline_text=("within six months" if months
                                                 else "respond by 20th April 2023"
                                                 if deadline_on else ""),
                         response_deadline_months=months, response_deadline_on=deadline_on,
                         response_deadline_document_id="report-page",
                         response_coverage=coverage)],
        "recommendations": [dict(recommendation_id="test-report-1", report_id="test-report",
                                 sequence="1", label="1", text="Do a thing.",
                                 text_completeness="complete", document_id="report-page",
                                 source_url=URL)],
        "recommendation_addressees": [],
        "responses": [],
        "evidence": [],
        "verifications": [dict(recommendation_id="test-report-1",
                               verified_on=TODAY.isoformat(), outcome="read from source",
                               checked_url=URL)],
    }


def build(tmp_path: Path, rows: dict[str, list[dict]]) -> sqlite_utils.Database:
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "data" / "csv").mkdir(parents=True)
    for name, table_rows in rows.items():
        schema = json.loads((tmp_path / "schemas" / f"{name}.schema.json").read_text())
        names = [field["name"] for field in schema["fields"]]
        with (tmp_path / "data" / "csv" / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(table_rows)
    db = tmp_path / "test.db"
    assert build_db.main(["--package", str(tmp_path / "datapackage.json"), "--db", str(db),
                          "--quiet"]) == 0
    return sqlite_utils.Database(db)


def status(db: sqlite_utils.Database) -> dict:
    return next(db.query("select * from recommendation_status"))


@pytest.mark.parametrize(
    ("published_on", "expected"),
    [
        ("2019-09-19", "2020-03-19"),
        ("2020-08-31", "2021-02-28"),  # clamped to the month's last day
        ("2019-08-31", "2020-02-29"),  # leap year
        ("2020-03", "2020-09-30"),  # month precision counts from the month's last day
    ],
)
def test_deadline_from_months(tmp_path, published_on, expected):
    db = build(tmp_path, base_rows(published_on))
    assert status(db)["deadline_on"] == expected


def test_deadline_date_stated(tmp_path):
    db = build(tmp_path, base_rows("2022-10-20", months="", deadline_on="2023-04-20"))
    row = status(db)
    assert row["deadline_on"] == "2023-04-20"
    assert row["deadline_basis"] == "date stated"


def test_no_deadline_means_overdue_unknown(tmp_path):
    db = build(tmp_path, base_rows("2022-10-20", months=""))
    row = status(db)
    assert row["deadline_on"] is None
    assert row["overdue"] is None


def test_passed_deadline_without_response_is_overdue(tmp_path):
    db = build(tmp_path, base_rows("2019-09-19"))
    row = status(db)
    assert row["overdue"] == 1
    expected_days = (TODAY - datetime.date(2020, 3, 19)).days
    assert row["days_overdue"] == expected_days
    assert row["deadline_passed_none_recorded"] == 1
    assert row["days_since_deadline"] == expected_days
    assert row["response_state"] == "no response recorded"


@pytest.mark.parametrize("coverage", ["partial", "unknown"])
def test_incomplete_coverage_is_never_overdue(tmp_path, coverage):
    db = build(tmp_path, base_rows("2019-09-19", coverage=coverage))
    row = status(db)
    assert row["response_coverage"] == coverage
    assert row["deadline_passed_none_recorded"] == 1
    assert row["days_since_deadline"] == (TODAY - datetime.date(2020, 3, 19)).days
    assert row["overdue"] is None
    assert row["days_overdue"] is None


def test_future_deadline_is_not_overdue(tmp_path):
    published = (TODAY - datetime.timedelta(days=30)).isoformat()
    db = build(tmp_path, base_rows(published))
    assert status(db)["overdue"] == 0


def response(**values) -> dict:
    row = dict(response_id="r-1", report_id="test-report", recommendation_id="test-report-1",
               responder_id="hm-government", document_id="report-page",
               responded_on="2020-06-01", text="We accept this recommendation.",
               text_completeness="complete", position="accepted",
               position_phrase="We accept this recommendation", source_url=URL)
    row.update(values)
    return row


def test_response_counts_and_days(tmp_path):
    rows = base_rows("2019-09-19")
    rows["responses"] = [response()]
    row = status(build(tmp_path, rows))
    assert row["response_count"] == 1
    assert row["overdue"] == 0
    assert row["first_response_on"] == "2020-06-01"
    assert row["days_to_first_response"] == (datetime.date(2020, 6, 1)
                                             - datetime.date(2019, 9, 19)).days
    assert json.loads(row["positions_stated"]) == ["accepted"]


def test_whole_report_response_counts(tmp_path):
    rows = base_rows("2019-09-19")
    rows["responses"] = [response(recommendation_id="", position="not stated",
                                  position_phrase="")]
    row = status(build(tmp_path, rows))
    assert row["response_count"] == 0
    assert row["report_response_count"] == 1
    assert row["response_state"] == "response to the whole report only"
    assert row["overdue"] == 0


def test_month_precision_response_has_no_day_count(tmp_path):
    rows = base_rows("2019-09-19")
    rows["responses"] = [response(responded_on="2020-06")]
    row = status(build(tmp_path, rows))
    assert row["first_response_on"] == "2020-06"
    assert row["days_to_first_response"] is None


def test_staleness(tmp_path):
    rows = base_rows("2019-09-19")
    rows["verifications"][0]["verified_on"] = (TODAY - datetime.timedelta(days=8)).isoformat()
    assert status(build(tmp_path, rows))["stale"] == 1


def test_fresh_record_is_not_stale(tmp_path):
    assert status(build(tmp_path, base_rows("2019-09-19")))["stale"] == 0
