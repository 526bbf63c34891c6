"""Measure serving latency and throughput on a synthetic database, on 127.0.0.1 only.

    python bench/serve_bench.py [--recommendations 100000] [--seconds 10] [--clients 8]
    python bench/serve_bench.py --db /tmp/bench/ours-100000.db

Builds a synthetic database (bench/generate.py, then build_db.py), or takes the one
that --db names, starts this site with scripts/serve and a plain Datasette on the
same file with the query settings of scripts/serve (no metadata, templates or
plugins), and for each endpoint runs `--clients` concurrent clients for `--seconds`
seconds. It prints p50/p95/p99 latency, requests per second and errors, beside the
time of the endpoint's main SQL run directly in sqlite3.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import yaml
from datasette.utils import escape_fts

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

# The site's search page is the `search` canned query in metadata.yml. Plain Datasette
# runs the same SQL, given as arbitrary SQL, with the same words.
SEARCH_SQL = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))[
    "databases"]["inquiries"]["queries"]["search"]["sql"]
SEARCH_WORDS = "statutory guidance"

# (name, path on this site, path on plain Datasette, the SQL behind it)
ENDPOINTS = [
    ("record page", "/recommendation/{rec}", "/inquiries/recommendations/{rec}",
     "select * from recommendation_status where recommendation_id = '{rec}'"),
    ("faceted table", "/inquiries/recommendations?_facet=report_id&_facet=text_completeness",
     "/inquiries/recommendations?_facet=report_id&_facet=text_completeness",
     "select report_id, count(*) from recommendations group by report_id "
     "order by count(*) desc limit 31"),
    # Our site skips the table's default facets on a search (plugins/search_facets.py)
    # and plain Datasette has none, so both pages compute rows and a count only.
    ("search", "/inquiries/recommendations?_search=statutory+guidance",
     "/inquiries/recommendations?_search=statutory+guidance",
     "select count(*) from recommendations_fts where recommendations_fts match "
     "'\"statutory\" \"guidance\"'"),
    ("search with facets",
     "/inquiries/recommendations?_search=statutory+guidance"
     "&_facet=report_id&_facet=text_completeness",
     "/inquiries/recommendations?_search=statutory+guidance"
     "&_facet=report_id&_facet=text_completeness",
     "select report_id, count(*) from recommendations where rowid in "
     "(select rowid from recommendations_fts where recommendations_fts match "
     "'\"statutory\" \"guidance\"') group by report_id order by count(*) desc limit 31"),
    ("search page", "/inquiries/search?" + urlencode({"q": SEARCH_WORDS}),
     "/inquiries?" + urlencode({"sql": SEARCH_SQL, "q": SEARCH_WORDS}),
     SEARCH_SQL.replace(":q", f"'{SEARCH_WORDS}'")),
    ("canned query JSON", "/inquiries/no_published_response.json?inquiry={inq}",
     "/inquiries.json?sql=select+recommendation_id+from+recommendation_status+where+"
     "response_state+%3D+%27no+response+recorded%27+and+inquiry_id+%3D+%27{inq}%27",
     "select * from recommendation_status where response_state = 'no response recorded' "
     "and inquiry_id = '{inq}'"),
    ("CSV export", "/inquiries/responses.csv?report_id=report-5&_size=max",
     "/inquiries/responses.csv?report_id=report-5&_size=max",
     "select * from responses where report_id = 'report-5'"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1)
            return
        except httpx.TransportError:
            if process.poll() is not None:
                raise RuntimeError("server exited")
            time.sleep(0.2)
    raise RuntimeError("server did not start")


async def load(base: str, path: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = await client.get(base + path)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                errors += 1

    async with httpx.AsyncClient(timeout=30) as client:
        started = time.monotonic()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {"p50": quantiles[49] * 1000, "p95": quantiles[94] * 1000,
            "p99": quantiles[98] * 1000, "rps": len(latencies) / elapsed,
            "requests": len(latencies), "errors": errors}


def sql_ms(db: Path, sql: str, repeats: int = 20) -> float:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    # Datasette registers escape_fts() on its connections, and the search SQL calls it.
    connection.create_function("escape_fts", 1, escape_fts)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        connection.execute(sql).fetchall()
        times.append(time.perf_counter() - started)
    connection.close()
    return statistics.median(times) * 1000


def start(command: list, env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def build_synthetic(work: Path, recommendations: int) -> tuple[Path, Path]:
    """Generate and build a synthetic database unless `work` has one, and return it with
    its inspect file."""
    package = work / f"package-{recommendations}"
    if not package.exists():
        generate(package, recommendations)
    folder = work / f"serve-{recommendations}"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "inquiries.db"
    inspect_file = folder / "inspect-data.json"
    if not db.exists():
        subprocess.run([BIN / "python", ROOT / "build_db.py", "--package",
                        package / "datapackage.json", "--db", db, "--quiet"], check=True)
        subprocess.run([BIN / "datasette", "inspect", db, "--inspect-file", inspect_file],
                       check=True)
    return db, inspect_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recommendations", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="load duration per endpoint and server (default: 10)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default: 8)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench")
    parser.add_argument("--db", type=Path,
                        help="serve this built database instead of generating and building "
                             "one; --recommendations is then ignored")
    args = parser.parse_args()

    if args.db:
        if not args.db.is_file():
            parser.error(f"--db {args.db}: file not found. Build one with build_db.py first.")
        folder = args.work / f"serve-db-{args.db.stem}"
        folder.mkdir(parents=True, exist_ok=True)
        # Datasette names a database after its file, and the endpoints and metadata.yml
        # expect "inquiries", so the file is served through a link of that name.
        db = folder / "inquiries.db"
        if db.exists() and not db.is_symlink():
            parser.error(f"{db} exists and is not a link; remove it or choose another --work")
        db.unlink(missing_ok=True)
        db.symlink_to(args.db.resolve())
        inspect_file = folder / "inspect-data.json"
        subprocess.run([BIN / "datasette", "inspect", db, "--inspect-file", inspect_file],
                       check=True)
        args.recommendations = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "select count(*) from recommendations").fetchone()[0]
    else:
        db, inspect_file = build_synthetic(args.work, args.recommendations)
    rec, inq = sqlite3.connect(db).execute(
        "select recommendation_id, inquiry_id from recommendation_status "
        "where report_id = 'report-5' limit 1"
    ).fetchone()

    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    ours_port, plain_port = free_port(), free_port()
    servers = {
        "ours": start([ROOT / "scripts" / "serve", db, inspect_file, str(ours_port)], env),
        "plain": start([BIN / "datasette", "serve", "-i", db, "--inspect-file", inspect_file,
                        "--host", "127.0.0.1", "--port", str(plain_port),
                        "--setting", "sql_time_limit_ms", "3000",
                        "--setting", "facet_time_limit_ms", "500",
                        "--setting", "suggest_facets", "off",
                        "--setting", "max_returned_rows", "1000",
                        "--setting", "default_page_size", "50"], env),
    }
    bases = {"ours": f"http://127.0.0.1:{ours_port}", "plain": f"http://127.0.0.1:{plain_port}"}
    try:
        for name, process in servers.items():
            wait_for(bases[name], process)
        print(f"{args.recommendations:,} recommendations, {args.clients} clients, "
              f"{args.seconds:.0f} s per endpoint, {os.cpu_count()} cores")
        print("| endpoint | server | p50 ms | p95 ms | p99 ms | req/s | errors | SQL alone ms |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, ours_path, plain_path, sql in ENDPOINTS:
            direct = sql_ms(db, sql.format(rec=rec, inq=inq))
            for server, path in (("ours", ours_path), ("plain", plain_path)):
                result = asyncio.run(load(bases[server], path.format(rec=rec, inq=inq), args.clients,
                                          args.seconds))
                print(f"| {label} | {server} | {result['p50']:.1f} | {result['p95']:.1f} | "
                      f"{result['p99']:.1f} | {result['rps']:.1f} | {result['errors']} | "
                      f"{direct:.2f} |", flush=True)
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
