"""Search returns results or a plain 400 for every text, never a 500 or SQLite's own words.

The text goes to each table's `_search` (escaped, and with `_searchmode=raw`),
to a column's `_search_<column>`, to the search canned query that the home page
form submits to, and to its JSON and CSV forms.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from inquiry_index.build import FTS_COLUMNS

DATABASE = "inquiries"
TRICKY = [
    "", " ", "   ", "\t", "\n", "\r\n", "\u3000", "\u00a0", '"', '""', '"""', '" "', "'", "''",
    "-", "--", "fire-doors", "-fire", "a:b", "text:fire", "nosuchcolumn:fire", ":", "::",
    "(", ")", "(fire", "fire)", "()", "AND", "OR", "NOT", "NEAR", "and or not",
    "NEAR(fire doors)", "NEAR(fire doors, 2)", "fire NEAR/2 doors", "fire AND", "OR fire",
    "NOT fire", "*", "fire*", "*fire", "^fire", "+fire", "{text}: fire", "{", "}", "[", "]",
    "fire\"doors", '"fire doors', 'fire "doors"', "\\", "%", "_", ";", "fire; drop table x",
    "a\x00b", "\x00", "\x01", "\x7f", "\ufffd", "é", "🔥", "\u202efire", "fire " * 300,
    "' OR '1'='1", '") OR 1=1 --', "fire */",
]
# Error messages of SQLite and FTS5 for a query they cannot read, which no visitor may see.
RAW_ERRORS = re.compile(r"fts5|syntax error|unterminated string|Invalid SQL|no such column",
                        re.IGNORECASE)


def table_search_paths(text: str) -> list[str]:
    encoded = quote(text, safe="")
    paths = []
    for table in FTS_COLUMNS:
        paths.append(f"/{DATABASE}/{table}?_search={encoded}")
        paths.append(f"/{DATABASE}/{table}.json?_search={encoded}")
    paths.append(f"/{DATABASE}/recommendations?_search_text={encoded}")
    paths.append(f"/{DATABASE}/recommendations.csv?_search={encoded}")
    return paths


def canned_search_paths(text: str) -> list[str]:
    encoded = quote(text, safe="")
    return [f"/{DATABASE}/search?q={encoded}", f"/{DATABASE}/search.json?q={encoded}",
            f"/{DATABASE}/search.csv?q={encoded}"]


async def check_table_search(datasette, text: str) -> None:
    for path in table_search_paths(text):
        response = await datasette.client.get(path)
        assert response.status_code in (200, 400), (path, response.status_code)
        assert not RAW_ERRORS.search(response.text if response.status_code == 400 else ""), path
        if response.status_code == 400:
            assert "has no words to search for" in response.text or "NUL" in response.text, path


async def check_raw_search(datasette, text: str) -> None:
    path = f"/{DATABASE}/recommendations?_search={quote(text, safe='')}&_searchmode=raw"
    response = await datasette.client.get(path)
    assert response.status_code in (200, 400), (path, response.status_code)
    if response.status_code == 400:
        assert not RAW_ERRORS.search(response.text), path
        assert ("not valid full-text search syntax" in response.text
                or "NUL" in response.text), path


async def check_canned_search(datasette, text: str) -> None:
    for path in canned_search_paths(text):
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        if path.split("?")[0].endswith(".json"):
            assert response.json()["ok"] is True, path


@pytest.mark.parametrize("text", TRICKY, ids=repr)
async def test_table_search(datasette, text):
    await check_table_search(datasette, text)


@pytest.mark.parametrize("text", TRICKY, ids=repr)
async def test_raw_table_search(datasette, text):
    await check_raw_search(datasette, text)


@pytest.mark.parametrize("text", TRICKY, ids=repr)
async def test_canned_search(datasette, text):
    await check_canned_search(datasette, text)


@pytest.mark.parametrize("text", ["", " ", "\t", '"', '""', " \" \" ", "\x00", "\u3000\n"])
async def test_blank_search_returns_no_rows(datasette, text):
    response = await datasette.client.get(
        f"/{DATABASE}/search.json?q={quote(text, safe='')}&_shape=array")
    assert response.status_code == 200
    assert response.json() == []


async def test_blank_table_search_says_why(datasette):
    response = await datasette.client.get(f"/{DATABASE}/recommendations.json?_search=%22")
    assert response.status_code == 400
    assert response.json()["title"] == "Invalid search"
    assert "has no words to search for" in response.json()["error"]


async def test_operators_are_searched_as_words(datasette):
    # AND, OR, NEAR and * are escaped, so they match as words (or match nothing).
    plain = await datasette.client.get(f"/{DATABASE}/search.json?q=fire&_shape=array")
    combined = await datasette.client.get(
        f"/{DATABASE}/search.json?q={quote('fire OR zzzznothing')}&_shape=array")
    assert plain.json()
    assert combined.json() == []


async def test_home_page_form_submits_to_canned_search(datasette):
    response = await datasette.client.get("/")
    action = re.search(r'<form class="search" action="([^"]+)"', response.text)
    assert action
    assert urlsplit(action.group(1)).path == f"/{DATABASE}/search"
    assert re.search(r'<input[^>]+name="q"', response.text)
    for text in ['"', "\t", "NEAR(", "a\x00b"]:
        submitted = await datasette.client.get(f"{action.group(1)}?q={quote(text, safe='')}")
        assert submitted.status_code == 200, text


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(text=st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
async def test_search_fuzz(datasette, text):
    await check_table_search(datasette, text)
    await check_raw_search(datasette, text)
    await check_canned_search(datasette, text)


@FUZZ
@given(data=st.binary(max_size=24))
async def test_search_bytes_fuzz(datasette, data):
    # Bytes that are not UTF-8, percent-encoded as a browser would send them.
    encoded = quote(data, safe="")
    for path in [f"/{DATABASE}/recommendations?_search={encoded}",
                 f"/{DATABASE}/search?q={encoded}"]:
        response = await datasette.client.get(path)
        assert response.status_code in (200, 400), (path, response.status_code)
