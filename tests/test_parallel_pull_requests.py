"""Two partners' pull requests made from the same ``main``: each adds a module and builds; they
merge without conflict and the merged catalogue builds with distinct short links."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ads_catalog import build
from ads_catalog.build import Project
from tests.support import TODAY, copy_project


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"}  # fmt: skip
    result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def add_module(root: Path, module_id: str) -> None:
    """A partner's whole pull request: one new module file, then the build they run."""
    text = (root / "catalog" / "modules" / "cyber.yml").read_text(encoding="utf-8")
    (root / "catalog" / "modules" / f"{module_id}.yml").write_text(text.replace("id: cyber", f"id: {module_id}"))
    project = Project(root / "catalog", root / "docs", root / "mkdocs.yml")
    build.generate(project, build.prepare(project, TODAY))


def short_links(root: Path) -> dict[str, str]:
    """Module id → the short link (``m/<code>/``) whose page leads to it."""
    links = {}
    for page in sorted((root / "docs" / "m").glob("*/index.html")):
        target = page.read_text(encoding="utf-8").split("url=../../modules/", 1)[1].split("/", 1)[0]
        links[target] = page.parent.name
    return links


def test_two_partners_add_a_module_from_the_same_main_and_merge_without_conflict(
    mini_project: Path, tmp_path: Path
) -> None:
    root = copy_project(mini_project / "catalog", tmp_path / "depot")
    shutil.rmtree(root / "node_modules", ignore_errors=True)
    (root / ".gitignore").write_text("docs/\nsite/\nnode_modules\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "main")
    for branch, module_id in (("partenaire-a", "module-a"), ("partenaire-b", "module-b")):
        git(root, "switch", "-q", "-c", branch, "main")
        add_module(root, module_id)
        changed = git(root, "status", "--porcelain", "--untracked-files=all").split("\n")
        assert [line for line in changed if line] == [f"?? catalog/modules/{module_id}.yml"]
        git(root, "add", f"catalog/modules/{module_id}.yml")
        git(root, "commit", "-q", "-m", module_id)
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "partenaire-a")
    git(root, "merge", "-q", "--no-edit", "partenaire-b")  # fails on a conflict
    project = Project(root / "catalog", root / "docs", root / "mkdocs.yml")
    build.generate(project, build.prepare(project, TODAY))
    links = short_links(root)
    assert {"module-a", "module-b", "cyber"} <= set(links)
    assert len(set(links.values())) == len(links), links
