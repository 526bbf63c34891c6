"""Jinja filters for the reader pages: dates in words and highlighted phrases."""

from __future__ import annotations

import datetime

from datasette import hookimpl
from markupsafe import Markup, escape


def long_date(value: str | None) -> str:
    """Format an ISO date of day or month precision in words: '12 March 2020', 'March 2020'.

    Any other value is returned as it is, so a malformed date still shows.
    """
    if not value:
        return ""
    try:
        if len(value) == 7:
            return datetime.datetime.strptime(value, "%Y-%m").strftime("%B %Y")
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day.strftime('%B %Y')}"


def mark_phrase(text: str | None, phrase: str | None) -> Markup:
    """Escape `text` and wrap every exact occurrence of `phrase` in <mark>.

    The text is split on the raw phrase and each piece is escaped on its own, so
    nothing in the data becomes HTML and a mark never lands inside an entity.
    """
    text = text or ""
    if not phrase:
        return escape(text)
    marked = Markup("<mark>{}</mark>").format(phrase)
    return marked.join(text.split(phrase))


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["long_date"] = long_date
    env.filters["mark_phrase"] = mark_phrase
