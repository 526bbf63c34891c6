"""Shared fixtures: one real build of the real data, and a Datasette app over it."""

from __future__ import annotations

import copy
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


@pytest.fixture(scope="session")
async def datasette(built_db, metadata) -> Datasette:
    ds = Datasette(
        immutables=[str(built_db)],
        # Datasette adds keys to the metadata it is given, so it gets its own copy.
        metadata=copy.deepcopy(metadata),
        template_dir=str(ROOT / "templates"),
        plugins_dir=str(ROOT / "plugins"),
        static_mounts=[("static", str(ROOT / "static"))],
        settings={"sql_time_limit_ms": 3000},
    )
    await ds.invoke_startup()
    return ds


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


@pytest.fixture(scope="session")
def server(built_db, tmp_path_factory):
    """Base URL of a real server on 127.0.0.1, started by scripts/serve."""
    inspect_file = tmp_path_factory.mktemp("inspect") / "inspect-data.json"
    subprocess.run([BIN / "datasette", "inspect", str(built_db), "--inspect-file",
                    str(inspect_file)], check=True, timeout=120)
    port = free_port()
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    # The access log goes to a file: an unread pipe would fill and stall the server.
    log_path = inspect_file.parent / "server.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [ROOT / "scripts" / "serve", str(built_db), str(inspect_file), str(port),
         str(inspect_file.parent / "dist")],
        env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1)
            break
        except httpx.TransportError:
            if process.poll() is not None:
                raise RuntimeError(log_path.read_text(errors="replace"))
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("the server did not start within 30 seconds")
    yield base
    process.terminate()
    process.wait(timeout=10)
    log_file.close()
