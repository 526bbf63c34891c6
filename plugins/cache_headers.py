"""Let browsers and shared caches keep successful responses for a while.

The database is immutable: it changes only when a new build is deployed. So a
successful GET may be cached. Datasette sets Cache-Control on its own table,
row and query responses from the default_cache_ttl setting, which scripts/serve
sets to 300 seconds. This wrapper gives the same lifetime to the responses that
set none, such as the reader pages, and a day to /static/ files.
Errors, responses that set a cookie, and responses that set their own
Cache-Control are left as they are.
"""

from __future__ import annotations

from datasette import hookimpl

PAGE_SECONDS = 300
STATIC_SECONDS = 86_400


def cache_control(method: str, path: str, status: int,
                  headers: list[tuple[bytes, bytes]]) -> bytes | None:
    """Return the Cache-Control value to add to a response, or None to add none."""
    names = {name.lower() for name, _ in headers}
    if method not in {"GET", "HEAD"} or status != 200:
        return None
    if b"cache-control" in names or b"set-cookie" in names:
        return None
    seconds = STATIC_SECONDS if path.startswith("/static/") else PAGE_SECONDS
    return f"public, max-age={seconds}".encode("ascii")


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def with_cache_headers(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return

            async def send_with_cache(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    value = cache_control(scope.get("method", "GET"), scope.get("path", ""),
                                          message.get("status", 0), headers)
                    if value is not None:
                        message = {**message, "headers": headers + [(b"cache-control", value)]}
                await send(message)

            await app(scope, receive, send_with_cache)

        return with_cache_headers

    return wrap
