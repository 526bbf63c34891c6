"""The reader pages (/recommendation, /report, /inquiry, home, methodology, about) through
Datasette's test client, on the real build and on a small package written for edge cases."""

from __future__ import annotations

import csv
import datetime
import html
import json
import shutil
import sqlite3
from urllib.parse import quote

import pytest
from datasette.app import Datasette

import build_db
from conftest import ROOT, load_plugin, make_datasette

PAGE_KINDS = ["recommendation", "report", "inquiry"]
INJECTION_IDS = [
    "' OR '1'='1",
    "1; DROP TABLE recommendations; --",
    "x' UNION SELECT * FROM recommendations --",
    '" OR ""="',
    "iicsa%",
    "*",
    "<script>alert(1)</script>",
]
SECTION_HEADINGS = [
    "Source — verbatim from the inquiry",
    "Response — verbatim",
    "Evidence trail",
    "Record status",
    "How this page is built",
    "Cite this record",
]


template_filters = load_plugin("template_filters")
reader_pages = load_plugin("reader_pages")


@pytest.fixture(scope="module")
def db(built_db):
    connection = sqlite3.connect(built_db)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def one(db, sql: str, **params) -> sqlite3.Row:
    row = db.execute(sql, params).fetchone()
    assert row is not None, f"the real data has no row for: {sql}"
    return row


async def get_page(datasette, path: str) -> tuple[int, str]:
    response = await datasette.client.get(path)
    return response.status_code, response.text


def page_text(page_html: str) -> str:
    """Return the page with entities decoded, for comparing with raw text from the data."""
    return html.unescape(page_html)


# Every record has its page.

async def test_every_recommendation_page_loads(datasette, db):
    rows = db.execute("select recommendation_id, label, heading from recommendations").fetchall()
    assert rows
    for row in rows:
        status, body = await get_page(datasette, f"/recommendation/{row['recommendation_id']}")
        assert status == 200, row["recommendation_id"]
        expected = row["heading"] or row["label"] or row["recommendation_id"]
        assert expected in page_text(body), row["recommendation_id"]


async def test_every_report_page_loads(datasette, db):
    rows = db.execute("select report_id, title from reports").fetchall()
    assert rows
    for row in rows:
        status, body = await get_page(datasette, f"/report/{row['report_id']}")
        assert status == 200, row["report_id"]
        assert f"<h1>{html.escape(row['title'], quote=False)}</h1>" in body, row["report_id"]


async def test_every_inquiry_page_loads(datasette, db):
    rows = db.execute("select inquiry_id, name from inquiries").fetchall()
    assert rows
    for row in rows:
        status, body = await get_page(datasette, f"/inquiry/{row['inquiry_id']}")
        assert status == 200, row["inquiry_id"]
        assert f"<h1>{html.escape(row['name'], quote=False)}</h1>" in body, row["inquiry_id"]


async def test_report_page_lists_its_recommendations(datasette, db):
    report = one(db, "select report_id from recommendations group by report_id "
                     "order by count(*) desc limit 1")
    ids = [row[0] for row in db.execute(
        "select recommendation_id from recommendations where report_id = :id",
        {"id": report["report_id"]})]
    _, body = await get_page(datasette, f"/report/{report['report_id']}")
    for recommendation_id in ids:
        assert f'href="/recommendation/{recommendation_id}"' in body


async def test_inquiry_page_lists_its_reports(datasette, db):
    inquiry = one(db, "select inquiry_id from reports group by inquiry_id "
                      "order by count(*) desc limit 1")
    ids = [row[0] for row in db.execute(
        "select report_id from reports where inquiry_id = :id", {"id": inquiry["inquiry_id"]})]
    _, body = await get_page(datasette, f"/inquiry/{inquiry['inquiry_id']}")
    for report_id in ids:
        assert f'href="/report/{report_id}"' in body


# Unknown and hostile identifiers.

@pytest.mark.parametrize("kind", PAGE_KINDS)
async def test_unknown_id_is_404(datasette, kind):
    status, body = await get_page(datasette, f"/{kind}/no-such-{kind}")
    assert status == 404
    assert f"No {kind} with that identifier" in body
    assert 'class="site-header"' in body


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("identifier", INJECTION_IDS)
async def test_injection_looking_id_is_404(datasette, db, kind, identifier):
    status, body = await get_page(datasette, f"/{kind}/{quote(identifier, safe='')}")
    assert status == 404
    assert f"<code>{identifier}</code>" in page_text(body)
    assert "<script>alert" not in body
    assert one(db, "select count(*) as n from recommendations")["n"] > 0


# The recommendation page's sections.

async def test_sections_with_response_and_evidence(datasette, db):
    status_row = one(db, "select * from recommendation_status "
                         "where response_count > 0 and evidence_count > 0 limit 1")
    recommendation_id = status_row["recommendation_id"]
    status, body = await get_page(datasette, f"/recommendation/{recommendation_id}")
    assert status == 200
    text = page_text(body)
    for heading in SECTION_HEADINGS:
        assert heading in text
    responses = db.execute(
        "select text from responses where recommendation_id = :id "
        "or (report_id = :report and recommendation_id is null)",
        {"id": recommendation_id, "report": status_row["report_id"]}).fetchall()
    assert text.count('<article class="response"') == len(responses)
    for response in responses:
        assert response["text"][:60] in text
    evidence = db.execute(
        "select description from evidence where recommendation_id = :id "
        "or (report_id = :report and recommendation_id is null)",
        {"id": recommendation_id, "report": status_row["report_id"]}).fetchall()
    for entry in evidence:
        assert entry["description"] in text
    assert "No published response has been recorded" not in text
    assert "No published activity has been recorded" not in text


async def test_sections_without_response_or_evidence(datasette, db):
    status_row = one(db, "select * from recommendation_status "
                         "where response_state = 'no response recorded' "
                         "and evidence_count = 0 and report_evidence_count = 0 limit 1")
    status, body = await get_page(datasette,
                                  f"/recommendation/{status_row['recommendation_id']}")
    assert status == 200
    text = page_text(body)
    for heading in SECTION_HEADINGS:
        assert heading in text
    assert "No published response has been recorded" in text
    assert "No published activity has been recorded for this recommendation yet." in text
    assert '<article class="response"' not in text


async def test_passed_deadline_states_days_and_coverage(datasette, db):
    row = one(db, "select s.*, r.response_coverage_note from recommendation_status s "
                  "join reports r on r.report_id = s.report_id "
                  "where s.deadline_passed_none_recorded = 1 "
                  "and s.response_coverage = 'partial' limit 1")
    _, body = await get_page(datasette, f"/recommendation/{row['recommendation_id']}")
    text = page_text(body)
    assert f"passed {row['days_since_deadline']:,} days ago" in text
    assert f'<time datetime="{row["deadline_on"]}">' in body
    assert "no response is recorded in this index" in text
    assert "this does not show that no response was published" in text
    assert row["response_coverage_note"] in text


async def test_whole_report_response_is_labelled(datasette, db):
    row = one(db, "select recommendation_id from recommendation_status "
                  "where response_state = 'response to the whole report only' limit 1")
    _, body = await get_page(datasette, f"/recommendation/{row['recommendation_id']}")
    assert "Response to the whole report, not to this recommendation alone" in body
    assert "Response to this recommendation<" not in body


async def test_position_phrase_marked(datasette, db):
    row = one(db, "select recommendation_id, position, position_phrase from responses "
                  "where position <> 'not stated' and recommendation_id is not null limit 1")
    _, body = await get_page(datasette, f"/recommendation/{row['recommendation_id']}")
    assert f"Position stated: <strong>{row['position']}</strong>" in body
    marked = f"<mark>{html.escape(row['position_phrase'])}</mark>"
    # Once beside the position and at least once inside the response text.
    assert body.count(marked) >= 2


async def test_text_shown_exactly_as_stored(datasette, db):
    row = one(db, "select recommendation_id, text from recommendations "
                  "where text like '%' || char(10) || '%' limit 1")
    _, body = await get_page(datasette, f"/recommendation/{row['recommendation_id']}")
    # Escaped, with every line break kept, and nothing read as Markdown.
    assert html.escape(row["text"]) in body


async def test_provenance_in_words(datasette, db):
    row = one(db, "select r.recommendation_id, r.text_completeness from recommendations r "
                  "join documents d on d.document_id = r.document_id "
                  "where d.source_type = 'secondary' and r.text_completeness = 'truncated' "
                  "limit 1")
    _, body = await get_page(datasette, f"/recommendation/{row['recommendation_id']}")
    assert "Truncated text: the copy read was cut short" in body
    assert "Secondary copy, published by" in body


async def test_cite_block_and_export_links(datasette, db):
    build = one(db, "select data_version, git_commit from build_record")
    row = one(db, "select recommendation_id from recommendations limit 1")
    recommendation_id = row["recommendation_id"]
    _, body = await get_page(datasette, f"/recommendation/{recommendation_id}")
    assert f"<dd>{build['data_version']}</dd>" in body
    assert f"@misc{{inquiryindex:{recommendation_id}," in body
    assert f"http://localhost/recommendation/{recommendation_id}" in body
    exports = {
        f"/inquiries/recommendations/{recommendation_id}.json": "application/json",
        f"/inquiries/recommendations.csv?recommendation_id={recommendation_id}": "text/plain",
        f"/inquiries/responses.csv?recommendation_id={recommendation_id}": "text/plain",
        f"/inquiries/evidence.csv?recommendation_id={recommendation_id}": "text/plain",
    }
    for url, content_type in exports.items():
        assert f'href="{html.escape(url)}"' in body, url
        response = await datasette.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(content_type), url
    record = (await datasette.client.get(
        f"/inquiries/recommendations/{recommendation_id}.json?_shape=array")).json()
    assert record[0]["recommendation_id"] == recommendation_id


# Home, methodology, about, search.

async def test_home_counts_match_database(datasette, db):
    counts = {
        "Recommendations": one(db, "select count(*) as n from recommendations")["n"],
        "Responses": one(db, "select count(*) as n from responses")["n"],
        "Evidence entries": one(db, "select count(*) as n from evidence")["n"],
        "Report's deadline passed, none recorded": one(
            db, "select coalesce(sum(deadline_passed_none_recorded), 0) as n "
                "from recommendation_status")["n"],
    }
    _, body = await get_page(datasette, "/")
    text = page_text(body)
    for label, count in counts.items():
        assert f"<dt>{label}</dt><dd>{count:,}</dd>" in text, label


async def test_home_chart_and_table(datasette, db):
    _, body = await get_page(datasette, "/")
    assert '<svg viewBox="0 0 ' in body
    assert 'role="img"' in body
    for row in db.execute("select inquiry_id, short_name, recommendations "
                          "from inquiry_summary"):
        assert f'href="/inquiry/{row["inquiry_id"]}"' in body
        if row["recommendations"]:
            assert f"{html.escape(row['short_name'])} ({row['recommendations']})" in body
    assert 'href="/inquiries"' in body
    assert 'action="/inquiries/search"' in body


async def test_home_latest_evidence(datasette, db):
    latest = one(db, "select description from evidence "
                     "order by occurred_on desc, evidence_id limit 1")
    _, body = await get_page(datasette, "/")
    assert latest["description"] in page_text(body)


@pytest.mark.parametrize(("path", "heading"), [("/methodology", "Methodology"),
                                              ("/about", "About this index")])
async def test_static_pages(datasette, path, heading):
    status, body = await get_page(datasette, path)
    assert status == 200
    assert f"<h1>{heading}</h1>" in body


@pytest.mark.parametrize("path", ["/", "/about", "/recommendation/no-such-recommendation"])
async def test_layout_names_site_and_licence(datasette, metadata, path):
    _, body = await get_page(datasette, path)
    assert f'<a class="site-title" href="/">{metadata["title"]}</a>' in body
    assert f"· {metadata['title']}</title>" in body
    assert f'<a href="{metadata["license_url"]}">' in body


async def test_about_page_names_licence(datasette):
    _, body = await get_page(datasette, "/about")
    assert "Open Government Licence v3.0" in body
    assert "make check" in body


async def test_search_results_link_to_pages(datasette):
    response = await datasette.client.get("/inquiries/search", params={"q": "pre-screen"})
    assert response.status_code == 200
    assert 'href="/recommendation/iicsa-internet-2020-1"' in response.text


async def test_table_views_keep_datasette_links(datasette):
    response = await datasette.client.get("/inquiries/responses")
    assert response.status_code == 200
    assert 'href="/recommendation/' not in response.text


# A small package for cases the real data may not contain: a stale record,
# markup in verbatim text, and a phrase with characters HTML escapes.

URL = "https://example.org/report"
MARKUP_TEXT = "We <b>accept</b> this & will <script>alert(1)</script> act."
MARKUP_PHRASE = "<b>accept</b> this & will"


def small_package_rows() -> dict[str, list[dict]]:
    old = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    return {
        "inquiries": [dict(inquiry_id="test", name="Test Inquiry", short_name="Test", url=URL)],
        "organisations": [dict(organisation_id="hm-government", name="HM Government",
                               kind="UK government")],
        "documents": [dict(document_id="report-page", title="Report", publisher="Test Inquiry",
                           kind="report", source_type="primary", url=URL,
                           accessed_on="2026-01-01")],
        "reports": [dict(report_id="test-report", inquiry_id="test", title="Test Report",
                         published_on="2019-09-19", url=URL, document_id="report-page",
                         response_deadline_text="within six months",
                         response_deadline_months="6",
                         response_deadline_document_id="report-page",
                         response_coverage="unknown")],
        "recommendations": [dict(recommendation_id="test-report-1", report_id="test-report",
                                 sequence="1", label="1", heading="A <i>heading</i>",
                                 text="Do *a* thing <img src=x onerror=alert(1)>.",
                                 text_completeness="complete", document_id="report-page",
                                 source_url=URL)],
        "recommendation_addressees": [],
        "responses": [dict(response_id="r-1", report_id="test-report",
                           recommendation_id="test-report-1", responder_id="hm-government",
                           document_id="report-page", responded_on="2020-06-01",
                           text=MARKUP_TEXT, text_completeness="complete",
                           position="accepted", position_phrase=MARKUP_PHRASE,
                           source_url=URL)],
        "evidence": [],
        "verifications": [dict(recommendation_id="test-report-1", verified_on=old,
                               outcome="read from source", checked_url=URL)],
    }


@pytest.fixture(scope="module")
async def small_site(tmp_path_factory, metadata) -> Datasette:
    folder = tmp_path_factory.mktemp("small")
    shutil.copy(ROOT / "datapackage.json", folder / "datapackage.json")
    shutil.copytree(ROOT / "schemas", folder / "schemas")
    (folder / "data" / "csv").mkdir(parents=True)
    for name, rows in small_package_rows().items():
        schema = json.loads((folder / "schemas" / f"{name}.schema.json").read_text())
        with (folder / "data" / "csv" / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, [f["name"] for f in schema["fields"]],
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    database = folder / "inquiries.db"
    assert build_db.main(["--package", str(folder / "datapackage.json"), "--db",
                          str(database), "--quiet"]) == 0
    site = make_datasette(database, metadata)
    await site.invoke_startup()
    return site


async def test_stale_record_shows_notice(small_site):
    _, body = await get_page(small_site, "/recommendation/test-report-1")
    assert "This record may be out of date." in body
    assert "more than 7 days ago" in body


async def test_data_never_becomes_html(small_site):
    _, body = await get_page(small_site, "/recommendation/test-report-1")
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x" not in body
    assert "<b>accept</b>" not in body
    assert "<h1>A &lt;i&gt;heading&lt;/i&gt;</h1>" in body
    assert "We <mark>&lt;b&gt;accept&lt;/b&gt; this &amp; will</mark> &lt;script&gt;" in body


# The helpers behind the pages.

@pytest.mark.parametrize(("value", "expected"), [
    ("2020-03-12", "12 March 2020"),
    ("2020-03", "March 2020"),
    ("", ""),
    (None, ""),
    ("not a date", "not a date"),
])
def test_long_date(value, expected):
    assert template_filters.long_date(value) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), [
    ("We accept it.", "accept", "We <mark>accept</mark> it."),
    ("a <b> & a <b>", "a <b>", "<mark>a &lt;b&gt;</mark> &amp; <mark>a &lt;b&gt;</mark>"),
    ("&amp; then", "amp;", "&amp;<mark>amp;</mark> then"),
    ("no match here", "absent", "no match here"),
    ("<i>x</i>", None, "&lt;i&gt;x&lt;/i&gt;"),
])
def test_mark_phrase(text, phrase, expected):
    assert str(template_filters.mark_phrase(text, phrase)) == expected


@pytest.mark.parametrize(("label", "sequence", "expected"), [
    ("2", 2, "Recommendation 2"),
    ("R7(a)", 7, "Recommendation R7(a)"),
    ("Recommendation 1", 1, "Recommendation 1"),
    ("", 3, "Unlabelled recommendation (number 3 in its report)"),
    (None, 4, "Unlabelled recommendation (number 4 in its report)"),
])
def test_recommendation_name(label, sequence, expected):
    assert reader_pages.recommendation_name(label, sequence) == expected


def test_bibtex_escape():
    assert reader_pages.bibtex_escape("A & B {C} 50% #1 a_b \\") == (
        r"A \& B \{C\} 50\% \#1 a\_b \textbackslash{}")
