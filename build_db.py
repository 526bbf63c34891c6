"""Validate the CSV data package and compile it into one SQLite database.

    python build_db.py                 validate, then write inquiries.db
    python build_db.py --db PATH       validate, then write PATH
    python build_db.py --check         validate only

Exit status: 0 on success; 1 when the data has problems (each printed with
file, row, column, value and fix) or the build fails, in which case the
existing database is left as it was.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from inquiry_index.build import STALENESS_DAYS, build_database
from inquiry_index.datapackage import load_package
from inquiry_index.validate import validate_package

ROOT = Path(__file__).resolve().parent
DEFAULT_DB = ROOT / "inquiries.db"
DEFAULT_PACKAGE = ROOT / "datapackage.json"

log = logging.getLogger("build_db")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help="database file to write (default: inquiries.db beside this script)")
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE,
                        help="data package descriptor to read (default: datapackage.json)")
    parser.add_argument("--check", action="store_true",
                        help="validate only; write nothing")
    parser.add_argument("--staleness-days", type=int, default=STALENESS_DAYS,
                        help="days after which a record's last verification counts as stale "
                             "(default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    started = time.perf_counter()
    try:
        package = load_package(args.package)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read the data package {args.package}: {error}", file=sys.stderr)
        return 1

    problems = validate_package(package)
    if problems:
        print(f"{len(problems)} problem(s) found; nothing was written.", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.check:
        log.info("data package is valid (%.2f s)", time.perf_counter() - started)
        return 0

    try:
        counts = build_database(package, args.db, staleness_days=args.staleness_days)
    except Exception as error:
        print(f"error: the build failed; {args.db} was left as it was: {error}",
              file=sys.stderr)
        return 1
    log.info("built %s: %d rows in %d tables (%.2f s)", args.db, sum(counts.values()),
             len(counts), time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
