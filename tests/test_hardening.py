"""Untrusted input at the edges the corpus cannot hold: files that are not files, output paths,
front matter for any string, spreadsheet formulas, calendar line breaks, the registry's timing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import icalendar
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from ads_catalog import export
from ads_catalog.build import SiteBuildError, _mkdocs_build, site_files
from ads_catalog.ids import UnsafePathError, confined
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.problems import CatalogueError
from ads_catalog.sanitize import front_matter_value, yaml_scalar
from ads_catalog.validate import check_catalogue, load_catalogue
from tests.support import CATALOG, REPO, TODAY, run_cli


def problems_of(catalog: Path) -> list[str]:
    with pytest.raises(CatalogueError) as raised:
        check_catalogue(catalog, TODAY)
    return [str(problem) for problem in raised.value.problems]


# --- file intake ------------------------------------------------------------------------------


def test_a_fifo_named_like_a_module_is_refused_without_reading_it(mini_catalog: Path) -> None:
    os.mkfifo(mini_catalog / "modules" / "tube.yml")  # reading it would wait forever
    assert problems_of(mini_catalog) == [
        f"{mini_catalog / 'modules' / 'tube.yml'}:1:1: « tube.yml » n'est pas un fichier ordinaire "
        "(périphérique, tube…) : remplacez-le par un fichier YAML"
    ]


def test_a_symlink_to_an_endless_device_is_refused(mini_catalog: Path) -> None:
    (mini_catalog / "modules" / "zero.yml").symlink_to("/dev/zero")
    assert problems_of(mini_catalog) == [
        f"{mini_catalog / 'modules' / 'zero.yml'}:1:1: « zero.yml » est un lien symbolique : "
        "placez le fichier lui-même dans le dossier"
    ]


def test_a_symlinked_taxonomy_is_refused_not_followed(mini_catalog: Path, tmp_path: Path) -> None:
    taxonomy = mini_catalog / "taxonomie.yml"
    taxonomy.rename(tmp_path / "ailleurs.yml")
    taxonomy.symlink_to(tmp_path / "ailleurs.yml")
    assert problems_of(mini_catalog) == [
        f"{taxonomy}:1:1: « taxonomie.yml » est un lien symbolique : placez le fichier lui-même dans le dossier"
    ]


def test_a_folder_named_like_a_module_is_refused(mini_catalog: Path) -> None:
    (mini_catalog / "modules" / "dossier.yml").mkdir()
    assert problems_of(mini_catalog) == [
        f"{mini_catalog / 'modules' / 'dossier.yml'}:1:1: sous-dossier « dossier.yml » : les fichiers sont lus "
        "directement dans catalog/modules/, pas plus bas"
    ]


def test_tens_of_thousands_of_keywords_get_one_message(mini_catalog: Path) -> None:
    module = mini_catalog / "modules" / "cyber.yml"
    keywords = ", ".join(["a"] * 38_000)
    text = module.read_text(encoding="utf-8").replace("[cyber, phishing]", f"[{keywords}]")
    module.write_text(text, encoding="utf-8")
    assert problems_of(mini_catalog) == [
        f"{module}:13:12: « mots_cles » : 38000 éléments, 30 au plus",
        f"{module}:13:12: « mots_cles » : « a » figure plusieurs fois dans la liste",
    ]


# --- output paths -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc_path",
    ["modules/cyber.md", "m/12/index.html", "donnees/calendrier/modules/ia-2.ics", "assets/generated/cartes/site.png"],
)
def test_plain_output_paths_are_accepted(doc_path: str) -> None:
    assert confined(doc_path) == doc_path


@pytest.mark.parametrize(
    "doc_path",
    ["../x/index.html", "modules/../../x", "/etc/passwd", "..", ".", "", "modules//x", "modules/.cache",
     "modules/a b.md", "modules/é.md", "modules\\..\\x", "m/1/index.html/.."],
)  # fmt: skip
def test_output_paths_that_could_leave_their_folder_are_refused(doc_path: str) -> None:
    with pytest.raises(UnsafePathError):
        confined(doc_path)


def test_every_generated_path_of_the_real_catalogue_is_confined() -> None:
    catalogue = load_catalogue(CATALOG)
    for doc_path in site_files(catalogue, compute_learning_paths(catalogue), TODAY):
        assert confined(doc_path) == doc_path


# --- front matter -----------------------------------------------------------------------------


@given(st.text())
def test_any_string_round_trips_through_the_front_matter_mkdocs_reads(text: str) -> None:
    page = f"---\ntitle: {yaml_scalar(text)}\ndescription: {front_matter_value(text)}\n---\n\n# Corps\n"
    body, meta = get_data(page)
    assert meta["title"] == text
    assert body == "# Corps\n"


def test_a_page_whose_front_matter_mkdocs_cannot_read_fails_the_build(tmp_path: Path) -> None:
    """MkDocs alone would render such front matter as Markdown, attr_list attributes included."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\ntitle: "a\x7f{: autofocus onfocus=alert(1) }"\n---\n\nTexte\n', "utf-8")
    config = tmp_path / "mkdocs.yml"
    hook = REPO / "hooks" / "catalog_hook.py"
    config.write_text(f"site_name: t\nmarkdown_extensions: [attr_list]\nhooks: [{hook}]\n", encoding="utf-8")
    with pytest.raises(SiteBuildError, match=r"index\.md: front matter illisible"):
        _mkdocs_build(config, tmp_path / "site")


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "neutralised"),
    [
        ("=1+1", True), ("+33 1", True), ("-2", True), ("@SUM(A1)", True), (" =1", True), ("\u00a0=1", True),
        ("\u200b+1", True), ("＝1", True), ("﹢1", True), ("\t1", True), ("\r1", True),
        ("Cybersécurité", False), ("a=b", False), ("1-2", False), ("", False),
    ],
)  # fmt: skip
def test_csv_cells_that_a_spreadsheet_could_run_start_with_a_quote(cell: str, neutralised: bool) -> None:
    assert export._cell(cell) == ("'" + cell if neutralised else cell)


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_calendar_text_escapes_every_line_break(separator: str) -> None:
    assert export._ics_text(f"a{separator}b; c, d") == "a\\nb\\; c\\, d"


def test_sessions_differing_only_by_format_get_their_own_uids(mini_catalog: Path) -> None:
    module = mini_catalog / "modules" / "ia.yml"
    text = module.read_text(encoding="utf-8").replace(
        "formats: [classe-virtuelle]", "formats: [classe-virtuelle, presentiel]"
    )
    session = text[text.index("  - niveau: fondamentaux\n    format:") :]
    module.write_text(text + session.replace("format: classe-virtuelle", "format: presentiel"), encoding="utf-8")
    catalogue = load_catalogue(mini_catalog)
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    events = icalendar.Calendar.from_ical(files["donnees/calendrier/modules/ia.ics"]).walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == [
        "ia-fondamentaux-classe-virtuelle-20270202-en-ligne@ads.leem.org",
        "ia-fondamentaux-presentiel-20270202-en-ligne@ads.leem.org",
    ]


# --- the registry and the build's leftovers ------------------------------------------------------


def test_a_failed_build_does_not_write_the_registry(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: theme-absent"), "utf-8")
    result = run_cli("--site", "site", cwd=root)
    assert result.returncode == 1
    assert not (root / "catalog" / "urls.yml").exists()


def test_check_refuses_what_the_build_would_write_outside_docs(project, mini_catalog: Path) -> None:
    (mini_catalog / "urls.yml").write_text(
        yaml.safe_dump({"modules": {"..": {"code": 9, "publie_le": "2026-01-01", "redirection": "cyber"}}}),
        encoding="utf-8",
    )
    root = project(mini_catalog)
    result = run_cli("--check", cwd=root)
    assert result.returncode == 1
    assert "catalog/urls.yml:2:3: clé « .. » dans « modules » : n'est pas un identifiant valide" in result.stderr
    assert not (root / "docs" / "index.html").exists()


def test_staging_folders_of_a_killed_build_are_ignored_by_git() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".site.abc123/index.html"], cwd=REPO, capture_output=True, check=False
    )
    assert ignored.returncode == 0


def test_a_symlink_to_a_folder_named_like_a_module_is_refused(mini_catalog: Path, tmp_path: Path) -> None:
    (tmp_path / "ailleurs").mkdir()
    (mini_catalog / "modules" / "lien.yml").symlink_to(tmp_path / "ailleurs")
    assert problems_of(mini_catalog) == [
        f"{mini_catalog / 'modules' / 'lien.yml'}:1:1: « lien.yml » est un lien symbolique : "
        "placez le fichier lui-même dans le dossier"
    ]
