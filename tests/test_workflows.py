"""The GitHub Actions workflows parse, and publishing waits for the tests."""

from __future__ import annotations

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key "on" as the boolean True.
    return workflow.get("on") or workflow.get(True)


def test_tests_run_on_push_and_pull_request():
    workflow = load("test.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    checkout = steps[0]
    assert checkout["with"]["fetch-depth"] == 0


def test_weekly_checks_upload_report():
    workflow = load("checks.yml")
    assert "schedule" in triggers(workflow)
    steps = workflow["jobs"]["checks"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "build_db.py stale" in commands
    assert "build_db.py links" in commands
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)


def test_publish_gated_on_tests():
    workflow = load("publish.yml")
    jobs = workflow["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/test.yml"
    assert jobs["publish"]["needs"] == "test"
