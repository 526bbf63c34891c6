"""Send a bounded mix of normal and hostile requests to a local server and count the responses.

    python bench/load_test.py http://127.0.0.1:8001 [--requests 2000] [--concurrency 32]
                              [--seconds 120] [--seed 1]

Start the server first (`make serve`). The mix is about two thirds the pages,
exports, searches and feeds people use, and one third hostile: XSS payloads in
paths and parameters, search syntax, broken table parameters, writes and
ATTACH in arbitrary SQL, oversized values, an occasional query that runs into
the time limit, scanners' paths, path traversal and oversized addresses.

It sends at most --requests requests and starts none after --seconds, then
checks that the server still responds. It prints the counts by kind and status
and exits 1 if any request got a 5xx or no response, or if the server stopped
responding. Only addresses on this machine are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import httpx

DATABASE = "inquiries"
LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}
REQUEST_TIMEOUT_SECONDS = 30.0
XSS = ['<script>alert("xss")</script>', "<img src=x onerror=alert(1)>",
       "[x](javascript:alert(1))", '"><svg onload=alert(1)>', "{{7*7}}"]
SEARCHES = ['"', '""', "  ", "\t", "fire-doors", "a:b", "(", "NEAR(", "AND", "OR NOT",
            "*", "fire*", "\x00", "' or 1=1 --", "🔥", "x" * 500]
REJECTED_SQL = ["update inquiries set name = 'x'", "attach database ':memory:' as other",
               "select load_extension('x')", "pragma writable_schema = 1",
               "select length(randomblob(200000000))", "drop table inquiries"]
EXPENSIVE_SQL = ("with recursive c(x) as (select 1 union all select x + 1 from c) "
                 "select count(*) from c")


@dataclass
class Request:
    kind: str  # "normal", "hostile" or "expensive"
    method: str
    path: str


@dataclass
class Results:
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: list[str] = field(default_factory=list)
    seconds: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    server_errors: list[str] = field(default_factory=list)
    still_responding: bool = False
    elapsed: float = 0.0

    @property
    def sent(self) -> int:
        return sum(self.statuses.values()) + len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.server_errors and not self.failures and self.still_responding


def check_local(base_url: str) -> None:
    """Raise ValueError unless `base_url` is an http address on this machine."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS:
        raise ValueError(f"invalid address {base_url!r}: give http://127.0.0.1:PORT, a "
                         "server on this machine")


async def sample_identifiers(client: httpx.AsyncClient) -> dict[str, list[str]]:
    """Read some real identifiers, so that the normal requests hit real pages."""
    identifiers = {}
    for table, column in [("recommendations", "recommendation_id"), ("reports", "report_id"),
                          ("inquiries", "inquiry_id"), ("organisations", "organisation_id")]:
        response = await client.get(f"/{DATABASE}/{table}.json",
                                    params={"_shape": "array", "_col": column, "_size": "50"})
        response.raise_for_status()
        identifiers[table] = [row[column] for row in response.json()] or ["none"]
    return identifiers


def normal_request(rng: random.Random, ids: dict[str, list[str]]) -> Request:
    recommendation = rng.choice(ids["recommendations"])
    paths = [
        "/", "/about", "/methodology", "/api", "/downloads", "/static/reader.css",
        f"/recommendation/{recommendation}",
        f"/report/{rng.choice(ids['reports'])}",
        f"/inquiry/{rng.choice(ids['inquiries'])}",
        f"/{DATABASE}", f"/{DATABASE}/recommendations", f"/{DATABASE}/recommendation_status",
        f"/{DATABASE}/recommendations?_facet=report_id&text_completeness=complete",
        f"/{DATABASE}/recommendations.json?_size=50",
        f"/{DATABASE}/responses.csv",
        f"/{DATABASE}/recommendations/{recommendation}",
        f"/{DATABASE}/search?q=fire",
        f"/{DATABASE}/search.json?q=safety+review",
        f"/{DATABASE}/recommendations?_search=police",
        f"/{DATABASE}/addressed_to?organisation={rng.choice(ids['organisations'])}",
        f"/{DATABASE}/evidence_trail?recommendation={recommendation}",
        f"/{DATABASE}/feed_evidence.atom",
        f"/{DATABASE}/feed_responses.atom?inquiry={rng.choice(ids['inquiries'])}",
        "/embed?src=" + quote(f"/{DATABASE}/no_published_response?inquiry=iicsa", safe=""),
    ]
    return Request("normal", "GET", rng.choice(paths))


def hostile_request(rng: random.Random) -> Request:
    payload = quote(rng.choice(XSS), safe="")
    search = quote(rng.choice(SEARCHES), safe="")
    options = [
        ("GET", f"/recommendation/{payload}"),
        ("GET", f"/{DATABASE}/{payload}"),
        ("GET", f"/{DATABASE}/recommendations?_search={search}"),
        ("GET", f"/{DATABASE}/recommendations?_search={search}&_searchmode=raw"),
        ("GET", f"/{DATABASE}/search?q={search}"),
        ("GET", f"/{DATABASE}/search.csv?q={search}"),
        ("GET", f"/{DATABASE}/recommendations?_sort={payload}"),
        ("GET", f"/{DATABASE}/recommendations?_facet=%7Bbroken"),
        ("GET", f"/{DATABASE}/recommendations?_through=%7B%7D"),
        ("GET", f"/{DATABASE}/recommendations?label__in=%5Bbroken"),
        ("GET", f"/{DATABASE}/recommendation_status?_next=abc"),
        ("GET", f"/{DATABASE}/recommendations?_size=-5"),
        ("GET", f"/{DATABASE}/recommendations.atom"),
        ("GET", f"/{DATABASE}/days_to_first_response_distribution?bin_days=abc"),
        ("GET", f"/{DATABASE}/addressed_to?organisation=x%27%20or%20%271%27%3D%271"),
        ("GET", f"/{DATABASE}?sql={quote(rng.choice(REJECTED_SQL))}"),
        ("GET", "/embed?src=" + quote("https://example.org/", safe="")),
        ("GET", "/embed?src=" + quote(f"/{DATABASE}?sql=select 1", safe="")),
        ("GET", "/static/../../../../etc/passwd"),
        ("GET", "/static/%2e%2e/%2e%2e/etc/passwd"),
        ("GET", "/.env"), ("GET", "/.git/config"), ("GET", "/wp-login.php"),
        ("GET", "/%ff%fe%fd"),
        ("GET", f"/{DATABASE}/recommendations?label=" + "x" * 6000),
        ("POST", f"/{DATABASE}/search?q=fire"),
        ("POST", f"/{DATABASE}/recommendations"),
        ("DELETE", "/"),
        ("OPTIONS", f"/{DATABASE}/recommendations.json"),
    ]
    method, path = rng.choice(options)
    return Request("hostile", method, path)


def plan_requests(count: int, seed: int, ids: dict[str, list[str]]) -> list[Request]:
    rng = random.Random(seed)
    planned = []
    for number in range(count):
        if number % 100 == 50:
            # One in a hundred runs into the 3-second time limit.
            planned.append(Request("expensive", "GET", f"/{DATABASE}?sql={quote(EXPENSIVE_SQL)}"))
        elif rng.random() < 0.35:
            planned.append(hostile_request(rng))
        else:
            planned.append(normal_request(rng, ids))
    return planned


async def send_all(client: httpx.AsyncClient, planned: list[Request], concurrency: int,
                   deadline: float, results: Results) -> None:
    queue = iter(planned)

    async def worker() -> None:
        for request in queue:
            if time.monotonic() > deadline:
                return
            started = time.monotonic()
            try:
                response = await client.request(request.method, request.path)
            except httpx.HTTPError as error:
                results.failures.append(f"{request.method} {request.path}: {error!r}")
                continue
            results.seconds[request.kind].append(time.monotonic() - started)
            results.statuses[(request.kind, response.status_code)] += 1
            if response.status_code >= 500:
                results.server_errors.append(f"{response.status_code} {request.method} "
                                             f"{request.path}")

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def run_load_test(base_url: str, requests: int = 2000, concurrency: int = 32,
                        seconds: float = 120.0, seed: int = 1) -> Results:
    """Send the planned requests, then check that the server still responds.

    Raises ValueError for an address that is not on this machine.
    """
    check_local(base_url)
    results = Results()
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_SECONDS,
                                 limits=limits) as client:
        ids = await sample_identifiers(client)
        planned = plan_requests(requests, seed, ids)
        started = time.monotonic()
        await send_all(client, planned, concurrency, started + seconds, results)
        results.elapsed = time.monotonic() - started
        try:
            home = await client.get("/", timeout=10)
            data = await client.get(f"/{DATABASE}/inquiries.json", timeout=10)
            results.still_responding = home.status_code == 200 and data.status_code == 200
        except httpx.HTTPError:
            results.still_responding = False
    return results


def format_results(results: Results) -> str:
    lines = [f"sent {results.sent} requests in {results.elapsed:.1f} s"]
    by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for (kind, status), count in sorted(results.statuses.items()):
        by_kind[kind][status] = count
    for kind, statuses in by_kind.items():
        times = sorted(results.seconds[kind])
        p95 = times[int(0.95 * (len(times) - 1))] if times else 0.0
        counts = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
        lines.append(f"  {kind:<9} {sum(statuses.values()):>5} ({counts}); median "
                     f"{statistics.median(times) * 1000:.0f} ms, 95th percentile "
                     f"{p95 * 1000:.0f} ms" if times else f"  {kind}: none")
    lines.append(f"  5xx responses: {len(results.server_errors)}; no response: "
                 f"{len(results.failures)}; responding afterwards: "
                 f"{'yes' if results.still_responding else 'NO'}")
    lines += [f"    {line}" for line in (results.server_errors + results.failures)[:20]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="server address, such as http://127.0.0.1:8001")
    parser.add_argument("--requests", type=int, default=2000,
                        help="maximum number of requests to send (default: %(default)s)")
    parser.add_argument("--concurrency", type=int, default=32,
                        help="maximum requests in flight at once (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=120.0,
                        help="start no request after this many seconds (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the request mix, for a repeatable run (default: 1)")
    args = parser.parse_args(argv)
    try:
        results = asyncio.run(run_load_test(args.base_url, args.requests, args.concurrency,
                                            args.seconds, args.seed))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_results(results))
    return 0 if results.ok else 1


if __name__ == "__main__":
    sys.exit(main())
