"""Shared fixtures: one real build of the real data, and a Datasette app over it."""

from __future__ import annotations

import contextlib
import copy
import csv
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The real database, built by the real build from data/csv/."""
    db = tmp_path_factory.mktemp("build") / "inquiries.db"
    assert build_db.main(["--db", str(db), "--quiet"]) == 0
    return db


@pytest.fixture(scope="session")
def metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def make_datasette(db_path: Path, metadata: dict | None = None,
                   extra_mounts: tuple[tuple[str, str], ...] = ()) -> Datasette:
    """Return a Datasette app over `db_path` with this repository's metadata, templates,
    plugins and static files, as scripts/serve configures the real server."""
    if metadata is None:
        metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette(
        immutables=[str(db_path)],
        # Datasette adds keys to the metadata it is given, so it gets its own copy.
        metadata=copy.deepcopy(metadata),
        template_dir=str(ROOT / "templates"),
        plugins_dir=str(ROOT / "plugins"),
        static_mounts=[("static", str(ROOT / "static")), *extra_mounts],
        settings={"sql_time_limit_ms": 3000},
    )


@pytest.fixture(scope="session")
async def datasette(built_db, metadata) -> Datasette:
    ds = make_datasette(built_db, metadata)
    await ds.invoke_startup()
    return ds


def load_plugin(name: str):
    """Import plugins/<name>.py as a module, for tests of its functions."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test",
                                                  ROOT / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def package(tmp_path) -> Path:
    """A copy of the data package in a temporary folder, to change freely."""
    return copy_package(tmp_path)


@pytest.fixture
def previous_db(tmp_path, built_db) -> Path:
    """A database from an earlier good build, which a failed build must not touch."""
    db = tmp_path / "previous.db"
    shutil.copy(built_db, db)
    return db


def copy_package(destination: Path) -> Path:
    """Copy the data package (descriptor, schemas, CSVs) and return the descriptor's path."""
    shutil.copy(ROOT / "datapackage.json", destination / "datapackage.json")
    shutil.copytree(ROOT / "schemas", destination / "schemas")
    shutil.copytree(ROOT / "data" / "csv", destination / "data" / "csv")
    return destination / "datapackage.json"


BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1)
            return
        except httpx.TransportError:
            if process.poll() is not None:
                raise RuntimeError(log_path.read_text(errors="replace"))
            time.sleep(0.2)
    raise RuntimeError(f"the server did not start within 30 seconds: {log_path}")


@contextlib.contextmanager
def run_server(db_path: Path, work: Path, release_dir: Path):
    """Start scripts/serve on a free port of 127.0.0.1 and yield its base URL."""
    inspect_file = work / "inspect-data.json"
    subprocess.run([BIN / "datasette", "inspect", str(db_path), "--inspect-file",
                    str(inspect_file)], check=True, timeout=120)
    port = free_port()
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}

    # The access log goes to a file: an unread pipe would fill and stall the server.
    log_path = work / "server.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [ROOT / "scripts" / "serve", str(db_path), str(inspect_file), str(port),
             str(release_dir)],
            env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(base, process, log_path)
        except RuntimeError:
            process.kill()
            raise

        try:
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(built_db, tmp_path_factory):
    """Base URL of a real server on 127.0.0.1, started by scripts/serve."""
    work = tmp_path_factory.mktemp("server")
    with run_server(built_db, work, work / "dist") as base:
        yield base


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def set_cell(package_dir: Path, table: str, row_index: int, column: str, value: str) -> None:
    """Set one cell; row_index 0 is the first record, reported as row 2."""
    path = package_dir / "data" / "csv" / f"{table}.csv"
    header, rows = read_csv(path)
    rows[row_index][header.index(column)] = value
    write_csv(path, header, rows)
