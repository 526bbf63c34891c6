"""A real server on 127.0.0.1, started by the same script `make serve` uses."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize("path", ["/", "/inquiries", "/inquiries/recommendations",
                                  "/inquiries/recommendations/iicsa-internet-2020-1",
                                  "/inquiries/search?q=government",
                                  "/inquiries/recommendation_status?_facet=response_state"])
def test_pages_served(server, path):
    response = httpx.get(server + path, timeout=30)
    assert response.status_code == 200


def test_served_immutable_with_time_limit(server):
    databases = httpx.get(f"{server}/-/databases.json", timeout=10).json()
    assert databases[0]["is_mutable"] is False
    settings = httpx.get(f"{server}/-/settings.json", timeout=10).json()
    assert settings["sql_time_limit_ms"] == 3000


def test_database_download(server):
    response = httpx.get(f"{server}/inquiries.db", timeout=30)
    assert response.status_code == 200
    assert response.content[:16] == b"SQLite format 3\x00"
