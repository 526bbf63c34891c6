"""Link identifiers in SQL and canned query results to the pages people read.

Search results then lead to /recommendation/<id>. Table views are left to
Datasette, which already links their keys to its own row pages.
"""

from datasette import hookimpl
from markupsafe import Markup

DATABASE = "inquiries"
PAGE_FOR_COLUMN = {
    "recommendation_id": "recommendation",
    "report_id": "report",
    "inquiry_id": "inquiry",
}


@hookimpl
def render_cell(value, column, table, database, datasette):
    # Datasette passes table=None for query results.
    if table is not None or database != DATABASE or column not in PAGE_FOR_COLUMN:
        return None
    if not isinstance(value, str) or not value:
        return None
    href = datasette.urls.path(f"/{PAGE_FOR_COLUMN[column]}/{value}")
    return Markup('<a href="{}">{}</a>').format(href, value)
