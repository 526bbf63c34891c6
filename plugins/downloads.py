"""Serve /downloads: the release files of the data version being served, with sizes and SHA-256.

`make release` (build_db.py release) writes the files and a manifest into
dist/, which scripts/serve mounts at /dist/. This page reads the manifest named
after the served database's data version, so it never lists another
version's files, and links only files that are on disk at their recorded size.
Configured in metadata.yml under plugins.downloads:

    static_mount  the --static mount that serves the files (default: dist)
    file_prefix   the data package's name, which starts every file name
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

DATABASE = "inquiries"
DEFAULT_MOUNT = "dist"
DEFAULT_PREFIX = "uk-inquiry-recommendations"
FORMAT_NAMES = {"sqlite": "SQLite database", "csv-zip": "CSV data package (zip)",
                "parquet": "Parquet"}

log = logging.getLogger(__name__)


def release_folder(datasette) -> tuple[str, Path | None]:
    """Return the mount name and the folder it serves, or None when it is not mounted."""
    mount = (datasette.plugin_config("downloads") or {}).get("static_mount", DEFAULT_MOUNT)
    for name, folder in datasette.static_mounts:
        if name == mount:
            return mount, Path(folder)
    return mount, None


def read_manifest(folder: Path, name: str) -> dict | None:
    """Return the parsed manifest, or None when it is missing or unreadable (logged)."""
    path = folder / name
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        log.error("cannot read release manifest %s: %s", path, error)
        return None


def available_files(datasette, mount: str, folder: Path, manifest: dict) -> list[dict]:
    """Return the manifest's files, each marked available when on disk at its recorded size."""
    files = []
    for entry in manifest.get("files", []):
        path = folder / entry["name"]
        available = path.is_file() and path.stat().st_size == entry["bytes"]
        files.append({
            **entry,
            "format_name": FORMAT_NAMES.get(entry["format"], entry["format"]),
            "available": available,
            "url": datasette.urls.path(f"/{mount}/{entry['name']}"),
        })
    return files


async def served_build(datasette) -> dict:
    rows = await datasette.get_database(DATABASE).execute(
        "select data_version, git_commit, built_at from build_record")
    return dict(rows.first())


async def downloads_page(datasette, request) -> Response:
    build = await served_build(datasette)
    prefix = (datasette.plugin_config("downloads") or {}).get("file_prefix", DEFAULT_PREFIX)
    release_prefix = f"{prefix}-{build['data_version']}"
    mount, folder = release_folder(datasette)
    manifest = read_manifest(folder, f"{release_prefix}-manifest.json") if folder else None
    files = available_files(datasette, mount, folder, manifest) if manifest else []
    context = {
        "build": build,
        "release_prefix": release_prefix,
        "manifest": manifest,
        "manifest_url": datasette.urls.path(f"/{mount}/{release_prefix}-manifest.json"),
        "checksums_url": (datasette.urls.path(f"/{mount}/{manifest['checksums_file']}")
                          if manifest else None),
        "files": files,
        "other_build": bool(manifest) and (
            manifest.get("built_at") != build["built_at"]
            or manifest.get("git_commit") != build["git_commit"]),
    }
    html = await datasette.render_template("downloads.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/downloads$", downloads_page)]
