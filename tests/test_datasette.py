"""Datasette over the real build, through its test client."""

from __future__ import annotations

import html

import pytest
import sqlite_utils

from conftest import ROOT

from inquiry_index.datapackage import load_package
from inquiry_index.metadata import dump_metadata, expected_tables, sync_metadata

DB = "inquiries"
QUERIES = ["search", "no_published_response", "overdue_against_deadline", "addressed_to",
           "evidence_trail", "positions_by_inquiry"]


def test_metadata_matches_schemas(metadata):
    package = load_package(ROOT / "datapackage.json")
    tables = metadata["databases"][DB]["tables"]
    for name, described in expected_tables(package).items():
        assert tables[name]["description"] == described["description"], name
        assert tables[name]["columns"] == described["columns"], name
    # The file is exactly what the sync command writes, so running it changes nothing.
    current = (ROOT / "metadata.yml").read_text(encoding="utf-8")
    assert dump_metadata(sync_metadata(metadata, package)) == current


def test_every_table_and_column_described(built_db, metadata):
    db = sqlite_utils.Database(built_db)
    tables = metadata["databases"][DB]["tables"]
    hidden = {name for name in db.table_names() if "_fts" in name}
    for name in [*db.table_names(), *db.view_names()]:
        if name in hidden or name.startswith("sqlite_"):
            continue
        assert tables.get(name, {}).get("description"), f"{name} has no description"
        described = tables[name].get("columns", {})
        for column in db[name].columns_dict:
            assert described.get(column), f"{name}.{column} has no description"


def test_at_least_six_canned_queries(metadata):
    queries = metadata["databases"][DB]["queries"]
    assert set(QUERIES) <= set(queries)
    for name, query in queries.items():
        assert query.get("title"), name
        assert query.get("description"), name


async def query_json(datasette, name: str, **params) -> list[dict]:
    response = await datasette.client.get(
        f"/{DB}/{name}.json", params={**params, "_shape": "array"}
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def sample_ids(built_db) -> dict[str, str]:
    """Real identifiers to feed the canned queries, chosen so each should return rows."""
    db = sqlite_utils.Database(built_db)

    def first(sql: str) -> str:
        row = db.execute(sql).fetchone()
        assert row, sql
        return row[0]

    return {
        "organisation": first(
            "select organisation_id from recommendation_addressees "
            "group by organisation_id order by count(*) desc limit 1"),
        "recommendation": first(
            "select recommendation_id from evidence where recommendation_id is not null "
            "limit 1"),
        "word": "government",
    }


async def test_canned_queries_return_rows(datasette, sample_ids):
    params = {
        "search": {"q": sample_ids["word"]},
        "no_published_response": {"inquiry": ""},
        "overdue_against_deadline": {},
        "addressed_to": {"organisation": sample_ids["organisation"]},
        "evidence_trail": {"recommendation": sample_ids["recommendation"]},
        "positions_by_inquiry": {},
    }
    for name in QUERIES:
        rows = await query_json(datasette, name, **params[name])
        assert rows, f"{name} returned no rows"


async def test_search_finds_known_phrase(datasette, built_db):
    db = sqlite_utils.Database(built_db)
    text = db.execute(
        "select text from recommendations where recommendation_id = 'iicsa-internet-2020-1'"
    ).fetchone()[0]
    assert "pre-screen material" in text
    rows = await query_json(datasette, "search", q="pre-screen material")
    assert "iicsa-internet-2020-1" in {row["recommendation_id"] for row in rows}
    hit = next(row for row in rows if row["recommendation_id"] == "iicsa-internet-2020-1")
    assert "<mark>" in hit["snippet"]


@pytest.mark.parametrize(
    "text", ["child's", "co-operation", "", "   ", '"', '""', "AND", "NEAR(", "*", "a:b", "(x"]
)
async def test_search_never_errors(datasette, text):
    response = await datasette.client.get(f"/{DB}/search.json", params={"q": text})
    assert response.status_code == 200
    assert response.json()["ok"] is True


@pytest.mark.parametrize(("text", "found"), [("children's", "children"),
                                             ("children’s", "children"),
                                             ("high-rise", "high")])
async def test_search_apostrophe_and_hyphen_match(datasette, text, found):
    rows = await query_json(datasette, "search", q=text)
    assert rows
    assert all(found in row["snippet"].lower() for row in rows)


async def test_empty_search_returns_nothing(datasette):
    assert await query_json(datasette, "search", q="") == []


async def test_table_search(datasette):
    response = await datasette.client.get(
        f"/{DB}/recommendations.json", params={"_search": "pre-screen", "_shape": "array"}
    )
    assert response.status_code == 200
    assert "iicsa-internet-2020-1" in {row["recommendation_id"] for row in response.json()}


async def test_row_page_shows_verbatim_text(datasette, built_db):
    db = sqlite_utils.Database(built_db)
    text = db["recommendations"].get("iicsa-internet-2020-1")["text"]
    response = await datasette.client.get(f"/{DB}/recommendations/iicsa-internet-2020-1")
    assert response.status_code == 200
    page = html.unescape(response.text)
    # Markdown rendering may wrap lines, so compare the first sentence.
    first_sentence = text.split(". ")[0]
    assert first_sentence in page


async def test_verbatim_text_not_read_as_markdown(datasette, built_db):
    # A line holding only "-" would make the line above it a Markdown heading.
    db = sqlite_utils.Database(built_db)
    row = db.execute("select response_id, text from responses "
                     "where text like '%' || char(10) || '-' || char(10) || '%' limit 1"
                     ).fetchone()
    assert row, "the data has no text with a line holding only a dash"
    response = await datasette.client.get(f"/{DB}/responses/{row[0]}")
    assert response.status_code == 200
    assert "<h2>" not in response.text.split('<table class="rows-and-columns">')[1]
    assert html.escape(row[1], quote=False) in response.text


async def test_search_snippet_highlights_only_matches(datasette):
    response = await datasette.client.get(f"/{DB}/search", params={"q": "government"})
    assert response.status_code == 200
    results = response.text.split('<table class="rows-and-columns">')[1]
    assert "<mark>" in results
    assert "&lt;mark&gt;" not in results


@pytest.mark.parametrize("path", ["/", f"/{DB}", f"/{DB}/recommendations",
                                  f"/{DB}/recommendations/iicsa-internet-2020-1",
                                  f"/{DB}/search?q=fire"])
async def test_footer_shows_version_and_licence(datasette, path):
    package = load_package(ROOT / "datapackage.json")
    response = await datasette.client.get(path)
    assert f"Data version {package.version}" in response.text
    assert "Open Government Licence v3.0" in response.text


@pytest.mark.parametrize("table", ["recommendations", "responses", "evidence",
                                   "recommendation_status", "report_summary",
                                   "inquiry_summary"])
async def test_table_pages_load(datasette, table):
    response = await datasette.client.get(f"/{DB}/{table}")
    assert response.status_code == 200


async def test_unknown_row_is_404(datasette):
    response = await datasette.client.get(f"/{DB}/recommendations/no-such-recommendation")
    assert response.status_code == 404


@pytest.mark.parametrize("path", [f"/{DB}/no_such_table", f"/{DB}/recommendations/nope",
                                  "/no-such-page"])
async def test_error_pages_show_version(datasette, path):
    package = load_package(ROOT / "datapackage.json")
    response = await datasette.client.get(path)
    assert response.status_code == 404
    assert f"Data version {package.version}" in response.text


async def test_json_errors_stay_json(datasette):
    response = await datasette.client.get(f"/{DB}/no_such_table.json")
    assert response.status_code == 404
    assert response.json()["ok"] is False
