"""A failed build leaves the previous site untouched; two builds of the same sources are identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ads_catalog.validate import SCHEMA_DIR

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "build_catalog.py"
EPOCH = "1795000000"  # 2026-11-17


def build(root: Path, site: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, str(SCRIPT), "--site", site]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative path → SHA-256), symbolic links included as links."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            hashes[path.relative_to(folder).as_posix()] = "→ " + str(path.readlink())
        elif path.is_file():
            hashes[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


@pytest.fixture
def built(project: Callable[[Path], Path], mini_catalog: Path) -> Path:
    """A project around the mini catalogue, with its site built once in ``site/``."""
    root = project(mini_catalog)
    result = build(root, "site")
    assert result.returncode == 0, result.stderr
    return root


def test_broken_yaml_leaves_the_previous_site_byte_identical(built: Path) -> None:
    before = tree_hashes(built / "site")
    module = built / "catalog" / "modules" / "cyber.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("langue: fr", "langue: [fr"), encoding="utf-8")
    result = build(built, "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "1 problème : corrigez-le puis relancez."
    assert tree_hashes(built / "site") == before
    assert sorted(path.name for path in built.iterdir() if path.name.startswith(".site")) == []


def test_failing_mkdocs_build_leaves_the_previous_site_byte_identical(built: Path) -> None:
    before = tree_hashes(built / "site")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: theme-absent"), "utf-8")
    result = build(built, "site")
    assert result.returncode == 1
    assert result.stderr.startswith("mkdocs build --strict a échoué ; le site précédent est inchangé.")
    assert "theme-absent" in result.stderr
    assert tree_hashes(built / "site") == before
    assert sorted(path.name for path in built.iterdir() if path.name.startswith(".site")) == []


def test_mkdocs_warning_fails_the_build_and_keeps_the_previous_site(built: Path) -> None:
    before = tree_hashes(built / "site")
    page = built / "docs" / "a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Lien cassé](page-absente.md)\n", encoding="utf-8")
    result = build(built, "site")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "mkdocs build --strict a échoué ; le site précédent est inchangé.",
        "WARNING -  Doc file 'a-propos.md' contains a link 'page-absente.md', but the target is not found among "
        "documentation files.",
    ]
    assert tree_hashes(built / "site") == before


def test_two_builds_of_the_same_sources_are_byte_identical(built: Path, tmp_path: Path) -> None:
    """Same folder twice, then a second checkout elsewhere: no date, path or ordering leaks in."""
    first = tree_hashes(built / "site")
    assert build(built, "autre-site").returncode == 0
    elsewhere = tmp_path / "ailleurs" / "depot"
    shutil.copytree(built, elsewhere, symlinks=True, ignore=shutil.ignore_patterns("site", "autre-site"))
    assert build(elsewhere, "site").returncode == 0
    for other in (tree_hashes(built / "autre-site"), tree_hashes(elsewhere / "site")):
        assert list(other) == list(first)
        assert [name for name in first if first[name] != other[name]] == []


def test_source_date_epoch_is_the_build_date(built: Path) -> None:
    assert build(built, "plus-tard", epoch="1800000000").returncode == 0  # 2027-01-15
    before, later = tree_hashes(built / "site"), tree_hashes(built / "plus-tard")
    # Sessions move from « à venir » to « passées »: the build date comes from the epoch, not the clock.
    assert before["modules/rgpd/index.html"] != later["modules/rgpd/index.html"]


def test_schemas_are_published_as_they_are_in_the_repository(built: Path) -> None:
    published = built / "site" / "donnees" / "schemas"
    names = sorted(path.name for path in SCHEMA_DIR.glob("*.schema.json"))
    assert names == [
        "competences.schema.json", "module.schema.json", "partenaires.schema.json",
        "persona.schema.json", "taxonomie.schema.json", "urls.schema.json",
    ]  # fmt: skip
    for name in names:
        assert (published / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()
