"""Serve /embed: one table or canned query as a small, self-contained page for an iframe.

    /embed?src=/inquiries/no_published_response%3Finquiry%3Diicsa

`src` is the address of a table, view or canned query page of this site, with
its query string percent-encoded. The page shows the first rows as escaped
text (and the query's chart, where it has one), with a link to the full page,
the data version and the licence.

Only tables, views and canned queries of our own database are accepted. An
address on another host is rejected, and so is arbitrary SQL (`?sql=`),
which would let anyone put words of their choosing under this site's name.
The rows come through Datasette's internal client, so no request leaves the
process. Anything else gets a 400 page saying what to fix.

This route alone may be framed by other sites: its Content-Security-Policy
sets `frame-ancestors *` and it sends no X-Frame-Options. The same policy
allows no scripts, and no styles except the page's own, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from datasette import hookimpl
from datasette.filters import Filters
from datasette.utils.asgi import Response
from markupsafe import Markup

DATABASE = "inquiries"
EMBED_ROWS = 100
MAX_SRC_LENGTH = 2000
NAME = re.compile(r"^[A-Za-z0-9_]+$")
# Table options an embed may carry. Others either change the format (_shape,
# _size) or accept SQL (_where), which an embed must not.
TABLE_OPTIONS = {"_sort", "_sort_desc", "_search", "_col", "_nocol"}
# Datasette's filter operators, as in ?published_on__gte=2020-01-01.
FILTER_OPERATORS = {key for key, _, _ in Filters([]).lookups()}
PAGE_FOR_COLUMN = {"recommendation_id": "recommendation", "report_id": "report",
                   "inquiry_id": "inquiry"}

EMBED_CSS = """
body { margin: 0; padding: 0.75rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, Arial, sans-serif; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.1rem; margin: 0 0 0.25rem; }
p { margin: 0.25rem 0; }
.arguments, .meta, footer { color: #505a5f; }
.scroll { overflow-x: auto; margin: 0.5rem 0; }
table { border-collapse: collapse; width: max-content; min-width: 100%; }
th, td { padding: 0.25rem 0.4rem; border-bottom: 1px solid #b1b4b6; text-align: left;
  vertical-align: top; }
th { white-space: nowrap; }
td { max-width: 20rem; }
figure { margin: 0.5rem 0; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #1d4f91; }
summary { cursor: pointer; margin: 0.5rem 0; }
footer { margin-top: 0.5rem; padding-top: 0.4rem; border-top: 1px solid #b1b4b6;
  font-size: 0.85rem; }
.error { border-left: 4px solid #b35900; background: #fff4e5; padding: 0.5rem 0.75rem; }
code { overflow-wrap: anywhere; }
"""
STYLE_HASH = "sha256-" + base64.b64encode(
    hashlib.sha256(EMBED_CSS.encode("utf-8")).digest()).decode("ascii")
HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src '{STYLE_HASH}'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors *"
    ),
    "X-Content-Type-Options": "nosniff",
}


class EmbedError(Exception):
    """Error for a request that cannot be embedded, with the reason and what to give instead."""


def with_query_string(path: str, arguments: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(arguments)}" if arguments else path


async def resolve_source(datasette, request) -> dict:
    """Check `src` and return what it names: kind, name, arguments and, for a query, its metadata.

    Raises EmbedError for anything but a table, view or canned query of our database.
    """
    src = request.args.get("src", "")
    example = "/embed?src=" + quote("/inquiries/no_published_response?inquiry=iicsa", safe="/")
    others = [key for key in request.args.keys() if key != "src"]
    if others:
        raise EmbedError(
            f"Unexpected parameter {others[0]!r} beside src. Put the page's own parameters "
            f"inside src, percent-encoded, for example {example}")
    if not src:
        raise EmbedError(f"Missing src: give the address of a table or saved query of this "
                         f"site, for example {example}")
    if len(src) > MAX_SRC_LENGTH:
        raise EmbedError(f"src is too long: {len(src):,} characters, and the limit is "
                         f"{MAX_SRC_LENGTH:,}.")
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not src.startswith("/") or "\\" in src:
        raise EmbedError(f"Invalid src {src!r}: give a path on this site starting with "
                         f"/{DATABASE}/, not a full address.")
    segments = unquote(parts.path).split("/")
    if len(segments) != 3 or segments[1] != DATABASE or not segments[2]:
        raise EmbedError(f"Invalid src {src!r}: give the address of one table or saved "
                         f"query, such as /{DATABASE}/recommendations.")
    name = segments[2]
    if "." in name:
        raise EmbedError(f"Invalid src {src!r}: give the page's address without a format "
                         f"extension such as .json.")
    arguments = parse_qsl(parts.query, keep_blank_values=True)
    queries = await datasette.get_canned_queries(DATABASE, request.actor)
    if NAME.match(name) and name in queries:
        return check_query_arguments(name, queries[name], arguments)
    db = datasette.get_database(DATABASE)
    tables = set(await db.table_names()) | set(await db.view_names())
    if NAME.match(name) and name in tables - set(await db.hidden_table_names()):
        return check_table_arguments(name, arguments, await db.table_columns(name))
    raise EmbedError(f"Not found: {name!r} is not a table or saved query of this site. "
                     f"The API page lists them.")


def check_query_arguments(name: str, query: dict, arguments: list[tuple[str, str]]) -> dict:
    accepted = set(query.get("params") or [])
    for key, _ in arguments:
        if key not in accepted:
            listed = ", ".join(sorted(accepted)) or "none"
            raise EmbedError(f"The saved query {name} has no parameter {key!r}. "
                             f"It accepts: {listed}.")
    return {"kind": "query", "name": name, "arguments": arguments, "query": query}


def check_table_arguments(name: str, arguments: list[tuple[str, str]],
                          columns: list[str]) -> dict:
    """Accept column filters and TABLE_OPTIONS only, or raise EmbedError.

    Datasette ignores a filter on a column it does not have, so an embed with a
    misspelt filter would show every row as if filtered. It is rejected instead.
    """
    for key, _ in arguments:
        if key == "sql" or (key.startswith("_") and key not in TABLE_OPTIONS):
            listed = ", ".join(sorted(TABLE_OPTIONS))
            raise EmbedError(f"{key!r} cannot be embedded. A table embed takes column "
                             f"filters (such as inquiry_id=iicsa) and {listed}.")
        if key.startswith("_"):
            continue
        column, _, operator = key.partition("__")
        if column not in columns:
            raise EmbedError(f"Invalid filter {key!r}: {name} has no column {column!r}. "
                             f"Its columns are: {', '.join(columns)}.")
        if operator and operator not in FILTER_OPERATORS:
            raise EmbedError(f"Invalid filter {key!r}: {operator!r} is not a filter "
                             f"operator. Use one of: {', '.join(sorted(FILTER_OPERATORS))}.")
    return {"kind": "table", "name": name, "arguments": arguments, "query": None}


async def fetch_rows(datasette, source: dict) -> dict:
    """Fetch the source's JSON through the internal client.

    Raises EmbedError with Datasette's message when Datasette returns an error.
    """
    if source["kind"] == "query":
        path = datasette.urls.query(DATABASE, source["name"], format="json")
        arguments = list(source["arguments"])
    else:
        path = datasette.urls.table(DATABASE, source["name"], format="json")
        arguments = [*source["arguments"], ("_size", str(EMBED_ROWS)), ("_nofacet", "1"),
                     ("_nosuggest", "1")]
    response = await datasette.client.get(with_query_string(path, arguments))
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code != 200 or data.get("ok") is False or "rows" not in data:
        problem = data.get("error") or f"HTTP {response.status_code}"
        raise EmbedError(f"The data could not be read: {problem}")
    rows = data["rows"]
    return {
        "columns": data["columns"],
        "rows": rows[:EMBED_ROWS],
        "total": data.get("filtered_table_rows_count"),
        "more": bool(data.get("next")) or data.get("truncated") or len(rows) > EMBED_ROWS,
    }


def render_cell(datasette, column: str, value) -> dict:
    """Return a cell's text, whether it is a number, and a link to its reader page if any."""
    cell = {"text": "" if value is None else str(value),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "href": None}
    if column in PAGE_FOR_COLUMN and isinstance(value, str) and value:
        cell["href"] = datasette.urls.path(f"/{PAGE_FOR_COLUMN[column]}/{quote(value, safe='')}")
    return cell


async def render_embed(datasette, request, template: str, context: dict,
                       status: int = 200) -> Response:
    html = await datasette.render_template(
        template, {**context, "embed_css": Markup(EMBED_CSS)}, request=request)
    return Response.html(html, status=status, headers=dict(HEADERS))


async def embed_page(datasette, request) -> Response:
    try:
        source = await resolve_source(datasette, request)
        data = await fetch_rows(datasette, source)
    except EmbedError as error:
        return await render_embed(datasette, request, "embed_error.html",
                                  {"message": str(error)}, status=400)
    page_path = (datasette.urls.query(DATABASE, source["name"]) if source["kind"] == "query"
                 else datasette.urls.table(DATABASE, source["name"]))
    query = source["query"] or {}
    rows = [[render_cell(datasette, column, value) for column, value in zip(data["columns"], row)]
            for row in data["rows"]]
    context = {
        "title": query.get("title") or source["name"],
        "source": source,
        "chart": query.get("chart"),
        "columns": data["columns"],
        "raw_rows": data["rows"],
        "rows": rows,
        "total": data["total"],
        "more": data["more"],
        "full_url": datasette.absolute_url(
            request, with_query_string(page_path, source["arguments"])),
    }
    return await render_embed(datasette, request, "embed.html", context)


def iframe_snippet(datasette, request, src: str, title: str) -> str:
    """Return the <iframe> element that embeds `src`, with an absolute address, as text."""
    url = datasette.absolute_url(request, datasette.urls.path("/embed?src=" + quote(src, safe="/")))
    return (f'<iframe src="{Markup.escape(url)}" title="{Markup.escape(title)}" '
            'width="100%" height="480" loading="lazy" style="border: 1px solid #b1b4b6">'
            '</iframe>')


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.globals["iframe_snippet"] = (
        lambda request, src, title: iframe_snippet(datasette, request, src, title))


@hookimpl
def register_routes():
    return [(r"^/embed$", embed_page)]
