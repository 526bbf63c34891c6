"""Validate the CSV data package and compile it into one SQLite database.

    python build_db.py                  validate, then write inquiries.db
    python build_db.py --db PATH        validate, then write PATH
    python build_db.py --check          validate only
    python build_db.py stale [--days N] list records not verified within N days
    python build_db.py diff OLD NEW     compare two versions (git refs or CSV folders)
    python build_db.py links            check every source URL in the data
    python build_db.py release [--out DIR]  write the download files for this version

Exit status: 0 on success; 1 when the data has problems (each printed with
file, row, column, value and fix), the build fails (the existing database is
left as it was), records are stale, links are dead, or a release file cannot
be written; 2 for invalid arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import logging
import sys
import time
from pathlib import Path

from inquiry_index.build import STALENESS_DAYS, InvalidPackage, build_database
from inquiry_index.datapackage import DataPackage, load_package
from inquiry_index.history import HistoryUnavailable, compare_versions, format_comparison
from inquiry_index.links import check_links, collect_urls, write_report
from inquiry_index.release import ReleaseError, build_release
from inquiry_index.stale import find_stale, format_stale
from inquiry_index.validate import read_rows, validate_package

ROOT = Path(__file__).resolve().parent
DEFAULT_DB = ROOT / "inquiries.db"
DEFAULT_PACKAGE = ROOT / "datapackage.json"
DEFAULT_LINK_REPORT = ROOT / "reports" / "links.csv"
DEFAULT_RELEASE_DIR = ROOT / "dist"

log = logging.getLogger("build_db")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:10]),
    )
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE,
                        help="data package descriptor to read (default: datapackage.json)")
    parser.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help="database file to write (default: inquiries.db beside this script)")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("--full", action="store_true",
                        help="build every table, even where the database at --db could be "
                             "reused for the CSVs that have not changed")
    parser.add_argument("--staleness-days", type=positive_int, default=STALENESS_DAYS,
                        help="days after which a record's last verification counts as stale "
                             "in the database's views (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    stale = commands.add_parser("stale", help="list records not verified within a window")
    stale.add_argument("--days", type=positive_int, default=STALENESS_DAYS,
                       help="window in days (default: %(default)s)")
    stale.add_argument("--today", type=datetime.date.fromisoformat,
                       default=datetime.date.today(),
                       help="date to count from, YYYY-MM-DD (default: today)")

    diff = commands.add_parser("diff", help="compare two versions of the data")
    diff.add_argument("old", help="git ref (tag, commit, HEAD~1) or folder of CSVs")
    diff.add_argument("new", help="git ref or folder of CSVs")

    links = commands.add_parser("links", help="check every source URL in the data")
    links.add_argument("--concurrency", type=int, default=8,
                       help="requests in flight at once (default: %(default)s)")
    links.add_argument("--timeout", type=float, default=15.0,
                       help="seconds to wait for each request (default: %(default)s)")
    links.add_argument("--retries", type=int, default=2,
                       help="extra attempts after a timeout, connection error, 429 or 5xx "
                            "(default: %(default)s)")
    links.add_argument("--report", type=Path, default=DEFAULT_LINK_REPORT,
                       help="CSV report to write (default: reports/links.csv)")

    release = commands.add_parser(
        "release", help="write the SQLite, CSV zip and Parquet files of this data version "
                        "from the database given by --db")
    release.add_argument("--out", type=Path, default=DEFAULT_RELEASE_DIR,
                         help="folder to write the files into (default: dist/)")
    return parser.parse_args(argv)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text}")
    return value


def is_other_file(path: Path) -> bool:
    """Return whether `path` is an existing file that is not an SQLite database.

    The build refuses to replace such a file, so that a mistyped --db (a CSV,
    the descriptor) cannot overwrite the data.
    """
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(16) != b"SQLite format 3\x00"


def report_problems(problems: list) -> int:
    print(f"{len(problems)} problem(s) found; nothing was written.", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def run_build(args: argparse.Namespace, package: DataPackage) -> int:
    started = time.perf_counter()
    if not args.check and is_other_file(args.db):
        print(f"error: {args.db} exists and is not an SQLite database, so the build will not "
              "replace it. Give --db a new file or an existing database.", file=sys.stderr)
        return 1
    if args.check:
        problems = validate_package(package)
        if problems:
            return report_problems(problems)
        log.info("data package is valid (%.2f s)", time.perf_counter() - started)
        return 0
    try:
        counts = build_database(package, args.db, staleness_days=args.staleness_days,
                                full=args.full)
    except InvalidPackage as invalid:
        return report_problems(invalid.problems)
    except Exception as error:
        print(f"error: the build failed; {args.db} was left as it was: {error}",
              file=sys.stderr)
        return 1
    log.info("built %s: %d rows in %d tables (%.2f s)", args.db, sum(counts.values()),
             len(counts), time.perf_counter() - started)
    return 0


def run_stale(args: argparse.Namespace, package: DataPackage) -> int:
    stale = find_stale(package, args.days, args.today)
    total = sum(1 for _ in read_rows(package.resource("recommendations")))
    print(format_stale(stale, total, args.days, args.today), end="")
    return 1 if stale else 0


def run_diff(args: argparse.Namespace, package: DataPackage) -> int:
    try:
        diffs = compare_versions(package, args.old, args.new)
    except HistoryUnavailable as error:
        print(f"error: cannot read a version: {error}. Give a git ref or a folder of CSVs.",
              file=sys.stderr)
        return 2
    print(format_comparison(diffs, args.old, args.new), end="")
    return 0


def run_links(args: argparse.Namespace, package: DataPackage) -> int:
    citations = collect_urls(package)
    urls = sorted(citations)
    log.info("checking %d URLs, %d at a time", len(urls), args.concurrency)
    results = asyncio.run(check_links(urls, concurrency=args.concurrency,
                                      timeout=args.timeout, retries=args.retries))
    write_report(results, citations, args.report)
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
    print(f"checked {len(results)} URLs: {summary}; report written to {args.report}")
    return 1 if outcomes.get("dead") or outcomes.get("failed") else 0


def run_release(args: argparse.Namespace, package: DataPackage) -> int:
    if not args.db.is_file():
        print(f"error: {args.db} not found. Build it first: python build_db.py --db {args.db}",
              file=sys.stderr)
        return 1
    try:
        manifest = build_release(package, args.db, args.out)
    except ReleaseError as error:
        print(f"error: the release failed and no manifest was written: {error}",
              file=sys.stderr)
        return 1
    total = sum(entry["bytes"] for entry in manifest["files"])
    print(f"wrote {len(manifest['files'])} files ({total:,} bytes) for data version "
          f"{manifest['data_version']} into {args.out}")
    return 0


COMMANDS = {None: run_build, "stale": run_stale, "diff": run_diff, "links": run_links,
            "release": run_release}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    try:
        package = load_package(args.package)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read the data package {args.package}: {error}", file=sys.stderr)
        return 1
    return COMMANDS[args.command](args, package)


if __name__ == "__main__":
    sys.exit(main())
