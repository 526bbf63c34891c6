"""Respond with status 400 and a plain message to requests whose own parameters are wrong.

Datasette 0.65.5 fails with status 500 on some parameters it cannot read, and
shows SQLite's own words for a full-text search it cannot parse. Two hooks fix
that:

- asgi_wrapper checks the parameters that Datasette parses without catching
  errors (JSON in `_facet`, `_through` and `__in`, and `_next` on a view) and
  responds with 400 before Datasette reads the request. It responds with 405 to
  any method but GET, HEAD and OPTIONS: the site is read-only, and Datasette fails
  with an AssertionError (500) on a POST to a table or a read-only canned query.
  A writable canned query, if one is ever added, needs its POST let through here.
- handle_exception rewords the DatasetteErrors that a request causes: a `_sort`
  column that does not exist (raised with status 500) and searches FTS5 cannot
  parse (`fts5: syntax error near ""` for a search of only quotes or spaces, and
  any syntax error with `_searchmode=raw`). It changes
  the exception in place and returns None. Datasette calls every
  handle_exception hook before it awaits their responses, so the page that
  plugins/error_pages.py renders, or Datasette's JSON error, shows the new
  status and message.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, unquote

from datasette import hookimpl
from datasette.utils.asgi import Request, Response
from datasette.views.base import DatasetteError

# Messages of DatasetteErrors that Datasette raises with its default status 500
# although the request's parameters cause them (datasette/views/table.py).
PARAMETER_ERRORS = (
    "Cannot sort table by ",
    "Cannot use _sort and _sort_desc at the same time",
)
SEARCH_PARAMETER = re.compile(r"^_search(_.+)?$")
# Error messages with which FTS5 rejects a search it cannot parse. A NUL character
# ends the query string early, and FTS5 reports that as an unterminated string.
SEARCH_SYNTAX_ERRORS = ("fts5: ", "unterminated string")
# /<database>/<table or view>, with an optional format extension.
TABLE_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<table>[^/]+?)(?:\.(?:json|csv|atom))?$")
INTEGER = re.compile(r"^[0-9]+$")
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def json_problem(key: str, value: str) -> str | None:
    """Check the parameters whose JSON Datasette parses without catching errors."""
    if key.startswith("_facet") and value.startswith("{"):
        try:
            config = json.loads(value)
        except ValueError:
            config = None
        if not isinstance(config, dict) or not isinstance(config.get("simple"), str):
            return (f"Invalid {key}: {value!r}. Give a column name, or a JSON object such "
                    'as {"simple": "kind"}.')
    if key == "_through":
        try:
            through = json.loads(value)
        except ValueError:
            through = None
        if not isinstance(through, dict) or not all(
                isinstance(through.get(name), str) for name in ("table", "column", "value")):
            return (f"Invalid _through: {value!r}. Give a JSON object with table, column "
                    'and value, such as {"table": "recommendation_addressees", '
                    '"column": "organisation_id", "value": "home-office"}.')
    if key.endswith("__in") and value.startswith("["):
        try:
            values = json.loads(value)
        except ValueError:
            values = None
        if not isinstance(values, list):
            return (f"Invalid {key}: {value!r} starts with [ but is not a JSON list. Give "
                    'a JSON list such as ["a", "b"], or values separated by commas.')
    return None


async def next_problem(datasette, path: str, value: str) -> str | None:
    """On a view, Datasette reads `_next` as a row offset with int(), uncaught."""
    if INTEGER.match(value):
        return None
    match = TABLE_PATH.match(path)
    if not match:
        return None
    database = datasette.databases.get(unquote(match["database"]))
    if database is None or unquote(match["table"]) not in await database.view_names():
        return None
    return (f"Invalid _next: {value!r}. On a view, _next is the number of rows to skip; "
            "follow the page's own link to the next page.")


async def parameter_problem(datasette, scope) -> str | None:
    query = scope.get("query_string", b"").decode("latin-1")
    for key, value in parse_qsl(query, keep_blank_values=True):
        problem = json_problem(key, value)
        if problem is None and key == "_next":
            problem = await next_problem(datasette, scope.get("path", ""), value)
        if problem:
            return problem
    return None


async def error_response(datasette, scope, receive, status: int, title: str,
                         message: str) -> Response:
    """Render an error the way Datasette and plugins/error_pages.py render errors."""
    context = {"ok": False, "error": message, "status": status, "title": title}
    headers = {"Allow": ", ".join(READ_METHODS)} if status == 405 else {}
    if scope.get("path", "").endswith(".json"):
        return Response.json(context, status=status, headers=headers)
    # Datasette runs its startup, and its CSRF middleware adds the token that
    # render_template reads, inside this wrapper. An error page has no form.
    await datasette.invoke_startup()
    request = Request({**scope, "csrftoken": lambda: ""}, receive)
    html = await datasette.render_template([f"{status}.html", "error.html"], context,
                                           request=request)
    return Response.html(html, status=status, headers=headers)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def check_request(scope, receive, send):
            if scope["type"] == "http":
                response = None
                if scope.get("method", "GET") not in READ_METHODS:
                    response = await error_response(
                        datasette, scope, receive, 405, "Method not allowed",
                        f"This site is read-only: it answers {', '.join(READ_METHODS)}, "
                        f"not {scope.get('method')}.")
                elif problem := await parameter_problem(datasette, scope):
                    response = await error_response(datasette, scope, receive, 400,
                                                    "Invalid parameter", problem)
                if response is not None:
                    await response.asgi_send(send)
                    return
            await app(scope, receive, send)

        return check_request

    return wrap


def search_terms(request) -> str | None:
    for key in request.args.keys():
        if SEARCH_PARAMETER.match(key):
            return request.args.get(key)
    return None


def describe_search_error(terms: str, raw: bool) -> str:
    if "\x00" in terms:
        return (f"The search {terms!r} contains a NUL character (%00 in the address), "
                "which full-text search cannot read. Remove it.")
    if raw:
        return (f"The search {terms!r} is not valid full-text search syntax. With "
                "_searchmode=raw, quotes, AND, OR, NOT, NEAR, * and column: are operators. "
                "Remove _searchmode=raw from the address to search for the words as typed.")
    return (f"The search {terms!r} has no words to search for. Type one or more words, "
            "or clear the search to see every row.")


@hookimpl
def handle_exception(datasette, request, exception):
    if not isinstance(exception, DatasetteError):
        return None
    if exception.status == 500 and str(exception.message).startswith(PARAMETER_ERRORS):
        exception.status = 400
        exception.title = "Invalid parameter"
        return None
    terms = search_terms(request)
    raw = request.args.get("_searchmode") == "raw"
    # In raw mode FTS5 also reports a column filter it cannot match ("no such
    # column: doors" for fire-doors) and a bare * ("unknown special query"). Any
    # invalid-SQL error then comes from the search, unless _where adds SQL too.
    from_raw_search = raw and "_where" not in request.args and exception.title == "Invalid SQL"
    if (terms is not None and exception.status == 400
            and (from_raw_search or str(exception.message).startswith(SEARCH_SYNTAX_ERRORS))):
        exception.title = "Invalid search"
        exception.message = describe_search_error(terms, raw)
        exception.message_is_html = False
    return None
