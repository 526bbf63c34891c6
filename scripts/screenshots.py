"""Save full-page screenshots of the reader pages at desktop and phone widths.

    .venv/bin/python scripts/screenshots.py [BASE_URL] [OUTPUT_DIR]

BASE_URL is a running server (default http://127.0.0.1:8001, as `make serve`
starts it) and OUTPUT_DIR defaults to screenshots/, which git ignores. Besides
the reader pages it captures the downloads and API pages, two canned query
pages with charts, and three embeds (a chart, a table and a rejected src). The
sample records are chosen through the server's JSON API, so the script works on
whatever data the server holds. It drives Debian's chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"desktop": 1280, "phone": 375}

# Each sample is a filter on recommendation_status picking the first matching row.
SAMPLE_FILTERS = {
    "with_response": "response_count__gt=0&evidence_count__gt=0",
    "without_response": ("response_state=no+response+recorded&evidence_count__lt=1"
                         "&overdue__gt=0"),
}


def fetch_json(url: str) -> list[dict]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def sample_paths(base: str) -> dict[str, str]:
    """Return the page paths to capture, keyed by a short name for the file."""
    status_url = f"{base}/inquiries/recommendation_status.json?_shape=array&_size=1&"
    paths = {"home": "/", "methodology": "/methodology", "about": "/about",
             "not_found": "/recommendation/no-such-recommendation",
             "downloads": "/downloads", "api": "/api",
             "query_chart": "/inquiries/positions_by_inquiry",
             "query_histogram": "/inquiries/days_to_first_response_distribution",
             "embed_chart": "/embed?src=%2Finquiries%2Fpositions_by_inquiry",
             "embed_table": ("/embed?src=%2Finquiries%2Fno_published_response"
                             "%3Finquiry%3Diicsa"),
             "embed_rejected": "/embed?src=https%3A%2F%2Fexample.com%2F"}
    for name, filters in SAMPLE_FILTERS.items():
        rows = fetch_json(status_url + filters)
        if rows:
            paths[f"recommendation_{name}"] = f"/recommendation/{rows[0]['recommendation_id']}"
            if name == "with_response":
                paths["report"] = f"/report/{rows[0]['report_id']}"
                paths["inquiry"] = f"/inquiry/{rows[0]['inquiry_id']}"
        else:
            print(f"skipped: no recommendation matches {filters}", file=sys.stderr)
    return paths


def main(argv: list[str]) -> int:
    base = (argv[0] if argv else "http://127.0.0.1:8001").rstrip("/")
    output = Path(argv[1] if len(argv) > 1 else "screenshots")
    output.mkdir(parents=True, exist_ok=True)
    paths = sample_paths(base)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for device, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in paths.items():
                page.goto(base + path)
                target = output / f"{name}-{device}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{target}  {path}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
