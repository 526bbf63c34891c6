"""Atom feeds of new evidence and responses: site-wide, per inquiry and per organisation."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
import sqlite_utils

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["feed_evidence", "feed_responses"]


def parse_time(text: str) -> datetime.datetime:
    stamp = datetime.datetime.fromisoformat(text)
    assert stamp.tzinfo is not None, text
    return stamp


def check_atom(body: str) -> list[ET.Element]:
    """Check the parts of RFC 4287 a feed reader relies on, and return the entries."""
    feed = ET.fromstring(body)
    assert feed.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{child}") is not None, child
    parse_time(feed.find(f"{ATOM}updated").text)
    entries = feed.findall(f"{ATOM}entry")
    has_feed_author = feed.find(f"{ATOM}author") is not None
    for entry in entries:
        for child in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert entry.find(f"{ATOM}id").text.startswith("tag:inquiry-index,2026:")
        parse_time(entry.find(f"{ATOM}updated").text)
        assert has_feed_author or entry.find(f"{ATOM}author") is not None
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert urlsplit(link.get("href")).scheme in {"http", "https"}
    return entries


async def get_feed(datasette, name: str, **params) -> list[ET.Element]:
    response = await datasette.client.get(f"/inquiries/{name}.atom", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    return check_atom(response.text)


@pytest.mark.parametrize("name", FEEDS)
async def test_site_wide_feed(datasette, built_db, name):
    entries = await get_feed(datasette, name)
    table = "evidence" if name == "feed_evidence" else "responses"
    date_column = "occurred_on" if table == "evidence" else "responded_on"
    db = sqlite_utils.Database(built_db)
    dated = db.execute(f"select count(*) from {table} where {date_column} is not null"
                       ).fetchone()[0]
    assert len(entries) == min(dated, 50)
    stamps = [parse_time(e.find(f"{ATOM}updated").text) for e in entries]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize("name", FEEDS)
async def test_feed_links_reach_pages(datasette, name):
    for entry in (await get_feed(datasette, name))[:5]:
        path = urlsplit(entry.find(f"{ATOM}link").get("href")).path
        assert path.startswith(("/recommendation/", "/report/"))
        response = await datasette.client.get(path)
        assert response.status_code == 200, path


async def test_per_inquiry_feed(datasette, built_db):
    db = sqlite_utils.Database(built_db)
    inquiry = db.execute("select r.inquiry_id from evidence e join reports r "
                         "on r.report_id = e.report_id group by 1 order by count(*) desc"
                         ).fetchone()[0]
    short_name = db["inquiries"].get(inquiry)["short_name"]
    entries = await get_feed(datasette, "feed_evidence", inquiry=inquiry)
    assert entries
    for entry in entries:
        assert f" · {short_name} · " in entry.find(f"{ATOM}title").text


async def test_per_organisation_feed(datasette, built_db):
    db = sqlite_utils.Database(built_db)
    organisation = db.execute(
        "select a.organisation_id from responses s join recommendation_addressees a "
        "on a.recommendation_id = s.recommendation_id group by 1 order by count(*) desc"
    ).fetchone()[0]
    everything = await get_feed(datasette, "feed_responses")
    entries = await get_feed(datasette, "feed_responses", organisation=organisation)
    assert entries
    assert len(entries) <= len(everything)
    addressed = {row[0] for row in db.execute(
        "select recommendation_id from recommendation_addressees where organisation_id = ?",
        [organisation])}
    for entry in entries:
        path = urlsplit(entry.find(f"{ATOM}link").get("href")).path
        if path.startswith("/recommendation/"):
            assert path.removeprefix("/recommendation/") in addressed


@pytest.mark.parametrize("name", FEEDS)
async def test_empty_feed_is_valid(datasette, name):
    assert await get_feed(datasette, name, inquiry="no-such-inquiry") == []


async def test_feed_content_is_text_not_html(datasette):
    response = await datasette.client.get("/inquiries/feed_responses.atom")
    feed = ET.fromstring(response.text)
    for content in feed.iter(f"{ATOM}content"):
        assert content.get("type") == "text"


async def test_inquiry_page_links_its_feeds(datasette):
    response = await datasette.client.get("/inquiry/grenfell")
    assert response.status_code == 200
    for name in FEEDS:
        href = f"/inquiries/{name}.atom?inquiry=grenfell"
        assert f'href="{href}"' in response.text
        feed = await datasette.client.get(href)
        assert feed.status_code == 200
