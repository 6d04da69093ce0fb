"""Shared fixtures: the repository, and throw-away projects built from a given catalogue."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GENERATED = (
    "modules",
    "parcours",
    "metiers",
    "competences",
    "categories",
    "domaines",
    "niveaux",
    "formats",
    "partenaires",
    "catalogue",
    "donnees",
    "assets/vendor",
    "assets/generated",
    "m",
    "p",
    "nouveautes",
    "integrer",
)


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/build_catalog.py`` as a user would, from ``cwd``."""
    script = REPO / "scripts" / "build_catalog.py"
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True, check=False)


def copy_project(catalog: Path, target: Path) -> Path:
    """A copy of the site's sources (config, hand-written docs, overrides, hooks) around ``catalog``."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "overrides", "hooks", "schemas", "node_modules"):
        source = REPO / name
        if source.is_dir():
            if name == "node_modules":
                (target / name).symlink_to(source)
            else:
                shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    ignore = shutil.ignore_patterns(*[g.split("/")[-1] for g in GENERATED])
    shutil.copytree(REPO / "docs", target / "docs", ignore=ignore)
    shutil.copytree(catalog, target / "catalog")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Callable[[Path], Path]:
    """Make a buildable project around a catalogue folder; returns the project's root."""

    def make(catalog: Path) -> Path:
        return copy_project(catalog, tmp_path / "projet")

    return make


@pytest.fixture
def mini_catalog(tmp_path: Path) -> Path:
    """A writable copy of the small fixture catalogue (tests/fixtures/mini)."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target
