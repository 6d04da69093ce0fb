"""Shared fixtures: throw-away projects built from a given catalogue, and the sites every test file
reads, built once per run (helpers: tests/support.py)."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import CATALOG, FIXTURES, copy_project, run_cli


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


def built_once(name: str, catalog: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project around ``catalog`` built with ``--site site`` at the tests' build date, once per
    test run: pytest-xdist workers share it through their temporary folders' common parent and a
    lock. Tests only read it; one that changes a project works on a copy (``built_copy``)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root = shared / name
        if not (root / "site" / "index.html").is_file():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(catalog, root)
            result = run_cli("--site", "site", cwd=root)
            assert result.returncode == 0, f"build of {catalog} failed:\n{result.stdout}\n{result.stderr}"
    return root


def built_copy(built: Path, target: Path) -> Path:
    """A writable copy of a built project (a copy costs far less than a build)."""
    shutil.copytree(built, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue (``catalog/``) built into ``<project>/site``: read only."""
    return built_once("reel", CATALOG, tmp_path_factory)


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture catalogue (``tests/fixtures/mini``) built into ``<project>/site``: read only."""
    return built_once("mini", FIXTURES / "mini", tmp_path_factory)


@pytest.fixture
def mini_built(mini_project: Path, tmp_path: Path) -> Path:
    """A writable copy of ``mini_project``, its site already built in ``site/``."""
    return built_copy(mini_project, tmp_path / "projet")
