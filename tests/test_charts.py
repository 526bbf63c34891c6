"""Server-drawn SVG charts: every number drawn matches the canned query's rows."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ElementTree
from collections import defaultdict

import pytest

from conftest import load_plugin

DB = "inquiries"
SVG = "{http://www.w3.org/2000/svg}"


charts = load_plugin("charts")


@pytest.fixture(scope="module")
def charted(metadata) -> dict[str, dict]:
    queries = metadata["databases"][DB]["queries"]
    found = {name: query for name, query in queries.items() if query.get("chart")}
    assert {"positions_by_inquiry", "days_to_first_response_distribution"} <= set(found)
    return found


def first_svg(html: str) -> ElementTree.Element:
    match = re.search(r'<svg class="query-chart".*?</svg>', html, re.S)
    assert match, "no chart in the page"
    return ElementTree.fromstring(match.group(0))


def drawn_values(svg: ElementTree.Element) -> dict[tuple[str, str], float]:
    return {(rect.get("data-category"), rect.get("data-series")): float(rect.get("data-value"))
            for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "chart-bar"}


def expected_values(chart: dict, rows: list[dict]) -> dict[tuple[str, str], float]:
    values = defaultdict(float)
    for row in rows:
        series = str(row[chart["series"]]) if chart["type"] == "stacked_bar" else ""
        values[(str(row[chart["category"]]), series)] += row[chart["value"]] or 0
    return {key: value for key, value in values.items() if value}


async def rows_of(datasette, name: str, **params) -> list[dict]:
    response = await datasette.client.get(f"/{DB}/{name}.json",
                                          params={**params, "_shape": "array"})
    assert response.status_code == 200
    return response.json()


def test_chart_columns_exist(charted, built_db):
    connection = sqlite3.connect(built_db)
    for name, query in charted.items():
        params = {parameter: "" for parameter in query.get("params") or []}
        cursor = connection.execute(query["sql"], params)
        columns = [description[0] for description in cursor.description]
        for key in ("category", "value", "series"):
            if key in query["chart"]:
                assert query["chart"][key] in columns, f"{name}: {key}"
        assert query["chart"]["type"] in {"bar", "stacked_bar"}
        assert query["chart"].get("caption"), name


@pytest.mark.parametrize("path_format", ["/{db}/{name}", "/embed?src=/{db}/{name}"])
async def test_svg_numbers_match_query(datasette, charted, path_format):
    for name, query in charted.items():
        rows = await rows_of(datasette, name)
        response = await datasette.client.get(path_format.format(db=DB, name=name))
        assert response.status_code == 200, name
        svg = first_svg(response.text)
        assert drawn_values(svg) == expected_values(query["chart"], rows), name


async def test_bar_lengths_proportional(datasette, charted):
    for name, query in charted.items():
        rows = await rows_of(datasette, name)
        svg = first_svg((await datasette.client.get(f"/{DB}/{name}")).text)
        totals = defaultdict(float)
        for (category, _), value in expected_values(query["chart"], rows).items():
            totals[category] += value
        scale = max(totals.values())
        offsets = defaultdict(float)
        for rect in svg.iter(f"{SVG}rect"):
            if rect.get("class") != "chart-bar":
                continue
            value = float(rect.get("data-value"))
            category = rect.get("data-category")
            assert float(rect.get("width").rstrip("%")) == pytest.approx(100 * value / scale,
                                                                          abs=0.001)
            assert float(rect.get("x").rstrip("%")) == pytest.approx(
                100 * offsets[category] / scale, abs=0.001)
            offsets[category] += value


async def test_bar_labels_give_totals(datasette):
    rows = await rows_of(datasette, "days_to_first_response_distribution", bin_days="180")
    svg = first_svg((await datasette.client.get(
        f"/{DB}/days_to_first_response_distribution?bin_days=180")).text)
    labels = ["".join(text.itertext()) for text in svg.iter(f"{SVG}text")]
    assert labels == [f"{row['days_after_report']}: {row['recommendations']:,}" for row in rows]


def test_stacked_legend_lists_drawn_series_in_order():
    chart = {"type": "stacked_bar", "category": "c", "series": "s", "value": "v",
             "series_order": ["b", "a", "unused"]}
    rows = [{"c": "x", "s": "a", "v": 2}, {"c": "x", "s": "b", "v": 1},
            {"c": "y", "s": "z", "v": 4}]
    data = charts.chart_data(chart, ["c", "s", "v"], rows)
    assert data["series"] == ["b", "a", "z"]
    assert [segment["series"] for segment in data["bars"][0]["segments"]] == ["b", "a"]
    assert [bar["total"] for bar in data["bars"]] == [3, 4]


def test_chart_escapes_values():
    chart = {"type": "bar", "category": "c", "value": "v", "caption": "<b>caption</b>"}
    svg = str(charts.render_chart(chart, ["c", "v"], [("<script>alert(1)</script>", 3),
                                                       ('"quoted" & more', 1)]))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg
    ElementTree.fromstring(svg)


def test_no_chart_without_definition_or_rows():
    assert str(charts.render_chart(None, ["c"], [("a",)])) == ""
    chart = {"type": "bar", "category": "c", "value": "v"}
    assert str(charts.render_chart(chart, ["c", "v"], [])) == ""
    assert str(charts.render_chart(chart, ["other"], [("a",)])) == ""


async def test_queries_without_chart_draw_none(datasette, metadata):
    response = await datasette.client.get(f"/{DB}/overdue_against_deadline")
    assert "query-chart" not in response.text
    assert "chart" not in metadata["databases"][DB]["queries"]["overdue_against_deadline"]
