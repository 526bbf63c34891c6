"""Check every source URL in the data: status, final URL after redirects, failures.

Requests run concurrently up to a limit, each with a timeout, and failures that
may be temporary (timeouts, connection errors, 429 and 5xx responses) are
retried with a growing delay. HEAD is tried first. Servers that reject HEAD
(405, 501) are asked again with GET, whose body is not read.
"""

from __future__ import annotations

import asyncio
import csv
import logging
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx

from .datapackage import DataPackage
from .validate import read_rows

log = logging.getLogger(__name__)

USER_AGENT = "inquiry-index-link-checker/1.0 (checks the sources cited by the index)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
HEAD_REJECTED = {405, 501}
REPORT_COLUMNS = ["url", "outcome", "status", "final_url", "attempts", "error",
                  "first_cited_in", "citations"]


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None
    final_url: str | None
    attempts: int
    error: str | None

    @property
    def outcome(self) -> str:
        """'ok', 'redirected' (works, at another address), 'dead' (HTTP error) or 'failed'."""
        if self.status is None:
            return "failed"
        if self.status >= 400:
            return "dead"
        if self.final_url and self.final_url != self.url:
            return "redirected"
        return "ok"


def collect_urls(package: DataPackage) -> dict[str, list[str]]:
    """Map every URL in a uri-format column to where it is cited ("table/record/column")."""
    citations: dict[str, list[str]] = defaultdict(list)
    for resource in package.resources:
        columns = [f.name for f in resource.fields
                   if f.constraints.get("pattern", "").startswith("^https?://")]
        if not columns:
            continue
        for _, row in read_rows(resource):
            record = "/".join(row[c] for c in resource.primary_key)
            for column in columns:
                if row.get(column):
                    citations[row[column]].append(f"{resource.name}/{record}/{column}")
    return dict(citations)


async def check_url(client: httpx.AsyncClient, url: str, retries: int,
                    backoff_seconds: float) -> LinkResult:
    """Check one URL, retrying temporary failures up to `retries` more times."""
    attempts = 0
    error = None
    response = None
    while attempts <= retries:
        if attempts:
            await asyncio.sleep(backoff_seconds * 2 ** (attempts - 1))
        attempts += 1
        try:
            response = await client.head(url)
            if response.status_code in HEAD_REJECTED:
                async with client.stream("GET", url) as streamed:
                    response = streamed
            error = None
        except httpx.HTTPError as exc:
            response = None
            error = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
            log.info("attempt %d for %s failed: %s", attempts, url, error)
            continue
        if response.status_code not in RETRY_STATUSES:
            break
        log.info("attempt %d for %s returned HTTP %d", attempts, url, response.status_code)
    if response is None:
        return LinkResult(url, None, None, attempts, error)
    return LinkResult(url, response.status_code, str(response.url), attempts, None)


async def check_links(urls: list[str], concurrency: int = 8, timeout: float = 15.0,
                      retries: int = 2, backoff_seconds: float = 1.0) -> list[LinkResult]:
    """Check each URL once, at most `concurrency` at a time; results keep the input order."""
    limit = asyncio.Semaphore(concurrency)

    async def bounded(client: httpx.AsyncClient, url: str) -> LinkResult:
        async with limit:
            return await check_url(client, url, retries, backoff_seconds)

    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True,
                                 headers={"User-Agent": USER_AGENT}) as client:
        return list(await asyncio.gather(*(bounded(client, url) for url in urls)))


def write_report(results: list[LinkResult], citations: dict[str, list[str]],
                 path: Path) -> None:
    """Write the results as CSV, atomically, worst outcomes first."""
    order = {"failed": 0, "dead": 1, "redirected": 2, "ok": 3}
    rows = sorted(results, key=lambda r: (order[r.outcome], r.url))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        for result in rows:
            cited = citations.get(result.url, [])
            writer.writerow([result.url, result.outcome, result.status or "",
                             result.final_url or "", result.attempts, result.error or "",
                             cited[0] if cited else "", len(cited)])
    os.replace(temp, path)
