"""The /downloads page, through the test client and through a real server started by scripts/serve."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import httpx
import pytest
from datasette.app import Datasette

from conftest import ROOT, make_datasette, run_server
from inquiry_index import release
from inquiry_index.datapackage import load_package


@pytest.fixture(scope="module")
def package():
    return load_package(ROOT / "datapackage.json")


@pytest.fixture(scope="module")
def release_dir(built_db, package, tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    release.build_release(package, built_db, out)
    return out


async def datasette_with_release(built_db, metadata, folder) -> Datasette:
    ds = make_datasette(built_db, metadata, extra_mounts=(("dist", str(folder)),))
    await ds.invoke_startup()
    return ds


def manifest_of(folder, package) -> dict:
    return json.loads((folder / release.manifest_name(package)).read_text(encoding="utf-8"))


def download_links(page: str) -> list[str]:
    return re.findall(r'<a href="(/dist/[^"]+)" download>', page)


async def test_page_lists_every_file(built_db, metadata, release_dir, package):
    ds = await datasette_with_release(built_db, metadata, release_dir)
    response = await ds.client.get("/downloads")
    assert response.status_code == 200
    manifest = manifest_of(release_dir, package)
    for entry in manifest["files"]:
        assert entry["sha256"] in response.text, entry["name"]
        assert f"{entry['bytes']:,} bytes" in response.text, entry["name"]
    assert len(download_links(response.text)) == len(manifest["files"])
    assert f"data version {package.version}" in response.text
    assert "another build" not in response.text


async def test_links_serve_the_listed_bytes(built_db, metadata, release_dir, package):
    ds = await datasette_with_release(built_db, metadata, release_dir)
    page = (await ds.client.get("/downloads")).text
    listed = {entry["name"]: entry for entry in manifest_of(release_dir, package)["files"]}
    for link in download_links(page):
        response = await ds.client.get(link)
        assert response.status_code == 200, link
        entry = listed[link.rsplit("/", 1)[1]]
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"], link


async def test_page_without_release_says_so(datasette, package):
    response = await datasette.client.get("/downloads")
    assert response.status_code == 200
    assert f"download files for data version {package.version} are not on this server" \
        in response.text
    assert not download_links(response.text)


async def test_missing_file_not_linked(built_db, metadata, release_dir, package, tmp_path):
    partial = tmp_path / "dist"
    shutil.copytree(release_dir, partial)
    removed = f"{release.release_prefix(package)}-evidence.parquet"
    (partial / removed).unlink()
    ds = await datasette_with_release(built_db, metadata, partial)
    page = (await ds.client.get("/downloads")).text
    links = download_links(page)
    assert f"/dist/{removed}" not in links
    assert removed in page
    assert "not on this server" in page
    assert len(links) == len(manifest_of(partial, package)["files"]) - 1


async def test_release_of_other_build_flagged(built_db, metadata, release_dir, package, tmp_path):
    other = tmp_path / "dist"
    shutil.copytree(release_dir, other)
    manifest_path = other / release.manifest_name(package)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["built_at"] = "2000-01-01T00:00:00+00:00"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    ds = await datasette_with_release(built_db, metadata, other)
    page = (await ds.client.get("/downloads")).text
    assert "another build of data version" in page


def test_downloads_config_names_the_package(metadata, package):
    config = metadata["plugins"]["downloads"]
    assert config["file_prefix"] == package.descriptor["name"]
    assert config["static_mount"] == "dist"


@pytest.fixture(scope="module")
def release_server(built_db, tmp_path_factory):
    """A real server from scripts/serve whose release folder does not exist when it starts."""
    work = tmp_path_factory.mktemp("release-server")
    folder = work / "dist"
    with run_server(built_db, work, folder) as base:
        yield base, folder


def test_server_downloads_before_and_after_release(release_server, built_db, package):
    base, folder = release_server
    before = httpx.get(f"{base}/downloads", timeout=30)
    assert before.status_code == 200
    assert "are not on this server yet" in before.text

    manifest = release.build_release(package, built_db, folder)
    after = httpx.get(f"{base}/downloads", timeout=30)
    links = download_links(after.text)
    assert len(links) == len(manifest["files"])
    for entry in manifest["files"]:
        response = httpx.get(f"{base}/dist/{entry['name']}", timeout=30)
        assert response.status_code == 200, entry["name"]
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]


def test_server_embed_headers(release_server):
    base, _ = release_server
    response = httpx.get(f"{base}/embed?src=%2Finquiries%2Fpositions_by_inquiry", timeout=30)
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers
