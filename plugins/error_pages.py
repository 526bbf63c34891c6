"""Render HTML error pages with the same template variables as every other page.

Datasette 0.65's own error handler renders error.html without plugin template
variables, so its error pages would lack the data version and licence that the
footer shows everywhere else. JSON errors are left to Datasette.
"""

import logging

from datasette import hookimpl
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

log = logging.getLogger(__name__)


def describe(exception: Exception) -> tuple[int, str, str | None]:
    """Return the HTTP status, message and title for an exception."""
    if isinstance(exception, Base400):
        return exception.status, exception.args[0], None
    if isinstance(exception, DatasetteError):
        message = exception.message
        return (exception.status, Markup(message) if exception.message_is_html else message,
                exception.title)
    return 500, str(exception), None


@hookimpl
def handle_exception(datasette, request, exception):
    if request.path.endswith(".json"):
        return None

    async def inner():
        status, message, title = describe(exception)
        if status >= 500:
            log.error("error %d on %s", status, request.path, exc_info=exception)
        html = await datasette.render_template(
            [f"{status}.html", "error.html"],
            {"ok": False, "error": message, "status": status, "title": title},
            request=request,
        )
        return Response.html(html, status=status)

    return inner
