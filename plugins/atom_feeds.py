"""Render query results that have atom_id, atom_title and atom_updated columns as Atom.

Written here rather than taken from datasette-atom because its 0.9 release
(the latest) fails with HTTP 500 on a query that returns no rows: a feed for an
organisation with no entries yet must still be a valid, empty feed. Feed
generation itself is feedgen's.
"""

from __future__ import annotations

import datetime

from datasette import hookimpl
from datasette.utils.asgi import BadRequest, Response
from feedgen.feed import FeedGenerator

REQUIRED_COLUMNS = {"atom_id", "atom_title", "atom_updated"}


def _timestamp(value: str) -> datetime.datetime:
    stamp = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=datetime.timezone.utc)


async def _built_at(datasette, database: str) -> datetime.datetime:
    """Return when the database was built: the updated time of a feed with no entries."""
    try:
        rows = await datasette.get_database(database).execute(
            "select built_at from build_record")
        return _timestamp(rows.first()["built_at"])
    except Exception:  # a database without a build record
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


async def render_atom(datasette, request, database, query_name, columns, rows):
    # Datasette 0.65 calls a renderer for its extension whatever can_render
    # returns, so a table or query without the atom_* columns arrives here.
    missing = sorted(REQUIRED_COLUMNS - set(columns))
    if missing:
        raise BadRequest(f"This page has no Atom feed: its results lack the columns "
                         f"{', '.join(missing)}. The feeds are feed_evidence.atom and "
                         "feed_responses.atom.")

    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    title = query_name or "Query results"
    if query_name:
        queries = (datasette.metadata(database=database) or {}).get("queries", {})
        title = queries.get(query_name, {}).get("title", title)
    filters = [f"{key}={request.args.get(key)}" for key in request.args.keys()
               if not key.startswith("_") and request.args.get(key)]
    feed.title(f"{title} ({', '.join(filters)})" if filters else title)
    # Atom requires a feed author unless every entry has one, and evidence
    # entries may have no organisation.
    feed.author({"name": datasette.metadata("title") or "Datasette"})
    updated = [_timestamp(row["atom_updated"]) for row in rows]
    feed.updated(max(updated) if updated else await _built_at(datasette, database))
    # feedgen puts the last added entry first, so add the oldest first.
    for row, stamp in reversed(list(zip(rows, updated))):
        entry = feed.add_entry()
        entry.id(str(row["atom_id"]))
        entry.title(str(row["atom_title"]))
        entry.updated(stamp)
        if "atom_link" in columns and row["atom_link"]:
            entry.link(href=datasette.absolute_url(request, row["atom_link"]))
        if "atom_content" in columns and row["atom_content"]:
            entry.content(row["atom_content"], type="text")
        if "atom_author_name" in columns and row["atom_author_name"]:
            entry.author({"name": row["atom_author_name"]})
    return Response(feed.atom_str(pretty=True),
                    content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_output_renderer(datasette):
    return {
        "extension": "atom",
        "render": render_atom,
        "can_render": lambda columns: REQUIRED_COLUMNS.issubset(columns),
    }
