"""The cohort queries, checked against figures computed here in Python from the base tables."""

from __future__ import annotations

import datetime
import sqlite3
import statistics
from collections import defaultdict

import pytest

DB = "inquiries"


@pytest.fixture(scope="module")
def connection(built_db):
    connection = sqlite3.connect(built_db)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def day_count(start: str, end: str | None) -> int | None:
    if end is None or len(start) != 10 or len(end) != 10:
        return None
    return (datetime.date.fromisoformat(end) - datetime.date.fromisoformat(start)).days


def recommendation_facts(connection) -> list[dict]:
    """Per recommendation: inquiry, report date, whether any response exists, and days to the first."""
    responses = connection.execute(
        "select report_id, recommendation_id, responded_on from responses").fetchall()
    facts = []
    for row in connection.execute(
            "select r.recommendation_id, r.report_id, rep.inquiry_id, i.short_name, "
            "rep.published_on from recommendations r "
            "join reports rep on rep.report_id = r.report_id "
            "join inquiries i on i.inquiry_id = rep.inquiry_id"):
        relevant = [x for x in responses
                    if x["recommendation_id"] == row["recommendation_id"]
                    or (x["report_id"] == row["report_id"] and x["recommendation_id"] is None)]
        dates = [x["responded_on"] for x in relevant if x["responded_on"]]
        # ISO text order, as the view takes min(responded_on).
        first = min(dates) if dates else None
        facts.append({**dict(row), "responded": bool(relevant),
                      "days": day_count(row["published_on"], first)})
    return facts


def summarise(groups: dict[str, list[dict]]) -> dict[str, dict]:
    summary = {}
    for key, members in groups.items():
        days = [member["days"] for member in members if member["days"] is not None]
        summary[key] = {
            "recommendations": len(members),
            "with_response": sum(member["responded"] for member in members),
            "with_day_count": len(days),
            "min_days": min(days) if days else None,
            "median_days": statistics.median(days) if days else None,
            "max_days": max(days) if days else None,
            "response_without_day_count": sum(member["responded"] and member["days"] is None
                                              for member in members),
            "no_response_recorded": sum(not member["responded"] for member in members),
        }
    return summary


async def query(datasette, name: str, **params) -> list[dict]:
    response = await datasette.client.get(f"/{DB}/{name}.json",
                                          params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


def compare(rows: list[dict], key: str, expected: dict[str, dict]) -> None:
    assert {row[key] for row in rows} == set(expected)
    for row in rows:
        for column, value in expected[row[key]].items():
            assert row[column] == value, f"{row[key]} {column}: {row[column]} != {value}"


async def test_days_by_inquiry(datasette, connection):
    groups = defaultdict(list)
    for fact in recommendation_facts(connection):
        groups[fact["inquiry_id"]].append(fact)
    rows = await query(datasette, "days_to_first_response_by_inquiry")
    compare(rows, "inquiry_id", summarise(groups))


async def test_days_by_addressee(datasette, connection):
    facts = {fact["recommendation_id"]: fact for fact in recommendation_facts(connection)}
    groups = defaultdict(list)
    for row in connection.execute(
            "select recommendation_id, organisation_id from recommendation_addressees"):
        groups[row["organisation_id"]].append(facts[row["recommendation_id"]])
    expected = summarise(groups)
    compare(await query(datasette, "days_to_first_response_by_addressee"), "organisation_id",
            expected)
    one = await query(datasette, "days_to_first_response_by_addressee",
                      organisation="hm-government")
    compare(one, "organisation_id", {"hm-government": expected["hm-government"]})


async def test_days_by_year(datasette, connection):
    facts = recommendation_facts(connection)
    for inquiry in ["", "iicsa"]:
        groups = defaultdict(list)
        for fact in facts:
            if inquiry in ("", fact["inquiry_id"]):
                groups[fact["published_on"][:4]].append(fact)
        rows = await query(datasette, "days_to_first_response_by_year", inquiry=inquiry)
        compare(rows, "report_year", summarise(groups))


@pytest.mark.parametrize("bin_days", ["", "30", "365", "1"])
async def test_distribution_bins(datasette, connection, bin_days):
    days = [fact["days"] for fact in recommendation_facts(connection) if fact["days"] is not None]
    width = max(int(bin_days or 90), (max(days) + 200) // 200)
    rows = await query(datasette, "days_to_first_response_distribution", bin_days=bin_days)
    assert len(rows) <= 200
    assert [row["from_days"] for row in rows] == list(range(0, max(days) + 1, width))
    for row in rows:
        assert row["bin_days"] == width
        assert row["to_days"] == row["from_days"] + width - 1
        expected = sum(row["from_days"] <= value <= row["to_days"] for value in days)
        assert row["recommendations"] == expected, row
    assert sum(row["recommendations"] for row in rows) == len(days)


async def test_distribution_for_one_inquiry(datasette, connection):
    days = [fact["days"] for fact in recommendation_facts(connection)
            if fact["days"] is not None and fact["inquiry_id"] == "grenfell"]
    rows = await query(datasette, "days_to_first_response_distribution", inquiry="grenfell")
    assert sum(row["recommendations"] for row in rows) == len(days)


async def test_positions_stated(datasette, connection):
    expected = defaultdict(lambda: defaultdict(int))
    for row in connection.execute("select i.inquiry_id, s.position from inquiries i "
                                  "left join reports r on r.inquiry_id = i.inquiry_id "
                                  "left join responses s on s.report_id = r.report_id"):
        counts = expected[row["inquiry_id"]]
        if row["position"] is None:
            continue
        counts["responses"] += 1
        counts["position_not_stated" if row["position"] == "not stated"
               else "position_stated"] += 1
        if row["position"] != "not stated":
            counts[row["position"].replace(" ", "_")] += 1
    with_position = defaultdict(set)
    for row in connection.execute(
            "select rep.inquiry_id, s.recommendation_id from responses s "
            "join reports rep on rep.report_id = s.report_id "
            "where s.recommendation_id is not null and s.position <> 'not stated'"):
        with_position[row["inquiry_id"]].add(row["recommendation_id"])
    rows = await query(datasette, "positions_stated_by_inquiry")
    assert {row["inquiry_id"] for row in rows} == set(expected)
    for row in rows:
        counts = expected[row["inquiry_id"]]
        for column in ["responses", "position_stated", "position_not_stated", "accepted",
                       "accepted_in_principle", "accepted_in_part", "not_accepted", "noted",
                       "under_consideration"]:
            assert row[column] == counts[column], (row["inquiry_id"], column)
        assert row["recommendations_with_stated_position"] == len(
            with_position[row["inquiry_id"]])


# Month-precision handling of the 6-month cut-off, on a small database of
# made-up cases. Only the report of "no-response-complete-coverage" has
# response_coverage 'complete'. Each case is (report date, responses, expected state). A
# response is a date, None when undated, or ("report", date) when it answers
# the whole report.
TODAY = datetime.datetime.now(datetime.timezone.utc).date()
RECENT = (TODAY - datetime.timedelta(days=60)).isoformat()
CUTOFF_CASES = {
    "on-the-day": ("2020-03-15", ["2020-09-15"], "responded"),
    "day-after": ("2020-03-15", ["2020-09-16"], "no_response"),
    "month-report-early-response": ("2020-03", ["2020-08-31"], "responded"),
    "month-report-near-response": ("2020-03", ["2020-09-10"], "undetermined"),
    "month-report-late-response": ("2020-03", ["2020-10-01"], "no_response"),
    "month-response": ("2020-03-15", ["2020-09"], "undetermined"),
    "month-response-before": ("2020-03-15", ["2020-08"], "responded"),
    "undated-response": ("2020-03-15", [None], "undetermined"),
    "whole-report-response": ("2020-03-15", [("report", "2020-05-01")], "responded"),
    # 31 August + 6 months is 29 February 2020, not 2 March.
    "clamped-to-month-end": ("2019-08-31", ["2020-03-01"], "no_response"),
    "clamped-on-the-day": ("2019-08-31", ["2020-02-29"], "responded"),
    "no-response": ("2020-03-15", [], "no_response"),
    "no-response-complete-coverage": ("2020-03-15", [], "no_response"),
    "too-recent": (RECENT, [], "too_recent"),
}


@pytest.fixture(scope="module")
def cutoff_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("cutoffs") / "cutoffs.db"
    connection = sqlite3.connect(path)
    connection.executescript("""
        create table inquiries (inquiry_id text primary key, short_name text);
        create table reports (report_id text primary key, inquiry_id text, published_on text,
                              response_coverage text);
        create table recommendations (recommendation_id text primary key, report_id text);
        create table responses (response_id text primary key, report_id text,
                                recommendation_id text, responded_on text);
    """)
    for case, (published_on, responses, _) in CUTOFF_CASES.items():
        connection.execute("insert into inquiries values (?, ?)", [case, case])
        coverage = "complete" if case == "no-response-complete-coverage" else "unknown"
        connection.execute("insert into reports values (?, ?, ?, ?)",
                           [case, case, published_on, coverage])
        connection.execute("insert into recommendations values (?, ?)", [case, case])
        for number, response in enumerate(responses):
            recommendation = case
            if isinstance(response, tuple):
                recommendation, response = None, response[1]
            connection.execute("insert into responses values (?, ?, ?, ?)",
                               [f"{case}-{number}", case, recommendation, response])
    connection.commit()
    yield connection
    connection.close()


def run_cutoff_query(connection, metadata, months: str, inquiry: str = "") -> list[dict]:
    sql = metadata["databases"][DB]["queries"]["no_response_after_months"]["sql"]
    cursor = connection.execute(sql, {"months": months, "inquiry": inquiry})
    columns = [description[0] for description in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def test_cutoff_cases(cutoff_database, metadata):
    rows = run_cutoff_query(cutoff_database, metadata, "6")
    by_inquiry = {row["inquiry_id"]: row for row in rows if row["inquiry_id"]}
    assert set(by_inquiry) == set(CUTOFF_CASES)
    for case, (_, _, state) in CUTOFF_CASES.items():
        row = by_inquiry[case]
        counts = {name: row[name] for name in
                  ["responded", "undetermined", "no_response_recorded", "too_recent"]}
        expected = {"responded": int(state == "responded"),
                    "undetermined": int(state == "undetermined"),
                    "no_response_recorded": int(state == "no_response"),
                    "too_recent": int(state == "too_recent")}
        assert counts == expected, case
        assert row["old_enough"] == int(state != "too_recent"), case
        assert row["no_response_established"] == int(case == "no-response-complete-coverage")


def test_cutoff_totals_and_percentages(cutoff_database, metadata):
    rows = run_cutoff_query(cutoff_database, metadata, "6")
    total = next(row for row in rows if row["inquiry"] == "All inquiries")
    states = [state for _, _, state in CUTOFF_CASES.values()]
    old_enough = len(states) - states.count("too_recent")
    assert total["recommendations"] == len(states)
    assert total["old_enough"] == old_enough
    assert total["no_response_recorded_percent"] == round(
        100 * states.count("no_response") / old_enough, 1)
    assert total["no_response_recorded_percent_upper"] == round(
        100 * (states.count("no_response") + states.count("undetermined")) / old_enough, 1)


def test_cutoff_default_milestones(cutoff_database, metadata):
    rows = run_cutoff_query(cutoff_database, metadata, "")
    assert sorted({row["months"] for row in rows}) == [6, 12, 24]
    one = run_cutoff_query(cutoff_database, metadata, "", inquiry="no-response")
    assert {row["inquiry_id"] for row in one} == {"no-response"}
    assert len(one) == 3


async def test_cutoff_query_on_real_data(datasette, connection):
    """On the real data: each group adds up, and only reports old enough are counted."""
    rows = await query(datasette, "no_response_after_months")
    assert {row["months"] for row in rows} == {6, 12, 24}
    total = connection.execute("select count(*) from recommendations").fetchone()[0]
    for row in rows:
        assert row["too_recent"] + row["old_enough"] == row["recommendations"]
        assert (row["responded"] + row["undetermined"] + row["no_response_recorded"]
                == row["old_enough"])
        assert row["no_response_established"] <= row["no_response_recorded"]
        if row["inquiry"] == "All inquiries":
            assert row["recommendations"] == total
