"""Draw a canned query's chart as SVG on the server, so it reads without JavaScript.

A query opts in with a `chart` mapping in metadata.yml:

    type       bar (one bar per row) or stacked_bar (rows grouped by `category`)
    category   column whose values label the bars
    value      numeric column giving each bar's or segment's length
    series     stacked_bar only: column whose values become the segments
    series_order   stacked_bar only: segment order and colours (optional)
    caption    one sentence saying what is counted

Templates call `render_chart(chart, columns, rows)`. Written here because no
maintained plugin for Datasette 0.65 renders charts on the server:
datasette-vega 0.6.2, datasette-plot 0.1.0, datasette-chartjs 0.2.0 and
datasette-dashboards 0.8.0 all draw in the browser with JavaScript.

The SVG has no viewBox, so its text stays at 14 px at any width: bar lengths
are percentages of the SVG's width, and each label sits on its own line above
its bar. Colours and fonts are SVG attributes, so the drawing looks the same
inside Datasette's pages, in an embed and saved on its own.
"""

from __future__ import annotations

import logging
from itertools import count

from datasette import hookimpl
from markupsafe import Markup

log = logging.getLogger(__name__)

# Okabe and Ito's colour-blind-safe palette, with grey last (for "not stated").
# Green comes late so that early series, such as "not accepted" after the two kinds
# of acceptance, are not drawn in a colour many readers take to mean approval.
PALETTE = ["#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#767676"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT_COLOUR = "#1b1b1b"
FONT_SIZE = 14
ROW_HEIGHT = 44
BAR_HEIGHT = 16
LEGEND_ROW_HEIGHT = 22

_chart_ids = count(1)


def chart_data(chart: dict, columns: list[str], rows) -> dict:
    """Group rows into bars: [{category, total, segments: [{series, value}]}] and series names.

    Raises KeyError naming a column the chart needs and the rows lack.
    """
    for key in ("category", "value", "series"):
        if chart.get(key) and chart[key] not in columns:
            raise KeyError(f"chart {key} column {chart[key]!r} is not in {columns}")
    records = [row if isinstance(row, dict) else dict(zip(columns, row)) for row in rows]
    stacked = chart.get("type") == "stacked_bar"
    series_names = list(chart.get("series_order") or []) if stacked else []
    bars: dict[str, dict] = {}
    for record in records:
        category = str(record[chart["category"]])
        series = str(record[chart["series"]]) if stacked else ""
        value = record[chart["value"]] or 0
        if stacked and series not in series_names:
            series_names.append(series)
        bar = bars.setdefault(category, {"category": category, "values": {}})
        bar["values"][series] = bar["values"].get(series, 0) + value
    if stacked:
        present = {series for bar in bars.values() for series, value in bar["values"].items()
                   if value}
        series_names = [name for name in series_names if name in present]
    ordered = series_names if stacked else [""]
    result = []
    for bar in bars.values():
        segments = [{"series": name, "value": bar["values"][name]}
                    for name in ordered if bar["values"].get(name)]
        result.append({"category": bar["category"], "segments": segments,
                       "total": sum(bar["values"].values())})
    return {"bars": result, "series": series_names}


def _percent(value: float, scale: float) -> str:
    return f"{100 * value / scale:.3f}".rstrip("0").rstrip(".") + "%"


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _legend(series: list[str], colours: dict[str, str]) -> list[Markup]:
    parts = []
    for index, name in enumerate(series):
        y = index * LEGEND_ROW_HEIGHT
        parts.append(Markup(
            '<rect x="0" y="{}" width="14" height="14" fill="{}"></rect>'
            '<text x="22" y="{}">{}</text>'
        ).format(y + 2, colours[name], y + 14, name))
    return parts


def _bars(bars: list[dict], colours: dict[str, str], top: int, stacked: bool) -> list[Markup]:
    scale = max((bar["total"] for bar in bars), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = top + index * ROW_HEIGHT
        parts.append(Markup('<text x="0" y="{}">{}: <tspan font-weight="700">{}</tspan></text>')
                     .format(y + FONT_SIZE, bar["category"], _number(bar["total"])))
        offset = 0
        for segment in bar["segments"]:
            label = (f"{bar['category']}, {segment['series']}: {_number(segment['value'])}"
                     if stacked else f"{bar['category']}: {_number(segment['value'])}")
            parts.append(Markup(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="{}" '
                'data-category="{}" data-series="{}" data-value="{}"><title>{}</title></rect>'
            ).format(_percent(offset, scale), y + FONT_SIZE + 6,
                     _percent(segment["value"], scale), BAR_HEIGHT,
                     colours[segment["series"]], bar["category"], segment["series"],
                     segment["value"], label))
            offset += segment["value"]
    return parts


def render_chart(chart: dict | None, columns: list[str], rows) -> Markup:
    """Return the chart as an inline <svg>, or empty markup when there is nothing to draw."""
    if not chart or not rows:
        return Markup("")
    try:
        data = chart_data(chart, list(columns), rows)
    except KeyError as error:
        log.warning("chart not drawn: %s", error)
        return Markup("")
    stacked = chart.get("type") == "stacked_bar"
    colours = {name: PALETTE[index % len(PALETTE)]
               for index, name in enumerate(data["series"])}
    colours.setdefault("", PALETTE[0])
    legend = _legend(data["series"], colours) if stacked else []
    top = len(data["series"]) * LEGEND_ROW_HEIGHT + 12 if legend else 0
    height = top + len(data["bars"]) * ROW_HEIGHT
    chart_id = f"chart-{next(_chart_ids)}"
    caption = chart.get("caption", "")
    return Markup(
        '<svg class="query-chart" xmlns="http://www.w3.org/2000/svg" width="100%" height="{}" '
        'role="img" aria-labelledby="{}-title" font-family="{}" font-size="{}" fill="{}">'
        '<title id="{}-title">{}</title>{}{}</svg>'
    ).format(height, chart_id, FONT, FONT_SIZE, TEXT_COLOUR, chart_id, caption,
             Markup("").join(legend), Markup("").join(_bars(data["bars"], colours, top, stacked)))


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["render_chart"] = render_chart
