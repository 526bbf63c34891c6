"""Known XSS payloads, put in every free-text and URL column, stay inert on every page.

A small package is built with a payload in each text cell and an address
payload in each URL cell, then every way the site renders data is fetched:
Datasette's table, row and query pages (with search snippets' <mark> elements),
the reader pages, the Atom feeds, the embed page and arbitrary SQL. The same
payloads are sent in paths and parameters, which pages echo back. An HTML
parser then checks that no script, event-handler attribute, or javascript:,
vbscript: or data: address came through.
"""

from __future__ import annotations

import csv
import re
import shutil
import sqlite3
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

import build_db
from conftest import ROOT, make_datasette
from test_views import base_rows

from inquiry_index.cell_checks import is_free_text
from inquiry_index.datapackage import load_package

MARKER = "xss"
PAYLOADS = [
    '<script>alert("xss-1")</script>',
    '<img src=x onerror=alert("xss-2")>',
    '<svg onload=alert("xss-3")>',
    '<svg><script>alert("xss-4")</script></svg>',
    '[click](javascript:alert("xss-5"))',
    '[click](JaVaScRiPt:alert("xss-6"))',
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTcnKTwvc2NyaXB0Pg==) xss-7",
    '<javascript:alert("xss-8")>',
    "<a href=\"javascript:alert('xss-9')\">link</a>",
    '![image](javascript:alert("xss-10"))',
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) xss-11",
    "<iframe src=\"javascript:alert('xss-12')\"></iframe>",
    '&lt;script&gt;alert("xss-13")&lt;/script&gt;',
    '<scr<script>ipt>alert("xss-14")</script>',
    "<a href=\"jav&#x09;ascript:alert('xss-15')\">link</a>",
    "<a href=\"&#106;avascript:alert('xss-16')\">link</a>",
    '"><script>alert("xss-17")</script>',
    "'><img src=x onerror=alert('xss-18')>",
    "<div style=\"background:url(javascript:alert('xss-19'))\">styled</div>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-20")>',
    '[click](vbscript:msgbox("xss-21"))',
    "<object data=\"javascript:alert('xss-22')\"></object>",
    "<form action=\"javascript:alert('xss-23')\"><button>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-24')\">",
    "<base href=\"javascript:alert('xss-25')//\">",
    '[click](  javascript:alert("xss-26"))',
    "<a href=\" javascript:alert('xss-27')\">link</a>",
    'www.example.com/<script>alert("xss-28")</script>',
    '<<script>script>alert("xss-29")<</script>/script>',
    "<img src=\"x\" alt=\"x\" onerror=\"alert('xss-30')\">",
    '```\n<script>alert("xss-31")</script>\n```',
    '<details open ontoggle=alert("xss-32")>summary</details>',
    "<a href=\"https://example.org\" onclick=\"alert('xss-33')\">ok link</a>",
    "</textarea></title></style><script>alert('xss-34')</script>",
    "{{ 7*7 }} {% raw %}xss-35{% endraw %}",
    "<svg><a xlink:href=\"javascript:alert('xss-36')\"><text>x</text></a></svg>",
    "<svg><animate attributeName=\"href\" values=\"javascript:alert('xss-37')\"/></svg>",
    "<style>@import 'https://evil.example/xss-38.css';</style>",
    "<link rel=\"stylesheet\" href=\"javascript:alert('xss-39')\">",
    "<a href=\"https://example.org/\" target=\"_blank\">xss-40 tabnabbing</a>",
]
# Addresses the schema's ^https?:// pattern accepts, with markup after the scheme.
URL_PAYLOADS = [
    "https://example.org/\"><script>alert('xss-u1')</script>",
    "https://example.org/'onmouseover='alert(\"xss-u2\")",
    "https://example.org/?q=<img/src/onerror=alert('xss-u3')>",
    "https://example.org/#\"onfocus=\"alert('xss-u4')\"autofocus=\"",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "cite", "srcset", "longdesc", "dynsrc", "lowsrc"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet",
                  "foreignobject", "animate", "set", "handler", "listener"}
DATABASE = "inquiries"

# A `_facet` naming no column makes Datasette 0.65.5 fail the page with a 400 and
# leave its other facet coroutines unawaited, which Python reports as a warning.
pytestmark = pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")


class ScriptAudit(HTMLParser):
    """Collect every sign of live script in an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.open_raw_text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and is_unsafe_url(value):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "style" and MARKER in value.lower():
                self.findings.append(f"<{tag} style={value!r}>")
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"<{tag} {attrs}>")
        if tag == "meta" and any(name == "http-equiv" and (value or "").lower() == "refresh"
                                 for name, value in attrs):
            self.findings.append(f"<meta refresh {attrs}>")
        if tag == "script" and any(MARKER in (value or "").lower() for _, value in attrs):
            self.findings.append(f"<script {attrs}>")
        if tag in {"script", "style"}:
            self.open_raw_text = tag

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        self.open_raw_text = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open_raw_text:
            self.open_raw_text = None

    def handle_data(self, data: str) -> None:
        if self.open_raw_text and MARKER in data.lower():
            self.findings.append(f"<{self.open_raw_text}> containing {data.strip()[:80]!r}")


def is_unsafe_url(value: str) -> bool:
    """Whether a browser would read the address as a javascript:, vbscript: or data: URL."""
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    return compact.startswith(UNSAFE_SCHEMES)


def audit_html(html: str) -> list[str]:
    parser = ScriptAudit()
    parser.feed(html)
    parser.close()
    return parser.findings


def audit_atom(body: str) -> list[str]:
    """Check that a feed is well-formed XML whose data is all text, with http(s) links only."""
    root = ElementTree.fromstring(body)
    findings = []
    for element in root.iter():
        local_name = element.tag.rsplit("}", 1)[-1]
        if local_name not in {"feed", "entry", "id", "title", "updated", "link", "content",
                              "author", "name", "generator", "subtitle", "summary", "uri"}:
            findings.append(f"unexpected element {element.tag}")
        if local_name == "content" and element.get("type") not in (None, "text"):
            findings.append(f"content of type {element.get('type')}")
        if local_name == "link" and not (element.get("href") or "").startswith("http"):
            findings.append(f"link to {element.get('href')!r}")
    return findings


def payload_rows() -> dict[str, list[dict]]:
    """Rows for every table, with a payload in each free-text cell and URL cell."""
    rows = base_rows("2020-03-01")
    count = len(PAYLOADS)
    recommendation = rows["recommendations"][0]
    rows["recommendations"] = [
        dict(recommendation, recommendation_id=f"test-report-{number}", sequence=str(number))
        for number in range(1, count + 1)
    ]

    rows["verifications"] = [
        dict(rows["verifications"][0], recommendation_id=f"test-report-{number}")
        for number in range(1, count + 1)
    ]
    rows["organisations"].append(dict(organisation_id="home-office", name="Home Office",
                                      kind="UK government department"))
    rows["recommendation_addressees"] = [
        dict(recommendation_id=f"test-report-{number}", organisation_id="hm-government",
             words_used="the Government", basis="named in text")
        for number in range(1, count + 1)
    ]

    rows["responses"] = [
        dict(response_id=f"response-{number}", report_id="test-report",
             recommendation_id=f"test-report-{number}" if number <= count else "",
             responder_id="hm-government", document_id="report-page",
             responded_on="2020-06-01", text="placeholder", text_completeness="complete",
             position="accepted", position_phrase="", source_url="https://example.org/")
        for number in range(1, count + 2)
    ]
    rows["evidence"] = [
        dict(evidence_id=f"evidence-{number}", report_id="test-report",
             recommendation_id=f"test-report-{number}" if number <= count else "",
             organisation_id="home-office", document_id="report-page",
             occurred_on="2021-01-01", kind="other", excerpt="placeholder",
             excerpt_completeness="complete", description="placeholder",
             source_url="https://example.org/")
        for number in range(1, count + 2)
    ]

    fill_payloads(rows)
    for number, response in enumerate(rows["responses"]):
        phrase = PAYLOADS[(number + 7) % count]
        response["text"] = f"{response['text']} We accept {phrase} in full."
        response["position_phrase"] = phrase
    return rows


def fill_payloads(rows: dict[str, list[dict]]) -> None:
    """Put PAYLOADS[(row + column) % len] in each free-text cell, so that every text
    column of a table with len(PAYLOADS) rows contains every payload once."""
    for resource in load_package(ROOT / "datapackage.json").resources:
        for row_index, row in enumerate(rows[resource.name]):
            for column_index, field in enumerate(resource.fields):
                pattern = field.constraints.get("pattern", "")
                if is_free_text(field) and field.name != "position_phrase":
                    row[field.name] = PAYLOADS[(row_index + column_index) % len(PAYLOADS)]
                elif pattern.startswith("^https?://"):
                    row[field.name] = URL_PAYLOADS[(row_index + column_index) % len(URL_PAYLOADS)]


def write_package(directory: Path, rows: dict[str, list[dict]]) -> Path:
    shutil.copy(ROOT / "datapackage.json", directory / "datapackage.json")
    shutil.copytree(ROOT / "schemas", directory / "schemas")
    (directory / "data" / "csv").mkdir(parents=True)
    for resource in load_package(directory / "datapackage.json").resources:
        with resource.csv_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, resource.field_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows[resource.name])
    return directory / "datapackage.json"


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("payloads")
    descriptor = write_package(directory, payload_rows())
    db = directory / f"{DATABASE}.db"
    assert build_db.main(["--package", str(descriptor), "--db", str(db), "--quiet"]) == 0
    return db


@pytest.fixture(scope="module")
async def site(payload_db) -> Datasette:
    ds = make_datasette(payload_db)
    await ds.invoke_startup()
    return ds


async def fetch(site: Datasette, path: str):
    response = await site.client.get(path)
    assert response.status_code < 500, f"{path}: {response.status_code}"
    return response


async def assert_inert(site: Datasette, path: str) -> str:
    response = await fetch(site, path)
    content_type = response.headers.get("content-type", "")
    if "html" in content_type:
        assert audit_html(response.text) == [], path
    elif "atom" in content_type or "xml" in content_type:
        assert audit_atom(response.text) == [], path
    return response.text


def table_paths() -> list[str]:
    package = load_package(ROOT / "datapackage.json")
    names = [resource.name for resource in package.resources]
    names += ["recommendation_status", "report_summary", "inquiry_summary"]
    return [f"/{DATABASE}/{name}?_size=max" for name in names]


def test_payloads_reach_the_database(payload_db):
    with sqlite3.connect(payload_db) as connection:
        for column in ["label", "heading", "text", "notes"]:
            stored = {row[0] for row in connection.execute(
                f"select {column} from recommendations")}
            assert stored == set(PAYLOADS), column


@pytest.mark.parametrize("path", table_paths())
async def test_table_pages(site, path):
    html = await assert_inert(site, path)
    assert MARKER in html


async def test_row_pages(site):
    paths = [f"/{DATABASE}/recommendations/test-report-{n}" for n in range(1, len(PAYLOADS) + 1)]
    paths += [f"/{DATABASE}/responses/response-1", f"/{DATABASE}/evidence/evidence-1",
              f"/{DATABASE}/reports/test-report", f"/{DATABASE}/inquiries/test",
              f"/{DATABASE}/documents/report-page", f"/{DATABASE}/organisations/hm-government"]
    for path in paths:
        await assert_inert(site, path)


async def test_reader_pages(site):
    paths = ["/", "/report/test-report", "/inquiry/test", "/about", "/methodology"]
    paths += [f"/recommendation/test-report-{n}" for n in range(1, len(PAYLOADS) + 1)]
    for path in paths:
        html = await assert_inert(site, path)
        assert MARKER in html or path in {"/about", "/methodology"}, path


async def test_pages_added_by_other_plugins(site):
    # Pages that exist only once their plugin is installed: checked when present.
    for path in ["/api", "/downloads"]:
        response = await site.client.get(path)
        if response.status_code == 404:
            continue
        assert audit_html(response.text) == [], path


async def test_response_phrase_marked_as_text(site):
    html = await assert_inert(site, "/recommendation/test-report-1")
    assert "<mark>&lt;" in html or "<mark>[" in html or "<mark>!" in html


async def test_canned_queries(site):
    queries = site.metadata("queries", database=DATABASE) or {}
    for name, query in queries.items():
        params = {param: "" for param in query.get("params") or []}
        for param in params:
            params[param] = {"q": "alert", "recommendation": "test-report-1",
                             "organisation": "hm-government", "inquiry": "test"}.get(param, "")
        path = f"/{DATABASE}/{name}?" + "&".join(f"{k}={quote(v)}" for k, v in params.items())
        await assert_inert(site, path)


@pytest.mark.parametrize("feed", ["feed_evidence", "feed_responses"])
async def test_atom_feeds(site, feed):
    body = await assert_inert(site, f"/{DATABASE}/{feed}.atom")
    assert "<script" not in body
    assert MARKER in body


@pytest.mark.parametrize("payload", PAYLOADS + URL_PAYLOADS)
async def test_arbitrary_sql_results(site, payload):
    # snippet is the column plugins/search_snippets.py renders with <mark> elements.
    sql = ("select :p as text, :p as excerpt, :p as snippet, :p as snippet_markdown, "
           ":p as plain, :p as recommendation_id, :p as report_id, :p as source_url")
    await assert_inert(site, f"/{DATABASE}?sql={quote(sql)}&p={quote(payload)}")


@pytest.mark.parametrize("payload", PAYLOADS + URL_PAYLOADS)
async def test_payloads_in_addresses(site, payload):
    encoded = quote(payload, safe="")
    paths = [
        f"/recommendation/{encoded}",
        f"/report/{encoded}",
        f"/inquiry/{encoded}",
        f"/{DATABASE}/{encoded}",
        f"/{DATABASE}/recommendations?_search={encoded}",
        f"/{DATABASE}/recommendations?_sort={encoded}",
        f"/{DATABASE}/recommendations?label={encoded}",
        f"/{DATABASE}/recommendations?_facet={encoded}",
        f"/{DATABASE}/search?q={encoded}",
        f"/{DATABASE}/addressed_to?organisation={encoded}",
        f"/{DATABASE}?sql={encoded}",
        f"/embed?src={encoded}",
    ]
    for path in paths:
        await assert_inert(site, path)


async def test_embed_page(site):
    response = await site.client.get("/embed?src=" + quote("/inquiries/recommendations"))
    if response.status_code == 404:
        pytest.skip("no embed route")
    assert response.status_code == 200
    assert audit_html(response.text) == []
    assert MARKER in response.text
    for source in ["/inquiries/responses", "/inquiries/evidence", "/inquiries/search?q=alert",
                   "/inquiries/evidence_trail?recommendation=test-report-1"]:
        await assert_inert(site, "/embed?src=" + quote(source, safe=""))


def test_audit_finds_live_script():
    # The checks themselves must fail on the markup they are looking for.
    samples = [
        '<script>alert("xss")</script>',
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVa&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html,hi">x</a>',
        '<iframe src="https://example.org"></iframe>',
        '<meta http-equiv="Refresh" content="0;url=https://example.org">',
        '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    ]
    for sample in samples:
        assert audit_html(sample), sample
    assert audit_html('<a href="https://example.org/">x</a><p>&lt;script&gt;xss</p>') == []
    assert audit_atom('<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                      '<content type="html">x</content></entry></feed>')
