"""Table search pages: the SQL that plugins/search_sql.py rewrites returns what Datasette's
own SQL returns, and plugins/search_facets.py skips default facets only on searches."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import escape_fts

from conftest import ROOT, load_plugin

DB = "inquiries"
MATCHES = ("select {columns} from recommendations where rowid in (select rowid from "
           "recommendations_fts where recommendations_fts match :terms)")


def search_terms(db_path: Path) -> dict[str, str]:
    """Return a term that more than half the recommendations contain, and one that a few do."""
    conn = sqlite3.connect(db_path)
    conn.execute("create virtual table temp.vocab using fts5vocab(main, recommendations_fts, row)")
    rows = conn.execute("select count(*) from recommendations").fetchone()[0]
    dense = conn.execute("select term, doc from temp.vocab order by doc desc, term limit 1"
                         ).fetchone()
    sparse = conn.execute("select term, doc from temp.vocab where doc between 2 and ? "
                          "order by doc desc, term limit 1", [rows // 20]).fetchone()
    conn.close()
    assert dense[1] > rows / 2, dense
    assert sparse is not None
    return {"dense": dense[0], "sparse": sparse[0]}


def direct(db_path: Path, columns: str, terms: str, extra: str = "", params=()) -> list:
    conn = sqlite3.connect(db_path)
    rows = conn.execute(MATCHES.format(columns=columns) + extra,
                        {"terms": escape_fts(terms), **dict(params)}).fetchall()
    conn.close()
    return rows


def trace_sql(body: dict) -> list[str]:
    return [entry["sql"] for entry in body["_trace"]["traces"] if "sql" in entry]


@pytest.fixture(scope="module")
def terms(built_db) -> dict[str, str]:
    return search_terms(built_db)


@pytest.fixture(scope="module")
async def traced(built_db, metadata) -> Datasette:
    """The site's app with ?_trace=1 on, to read the SQL a page ran."""
    ds = Datasette(
        immutables=[str(built_db)],
        metadata=copy.deepcopy(metadata),
        template_dir=str(ROOT / "templates"),
        plugins_dir=str(ROOT / "plugins"),
        settings={"sql_time_limit_ms": 3000, "trace_debug": True},
    )
    await ds.invoke_startup()
    return ds


@pytest.mark.parametrize("kind", ["dense", "sparse"])
@pytest.mark.parametrize("mode", [{}, {"_searchmode": "raw"}])
async def test_search_rows_and_count_exact(datasette, built_db, terms, kind, mode):
    term = terms[kind]
    response = await datasette.client.get(
        f"/{DB}/recommendations.json",
        params={"_search": term, "_size": "max", "_shape": "objects", **mode})
    assert response.status_code == 200
    body = response.json()
    expected = [row[0] for row in direct(built_db, "recommendation_id", term,
                                         " order by recommendation_id")]
    assert expected
    assert body["filtered_table_rows_count"] == len(expected)
    assert [row["recommendation_id"] for row in body["rows"]] == expected


async def test_search_sorted_by_other_column(datasette, built_db, terms):
    response = await datasette.client.get(
        f"/{DB}/recommendations.json",
        params={"_search": terms["dense"], "_sort_desc": "sequence", "_size": "max",
                "_shape": "objects"})
    assert response.status_code == 200
    rows = response.json()["rows"]
    expected = direct(built_db, "recommendation_id, sequence", terms["dense"],
                      " order by sequence desc")
    # Datasette 0.65.5 orders a first page by the sort column alone, so rows with equal
    # values may come in any order.
    assert [row["sequence"] for row in rows] == [row[1] for row in expected]
    assert {row["recommendation_id"] for row in rows} == {row[0] for row in expected}


async def test_search_with_filter_counts_exact(datasette, built_db, terms):
    report = sqlite3.connect(built_db).execute(
        "select report_id from recommendations group by report_id order by count(*) desc"
    ).fetchone()[0]
    response = await datasette.client.get(
        f"/{DB}/recommendations.json", params={"_search": terms["dense"], "report_id": report})
    assert response.status_code == 200
    expected = direct(built_db, "count(*)", terms["dense"], " and report_id = :report",
                      {"report": report})[0][0]
    assert expected > 0
    assert response.json()["filtered_table_rows_count"] == expected


async def test_search_facet_counts_exact(datasette, built_db, terms):
    response = await datasette.client.get(
        f"/{DB}/recommendations.json",
        params={"_search": terms["dense"], "_facet": "text_completeness"})
    assert response.status_code == 200
    results = response.json()["facet_results"]["text_completeness"]["results"]
    expected = direct(built_db, "text_completeness, count(*)", terms["dense"],
                      " group by text_completeness")
    assert {item["value"]: item["count"] for item in results} == dict(expected)


async def test_search_only_count_reads_index(traced, terms):
    response = await traced.client.get(
        f"/{DB}/recommendations.json", params={"_search": terms["dense"], "_trace": "1"})
    statements = trace_sql(response.json())
    index_count = ("select count(*) from recommendations_fts "
                   "where recommendations_fts match escape_fts(:search)")
    assert statements.count(index_count) == 1
    assert not any(sql.startswith("select count(*) from recommendations ")
                   for sql in statements)


async def test_dense_search_scans_in_order(traced, terms):
    response = await traced.client.get(
        f"/{DB}/recommendations.json", params={"_search": terms["dense"], "_trace": "1"})
    rows_sql = [sql for sql in trace_sql(response.json())
                if sql.startswith("select recommendation_id, report_id")]
    assert len(rows_sql) == 1
    assert "where +rowid in (select rowid from recommendations_fts" in rows_sql[0]


async def test_sparse_search_sql_unchanged(traced, terms):
    response = await traced.client.get(
        f"/{DB}/recommendations.json", params={"_search": terms["sparse"], "_trace": "1"})
    rows_sql = [sql for sql in trace_sql(response.json())
                if sql.startswith("select recommendation_id, report_id")]
    assert len(rows_sql) == 1
    assert "where rowid in (select rowid from recommendations_fts" in rows_sql[0]


async def test_stale_index_count_not_rewritten(built_db, metadata, terms, tmp_path):
    # A table row deleted after the index was built leaves the index one entry too many,
    # so counting the index's matches would overcount and the plugin must not.
    stale = tmp_path / "stale.db"
    shutil.copy(built_db, stale)
    conn = sqlite3.connect(stale)
    deleted = conn.execute(MATCHES.format(columns="rowid") + " limit 1",
                           {"terms": escape_fts(terms["dense"])}).fetchone()[0]
    conn.execute("delete from recommendations where rowid = ?", [deleted])
    conn.commit()
    index_count = conn.execute(
        "select count(*) from recommendations_fts where recommendations_fts match ?",
        [escape_fts(terms["dense"])]).fetchone()[0]
    conn.close()
    expected = direct(stale, "count(*)", terms["dense"])[0][0]
    assert index_count == expected + 1

    ds = Datasette(immutables=[str(stale)], metadata=copy.deepcopy(metadata),
                   plugins_dir=str(ROOT / "plugins"), settings={"sql_time_limit_ms": 3000})
    await ds.invoke_startup()
    response = await ds.client.get("/stale/recommendations.json",
                                   params={"_search": terms["dense"]})
    assert response.status_code == 200
    assert response.json()["filtered_table_rows_count"] == expected


@pytest.mark.parametrize(("create_sql", "table"), [
    ('CREATE VIRTUAL TABLE "t_fts" USING FTS5 ("a", tokenize=\'porter\', content="t")', "t"),
    ("CREATE VIRTUAL TABLE [t_fts] USING FTS5 (a, content=[my table])", "my table"),
    ("create virtual table t_fts using fts5(a, content='t')", "t"),
    ("create virtual table t_fts using fts5(a, content=t, content_rowid=id)", None),
    ("create virtual table t_fts using fts5(a)", None),
    ('CREATE VIRTUAL TABLE "t_fts" USING FTS4 (a, content="t")', None),
])
def test_content_table_parsed(create_sql, table):
    assert load_plugin("search_sql").content_table(create_sql) == table


async def test_search_skips_default_facets(datasette, terms):
    response = await datasette.client.get(f"/{DB}/recommendations.json",
                                          params={"_search": terms["dense"]})
    assert response.status_code == 200
    assert response.json()["facet_results"] == {}


async def test_search_computes_requested_facet(datasette, terms):
    response = await datasette.client.get(
        f"/{DB}/recommendations.json", params={"_search": terms["dense"], "_facet": "report_id"})
    assert response.status_code == 200
    assert list(response.json()["facet_results"]) == ["report_id"]


async def test_table_keeps_default_facets(datasette):
    response = await datasette.client.get(f"/{DB}/recommendations.json")
    assert response.status_code == 200
    assert list(response.json()["facet_results"]) == ["report_id", "text_completeness"]


async def test_requested_default_facet_not_repeated(datasette):
    response = await datasette.client.get(
        f"/{DB}/recommendations.json",
        params=[("_facet", "report_id"), ("_facet", "text_completeness")])
    assert response.status_code == 200
    assert list(response.json()["facet_results"]) == ["report_id", "text_completeness"]


async def test_search_page_links_skipped_facets(datasette, terms):
    response = await datasette.client.get(f"/{DB}/recommendations",
                                          params={"_search": terms["dense"]})
    assert response.status_code == 200
    page = response.text
    assert "Facet counts are not computed for searches unless asked for." in page
    for column in ("report_id", "text_completeness"):
        assert (f"/{DB}/recommendations?_search={terms['dense']}&amp;_facet={column}"
                f"#facet-{column}") in page


async def test_table_page_has_no_skipped_note(datasette):
    response = await datasette.client.get(f"/{DB}/recommendations")
    assert response.status_code == 200
    assert "search-skipped-facets" not in response.text


# Every match of every index, ranked together: what the search canned query returns,
# written without its per-index limit.
ALL_MATCHES_SEARCH = """
    select found_in, recommendation_id, hits.report_id, reports.title, snippet from (
      select 'recommendation' as found_in, r.recommendation_id, r.report_id,
        snippet(recommendations_fts, -1, '<mark>', '</mark>', '…', 24) as snippet,
        recommendations_fts.rank as rank
      from recommendations_fts join recommendations r on r.rowid = recommendations_fts.rowid
      where recommendations_fts match :terms
      union all
      select 'response', s.recommendation_id, s.report_id,
        snippet(responses_fts, -1, '<mark>', '</mark>', '…', 24), responses_fts.rank
      from responses_fts join responses s on s.rowid = responses_fts.rowid
      where responses_fts match :terms
      union all
      select 'evidence', e.recommendation_id, e.report_id,
        snippet(evidence_fts, -1, '<mark>', '</mark>', '…', 24), evidence_fts.rank
      from evidence_fts join evidence e on e.rowid = evidence_fts.rowid
      where evidence_fts match :terms
    ) hits join reports on reports.report_id = hits.report_id
    order by hits.rank
    limit 200
"""


async def test_search_page_keeps_best_matches(datasette, built_db, terms):
    conn = sqlite3.connect(built_db)
    matches = sum(conn.execute(f"select count(*) from {table}_fts where {table}_fts match ?",
                               [escape_fts(terms["dense"])]).fetchone()[0]
                  for table in ("recommendations", "responses", "evidence"))
    expected = conn.execute(ALL_MATCHES_SEARCH, {"terms": escape_fts(terms["dense"])}).fetchall()
    conn.close()
    # More matches than the page shows, so the 200-row limit decides what is left out.
    assert matches > 200
    response = await datasette.client.get(f"/{DB}/search.json",
                                          params={"q": terms["dense"], "_shape": "array"})
    assert response.status_code == 200
    rows = [(row["found_in"], row["recommendation_id"], row["report_id"], row["report_title"],
             row["snippet"]) for row in response.json()]
    assert rows == expected
