"""The canned queries as an API: their parameter descriptions, the /api page and its URLs."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

DB = "inquiries"
PARAMETER_KEYS = {"type", "description", "default", "example"}


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def page_links(html: str) -> list[str]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.hrefs


def sql_parameters(sql: str) -> set[str]:
    # Strip quoted strings first, so ':' inside a literal is not read as a parameter.
    unquoted = re.sub(r"'[^']*'", "''", sql)
    return set(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", unquoted))


@pytest.fixture(scope="module")
def queries(metadata) -> dict:
    return metadata["databases"][DB]["queries"]


@pytest.fixture(scope="module")
async def api_html(datasette) -> str:
    response = await datasette.client.get("/api")
    assert response.status_code == 200
    return response.text


def test_every_query_documents_parameters(queries):
    for name, query in queries.items():
        assert query.get("title"), name
        assert query.get("description"), name
        params = query.get("params") or []
        described = query.get("parameters") or {}
        assert list(described) == params, name
        assert set(params) == sql_parameters(query["sql"]), name
        for parameter, spec in described.items():
            assert PARAMETER_KEYS <= set(spec), f"{name}.{parameter}"
            assert spec["type"] in {"text", "integer"}, f"{name}.{parameter}"
            if spec["type"] == "integer":
                assert spec["default"] == "" or isinstance(spec["default"], int)
                assert isinstance(spec["example"], int), f"{name}.{parameter}"
                assert spec["minimum"] <= spec["example"] <= spec["maximum"]


def test_values_from_lists_example(queries, built_db):
    """Each example identifier exists in the table its parameter names as valid values."""
    connection = sqlite3.connect(built_db)
    for name, query in queries.items():
        for parameter, spec in (query.get("parameters") or {}).items():
            if "values_from" not in spec:
                continue
            table, column = spec["values_from"].split(".")
            found = connection.execute(
                f"select count(*) from [{table}] where [{column}] = ?", [spec["example"]]
            ).fetchone()[0]
            assert found == 1, f"{name}.{parameter}: {spec['example']!r} not in {table}"
    connection.close()


def test_api_page_lists_every_query_and_table(api_html, queries):
    for name in queries:
        assert f'id="query-{name}"' in api_html, name
        assert f"/{DB}/{name}.json?" in api_html or f"/{DB}/{name}.json\"" in api_html, name
    for table in ["recommendations", "responses", "recommendation_status", "inquiry_summary"]:
        assert f"/{DB}/{table}.json?_shape=array" in api_html, table
    for option in ["_shape", "_size", "_next", "_nl", "_stream"]:
        assert f"<code>{option}</code>" in api_html, option


def links_ending(html: str, suffix_pattern: str) -> list[str]:
    return [href for href in page_links(html)
            if re.search(suffix_pattern, urlsplit(href).path)]


async def test_query_json_links_return_arrays(datasette, api_html, queries):
    """Each saved query's example JSON link returns 200 and a non-empty array of objects."""
    links = [href for href in links_ending(api_html, r"\.json$")
             if urlsplit(href).path.split("/")[2].removesuffix(".json") in queries]
    assert {urlsplit(href).path.split("/")[2].removesuffix(".json") for href in links} \
        == set(queries)
    for href in links:
        response = await datasette.client.get(href)
        assert response.status_code == 200, href
        rows = response.json()
        assert isinstance(rows, list), href
        assert rows, f"{href} returned no rows"
        assert all(isinstance(row, dict) and row.keys() == rows[0].keys() for row in rows)


async def test_query_csv_links_match_json(datasette, api_html, queries):
    links = [href for href in links_ending(api_html, r"\.csv$")
             if urlsplit(href).path.split("/")[2].removesuffix(".csv") in queries]
    assert len(links) == len(queries)
    for href in links:
        response = await datasette.client.get(href)
        assert response.status_code == 200, href
        table = list(csv.reader(io.StringIO(response.text)))
        json_href = href.replace(".csv", ".json", 1)
        json_href += ("&" if "?" in json_href else "?") + "_shape=array"
        rows = (await datasette.client.get(json_href)).json()
        assert table[0] == list(rows[0]), href
        assert len(table) - 1 == len(rows), href


async def test_table_links_return_rows(datasette, api_html):
    json_links = [href for href in links_ending(api_html, r"\.json$")
                  if "_shape=array" in href and "_nl" not in href]
    csv_links = links_ending(api_html, r"\.csv$")
    assert len(json_links) > 10
    for href in json_links:
        response = await datasette.client.get(href)
        assert response.status_code == 200, href
        assert isinstance(response.json(), list), href
    for href in csv_links:
        response = await datasette.client.get(href)
        assert response.status_code == 200, href
        assert response.text.count("\n") >= 1, href


async def test_query_page_links_load(datasette, api_html, queries):
    pages = [href for href in page_links(api_html)
             if urlsplit(href).path.split("/")[-1] in queries
             and urlsplit(href).path.startswith(f"/{DB}/")]
    assert {urlsplit(href).path.split("/")[-1] for href in pages} == set(queries)
    for href in pages:
        response = await datasette.client.get(href)
        assert response.status_code == 200, href


async def test_empty_parameters_never_error(datasette, queries):
    for name, query in queries.items():
        arguments = {parameter: "" for parameter in query.get("params") or []}
        response = await datasette.client.get(f"/{DB}/{name}.json",
                                              params={**arguments, "_shape": "objects"})
        assert response.status_code == 200, name
        assert response.json()["ok"] is True, name


async def test_missing_parameters_never_error(datasette, queries):
    for name in queries:
        response = await datasette.client.get(f"/{DB}/{name}.json")
        assert response.status_code == 200, name


async def test_empty_means_default(datasette, queries):
    """A parameter left empty gives the same rows as its documented default."""
    checked = 0
    for name, query in queries.items():
        for parameter, spec in (query.get("parameters") or {}).items():
            if spec["default"] == "":
                continue
            path = f"/{DB}/{name}.json"
            empty = await datasette.client.get(path, params={parameter: "", "_shape": "array"})
            default = await datasette.client.get(
                path, params={parameter: str(spec["default"]), "_shape": "array"})
            assert empty.json() == default.json(), f"{name}.{parameter}"
            assert empty.json(), f"{name}.{parameter}"
            checked += 1
    assert checked


async def test_empty_filters_return_rows(datasette, queries):
    """An empty filter parameter means every inquiry or organisation, not no rows."""
    for name, query in queries.items():
        if name == "search":
            continue
        arguments = {parameter: "" for parameter in query.get("params") or []}
        response = await datasette.client.get(f"/{DB}/{name}.json",
                                              params={**arguments, "_shape": "array"})
        assert response.json(), name


def integer_parameters(queries) -> list[tuple[str, str, dict]]:
    return [(name, parameter, spec) for name, query in queries.items()
            for parameter, spec in (query.get("parameters") or {}).items()
            if spec["type"] == "integer"]


async def test_invalid_integers_rejected(datasette, queries):
    parameters = integer_parameters(queries)
    assert parameters
    for name, parameter, spec in parameters:
        for value in ["abc", "1.5", "12abc", str(spec["minimum"] - 1), str(spec["maximum"] + 1)]:
            response = await datasette.client.get(f"/{DB}/{name}.json",
                                                  params={parameter: value})
            assert response.status_code == 400, f"{name}?{parameter}={value}"
            body = response.json()
            assert body["ok"] is False
            assert parameter in body["error"]
            assert repr(value) in body["error"]
        page = await datasette.client.get(f"/{DB}/{name}", params={parameter: "abc"})
        assert page.status_code == 400
        assert "Invalid value for" in page.text
        csv_response = await datasette.client.get(f"/{DB}/{name}.csv", params={parameter: "x"})
        assert csv_response.status_code == 400


async def test_valid_integers_accepted(datasette, queries):
    for name, parameter, spec in integer_parameters(queries):
        for value in [spec["minimum"], spec["maximum"], spec["example"], f" {spec['example']} "]:
            response = await datasette.client.get(f"/{DB}/{name}.json",
                                                  params={parameter: str(value)})
            assert response.status_code == 200, f"{name}?{parameter}={value!r}"


async def test_shape_options(datasette):
    objects = (await datasette.client.get(f"/{DB}/inquiries.json?_shape=objects")).json()
    assert isinstance(objects["rows"][0], dict)
    assert "columns" in objects
    arrays = (await datasette.client.get(f"/{DB}/inquiries.json")).json()
    assert isinstance(arrays["rows"][0], list)
    keyed = (await datasette.client.get(f"/{DB}/inquiries.json?_shape=object")).json()
    assert set(keyed) == {row[0] for row in arrays["rows"]}


async def test_size_and_next_page_through_a_table(datasette, built_db):
    total = sqlite3.connect(built_db).execute("select count(*) from recommendations").fetchone()[0]
    seen = []
    path = f"/{DB}/recommendations.json?_shape=objects&_size=40"
    while path:
        page = (await datasette.client.get(path)).json()
        assert len(page["rows"]) <= 40
        seen += [row["recommendation_id"] for row in page["rows"]]
        path = page["next"] and f"/{DB}/recommendations.json?_shape=objects&_size=40&_next={page['next']}"
    assert len(seen) == total
    assert len(set(seen)) == total


async def test_array_shape_links_next_page(datasette):
    response = await datasette.client.get(f"/{DB}/recommendations.json?_shape=array&_size=5")
    assert len(response.json()) == 5
    assert 'rel="next"' in response.headers["link"]
    assert "_next=" in response.headers["link"]


async def test_newline_delimited_json(datasette, built_db):
    total = sqlite3.connect(built_db).execute("select count(*) from reports").fetchone()[0]
    response = await datasette.client.get(f"/{DB}/reports.json?_shape=array&_nl=on&_size=max")
    lines = response.text.splitlines()
    assert len(lines) == total
    assert all(json.loads(line)["report_id"] for line in lines)


async def test_csv_stream_returns_every_row(datasette, built_db):
    total = sqlite3.connect(built_db).execute(
        "select count(*) from recommendation_status").fetchone()[0]
    response = await datasette.client.get(f"/{DB}/recommendation_status.csv?_stream=on&_size=10")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert len(rows) - 1 == total


async def test_query_page_documents_api(datasette, queries):
    for name, query in queries.items():
        response = await datasette.client.get(f"/{DB}/{name}")
        assert response.status_code == 200, name
        assert "Use this query elsewhere" in response.text, name
        assert "&lt;iframe src=" in response.text, name
        for parameter in query.get("params") or []:
            assert f"<code>{parameter}</code>" in response.text, f"{name}.{parameter}"


async def test_query_page_links_keep_current_values(datasette):
    response = await datasette.client.get(f"/{DB}/no_published_response?inquiry=grenfell")
    json_links = [href for href in page_links(response.text)
                  if urlsplit(href).path == f"/{DB}/no_published_response.json"]
    assert json_links
    assert ("inquiry", "grenfell") in parse_qsl(urlsplit(json_links[0]).query)


def test_json_cors_header(server):
    response = httpx.get(f"{server}/{DB}/positions_by_inquiry.json?_shape=array", timeout=30)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    table = httpx.get(f"{server}/{DB}/inquiries.json", timeout=30)
    assert table.headers["access-control-allow-origin"] == "*"
    rejected = httpx.get(f"{server}/{DB}/no_response_after_months.json?months=x", timeout=30)
    assert rejected.status_code == 400
    assert rejected.headers["access-control-allow-origin"] == "*"


async def test_search_facets_only_when_named(datasette):
    path = "/inquiries/recommendations.json"
    plain = await datasette.client.get(path, params={"_search": "fire doors"})
    named = await datasette.client.get(path, params={"_search": "fire doors",
                                                     "_facet": "report_id"})
    assert plain.status_code == named.status_code == 200
    assert plain.json()["facet_results"] == {}
    assert list(named.json()["facet_results"]) == ["report_id"]
    assert named.json()["rows"]
