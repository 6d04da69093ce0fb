"""The URL registry (catalog/urls.yml): published URLs never disappear, short codes are never reused."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ads_catalog import build
from ads_catalog.build import Project
from ads_catalog.problems import CatalogueError
from ads_catalog.site import SITE_URL, relative
from ads_catalog.urls import REGISTRY_FILE
from tests.support import CATALOG, REPO, TODAY, run_cli


def generate(root: Path) -> tuple[int, str]:
    """Generate the pages (no MkDocs) of the project at ``root`` on ``TODAY``: (exit code, problems)."""
    try:
        project = Project(root / "catalog", root / "docs", root / "mkdocs.yml")
        build.generate(project, build.prepare(project, TODAY))
    except CatalogueError as error:
        return 1, "\n".join(str(problem) for problem in error.problems)
    return 0, ""


def registry(root: Path) -> dict:
    return yaml.safe_load((root / "catalog" / REGISTRY_FILE).read_text(encoding="utf-8"))


def rename_module(catalog: Path, old: str, new: str) -> None:
    source = catalog / "modules" / f"{old}.yml"
    text = source.read_text(encoding="utf-8").replace(f"id: {old}\n", f"id: {new}\n")
    source.unlink()
    (catalog / "modules" / f"{new}.yml").write_text(text, encoding="utf-8")
    for other in [*catalog.glob("modules/*.yml"), *catalog.glob("personas/*.yml")]:
        other.write_text(re.sub(rf"\b{old}\b(?=[\],])", new, other.read_text(encoding="utf-8")), encoding="utf-8")


def add_line_under(root: Path, kind: str, item_id: str, line: str) -> None:
    path = root / "catalog" / REGISTRY_FILE
    text = path.read_text(encoding="utf-8")
    entry = re.search(rf"^{kind}:\n(?:  .*\n)*?  {item_id}:\n(?:    .*\n)*", text, re.MULTILINE)
    assert entry, f"{item_id} not in the registry"
    path.write_text(text[: entry.end()] + f"    {line}\n" + text[entry.end() :], encoding="utf-8")


def test_first_build_registers_every_page_with_a_unique_code(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    assert generate(root)[0] == 0
    data = registry(root)
    assert list(data["modules"]) == ["ancien", "cyber", "ia", "rgpd"]
    assert [e["code"] for e in data["modules"].values()] == [1, 2, 3, 4]
    assert [e["code"] for e in data["parcours"].values()] == [1, 2]
    assert all(e["publie_le"] == TODAY for e in data["modules"].values())
    for kind, prefix in (("modules", "m"), ("parcours", "p")):
        for item_id, entry in data[kind].items():
            short = (root / "docs" / prefix / str(entry["code"]) / "index.html").read_text(encoding="utf-8")
            assert f'url=../../{kind}/{item_id}/"' in short


def test_a_second_build_leaves_the_registry_untouched(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    path = root / "catalog" / REGISTRY_FILE
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert generate(root)[0] == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_renaming_a_module_without_a_redirect_fails_naming_the_old_url(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    rename_module(root / "catalog", "ia", "intelligence-artificielle")
    result = run_cli("--site", "site", cwd=root)
    code, stderr = result.returncode, result.stderr
    assert code == 1
    line = next(line for line in stderr.splitlines() if "/modules/ia/" in line)
    assert re.match(r"catalog/urls\.yml:\d+:\d+: ", line), line
    assert "a déjà été publiée" in line
    assert "lien court /m/3/" in line
    assert "« redirection: intelligence-artificielle »" in line
    assert "Traceback" not in stderr
    assert not (root / "docs" / "modules" / "intelligence-artificielle.md").exists()


def test_check_alone_reports_a_rename_without_redirect(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    rename_module(root / "catalog", "ia", "intelligence-artificielle")
    result = run_cli("--check", cwd=root)
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "/modules/ia/" in line]
    assert re.match(r"catalog/urls\.yml:\d+:\d+: .*a déjà été publiée", line), line


def test_with_the_redirect_old_url_and_short_link_lead_to_the_new_page(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    rename_module(root / "catalog", "ia", "intelligence-artificielle")
    add_line_under(root, "modules", "ia", "redirection: intelligence-artificielle")
    code, stderr = generate(root)
    assert code == 0, stderr
    docs = root / "docs"
    assert (docs / "modules" / "intelligence-artificielle.md").is_file()
    old = (docs / "modules" / "ia" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../intelligence-artificielle/"' in old
    assert f'<link rel="canonical" href="{SITE_URL}modules/intelligence-artificielle/">' in old
    assert (docs / "m" / "3" / "index.html").read_text(encoding="utf-8").count(
        "../../modules/intelligence-artificielle/"
    ) == 2
    data = registry(root)
    assert data["modules"]["ia"]["redirection"] == "intelligence-artificielle"
    assert data["modules"]["intelligence-artificielle"]["code"] == 5, "a new page gets a new code, never a reused one"


def test_redirect_chains_are_followed_and_broken_ones_refused(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    rename_module(root / "catalog", "ia", "ia-2")
    add_line_under(root, "modules", "ia", "redirection: ia-2")
    assert generate(root)[0] == 0
    rename_module(root / "catalog", "ia-2", "ia-3")
    add_line_under(root, "modules", "ia-2", "redirection: ia-3")
    assert generate(root)[0] == 0
    assert "url=../ia-3/" in (root / "docs" / "modules" / "ia" / "index.html").read_text(encoding="utf-8")
    add_line_under(root, "modules", "cyber", "redirection: introuvable")
    code, stderr = generate(root)
    assert code == 1
    assert "/modules/cyber/ a une redirection alors que le module « cyber » existe" in stderr
    assert "la redirection de /modules/cyber/ ne mène à aucune page existante" in stderr


def test_a_retired_path_needs_a_redirect_too(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    (root / "catalog" / "personas" / "production.yml").unlink()
    code, stderr = generate(root)
    assert code == 1
    assert "l'adresse /parcours/production/ (lien court /p/1/) a déjà été publiée" in stderr
    add_line_under(root, "parcours", "production", "redirection: terrain")
    assert generate(root)[0] == 0
    assert "url=../terrain/" in (root / "docs" / "parcours" / "production" / "index.html").read_text(encoding="utf-8")


def test_an_archived_module_points_to_its_successor(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    add_line_under(root, "modules", "ancien", "remplace_par: ia")
    assert generate(root)[0] == 0
    page = (root / "docs" / "modules" / "ancien.md").read_text(encoding="utf-8")
    assert (
        "Ce module est archivé : il n'est plus proposé à l'inscription. Il est remplacé par <a href=\"../ia/\">" in page
    )
    add_line_under(root, "modules", "cyber", "remplace_par: inconnu")
    code, stderr = generate(root)
    assert code == 1
    assert "remplace_par : « inconnu » n'est pas un module existant" in stderr


def test_a_malformed_registry_is_reported_with_its_line(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    generate(root)
    add_line_under(root, "modules", "cyber", "redirige: ia")
    code, stderr = generate(root)
    assert code == 1
    assert stderr.endswith(
        "catalog/urls.yml:14:5: clé inconnue « redirige » dans « cyber » ; vouliez-vous dire « redirection » ?"
    ), stderr


def test_check_only_does_not_write_the_registry(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    assert run_cli("--check", cwd=root).returncode == 0
    assert not (root / "catalog" / REGISTRY_FILE).exists()


def test_building_the_real_catalogue_keeps_every_committed_entry_and_registers_the_rest(real_project: Path) -> None:
    """A module added without a build yet (a partner's first step) is registered by the build; what
    the committed registry holds is never changed, and codes stay unique."""
    committed = yaml.safe_load((CATALOG / REGISTRY_FILE).read_text(encoding="utf-8"))
    built = registry(real_project)
    for kind, folder in (("modules", "modules"), ("parcours", "personas")):
        assert {key: built[kind][key] for key in committed[kind]} == committed[kind]
        assert {path.stem for path in (CATALOG / folder).glob("*.yml")} <= set(built[kind])
        codes = [entry["code"] for entry in built[kind].values()]
        assert len(codes) == len(set(codes))


def test_site_url_matches_mkdocs_config() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: (\S+)$", config, re.MULTILINE).group(1) == SITE_URL


def test_relative_urls_between_site_paths() -> None:
    assert relative("m/3/", "modules/ia/") == "../../modules/ia/"
    assert relative("modules/old/", "modules/new/") == "../new/"
    assert relative("parcours/x/", "assets/generated/qr/parcours/x.svg") == "../../assets/generated/qr/parcours/x.svg"
