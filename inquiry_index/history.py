"""Row-level history of the CSVs, read from git, and comparison of two versions.

Each commit that touched `data/csv/` is compared with its first parent, table by
table, keyed on the primary key. A comparison of two blobs never changes, so it
is cached on disk by the pair of blob hashes: a rebuild reads only commits that
are new since the last one.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .datapackage import DataPackage, Resource

log = logging.getLogger(__name__)

# Values longer than this are named in columns_changed but not copied into
# old_values or new_values, so the changes table stays small. The full text of
# any version is one `git show COMMIT:PATH` away.
SHORT_VALUE_CHARS = 200
EMPTY_BLOB = "0" * 40


@dataclass
class TableDiff:
    """Changes to one table between two versions, keyed by primary key."""

    added: list[str] = field(default_factory=list)
    removed: list[tuple[str, dict]] = field(default_factory=list)
    changed: list[tuple[str, list[str], dict, dict]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}

    @classmethod
    def from_json(cls, data: dict) -> "TableDiff":
        return cls(
            added=list(data["added"]),
            removed=[tuple(item) for item in data["removed"]],
            changed=[tuple(item) for item in data["changed"]],
        )


def record_key(row: dict, primary_key: tuple[str, ...]) -> str:
    """Return the record's identifier: its primary key values joined with '/'."""
    return "/".join(row.get(column) or "" for column in primary_key)


def parse_rows(text: str, primary_key: tuple[str, ...]) -> dict[str, dict]:
    # The build accepts a byte order mark and CRLF or CR line endings and reads
    # them as absent and LF, so history must too, or a re-saved file would show
    # every row as changed.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return {record_key(row, primary_key): row for row in reader}


def _short(row: dict, columns) -> dict:
    return {
        column: row.get(column)
        for column in columns
        if len(row.get(column) or "") <= SHORT_VALUE_CHARS
    }


def diff_rows(old: dict[str, dict], new: dict[str, dict]) -> TableDiff:
    """Compare two versions of a table, each a mapping of record key to row."""
    result = TableDiff()
    for key, row in new.items():
        before = old.get(key)
        if before is None:
            result.added.append(key)
            continue
        columns = [c for c in row if before.get(c) != row.get(c)]
        columns += [c for c in before if c not in row]
        if columns:
            result.changed.append((key, columns, _short(before, columns), _short(row, columns)))
    for key, row in old.items():
        if key not in new:
            result.removed.append((key, _short(row, row)))
    return result


def diff_texts(old_text: str, new_text: str, primary_key: tuple[str, ...]) -> TableDiff:
    return diff_rows(parse_rows(old_text, primary_key), parse_rows(new_text, primary_key))


# --- reading git -------------------------------------------------------------


class HistoryUnavailable(Exception):
    """Git history cannot be read here (no git, not a repository, or no commits)."""


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                check=True)
    except FileNotFoundError as error:
        raise HistoryUnavailable("git is not installed") from error
    except subprocess.CalledProcessError as error:
        raise HistoryUnavailable(error.stderr.strip() or f"git {args[0]} failed") from error
    return result.stdout


def _blob(root: Path, commit: str, path: str) -> str | None:
    """Return the blob hash of `path` at `commit`, or None where the file did not exist."""
    output = _git(root, "ls-tree", commit, "--", path).split()
    return output[2] if len(output) >= 3 else None


def _changed_blobs(top: Path, commit: str, parent: str | None,
                   paths: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Map each of `paths` that `commit` changed to its (old, new) blob hashes."""
    if parent:
        output = _git(top, "diff-tree", "-r", "--raw", "--no-renames", parent, commit,
                      "--", *paths)
    else:
        output = _git(top, "diff-tree", "-r", "--raw", "--no-renames", "--root",
                      "--no-commit-id", commit, "--", *paths)
    changed = {}
    for line in output.splitlines():
        if not line.startswith(":"):
            continue
        meta, path = line.split("\t", 1)
        _, _, old_blob, new_blob, _ = meta.split()
        changed[path] = (None if old_blob == EMPTY_BLOB else old_blob,
                         None if new_blob == EMPTY_BLOB else new_blob)
    return changed


def _blob_text(root: Path, blob: str | None) -> str:
    if blob is None:
        return ""
    return _git(root, "cat-file", "blob", blob)


@dataclass(frozen=True)
class Change:
    table_name: str
    record_id: str
    commit: str
    committed_at: str
    change: str
    columns_changed: str | None
    old_values: str | None
    new_values: str | None


@dataclass(frozen=True)
class History:
    changes: list[Change]
    status: str  # "complete", "shallow" or "unavailable: <reason>"


def read_history(package: DataPackage, cache_dir: Path | None = None) -> History:
    """Read every committed change to the package's CSVs, oldest first.

    A shallow clone's oldest commit has no parent to compare with, so its rows
    are not reported as added, and the status records that the history is shallow.
    Where git cannot be read at all, the history is empty and the status gives the reason.
    """
    root = package.root
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
        paths = {
            resource.name: str(resource.csv_path.resolve().relative_to(top))
            for resource in package.resources
        }
        log_lines = _git(top, "log", "--reverse", "--first-parent", "--format=%H %P|%cI",
                         "--", *paths.values()).splitlines()
    except (HistoryUnavailable, ValueError) as error:
        log.warning("no row history: %s", error)
        return History([], f"unavailable: {error}")

    changes: list[Change] = []
    for line in log_lines:
        hashes, committed_at = line.split("|", 1)
        commit, *parents = hashes.split()
        if not parents and shallow:
            continue  # the boundary of a shallow clone, not the first commit
        parent = parents[0] if parents else None
        blobs = _changed_blobs(top, commit, parent, list(paths.values()))
        for resource in package.resources:
            if paths[resource.name] in blobs:
                old_blob, new_blob = blobs[paths[resource.name]]
                changes += _commit_changes(top, resource, commit, committed_at, old_blob,
                                           new_blob, cache_dir)
    status = "shallow" if shallow else "complete"
    log.info("read row history: %d changes in %d commits (%s)", len(changes),
             len(log_lines), status)
    return History(changes, status)


def _commit_changes(top: Path, resource: Resource, commit: str, committed_at: str,
                    old_blob: str | None, new_blob: str | None,
                    cache_dir: Path | None) -> Iterator[Change]:
    diff = _cached_diff(top, resource, old_blob, new_blob, cache_dir)
    table = resource.name
    for key in diff.added:
        yield Change(table, key, commit, committed_at, "added", None, None, None)
    for key, columns, old, new in diff.changed:
        yield Change(table, key, commit, committed_at, "changed", json.dumps(columns),
                     json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False))
    for key, old in diff.removed:
        yield Change(table, key, commit, committed_at, "removed", None,
                     json.dumps(old, ensure_ascii=False), None)


def _cached_diff(top: Path, resource: Resource, old_blob: str | None, new_blob: str | None,
                 cache_dir: Path | None) -> TableDiff:
    cache_file = None
    if cache_dir is not None:
        cache_file = cache_dir / f"{old_blob or EMPTY_BLOB}-{new_blob or EMPTY_BLOB}.json"
        if cache_file.exists():
            return TableDiff.from_json(json.loads(cache_file.read_text(encoding="utf-8")))
    diff = diff_texts(_blob_text(top, old_blob), _blob_text(top, new_blob),
                      resource.primary_key)
    if cache_file is not None:
        _write_atomically(cache_file, json.dumps(diff.to_json(), ensure_ascii=False))
    return diff


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


# --- comparing two versions for release notes -------------------------------


def read_version(package: DataPackage, version: str) -> dict[str, str]:
    """Return each table's CSV text at a git ref, or from a folder of CSVs.

    `version` is a folder holding `<table>.csv` files, or a git ref such as
    `v0.1.0` or `HEAD~3`. A table missing from that version reads as empty.
    """
    folder = Path(version)
    if folder.is_dir():
        return {
            resource.name: (folder / resource.csv_path.name).read_text(encoding="utf-8")
            if (folder / resource.csv_path.name).exists() else ""
            for resource in package.resources
        }
    top = Path(_git(package.root, "rev-parse", "--show-toplevel").strip())
    commit = _git(top, "rev-parse", "--verify", f"{version}^{{commit}}").strip()
    texts = {}
    for resource in package.resources:
        path = str(resource.csv_path.resolve().relative_to(top))
        texts[resource.name] = _blob_text(top, _blob(top, commit, path))
    return texts


def compare_versions(package: DataPackage, old: str, new: str) -> dict[str, TableDiff]:
    old_texts = read_version(package, old)
    new_texts = read_version(package, new)
    return {
        resource.name: diff_texts(old_texts[resource.name], new_texts[resource.name],
                                  resource.primary_key)
        for resource in package.resources
    }


def format_comparison(diffs: dict[str, TableDiff], old: str, new: str) -> str:
    """Write a comparison as Markdown release notes: counts per table, then the records."""
    lines = [f"# Changes from {old} to {new}", ""]
    lines += ["| table | added | removed | changed |", "| --- | --- | --- | --- |"]
    for table, diff in diffs.items():
        lines.append(f"| {table} | {len(diff.added)} | {len(diff.removed)} | "
                     f"{len(diff.changed)} |")
    for table, diff in diffs.items():
        if not (diff.added or diff.removed or diff.changed):
            continue
        lines += ["", f"## {table}", ""]
        lines += [f"- added `{key}`" for key in diff.added]
        lines += [f"- removed `{key}`" for key, _ in diff.removed]
        lines += [f"- changed `{key}`: {', '.join(columns)}"
                  for key, columns, _, _ in diff.changed]
    return "\n".join(lines) + "\n"
