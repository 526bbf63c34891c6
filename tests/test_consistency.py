"""Rows that each pass their schema but contradict one another are rejected."""

from __future__ import annotations

from test_validation import assert_rejected, read_csv, set_cell


def first_index(package_dir, table: str, column: str, predicate) -> tuple[int, list, list]:
    header, rows = read_csv(package_dir / "data" / "csv" / f"{table}.csv")
    index = next(i for i, row in enumerate(rows) if predicate(row[header.index(column)]))
    return index, header, rows


def test_response_names_another_reports_recommendation(package, previous_db):
    header, recommendations = read_csv(package.parent / "data" / "csv" / "recommendations.csv")
    index, resp_header, rows = first_index(package.parent, "responses", "recommendation_id",
                                           bool)
    own_report = rows[index][resp_header.index("report_id")]
    other = next(r for r in recommendations if r[header.index("report_id")] != own_report)
    set_cell(package.parent, "responses", index, "recommendation_id",
             other[header.index("recommendation_id")])
    assert_rejected(package, previous_db,
                    f"data/csv/responses.csv, row {index + 2}, column report_id",
                    f"belongs to report {other[header.index('report_id')]}")


def test_evidence_names_another_reports_recommendation(package, previous_db):
    header, recommendations = read_csv(package.parent / "data" / "csv" / "recommendations.csv")
    index, ev_header, rows = first_index(package.parent, "evidence", "recommendation_id", bool)
    own_report = rows[index][ev_header.index("report_id")]
    other = next(r for r in recommendations if r[header.index("report_id")] != own_report)
    set_cell(package.parent, "evidence", index, "recommendation_id",
             other[header.index("recommendation_id")])
    assert_rejected(package, previous_db,
                    f"data/csv/evidence.csv, row {index + 2}, column report_id",
                    "belongs to report")


def test_empty_text_marked_complete(package, previous_db):
    index, _, _ = first_index(package.parent, "recommendations", "text_completeness",
                              lambda value: value == "none")
    set_cell(package.parent, "recommendations", index, "text_completeness", "complete")
    assert_rejected(package, previous_db,
                    f"data/csv/recommendations.csv, row {index + 2}, column text_completeness",
                    "text is empty but text_completeness says 'complete'")


def test_text_marked_none(package, previous_db):
    index, _, _ = first_index(package.parent, "recommendations", "text_completeness",
                              lambda value: value == "complete")
    set_cell(package.parent, "recommendations", index, "text_completeness", "none")
    assert_rejected(package, previous_db,
                    f"data/csv/recommendations.csv, row {index + 2}, column text_completeness",
                    "is 'none' but text holds text")


def test_deadline_before_publication(package, previous_db):
    index, _, _ = first_index(package.parent, "reports", "response_deadline_on", bool)
    set_cell(package.parent, "reports", index, "response_deadline_on", "2000-01-01")
    assert_rejected(package, previous_db,
                    f"data/csv/reports.csv, row {index + 2}, column response_deadline_on",
                    "the deadline is before the report was published")


def test_deadline_period_and_date_together(package, previous_db):
    index, _, _ = first_index(package.parent, "reports", "response_deadline_months", bool)
    set_cell(package.parent, "reports", index, "response_deadline_on", "2030-01-01")
    assert_rejected(package, previous_db,
                    f"data/csv/reports.csv, row {index + 2}, column response_deadline_on",
                    "both a deadline period and a deadline date are given")


def test_deadline_without_its_sentence(package, previous_db):
    index, _, _ = first_index(package.parent, "reports", "response_deadline_months", bool)
    set_cell(package.parent, "reports", index, "response_deadline_text", "")
    assert_rejected(package, previous_db,
                    f"data/csv/reports.csv, row {index + 2}, column response_deadline_text",
                    "without the sentence that sets it")
