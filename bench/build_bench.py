"""Time the build against the raw floor and the naive pipeline, at several sizes.

    python bench/build_bench.py [--sizes 10000 100000] [--runs 3] [--million] [--out FILE]

For each size it generates a synthetic package (bench/generate.py) once, then
times, as whole processes with GNU time (wall seconds and peak memory):

- ours: `build_db.py --full` (validate, compile, FTS, views, history, build record);
- floor: `bench/floor.py` (csv module into sqlite3, no validation);
- naive: `frictionless validate` on the package, then `sqlite-utils insert
  --csv` for each table;
- incremental: `build_db.py` again after one CSV changed, with the previous
  database in place, so only that table is loaded again.

It prints a Markdown table of medians and ratios to the floor, and writes it to
--out when given.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def timed(command: list[str] | str) -> tuple[float, float]:
    """Run a command under GNU time; return (wall seconds, peak resident MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        shell = command if isinstance(command, str) else " ".join(map(str, command))
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name, "sh", "-c",
                        f"({shell}) >/dev/null 2>&1"], check=True)
        wall, kib = report.read().split()[-2:]
    return float(wall), int(kib) / 1024


def naive_command(package: Path, db: Path) -> str:
    descriptor = json.loads((package / "datapackage.json").read_text())
    steps = [f"cd {package}", f"rm -f {db}", f"{BIN}/frictionless validate datapackage.json"]
    for resource in descriptor["resources"]:
        steps.append(f"{BIN}/sqlite-utils insert {db} {resource['name']} "
                     f"{resource['path']} --csv")
    return " && ".join(steps)


def touch_one_csv(package: Path, run: int) -> None:
    """Change the notes of one verification, as a correction to one CSV would.

    The note names the run, so every run changes the file.
    """
    path = package / "data" / "csv" / "verifications.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("notes")] = f"Corrected in benchmark run {run}."
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def measure(size: int, runs: int, work: Path) -> dict[str, tuple[float, float]]:
    package = work / f"package-{size}"
    if not package.exists():
        generate(package, size)
    db = work / f"ours-{size}.db"
    commands = {
        "ours": [BIN / "python", ROOT / "build_db.py", "--package",
                 package / "datapackage.json", "--db", db, "--quiet", "--full"],
        "floor": [BIN / "python", ROOT / "bench" / "floor.py", package,
                  work / f"floor-{size}.db"],
        "naive": naive_command(package, work / f"naive-{size}.db"),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    results["incremental"] = []
    for run in range(runs):
        for name, command in commands.items():
            results[name].append(timed(command))
        touch_one_csv(package, run)
        results["incremental"].append(timed(commands["ours"][:-1]))
    return {
        name: (statistics.median(w for w, _ in values), max(m for _, m in values))
        for name, values in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000],
                        help="recommendations per synthetic package (default: 10000 100000)")
    parser.add_argument("--million", action="store_true", help="also run at 1,000,000")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default: 3)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench",
                        help="folder for packages and databases (default: /tmp/bench)")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    sizes = args.sizes + ([1_000_000] if args.million else [])
    args.work.mkdir(parents=True, exist_ok=True)
    lines = ["| recommendations | step | median wall s | × floor | × naive | peak MiB |",
             "| --- | --- | --- | --- | --- | --- |"]
    print("\n".join(lines), flush=True)
    for size in sizes:
        figures = measure(size, args.runs if size < 1_000_000 else 1, args.work)
        floor, naive = figures["floor"][0], figures["naive"][0]
        for name in ["ours", "incremental", "naive", "floor"]:
            wall, peak = figures[name]
            lines.append(f"| {size:,} | {name} | {wall:.2f} | {wall / floor:.1f} | "
                         f"{wall / naive:.2f} | {peak:.0f} |")
            print(lines[-1], flush=True)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
