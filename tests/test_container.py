"""The container image: the Dockerfile copies files that exist or that `make release`
builds, installs the versions pyproject.toml pins, and starts the server through
scripts/serve.

No Docker daemon runs on the test machines, so the image is never built here.
The last test lays out the files as the Dockerfile's COPY lines do and runs its
CMD outside a container instead.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml
from packaging.specifiers import SpecifierSet

from conftest import BIN, ROOT, free_port, wait_until_serving
from inquiry_index import release
from inquiry_index.datapackage import load_package

DOCKERFILE = ROOT / "Dockerfile"
BASE_IMAGE = "python:3.11-slim-bookworm"


@dataclass
class Instruction:
    stage: str
    keyword: str
    arguments: str


def parse_dockerfile(text: str) -> list[Instruction]:
    """Split a Dockerfile into instructions, joining continued lines and naming
    each instruction's stage by its FROM's `AS` name or its index."""
    instructions = []
    stage = ""
    stage_count = 0
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        # Docker drops comment lines, also inside a continued instruction.
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        pending = ""
        keyword = keyword.upper()
        if keyword == "FROM":
            words = arguments.split()
            stage = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(stage_count)
            stage_count += 1
        instructions.append(Instruction(stage, keyword, arguments.strip()))
    return instructions


@dataclass
class Copy:
    stage: str
    options: dict[str, str]
    sources: list[str]
    destination: str


def copies(instructions: list[Instruction]) -> list[Copy]:
    result = []
    for instruction in instructions:
        if instruction.keyword != "COPY":
            continue
        words = shlex.split(instruction.arguments)
        options = dict(word[2:].split("=", 1) for word in words if word.startswith("--"))
        paths = [word for word in words if not word.startswith("--")]
        result.append(Copy(instruction.stage, options, paths[:-1], paths[-1]))
    return result


def context_copies(instructions: list[Instruction]) -> list[Copy]:
    """The COPY instructions that read the build context, not another stage."""
    return [copy for copy in copies(instructions) if "from" not in copy.options]


def env_of(instructions: list[Instruction]) -> dict[str, str]:
    env = {}
    for instruction in instructions:
        if instruction.keyword == "ENV":
            env.update(word.split("=", 1) for word in shlex.split(instruction.arguments))
    return env


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    last = instructions[-1].stage
    return [instruction for instruction in instructions if instruction.stage == last]


def makefile_variable(name: str) -> str:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{name} := (.+)$", text, re.MULTILINE)
    assert match, f"Makefile does not define {name}"
    return match.group(1).strip()


def tracked_files() -> list[str]:
    output = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    return output.splitlines()


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def build_outputs() -> set[str]:
    """Paths that `make release` writes and git does not track."""
    return {makefile_variable("DB"), makefile_variable("RELEASE_DIR")}


def test_base_image_matches_requires_python(instructions):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requires = SpecifierSet(pyproject["project"]["requires-python"])
    images = [instruction.arguments.split()[0] for instruction in instructions
              if instruction.keyword == "FROM"]
    assert images
    for image in images:
        assert image == BASE_IMAGE
        version = re.match(r"python:(\d+\.\d+)-", image).group(1)
        assert f"{version}.0" in requires


def test_copy_sources_tracked_or_built(instructions, build_outputs):
    tracked = tracked_files()
    for copy in context_copies(instructions):
        for source in copy.sources:
            path = source.rstrip("/")
            in_git = any(name == path or name.startswith(path + "/") for name in tracked)
            assert in_git or path in build_outputs, f"COPY {source}: not tracked by git " \
                f"and not written by make release"


def test_make_image_builds_copied_outputs():
    rule = re.search(r"^image: (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"),
                     re.MULTILINE)
    assert rule, "Makefile has no image target"
    prerequisites = rule.group(1).split()
    assert "$(DB)" in prerequisites
    assert "$(RELEASE_MANIFEST)" in prerequisites


def dockerignore_excludes(patterns: list[str], path: str) -> bool:
    """Apply .dockerignore rules as Docker does: the last pattern that matches the
    path or one of its parent folders decides, and `!` lets a path back in."""
    parts = path.split("/")
    candidates = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    excluded = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern.lstrip("!").strip("/")
        regex = re.escape(body).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(regex, candidate) for candidate in candidates):
            excluded = not negated
    return excluded


def read_ignore_patterns(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerignore_keeps_copy_sources(instructions, build_outputs):
    patterns = read_ignore_patterns(ROOT / ".dockerignore")
    tracked = tracked_files()
    for copy in context_copies(instructions):
        for source in copy.sources:
            path = source.rstrip("/")
            files = [name for name in tracked if name == path or name.startswith(path + "/")]
            if path in build_outputs:
                files.append(f"{path}/example-manifest.json" if source.endswith("/") else path)
            for name in files:
                assert not dockerignore_excludes(patterns, name), f"{name} is excluded"


@pytest.mark.parametrize("path", [
    ".venv/bin/python", ".git/HEAD", "tests/test_container.py", "screenshots/home.png",
    ".pytest_cache/README.md", ".hypothesis/examples/a", "inspect-data.json",
    "plugins/__pycache__/charts.cpython-311.pyc", "data/csv/inquiries.csv",
])
def test_dockerignore_excludes_local_files(path):
    patterns = read_ignore_patterns(ROOT / ".dockerignore")
    assert dockerignore_excludes(patterns, path)


def gcloud_ignored(tmp_path: Path, paths: list[str]) -> set[str]:
    """Return which paths .gcloudignore leaves out of the upload, by git's matcher
    for .gitignore files, whose syntax .gcloudignore follows."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    shutil.copy(ROOT / ".gcloudignore", repo / ".gitignore")
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return set(result.stdout.splitlines())


def test_gcloudignore_keeps_copy_sources(instructions, tmp_path):
    uploaded = ["Dockerfile", ".dockerignore"]
    for copy in context_copies(instructions):
        uploaded += [source.rstrip("/") for source in copy.sources]
    uploaded.append("dist/example-manifest.json")
    left_out = [".venv/bin/python", "tests/test_container.py", "screenshots/home.png"]

    ignored = gcloud_ignored(tmp_path, uploaded + left_out)
    for path in uploaded:
        assert path not in ignored
    for path in left_out:
        assert path in ignored


def test_pip_installs_only_pyproject_pins(instructions, tmp_path):
    runs = [instruction.arguments for instruction in instructions
            if instruction.keyword == "RUN"]
    pip_runs = [run for run in runs if "pip install" in run]
    assert len(pip_runs) == 1
    words = shlex.split(pip_runs[0])
    arguments = words[words.index("install") + 1:]
    positional = [word for word in arguments if not word.startswith("-")]
    assert positional == ["requirements.txt"]
    assert arguments[arguments.index("requirements.txt") - 1] == "-r"

    # Run the Dockerfile's own command that writes requirements.txt.
    [writer] = [run for run in runs if "> requirements.txt" in run]
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    subprocess.run(["sh", "-c", writer], cwd=tmp_path, check=True, timeout=30,
                   env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"})
    requirements = (tmp_path / "requirements.txt").read_text(encoding="utf-8").split()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert sorted(requirements) == sorted(pyproject["project"]["dependencies"])
    for requirement in requirements:
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.]+", requirement), requirement


def cmd_words(instructions: list[Instruction]) -> list[str]:
    [cmd] = [instruction for instruction in instructions if instruction.keyword == "CMD"]
    return json.loads(cmd.arguments)


def test_cmd_runs_scripts_serve(instructions):
    command = cmd_words(instructions)
    assert command[:2] == ["sh", "-c"]
    words = shlex.split(command[2])
    assert words[:2] == ["exec", "scripts/serve"]
    assert words[4] == "$PORT"
    # No flags after the positional arguments, so the server runs exactly the
    # flags that scripts/serve sets.
    assert len(words) == 6
    assert env_of(instructions)["SERVE_HOST"] == "0.0.0.0"


def test_publish_deploys_dockerfile():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml")
                              .read_text(encoding="utf-8"))
    commands = " ".join(step.get("run", "") for step in workflow["jobs"]["publish"]["steps"])
    assert "gcloud run deploy" in commands
    assert "--source ." in commands
    # Server flags belong in scripts/serve alone.
    assert "datasette publish" not in commands
    assert "--setting" not in commands


def lay_out_image(instructions: list[Instruction], app: Path, built: dict[str, Path]) -> None:
    """Copy files into `app` as the Dockerfile's context COPY lines do, taking the
    paths that make release writes from `built`, then run its `datasette` RUN lines."""
    for copy in context_copies(instructions):
        destination = app / copy.destination
        for source in copy.sources:
            origin = built.get(source.rstrip("/"), ROOT / source)
            if origin.is_dir():
                # Docker copies a folder's contents, not the folder itself.
                shutil.copytree(origin, destination, dirs_exist_ok=True)
            elif copy.destination.endswith("/"):
                destination.mkdir(parents=True, exist_ok=True)
                shutil.copy(origin, destination / Path(source).name)
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(origin, destination)
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    for instruction in final_stage(instructions):
        if instruction.keyword == "RUN" and instruction.arguments.startswith("datasette "):
            subprocess.run(["sh", "-c", instruction.arguments], cwd=app, env=env, check=True,
                           timeout=60)


def test_cmd_serves_outside_docker(instructions, built_db, tmp_path):
    dist = tmp_path / "dist"
    release.build_release(load_package(ROOT / "datapackage.json"), built_db, dist)
    app = tmp_path / "app"
    lay_out_image(instructions, app, {makefile_variable("DB"): built_db,
                                      makefile_variable("RELEASE_DIR"): dist})

    # SERVE_HOST is a loopback address other than scripts/serve's default, to show that
    # the server listens on SERVE_HOST, as it must on 0.0.0.0 in the container.
    host = "127.0.0.3"
    port = free_port()
    env = {**os.environ, **env_of(instructions), "SERVE_HOST": host, "PORT": str(port),
           "PATH": f"{BIN}:{os.environ['PATH']}"}
    log_path = tmp_path / "server.log"
    base = f"http://{host}:{port}"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(cmd_words(instructions), cwd=app, env=env,
                                   stdout=log_file, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(base, process, log_path)

            connection = sqlite3.connect(built_db)
            [recommendation_id] = connection.execute(
                "select recommendation_id from recommendations limit 1").fetchone()
            connection.close()
            manifest = release.manifest_name(load_package(ROOT / "datapackage.json"))
            for path in ["/", f"/recommendation/{recommendation_id}", "/downloads",
                         f"/dist/{manifest}"]:
                response = httpx.get(f"{base}{path}", timeout=10)
                assert response.status_code == 200, path

            # A request from 127.0.0.2, which uvicorn trusts only because of
            # FORWARDED_ALLOW_IPS, plays the part of Cloud Run's HTTPS front end.
            transport = httpx.HTTPTransport(local_address="127.0.0.2")
            with httpx.Client(transport=transport, timeout=10) as client:
                table = client.get(f"{base}/inquiries/recommendations.json?_size=1",
                                   headers={"X-Forwarded-Proto": "https"})
            assert table.status_code == 200
            assert urlsplit(table.json()["next_url"]).scheme == "https"
        finally:
            process.terminate()
            process.wait(timeout=10)
