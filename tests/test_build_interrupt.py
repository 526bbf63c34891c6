"""Real signals sent to a build at each of its steps leave a usable database behind.

A small driver runs build_db.main in a subprocess with one step of the build
wrapped so that it prints "paused" and waits about a second. The test sends
the signal while the build waits there, so each case lands in a known step.
"""

from __future__ import annotations

import select
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_package

DRIVER = """
import importlib, sys, time
sys.path.insert(0, {root!r})
import build_db
module = importlib.import_module({module!r})
original = getattr(module, {function!r})

def paused(*args, **kwargs):
    print("paused", flush=True)
    for _ in range(20):
        time.sleep(0.05)
    return original(*args, **kwargs)

setattr(module, {function!r}, paused)
sys.exit(build_db.main(sys.argv[1:]))
"""

# Steps in build order; the last one runs after the new database is renamed into place.
STEPS_BEFORE_RENAME = [
    ("inquiry_index.build", "load_and_screen"),
    ("inquiry_index.build", "create_indexes"),
    ("inquiry_index.build", "create_search_indexes"),
    ("inquiry_index.build", "write_build_record"),
    ("inquiry_index.build", "create_views"),
    ("inquiry_index.build", "_fsync"),
]
STEP_AFTER_RENAME = ("inquiry_index.build", "_fsync_directory")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return copy_package(tmp_path_factory.mktemp("package"))


@pytest.fixture
def previous_db(tmp_path, built_db) -> Path:
    db = tmp_path / "inquiries.db"
    shutil.copy(built_db, db)
    return db


def interrupt_build(package: Path, db: Path, step: tuple[str, str], signal_number: int,
                    mode: str = "--full") -> subprocess.CompletedProcess:
    """Start a build, wait until it pauses in `step`, send the signal, and wait for the end.

    The build is a full one unless `mode` is empty: the previous database has the
    same inputs, so a build that may reuse it runs none of the full build's steps.
    """
    module, function = step
    driver = DRIVER.format(root=str(ROOT), module=module, function=function)
    process = subprocess.Popen(
        [sys.executable, "-c", driver, "--package", str(package), "--db", str(db), "--quiet",
         *([mode] if mode else [])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 120)
        assert ready, "the build never reached the step"
        assert process.stdout.readline().strip() == "paused"
        process.send_signal(signal_number)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def temporary_files(db: Path) -> list[str]:
    return [path.name for path in db.parent.iterdir() if path.name.endswith(".tmp")]


def assert_usable(db: Path) -> None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
        assert connection.execute("select count(*) from recommendations").fetchone()[0] > 0
        assert connection.execute("select count(*) from build_record").fetchone()[0] == 1


@pytest.mark.parametrize("step", STEPS_BEFORE_RENAME, ids=lambda step: step[1])
def test_sigterm_leaves_previous_database(package, previous_db, step):
    before = previous_db.read_bytes()
    result = interrupt_build(package, previous_db, step, signal.SIGTERM)
    assert result.returncode == 1, result.stderr
    assert "interrupted by SIGTERM" in result.stderr
    assert "was left as it was" in result.stderr
    assert previous_db.read_bytes() == before
    assert temporary_files(previous_db) == []
    assert_usable(previous_db)


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGHUP],
                         ids=["SIGINT", "SIGHUP"])
@pytest.mark.parametrize("step", [STEPS_BEFORE_RENAME[0], STEPS_BEFORE_RENAME[-1]],
                         ids=lambda step: step[1])
def test_other_signals_leave_previous_database(package, previous_db, step, signal_number):
    before = previous_db.read_bytes()
    result = interrupt_build(package, previous_db, step, signal_number)
    assert result.returncode != 0
    assert previous_db.read_bytes() == before
    assert temporary_files(previous_db) == []


@pytest.mark.parametrize("step", [STEPS_BEFORE_RENAME[1], STEPS_BEFORE_RENAME[-1]],
                         ids=lambda step: step[1])
def test_sigkill_leaves_previous_database_usable(package, previous_db, step):
    # SIGKILL cannot be handled: the hidden temporary file remains until the next
    # build removes it, but the database itself is the previous one, whole.
    before = previous_db.read_bytes()
    result = interrupt_build(package, previous_db, step, signal.SIGKILL)
    assert result.returncode == -signal.SIGKILL
    assert previous_db.read_bytes() == before
    assert_usable(previous_db)
    assert all(name.startswith(f".{previous_db.name}.") for name in temporary_files(previous_db))


def test_sigterm_after_rename_keeps_new_database(package, previous_db):
    before = previous_db.read_bytes()
    result = interrupt_build(package, previous_db, STEP_AFTER_RENAME, signal.SIGTERM)
    # The signal is held until the build is complete, then ends the process.
    assert result.returncode == -signal.SIGTERM, result.stderr
    assert "was left as it was" not in result.stderr
    assert previous_db.read_bytes() != before
    assert temporary_files(previous_db) == []
    assert_usable(previous_db)


def test_next_build_removes_killed_builds_file(package, previous_db):
    step = STEPS_BEFORE_RENAME[-1]
    result = interrupt_build(package, previous_db, step, signal.SIGKILL)
    assert result.returncode == -signal.SIGKILL
    left = temporary_files(previous_db)
    assert left, "the killed build should have left its temporary file"
    rebuilt = subprocess.run([sys.executable, str(ROOT / "build_db.py"), "--package",
                              str(package), "--db", str(previous_db), "--quiet"],
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert temporary_files(previous_db) == []
    assert_usable(previous_db)


def test_sigterm_during_incremental_build(package, previous_db):
    before = previous_db.read_bytes()
    result = interrupt_build(package, previous_db, ("inquiry_index.build", "_finish_database"),
                             signal.SIGTERM, mode="")
    assert result.returncode == 1, result.stderr
    assert "interrupted by SIGTERM" in result.stderr
    assert previous_db.read_bytes() == before
    assert temporary_files(previous_db) == []
