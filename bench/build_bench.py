"""Time the build against the raw floor and the naive pipeline, at several sizes.

    python bench/build_bench.py [--sizes 10000 100000] [--runs 3] [--million]

For each size it generates a synthetic package (bench/generate.py) once, then
times, as whole processes with GNU time (wall seconds and peak memory):

- ours: `build_db.py` (validate, compile, FTS, views, history, build record);
- floor: `bench/floor.py` (csv module into sqlite3, no validation);
- naive: `frictionless validate` on the package, then `sqlite-utils insert
  --csv` for each table;
- incremental: `build_db.py` again after one CSV changed, with the previous
  database in place.

It prints a Markdown table of medians and ratios to the floor.
"""

from __future__ import annotations

import argparse
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
                        f"{shell} >/dev/null 2>&1"], check=True)
        wall, kib = report.read().split()[-2:]
    return float(wall), int(kib) / 1024


def naive_command(package: Path, db: Path) -> str:
    descriptor = json.loads((package / "datapackage.json").read_text())
    steps = [f"cd {package}", f"rm -f {db}", f"{BIN}/frictionless validate datapackage.json"]
    for resource in descriptor["resources"]:
        steps.append(f"{BIN}/sqlite-utils insert {db} {resource['name']} "
                     f"{resource['path']} --csv")
    return " && ".join(steps)


def touch_one_csv(package: Path) -> None:
    """Change one verification date, as a correction to one CSV would."""
    path = package / "data" / "csv" / "verifications.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("2026-12-04", "2026-12-03", 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def measure(size: int, runs: int, work: Path) -> dict[str, tuple[float, float]]:
    package = work / f"package-{size}"
    if not package.exists():
        generate(package, size)
    db = work / f"ours-{size}.db"
    commands = {
        "ours": [BIN / "python", ROOT / "build_db.py", "--package",
                 package / "datapackage.json", "--db", db, "--quiet"],
        "floor": [BIN / "python", ROOT / "bench" / "floor.py", package,
                  work / f"floor-{size}.db"],
        "naive": naive_command(package, work / f"naive-{size}.db"),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    results["incremental"] = []
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(timed(command))
        touch_one_csv(package)
        results["incremental"].append(timed(commands["ours"]))
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
    args = parser.parse_args()
    sizes = args.sizes + ([1_000_000] if args.million else [])
    args.work.mkdir(parents=True, exist_ok=True)
    print("| recommendations | step | median wall s | × floor | peak MiB |")
    print("| --- | --- | --- | --- | --- |")
    for size in sizes:
        figures = measure(size, args.runs if size < 1_000_000 else 1, args.work)
        floor = figures["floor"][0]
        for name in ["ours", "incremental", "naive", "floor"]:
            wall, peak = figures[name]
            print(f"| {size:,} | {name} | {wall:.2f} | {wall / floor:.1f} | {peak:.0f} |",
                  flush=True)


if __name__ == "__main__":
    main()
