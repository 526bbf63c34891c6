"""Add security headers to every response that does not set them itself.

- X-Content-Type-Options: nosniff, so a browser never runs a CSV or JSON export
  as a page or a script.
- Referrer-Policy: strict-origin-when-cross-origin, so a link to a source sends
  other sites our origin but not the page's address and query.
- Content-Security-Policy on HTML: every script, stylesheet, image, font and
  fetch must come from this site, no plugin content loads, forms submit only
  here, and only this site may frame the page (X-Frame-Options: SAMEORIGIN for
  browsers without frame-ancestors).

The pages people read (READER_PAGES, laid out by templates/reader_base.html)
get a policy with no inline script or style at all. Datasette's own table, query and
row pages use inline <script> and style attributes in its templates (0.65.5),
so their policy allows inline script and style and nothing from other sites.
Responses that are not HTML get `default-src 'none'`.

A response that sets its own Content-Security-Policy or X-Frame-Options keeps
both, and gets neither from here: /embed sets `frame-ancestors *` so that other
sites can frame it.
"""

from __future__ import annotations

import re

from datasette import hookimpl

READER_PAGES = re.compile(
    r"^/(?:|about|methodology|api|downloads|(?:recommendation|report|inquiry)/[^/]+)$"
)

COMMON_DIRECTIVES = ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                     "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
READER_POLICY = f"{COMMON_DIRECTIVES}; script-src 'self'; style-src 'self'"
DATASETTE_POLICY = (f"{COMMON_DIRECTIVES}; script-src 'self' 'unsafe-inline'; "
                    "style-src 'self' 'unsafe-inline'")
NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'"

ALWAYS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
}
FRAMING_HEADERS = {b"content-security-policy", b"x-frame-options"}


def add_security_headers(path: str,
                         headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Return `headers` with the security headers added that the response does not set."""
    present = {name.lower(): value for name, value in headers}
    added = [(name, value) for name, value in ALWAYS.items() if name not in present]
    if not FRAMING_HEADERS & present.keys():
        content_type = present.get(b"content-type", b"").decode("latin-1").lower()
        if not content_type.startswith("text/html"):
            added.append((b"content-security-policy", NON_HTML_POLICY.encode("ascii")))
        else:
            policy = READER_POLICY if READER_PAGES.match(path) else DATASETTE_POLICY
            added.append((b"content-security-policy", policy.encode("ascii")))
            added.append((b"x-frame-options", b"SAMEORIGIN"))
    return list(headers) + added


# trylast: Datasette applies the wrappers in hook order, so the last is outermost
# and receives every response, including those other wrappers send themselves.
@hookimpl(trylast=True)
def asgi_wrapper():
    def wrap(app):
        async def with_security_headers(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    headers = add_security_headers(scope.get("path", ""),
                                                   message.get("headers", []))
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_with_headers)

        return with_security_headers

    return wrap
