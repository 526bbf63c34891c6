"""The /embed view: what it accepts, what it rejects, what it escapes and how it may be framed."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sqlite3
from urllib.parse import quote

import pytest

from conftest import ROOT, load_plugin
from inquiry_index.datapackage import load_package

DB = "inquiries"


embeds = load_plugin("embeds")


def embed_path(src: str) -> str:
    return "/embed?src=" + quote(src, safe="/")


def table_cells(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>", body)


def assert_frameable(response) -> None:
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors *" in policy
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    assert "x-frame-options" not in response.headers


async def test_query_embed(datasette, built_db, metadata):
    expected = sqlite3.connect(built_db).execute(
        "select count(*) from recommendation_status "
        "where response_state = 'no response recorded' and inquiry_id = 'iicsa'").fetchone()[0]
    response = await datasette.client.get(embed_path("/inquiries/no_published_response?inquiry=iicsa"))
    assert response.status_code == 200
    assert_frameable(response)
    page = response.text
    assert len(table_cells(page)) == min(expected, embeds.EMBED_ROWS)
    title = metadata["databases"][DB]["queries"]["no_published_response"]["title"]
    assert html.escape(title) in page
    assert 'href="http://localhost/inquiries/no_published_response?inquiry=iicsa"' in page
    version = load_package(ROOT / "datapackage.json").version
    assert f"data version {version}" in page
    assert "Open Government Licence v3.0" in page
    assert "<script" not in page


async def test_table_embed_with_filter(datasette, built_db):
    expected = sqlite3.connect(built_db).execute(
        "select count(*) from recommendation_status where inquiry_id = 'grenfell'").fetchone()[0]
    response = await datasette.client.get(
        embed_path("/inquiries/recommendation_status?inquiry_id=grenfell&_sort=sequence"))
    assert response.status_code == 200
    assert_frameable(response)
    assert len(table_cells(response.text)) == min(expected, embeds.EMBED_ROWS)
    assert 'href="/recommendation/grenfell-' in response.text


async def test_table_embed_shows_first_rows_of_many(datasette, built_db):
    total = sqlite3.connect(built_db).execute("select count(*) from recommendations").fetchone()[0]
    assert total > embeds.EMBED_ROWS
    response = await datasette.client.get(embed_path("/inquiries/recommendations"))
    assert len(table_cells(response.text)) == embeds.EMBED_ROWS
    assert f"Showing the first {embeds.EMBED_ROWS} of {total:,} rows" in response.text


async def test_chart_query_embed(datasette):
    response = await datasette.client.get(embed_path("/inquiries/positions_by_inquiry"))
    assert response.status_code == 200
    assert '<svg class="query-chart"' in response.text
    assert "The numbers as a table" in response.text


async def test_embed_style_allowed_by_hash(datasette):
    """The inline stylesheet is exactly the one the Content-Security-Policy hash allows."""
    response = await datasette.client.get(embed_path("/inquiries/inquiries"))
    style = re.search(r"<style>(.*?)</style>", response.text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["content-security-policy"]


REJECTED = {
    "missing": None,
    "other host": "https://example.com/inquiries/recommendations",
    "scheme-relative": "//example.com/inquiries/recommendations",
    "javascript": "javascript:alert(1)",
    "other database": "/other/recommendations",
    "database page": "/inquiries",
    "row page": "/inquiries/recommendations/iicsa-internet-2020-1",
    "arbitrary SQL": "/inquiries?sql=select+'made+up'",
    "SQL beside a table": "/inquiries/recommendations?sql=select+1",
    "where clause": "/inquiries/recommendations?_where=1",
    "unknown table": "/inquiries/no_such_table",
    "hidden search table": "/inquiries/recommendations_fts",
    "format extension": "/inquiries/recommendations.json",
    "unknown query parameter": "/inquiries/no_published_response?colour=red",
    "invalid integer": "/inquiries/days_to_first_response_distribution?bin_days=abc",
    "unknown column": "/inquiries/recommendations?no_such_column=1",
    "unknown filter operator": "/inquiries/recommendations?sequence__around=1",
    "backslash": "/inquiries\\recommendations",
    "relative": "inquiries/recommendations",
    "too long": "/inquiries/recommendations?label=" + "x" * 3000,
}


@pytest.mark.parametrize("case", REJECTED)
async def test_rejected_sources(datasette, case):
    src = REJECTED[case]
    path = "/embed" if src is None else embed_path(src)
    response = await datasette.client.get(path)
    assert response.status_code == 400, case
    assert_frameable(response)
    assert "Cannot embed this" in response.text
    message = html.unescape(re.search(r'<p class="error">(.*?)</p>', response.text, re.S).group(1))
    assert message.strip(), case


async def test_parameters_beside_src_rejected(datasette):
    response = await datasette.client.get("/embed?src=/inquiries/no_published_response&inquiry=iicsa")
    assert response.status_code == 400
    assert "inquiry" in response.text


async def test_src_echoed_escaped(datasette):
    response = await datasette.client.get(embed_path('/inquiries/<script>alert("x")</script>'))
    assert response.status_code == 400
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


async def test_parameter_values_escaped(datasette):
    response = await datasette.client.get(
        embed_path("/inquiries/no_published_response?inquiry=<img src=x onerror=alert(1)>"))
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


async def test_data_values_escaped(datasette):
    """Row values render as text even when they look like HTML."""
    hostile = '<script>alert("x")</script>'
    rows = [[embeds.render_cell(datasette, "recommendation_id", hostile),
             embeds.render_cell(datasette, "text", hostile)]]
    page = await datasette.render_template("embed.html", {
        "title": hostile, "source": {"arguments": [("q", hostile)]}, "chart": None,
        "columns": ["recommendation_id", hostile], "raw_rows": [], "rows": rows,
        "total": None, "more": False, "full_url": "http://localhost/",
        "embed_css": embeds.Markup(embeds.EMBED_CSS)})
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") >= 4
    assert 'href="/recommendation/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E"' in page


@pytest.mark.parametrize("path", ["/", "/api", "/downloads", f"/{DB}/recommendations"])
async def test_other_pages_not_opened_to_framing(datasette, path):
    response = await datasette.client.get(path)
    assert "frame-ancestors *" not in response.headers.get("content-security-policy", "")


async def test_snippets_on_query_pages_work(datasette, metadata):
    """Each canned query page's iframe snippet points at an embed that renders."""
    for name in metadata["databases"][DB]["queries"]:
        page = (await datasette.client.get(f"/{DB}/{name}")).text
        snippet = html.unescape(re.search(r'<pre class="embed-snippet">(.*?)</pre>',
                                          page, re.S).group(1))
        src = re.search(r'<iframe src="([^"]+)"', snippet).group(1)
        assert src.startswith("http://localhost/embed?src="), name
        response = await datasette.client.get(html.unescape(src).removeprefix("http://localhost"))
        assert response.status_code == 200, name


async def test_api_page_shows_snippets(datasette, metadata):
    page = (await datasette.client.get("/api")).text
    assert page.count("&lt;iframe src=&#34;http://localhost/embed?src=") >= len(
        metadata["databases"][DB]["queries"])
