"""``--check --format github``: each problem as a GitHub Actions annotation on its line; and
``--check`` itself needs no ``node_modules`` (a partner checks a YAML file with Python alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ads_catalog import explorer
from ads_catalog.problems import Problem
from tests.support import run_cli


def test_annotation_escapes_as_the_actions_toolkit_does() -> None:
    problem = Problem(Path("catalog/modules/a,b:c.yml"), 3, 7, "100 % sûr : a,b")
    assert problem.github() == (
        "::error file=catalog/modules/a%2Cb%3Ac.yml,line=3,col=7,title=Problème du catalogue::100 %25 sûr : a,b"
    )
    warning = Problem(Path("catalog/personas/x.yml"), 1, 1, "à lire", warning=True)
    assert (
        warning.github()
        == "::warning file=catalog/personas/x.yml,line=1,col=1,title=Avertissement du catalogue::à lire"
    )


def test_a_message_cannot_start_another_workflow_command() -> None:
    """A partner value quoted in a message stays inside its annotation: no line break survives
    (shown as « \\n », as on the text output), so nothing starts a line of its own."""
    problem = Problem(Path("catalog/modules/a.yml"), 1, 1, "« x\r\n::error::faux »")
    assert problem.github().endswith("::« x\\u000d\\n::error::faux »")
    assert "\n" not in problem.github() and "\r" not in problem.github()


def test_warnings_become_warning_annotations(mini_catalog: Path, tmp_path: Path) -> None:
    mini_catalog.rename(tmp_path / "catalog")
    result = run_cli("--check", "--format", "github", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("Catalogue valide : 4 modules")
    assert lines[:-1] and all(line.startswith("::warning file=catalog/modules/") for line in lines[:-1])
    assert result.stderr == ""


def test_check_needs_no_node_modules(mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> dict[str, bytes]:
        raise FileNotFoundError("node_modules: introuvable ; lancez « npm ci ».")

    monkeypatch.setattr(explorer, "vendor_files", missing)
    mini_catalog.rename(tmp_path / "catalog")
    result = run_cli("--check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Catalogue valide")
