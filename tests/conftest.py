"""Shared fixtures: throw-away projects built from a given catalogue (helpers: tests/support.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import FIXTURES, copy_project


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
