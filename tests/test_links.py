"""The link checker against a local HTTP server on 127.0.0.1; nothing reaches another host."""

from __future__ import annotations

import csv
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import build_db
from conftest import ROOT
from test_views import URL, base_rows
from test_views import build as build_package

from inquiry_index.links import check_links


class Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _respond(self, body: bool) -> None:
        Handler.hits[(self.command, self.path)] += 1
        path = self.path
        if path == "/ok":
            self._send(200, body)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/gone":
            self._send(404, body)
        elif path == "/flaky":
            # Fails twice, then works: the checker must retry.
            attempts = Handler.hits[("HEAD", "/flaky")]
            self._send(503 if attempts <= 2 else 200, body)
        elif path == "/broken":
            self._send(500, body)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, body)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, body)
        else:
            self._send(404, body)

    def _send(self, status: int, body: bool) -> None:
        payload = b"ok" if body else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(b"ok")))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def do_GET(self) -> None:
        self._respond(body=True)


@pytest.fixture
def server():
    Handler.hits = Counter()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def check(server: str, *paths: str, **options):
    options = {"retries": 2, "timeout": 0.5, "backoff_seconds": 0.01, **options}
    results = await check_links([server + path for path in paths], **options)
    return {result.url.removeprefix(server): result for result in results}


async def test_working_link(server):
    result = (await check(server, "/ok"))["/ok"]
    assert result.outcome == "ok"
    assert result.status == 200
    assert result.attempts == 1


async def test_redirect_reports_final_url(server):
    result = (await check(server, "/moved"))["/moved"]
    assert result.outcome == "redirected"
    assert result.status == 200
    assert result.final_url == f"{server}/ok"


async def test_dead_link(server):
    result = (await check(server, "/gone"))["/gone"]
    assert result.outcome == "dead"
    assert result.status == 404
    assert result.attempts == 1  # a 404 is not retried


async def test_temporary_failure_retried(server):
    result = (await check(server, "/flaky"))["/flaky"]
    assert result.outcome == "ok"
    assert result.attempts == 3


async def test_retries_are_bounded(server):
    result = (await check(server, "/broken", retries=1))["/broken"]
    assert result.outcome == "dead"
    assert result.status == 500
    assert result.attempts == 2
    assert Handler.hits[("HEAD", "/broken")] == 2


async def test_timeout_reported(server):
    result = (await check(server, "/slow", retries=0, timeout=0.2))["/slow"]
    assert result.outcome == "failed"
    assert "Timeout" in result.error


async def test_head_rejected_falls_back_to_get(server):
    result = (await check(server, "/no-head"))["/no-head"]
    assert result.outcome == "ok"
    assert Handler.hits[("GET", "/no-head")] == 1


async def test_connection_refused_reported():
    results = await check_links(["http://127.0.0.1:9/"], retries=0, timeout=0.5)
    assert results[0].outcome == "failed"
    assert results[0].error


async def test_concurrency_limited(server):
    started = time.monotonic()
    await check(server, *["/slow"] * 4, concurrency=2, retries=0, timeout=5)
    # Two at a time, 1.5 s each: at least two rounds.
    assert time.monotonic() - started >= 3.0


def test_cli_writes_report(server, tmp_path):
    rows = base_rows("2019-09-19")
    # Every address in the package points at the local server, none elsewhere.
    for table_rows in rows.values():
        for row in table_rows:
            for column, value in row.items():
                if value == URL:
                    row[column] = f"{server}/ok"
    rows["inquiries"][0]["url"] = f"{server}/gone"
    rows["reports"][0]["url"] = f"{server}/moved"
    build_package(tmp_path, rows)
    report = tmp_path / "links.csv"
    code = build_db.main(["--package", str(tmp_path / "datapackage.json"), "--quiet",
                          "links", "--report", str(report), "--retries", "0",
                          "--timeout", "2"])
    assert code == 1
    with report.open(newline="") as handle:
        results = {row["url"].removeprefix(server): row for row in csv.DictReader(handle)}
    assert results["/gone"]["outcome"] == "dead"
    assert results["/gone"]["first_cited_in"] == "inquiries/test/url"
    assert results["/moved"]["outcome"] == "redirected"
    assert results["/ok"]["outcome"] == "ok"
    assert int(results["/ok"]["citations"]) >= 3
    assert set(results) == {"/ok", "/gone", "/moved"}


def test_real_data_urls_collected():
    from inquiry_index.datapackage import load_package
    from inquiry_index.links import collect_urls

    citations = collect_urls(load_package(ROOT / "datapackage.json"))
    assert all(url.startswith(("http://", "https://")) for url in citations)
    assert any(cited.startswith("documents/") for places in citations.values()
               for cited in places)

