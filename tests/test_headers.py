"""Security headers: a strict content security policy on the reader pages, a looser one on
Datasette's own pages, none changed where a response sets its own, and no page broken by them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from conftest import load_plugin

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
READER_PATHS = ["/", "/about", "/methodology", "/api", "/downloads",
                "/recommendation/no-such-recommendation"]
DATASETTE_PATHS = ["/inquiries", "/inquiries/recommendations", "/inquiries/search?q=fire",
                   "/inquiries?sql=select+1", "/-/versions", "/no-such-page"]


security_headers = load_plugin("security_headers")


def directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_common_headers(response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in {"strict-origin-when-cross-origin",
                                                   "no-referrer"}


@pytest.mark.parametrize("path", READER_PATHS)
async def test_reader_pages_allow_no_inline_script(datasette, path):
    response = await datasette.client.get(path)
    if response.status_code == 404 and path in {"/api", "/downloads"}:
        pytest.skip(f"{path} is not served here")
    assert_common_headers(response)
    policy = directives(response.headers["content-security-policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", DATASETTE_PATHS)
async def test_datasette_pages_allow_only_own_and_inline(datasette, path):
    response = await datasette.client.get(path)
    assert_common_headers(response)
    policy = directives(response.headers["content-security-policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["form-action"] == "'self'"
    for value in policy.values():
        assert "http" not in value, policy
        assert "*" not in value, policy


@pytest.mark.parametrize("path", ["/inquiries/recommendations.json", "/inquiries/inquiries.csv",
                                  "/inquiries/feed_evidence.atom", "/static/reader.css"])
async def test_other_responses_allow_nothing(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == 200
    assert_common_headers(response)
    assert response.headers["content-security-policy"] == (
        "default-src 'none'; frame-ancestors 'none'")


async def test_embed_keeps_its_own_framing(datasette):
    response = await datasette.client.get("/embed?src=" + quote("/inquiries/recommendations"))
    if response.status_code == 404:
        pytest.skip("no embed route")
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == "*"
    assert "x-frame-options" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert len(response.headers.get_list("content-security-policy")) == 1


async def test_error_responses_get_headers(datasette):
    for path in ["/no-such-page", "/inquiries/recommendations?_sort=nope",
                 "/inquiries/recommendations?_facet=%7Bbad"]:
        response = await datasette.client.get(path)
        assert response.status_code in (400, 404)
        assert_common_headers(response)
        assert "content-security-policy" in response.headers


def test_existing_headers_kept():
    headers = [(b"content-type", b"text/html"),
               (b"Content-Security-Policy", b"frame-ancestors *"),
               (b"Referrer-Policy", b"no-referrer")]
    result = dict(security_headers.add_security_headers("/embed", headers))
    assert result[b"Content-Security-Policy"] == b"frame-ancestors *"
    assert result[b"Referrer-Policy"] == b"no-referrer"
    assert b"content-security-policy" not in result
    assert b"x-frame-options" not in result
    assert result[b"x-content-type-options"] == b"nosniff"


def test_reader_page_paths():
    for path in ["/", "/about", "/recommendation/x", "/report/x", "/inquiry/x"]:
        assert security_headers.READER_PAGES.match(path), path
    for path in ["/inquiries", "/inquiries/recommendations", "/recommendation/x/y", "/-/versions"]:
        assert not security_headers.READER_PAGES.match(path), path


@pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                    reason="needs Debian's chromium: apt-get install chromium")
def test_pages_break_no_policy_in_browser(server, built_db):
    """Chromium reports every blocked script, style or image as a console error."""
    from playwright import sync_api

    with sqlite3.connect(built_db) as connection:
        recommendation_id, report_id, inquiry_id = connection.execute(
            "select recommendation_id, report_id, inquiry_id from recommendation_status "
            "where response_count > 0 and evidence_count > 0 limit 1").fetchone()
    paths = READER_PATHS + [
        f"/recommendation/{recommendation_id}", f"/report/{report_id}", f"/inquiry/{inquiry_id}",
        "/inquiries/recommendations", "/inquiries/search?q=fire", "/inquiries?sql=select+1",
        f"/inquiries/recommendations/{recommendation_id}",
        "/embed?src=" + quote("/inquiries/recommendations", safe=""),
    ]
    violations = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for path in paths:
                page = browser.new_page()
                messages = []
                page.on("console", lambda message: messages.append(message.text))
                page.goto(server + path)
                page.wait_for_load_state("networkidle")
                violations += [f"{path}: {text}" for text in messages
                               if "Content Security Policy" in text]
                page.close()
        finally:
            browser.close()
    assert violations == []


# Datasette writes its own header on its table, row and query responses.
@pytest.mark.parametrize("path, expected", [
    ("/", "public, max-age=300"),
    ("/recommendation/iicsa-final-report-2022-2", "public, max-age=300"),
    ("/inquiries/feed_evidence.atom", "max-age=300"),
    ("/inquiries/recommendations.json", "max-age=300"),
    ("/static/reader.css", "public, max-age=86400"),
])
def test_successful_responses_cacheable(server, path, expected):
    response = httpx.get(server + path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == expected


def test_errors_not_cached(server):
    response = httpx.get(server + "/recommendation/no-such-recommendation")
    assert response.status_code == 404
    assert "max-age=300" not in response.headers.get("cache-control", "")
