"""Shared fixtures: throw-away projects built from a given catalogue, and the sites every test file
reads, built once per run (helpers: tests/support.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import CATALOG, FIXTURES, built_copy, built_once, copy_project


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
