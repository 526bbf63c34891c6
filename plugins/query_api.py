"""Treat the canned queries as a typed, documented API: the /api page and parameter checks.

Datasette 0.65 reads a canned query's `params` as a plain list of names and
ignores keys it does not know, so each query in metadata.yml also carries a
`parameters` mapping that this plugin reads. Each entry gives:

    type         text or integer
    description  what the value selects
    default      the value the SQL uses when the parameter is empty or missing
    example      a value that returns rows, used in the example URLs
    minimum, maximum   bounds for an integer (optional)
    values_from  table.column listing the valid values (optional)

Datasette passes every value to SQL as text, so the SQL casts it and treats
'' as the default. Before Datasette runs a canned query, the ASGI wrapper here
rejects an integer parameter that is not a whole number within its bounds
with HTTP 400, instead of letting SQLite cast 'abc' to 0.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Request, Response

DATABASE = "inquiries"
INTEGER = re.compile(r"^-?[0-9]+$")
# A canned query's page or export, such as /inquiries/search.json.
QUERY_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<name>[A-Za-z0-9_]+)(?:\.(?P<format>\w+))?$")


def query_parameters(query: dict) -> list[dict]:
    """Return the query's parameters in `params` order, each with its name and description."""
    described = query.get("parameters") or {}
    return [{"name": name, **described.get(name, {})} for name in query.get("params") or []]


def example_arguments(query: dict) -> dict[str, str]:
    return {spec["name"]: str(spec.get("example", "")) for spec in query_parameters(query)}


def parameter_problem(spec: dict, value: str) -> str | None:
    """Return why `value` is invalid for the parameter, or None when it is valid."""
    if spec.get("type") != "integer" or value.strip() == "":
        return None
    minimum, maximum = spec.get("minimum"), spec.get("maximum")
    number = int(value) if INTEGER.match(value.strip()) else None
    if (number is None or (minimum is not None and number < minimum)
            or (maximum is not None and number > maximum)):
        bounds = ""
        if minimum is not None and maximum is not None:
            bounds = f" from {minimum} to {maximum}"
        default = spec.get("default", "")
        empty = f"leave it empty for the default ({default})" if default != "" else "leave it empty"
        return (f"Invalid value for {spec['name']}: {value!r}. Give a whole number{bounds}, "
                f"or {empty}.")
    return None


def with_query_string(path: str, arguments: dict[str, str]) -> str:
    return f"{path}?{urlencode(arguments)}" if arguments else path


def describe_query(datasette, name: str, query: dict) -> dict:
    """Return what the API page and a query page show for one canned query."""
    arguments = example_arguments(query)
    page = datasette.urls.query(DATABASE, name)
    json_arguments = {**arguments, "_shape": "array"}
    return {
        "name": name,
        "title": query.get("title") or name,
        "description": query.get("description") or "",
        "parameters": query_parameters(query),
        "chart": query.get("chart"),
        "page_url": with_query_string(page, arguments),
        "json_url": with_query_string(datasette.urls.query(DATABASE, name, format="json"),
                                      json_arguments),
        "csv_url": with_query_string(datasette.urls.query(DATABASE, name, format="csv"),
                                     arguments),
        "embed_src": with_query_string(page, arguments),
    }


def current_query_links(datasette, request, name: str, query: dict) -> dict:
    """Return the JSON, CSV and embed addresses of a canned query page with its current values."""
    arguments = {spec["name"]: request.args.get(spec["name"], "")
                 for spec in query_parameters(query)}
    filled = {key: value for key, value in arguments.items() if value != ""}
    page = datasette.urls.query(DATABASE, name)
    return {
        "parameters": query_parameters(query),
        "json_url": with_query_string(datasette.urls.query(DATABASE, name, format="json"),
                                      {**filled, "_shape": "array"}),
        "csv_url": with_query_string(datasette.urls.query(DATABASE, name, format="csv"),
                                     filled),
        "embed_src": with_query_string(page, filled),
    }


async def table_endpoints(datasette) -> list[dict]:
    """Return every table and view that Datasette lists, with its description and URLs."""
    db = datasette.get_database(DATABASE)
    hidden = set(await db.hidden_table_names())
    described = (datasette.metadata("tables", database=DATABASE) or {})
    endpoints = []
    for kind, names in (("table", await db.table_names()), ("view", await db.view_names())):
        for name in names:
            if name in hidden or name.startswith("sqlite_"):
                continue
            endpoints.append({
                "name": name,
                "kind": kind,
                "description": described.get(name, {}).get("description", ""),
                "page_url": datasette.urls.table(DATABASE, name),
                "json_url": datasette.urls.table(DATABASE, name, format="json")
                + "?_shape=array",
                "csv_url": datasette.urls.table(DATABASE, name, format="csv") + "?_size=max",
            })
    return endpoints


async def api_page(datasette, request) -> Response:
    queries = await datasette.get_canned_queries(DATABASE, request.actor)
    described = [describe_query(datasette, name, query) for name, query in queries.items()]
    context = {
        "queries": described,
        # The embed example on the page: the first query with a chart.
        "embed_example": next((query for query in described if query["chart"]),
                              described[0] if described else None),
        "example_json_url": datasette.absolute_url(
            request, described[0]["json_url"]) if described else "",
        "tables": await table_endpoints(datasette),
        "database": DATABASE,
        "cors": datasette.cors,
        "max_returned_rows": datasette.setting("max_returned_rows"),
        "default_page_size": datasette.setting("default_page_size"),
    }
    html = await datasette.render_template("api.html", context, request=request)
    return Response.html(html)


def find_invalid_parameter(datasette, scope) -> str | None:
    """Return the problem with a canned query request's integer parameters, if any."""
    match = QUERY_PATH.match(scope.get("path", ""))
    if not match or match["database"] != DATABASE:
        return None
    queries = datasette.metadata("queries", database=DATABASE) or {}
    query = queries.get(match["name"])
    if not isinstance(query, dict):
        return None
    arguments = parse_qs(scope.get("query_string", b"").decode("latin-1"),
                         keep_blank_values=True)
    for spec in query_parameters(query):
        # Datasette reads the first value when a parameter is repeated.
        value = arguments.get(spec["name"], [""])[0]
        problem = parameter_problem(spec, value)
        if problem:
            return problem
    return None


async def reject_parameter(datasette, scope, receive, send, problem: str) -> None:
    """Send HTTP 400 in the format the request asked for: JSON, plain text or an HTML page."""
    extension = QUERY_PATH.match(scope["path"])["format"]
    headers = {"Access-Control-Allow-Origin": "*"} if datasette.cors else {}
    if extension == "json":
        body = {"ok": False, "error": problem, "status": 400, "title": "Invalid parameter"}
        response = Response.json(body, status=400, headers=headers)
    elif extension:
        response = Response.text(problem, status=400, headers=headers)
    else:
        # render_template reads csrftoken from the scope, and Datasette's CSRF
        # middleware, which sets it, runs inside this wrapper. The error page
        # has no form, so an empty token is enough.
        request = Request({**scope, "csrftoken": lambda: ""}, receive)
        # On a server's first request, Datasette's startup has not run yet: it
        # runs inside this wrapper, and render_template raises without it.
        await datasette.invoke_startup()
        html = await datasette.render_template(
            ["400.html", "error.html"],
            {"ok": False, "error": problem, "status": 400, "title": "Invalid parameter"},
            request=request,
        )
        response = Response.html(html, status=400, headers=headers)
    await response.asgi_send(send)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def check_parameters(scope, receive, send):
            if scope["type"] == "http":
                problem = find_invalid_parameter(datasette, scope)
                if problem:
                    await reject_parameter(datasette, scope, receive, send, problem)
                    return
            await app(scope, receive, send)

        return check_parameters

    return wrap


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.globals["query_api_links"] = (
        lambda request, name, query: current_query_links(datasette, request, name, query))


@hookimpl
def register_routes():
    return [(r"^/api$", api_page)]
