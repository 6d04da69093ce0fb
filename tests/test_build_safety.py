"""A failed build leaves the previous site untouched; two builds of the same sources, in separate
processes, are identical."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from tests.support import REPO, CliResult, run_cli

SCHEMA_DIR = REPO / "schemas"


def without_warnings(stderr: str) -> str:
    """Standard error without the catalogue's warnings (the mini catalogue has some)."""
    return "".join(line for line in stderr.splitlines(keepends=True) if ": avertissement : " not in line)


def build(root: Path, site: str, day: dt.date | None = None, process: bool = False) -> CliResult:
    """``build_catalog.py --site <site>`` in the project at ``root``."""
    return run_cli("--site", site, cwd=root, process=process, **({"day": day} if day else {}))


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative path → SHA-256), symbolic links included as links."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            hashes[path.relative_to(folder).as_posix()] = "→ " + str(path.readlink())
        elif path.is_file():
            hashes[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def test_broken_yaml_leaves_the_previous_site_byte_identical(mini_built: Path) -> None:
    before = tree_hashes(mini_built / "site")
    module = mini_built / "catalog" / "modules" / "cyber.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("langue: fr", "langue: [fr"), encoding="utf-8")
    result = build(mini_built, "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "1 problème : corrigez-le puis relancez."
    assert tree_hashes(mini_built / "site") == before
    assert sorted(path.name for path in mini_built.iterdir() if path.name.startswith(".site")) == []


def test_failing_mkdocs_build_leaves_the_previous_site_byte_identical(mini_built: Path) -> None:
    before = tree_hashes(mini_built / "site")
    config = mini_built / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: theme-absent"), "utf-8")
    result = build(mini_built, "site")
    assert result.returncode == 1
    failure = "mkdocs build --strict a échoué ; le site précédent est inchangé."
    assert without_warnings(result.stderr).startswith(failure)
    assert "theme-absent" in result.stderr
    assert tree_hashes(mini_built / "site") == before
    assert sorted(path.name for path in mini_built.iterdir() if path.name.startswith(".site")) == []


def test_mkdocs_warning_fails_the_build_and_keeps_the_previous_site(mini_built: Path) -> None:
    before = tree_hashes(mini_built / "site")
    page = mini_built / "docs" / "a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Lien cassé](page-absente.md)\n", encoding="utf-8")
    result = build(mini_built, "site")
    assert result.returncode == 1
    assert without_warnings(result.stderr).splitlines()[:2] == [
        "mkdocs build --strict a échoué ; le site précédent est inchangé.",
        "WARNING -  Doc file 'a-propos.md' contains a link 'page-absente.md', but the target is not found among "
        "documentation files.",
    ]
    assert tree_hashes(mini_built / "site") == before


def test_two_builds_of_the_same_sources_are_byte_identical(mini_project: Path, mini_built: Path) -> None:
    """The shared build, then another in a copy of its project elsewhere (generated pages and registry
    already there), in a process of its own (another hash seed): no date, path or ordering leaks in."""
    first = tree_hashes(mini_project / "site")
    assert build(mini_built, "autre-site", process=True).returncode == 0
    other = tree_hashes(mini_built / "autre-site")
    assert list(other) == list(first)
    assert [name for name in first if first[name] != other[name]] == []


def test_source_date_epoch_is_the_build_date(mini_built: Path) -> None:
    assert build(mini_built, "plus-tard", day=dt.date(2027, 1, 15)).returncode == 0
    before, later = tree_hashes(mini_built / "site"), tree_hashes(mini_built / "plus-tard")
    # Sessions move from « à venir » to « passées »: the build date comes from the epoch, not the clock.
    assert before["modules/rgpd/index.html"] != later["modules/rgpd/index.html"]


def test_schemas_are_published_as_they_are_in_the_repository(mini_built: Path) -> None:
    published = mini_built / "site" / "donnees" / "schemas"
    names = sorted(path.name for path in SCHEMA_DIR.glob("*.schema.json"))
    assert names == [
        "competences.schema.json", "module.schema.json", "partenaires.schema.json",
        "persona.schema.json", "taxonomie.schema.json", "urls.schema.json",
    ]  # fmt: skip
    for name in names:
        assert (published / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()
