"""The benchmarks' synthetic catalogue is a valid catalogue, deterministic, and scales its parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import synthetic_catalog
from scripts.synthetic_catalog import Sizes, write_catalogue
from tests.support import TODAY, run_cli


def test_synthetic_catalogue_passes_the_validator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid, and the only warnings are modules that no path needs or levels a path's constraints
    rule out (as in a real catalogue)."""
    monkeypatch.setattr(synthetic_catalog, "TODAY", TODAY)  # its dates are relative to the clock's today
    write_catalogue(tmp_path / "catalogue", 60)
    result = run_cli("--check", "--catalogue", str(tmp_path / "catalogue"))
    assert result.returncode == 0, result.stderr
    assert "60 modules" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "avertissement" in line]
    explained = ("n'entre dans aucun parcours", "exclu du parcours")
    assert all(any(reason in line for reason in explained) for line in warnings), warnings


def test_same_seed_same_files(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "a", 25, seed=7)
    write_catalogue(tmp_path / "b", 25, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yml"))
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_personas_and_job_titles_grow_with_the_catalogue() -> None:
    small, large = Sizes.for_modules(100), Sizes.for_modules(10_000)
    assert large.personas > small.personas
    assert large.personas * large.jobs_per_persona > small.personas * small.jobs_per_persona
    assert large.competences > small.competences
