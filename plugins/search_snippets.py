"""Show search snippets with their matches highlighted, and nothing else as HTML.

The search query marks matches with <mark> and </mark> (FTS5's snippet()). The
snippet is escaped first, then only those exact markers are turned back into
elements, so text from the data can never become HTML.
"""

from datasette import hookimpl
from markupsafe import Markup, escape

COLUMN = "snippet"


def highlight(value: str) -> Markup:
    escaped = str(escape(value))
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


@hookimpl
def render_cell(value, column, table):
    if column == COLUMN and table is None and isinstance(value, str):
        return highlight(value)
    return None
