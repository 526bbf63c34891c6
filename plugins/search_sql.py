"""Run Datasette's full-text search SQL in equivalent forms that SQLite runs faster.

Datasette 0.65.5 turns `?_search=` on a table into the filter

    rowid in (select rowid from <fts> where <fts> match escape_fts(:search))

(`match :search` with `_searchmode=raw`) and puts it in the page's row, count and facet
queries. SQLite builds the list of matching rowids and then looks up every one of them in
the table, which is slow when a large share of the table matches. On 100,000 synthetic
recommendations (bench/serve_bench.py data, 2 cores) a two-word search matched 75,290
rows. Its count took 31 ms and its first page, sorted by primary key, 37 ms.

For immutable databases only, this plugin rewrites that SQL before it runs:

- The count of a table filtered by the search and nothing else becomes a count of the
  index's matches (3 ms on the same data). It is exact only while the index has one
  entry for each table row, with the same rowid, so the plugin checks that once per
  index (`read_indexed_table`) and leaves the count alone where it fails.
- Where more than DENSE_SHARE of the table matches, the filter becomes `+rowid in (...)`.
  The unary plus changes no value, but it stops SQLite from using the list to look rows
  up: SQLite then reads the table or an index in the query's sort order and
  checks each rowid against the list (the first page: 8 ms on the same data). Where
  fewer rows match, the lookups cost less than that pass and the SQL runs unchanged.

Both need the index's match count, which each request runs once and reuses.

Datasette 0.65.5 has no hook that changes the SQL of its table page's count, so
`startup` wraps the `execute` method of each immutable database.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import NamedTuple

from datasette import hookimpl
from datasette.utils import escape_sqlite

# The share of a table's rows above which the search filter gets the unary plus. On the
# 100,000-row benchmark data, a count or facet that read the whole table and checked
# each rowid took about 5 ms. That lost to the lookups at 2.5% of rows matching (under
# 1 ms) and won from about 20%. The sorted first page gained at both shares.
# NOTE: measured on synthetic data only. The best threshold depends on row width.
DENSE_SHARE = 0.1

# Datasette 0.65.5's filter for `?_search=` (datasette/filters.py, search_filters), with
# the default rowid key. The look-behind skips a filter that already has the plus.
SEARCH_FILTER = re.compile(
    r"(?<![\w+.\]])rowid in \(select rowid from (?P<fts>\w+|\[[^\]]+\]) "
    r"where (?P=fts) match (?P<match>escape_fts\(:search\)|:search)\)"
)
# The table page's count when the search is its only filter.
SEARCH_ONLY_COUNT = re.compile(
    r"select count\(\*\) from (?P<table>\w+|\[[^\]]+\]) where " + SEARCH_FILTER.pattern
)
# Results of the match counts run while serving the current request, by database, SQL and
# search text. The page's rows, count and facets each need the same count, so it runs
# once per request. Counts are never shared between requests.
request_match_counts: ContextVar[dict | None] = ContextVar("request_match_counts", default=None)

# The content table in an FTS5 table's CREATE statement: content="t", 't', [t] or t.
CONTENT_OPTION = re.compile(
    r"""\bcontent\s*=\s*(?:"(?P<double>[^"]+)"|'(?P<single>[^']+)'|\[(?P<bracket>[^\]]+)\]"""
    r"""|(?P<bare>\w+))""",
    re.IGNORECASE,
)


# A NamedTuple, not a dataclass: Datasette loads this file as a module missing from
# sys.modules, where a dataclass with string annotations fails to build.
class IndexedTable(NamedTuple):
    """The table an external-content FTS5 index was filled from."""

    name: str
    rows: int


def unquote_name(name: str) -> str:
    return name[1:-1] if name.startswith("[") else name


def content_table(create_sql: str) -> str | None:
    """Return the content table named in an FTS5 CREATE statement, or None."""
    if "fts5" not in create_sql.lower() or "content_rowid" in create_sql.lower():
        return None
    option = CONTENT_OPTION.search(create_sql)
    if option is None:
        return None
    return next(value for value in option.groupdict().values() if value)


def read_indexed_table(conn, fts: str) -> IndexedTable | None:
    """Return the FTS5 index's content table if the index has exactly one entry per row.

    FTS5 writes one row to <fts>_docsize for each row it indexes, keyed by the rowid,
    so equal row counts and no table rowid missing from it mean the two sets of rowids
    are equal. Returns None for any other kind of index.
    """
    row = conn.execute("select sql from sqlite_master where name = ? and type = 'table'",
                       [fts]).fetchone()
    table = content_table(row[0]) if row and row[0] else None
    if table is None:
        return None
    docsize = f"{fts}_docsize"
    tables_found = conn.execute("select count(*) from sqlite_master where type = 'table' "
                                "and name in (?, ?)", [table, docsize]).fetchone()[0]
    if tables_found != 2:
        return None
    rows = conn.execute(f"select count(*) from {escape_sqlite(table)}").fetchone()[0]
    entries = conn.execute(f"select count(*) from {escape_sqlite(docsize)}").fetchone()[0]
    missing = conn.execute(
        f"select exists (select 1 from {escape_sqlite(table)} "
        f"where rowid not in (select id from {escape_sqlite(docsize)}))"
    ).fetchone()[0]
    if rows != entries or missing:
        return None
    return IndexedTable(table, rows)


def wrap_execute(db) -> None:
    """Replace `db.execute` with one that rewrites Datasette's search SQL first."""
    execute = db.execute
    indexed_tables: dict[str, IndexedTable | None] = {}

    async def indexed_table(fts: str) -> IndexedTable | None:
        if fts not in indexed_tables:
            indexed_tables[fts] = await db.execute_fn(lambda conn: read_indexed_table(conn, fts))
        return indexed_tables[fts]

    async def count_matches(sql: str, params: dict, kwargs: dict):
        """Run the index's match count, or return its result from earlier in this request."""
        counts = request_match_counts.get()
        key = (db.name, sql, params["search"])
        if counts is not None and key in counts:
            return counts[key]
        # Only the time limit applies to this count, not the caller's row options.
        time_limit = {name: kwargs[name] for name in ("custom_time_limit",) if name in kwargs}
        results = await execute(sql, params, **time_limit)
        if counts is not None:
            counts[key] = results
        return results

    async def execute_search_sql(sql, params=None, *args, **kwargs):
        found = SEARCH_FILTER.search(sql)
        if found is None or not isinstance(params, dict) or "search" not in params:
            return await execute(sql, params, *args, **kwargs)
        fts = unquote_name(found["fts"])
        table = await indexed_table(fts)
        if table is None:
            return await execute(sql, params, *args, **kwargs)

        fts_sql = escape_sqlite(fts)
        match_count_sql = f"select count(*) from {fts_sql} where {fts_sql} match {found['match']}"
        match_count = await count_matches(match_count_sql, params, kwargs)
        count = SEARCH_ONLY_COUNT.fullmatch(sql.strip())
        if count and unquote_name(count["table"]) == table.name:
            return match_count

        if match_count.rows[0][0] > table.rows * DENSE_SHARE:
            sql = SEARCH_FILTER.sub(lambda filter_match: "+" + filter_match[0], sql)
        return await execute(sql, params, *args, **kwargs)

    db.execute = execute_search_sql


@hookimpl
def asgi_wrapper(datasette):
    """Give each request an empty store of match counts (`request_match_counts`)."""

    def wrap(app):
        async def with_match_counts(scope, receive, send):
            token = request_match_counts.set({})
            try:
                await app(scope, receive, send)
            finally:
                request_match_counts.reset(token)

        return with_match_counts

    return wrap


@hookimpl
def startup(datasette):
    for db in datasette.databases.values():
        if db.is_mutable or db.is_memory or getattr(db, "search_sql_wrapped", False):
            continue
        wrap_execute(db)
        db.search_sql_wrapped = True
