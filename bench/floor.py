"""The raw floor for a build: Python's csv module into sqlite3 with executemany.

    python bench/floor.py PACKAGE_DIR DB_PATH

No validation, no types, no keys, no indexes, no search: the least work that
puts every CSV row into SQLite, as a yardstick for the real build.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path


def main() -> None:
    package_dir, db_path = Path(sys.argv[1]), Path(sys.argv[2])
    db_path.unlink(missing_ok=True)
    descriptor = json.loads((package_dir / "datapackage.json").read_text())
    connection = sqlite3.connect(db_path)
    for resource in descriptor["resources"]:
        with (package_dir / resource["path"]).open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            columns = ", ".join(f"[{name}]" for name in header)
            connection.execute(f"CREATE TABLE [{resource['name']}] ({columns})")
            marks = ", ".join("?" for _ in header)
            connection.executemany(
                f"INSERT INTO [{resource['name']}] VALUES ({marks})", reader)
    connection.commit()
    connection.close()


if __name__ == "__main__":
    main()
