"""Helpers shared by the tests: where the repository is, running the CLI, copying a project.

Import them with ``from tests.support import ...``: conftest files are not modules to import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ads_catalog.render import GENERATED_DIRS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/build_catalog.py`` as a user would, from ``cwd``."""
    script = REPO / "scripts" / "build_catalog.py"
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True, check=False)


def copy_project(catalog: Path, target: Path) -> Path:
    """A copy of the site's sources (config, hand-written docs, overrides, hooks) around ``catalog``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides", "hooks", "schemas", "node_modules"):
        source = REPO / name
        if source.is_dir():
            if name == "node_modules":
                (target / name).symlink_to(source)
            else:
                shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    ignore = shutil.ignore_patterns(*[g.split("/")[-1] for g in GENERATED_DIRS])
    shutil.copytree(REPO / "docs", target / "docs", ignore=ignore)
    shutil.copytree(catalog, target / "catalog")
    return target
