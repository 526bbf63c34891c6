"""Run every benchmark and write its tables into docs/benchmarks.md.

    python bench/run.py [--million] [--runs 3] [--seconds 10]

Runs, one after another on 127.0.0.1 only:
- bench/build_bench.py at 10,000 and 100,000 recommendations (and 1,000,000
  with --million);
- bench/serve_bench.py on the 100,000-recommendation database;
- bench/replicas.py with 1, 2 and 4 replicas behind nginx.

Each script's Markdown table replaces the text between its markers in
docs/benchmarks.md (`<!-- build:begin -->` and `<!-- build:end -->`, and so on),
with the command and the machine above it. The rest of the page is left as written.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable


def machine() -> str:
    """Describe the machine in one line: cores, memory, processor, Python and SQLite."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    processor = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                processor = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({processor}), {memory:.0f} GiB, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def table_lines(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith("|"))


def run(command: list[str]) -> str:
    """Run a benchmark script and return its Markdown table; its other output goes to stderr."""
    print("running:", " ".join(command), file=sys.stderr, flush=True)
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    return table_lines(result.stdout)


def replace_section(page: str, name: str, body: str) -> str:
    """Replace the text between a section's markers; raise ValueError if they are missing."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    start, stop = page.find(begin), page.find(end)
    if start < 0 or stop < start:
        raise ValueError(f"{PAGE} has no {begin} ... {end} markers")
    return page[:start + len(begin)] + "\n" + body.strip() + "\n" + page[stop:]


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true",
                        help="also build at 1,000,000 recommendations (one run)")
    parser.add_argument("--runs", type=int, default=3, help="build runs per step (default: 3)")
    parser.add_argument("--seconds", type=float, default=10,
                        help="load duration per serving endpoint (default: 10)")
    args = parser.parse_args()
    when = datetime.date.today().isoformat()
    commands = {
        "build": [PYTHON, "bench/build_bench.py", "--sizes", "10000", "100000",
                  "--runs", str(args.runs)] + (["--million"] if args.million else []),
        "serve": [PYTHON, "bench/serve_bench.py", "--recommendations", "100000",
                  "--seconds", str(args.seconds)],
        "replicas": [PYTHON, "bench/replicas.py", "--seconds", str(args.seconds)],
    }
    page = PAGE.read_text(encoding="utf-8")
    for name, command in commands.items():
        table = run(command)
        display_command = " ".join(["python", *command[1:]])
        body = f"Measured {when} on {machine()}, with:\n\n    {display_command}\n\n{table}"
        page = replace_section(page, name, body)
        # Written after each section, so a failure later keeps the figures so far.
        write_atomically(PAGE, page)
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
