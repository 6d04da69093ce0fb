"""The URL registry (catalog/urls.yml): published URLs never disappear, short codes are never reused."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ads_catalog import build
from ads_catalog.build import Project
from ads_catalog.model import Entry, Registry
from ads_catalog.problems import CatalogueError
from ads_catalog.site import SITE_URL, relative
from ads_catalog.urls import REGISTRY_FILE, derived_code, write_registry
from ads_catalog.validate import load_catalogue
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


def publish(root: Path) -> None:
    """Commit a registry as the site's first pages had it: codes 1, 2, 3… in catalogue order."""
    catalogue = load_catalogue(root / "catalog")
    sections = {
        kind: {item_id: Entry(item_id, code, TODAY) for code, item_id in enumerate(ids, start=1)}
        for kind, ids in (("modules", catalogue.modules), ("parcours", catalogue.personas))
    }
    write_registry(root / "catalog", Registry(**sections))


def test_new_pages_get_a_short_code_derived_from_their_id_and_the_build_writes_no_registry(
    project, mini_catalog: Path
) -> None:
    root = project(mini_catalog)
    assert generate(root)[0] == 0
    assert not (root / "catalog" / REGISTRY_FILE).exists(), "adding pages must not touch a shared file"
    for kind, prefix, folder in (("modules", "m", "modules"), ("parcours", "p", "personas")):
        ids = sorted(path.stem for path in (mini_catalog / folder).glob("*.yml"))
        codes = [derived_code(item_id, set()) for item_id in ids]
        assert len(set(codes)) == len(codes) and all(1_000_000 <= code <= 9_999_999 for code in codes)
        for item_id, code in zip(ids, codes, strict=True):
            short = (root / "docs" / prefix / str(code) / "index.html").read_text(encoding="utf-8")
            assert f'url=../../{kind}/{item_id}/"' in short


def test_a_derived_code_moves_past_a_code_the_registry_holds() -> None:
    code = derived_code("ia", set())
    assert derived_code("ia", {code}) == code + 1
    assert derived_code("ia", {code, code + 1}) == code + 2
    assert derived_code("ia", {1, 2, 3}) == code, "the first pages' small codes are never in the way"


def colliding_ids() -> tuple[str, str]:
    first: dict[int, str] = {}
    for number in range(100000):
        item_id = f"module-{number}"
        code = derived_code(item_id, set())
        if code in first:
            return first[code], item_id
        first[code] = item_id
    raise AssertionError("no collision found")


def test_two_ids_with_the_same_derived_code_are_refused_naming_both(project, mini_catalog: Path) -> None:
    one, two = sorted(colliding_ids())  # the catalogue reads its modules in id order
    for item_id in (one, two):
        text = (mini_catalog / "modules" / "cyber.yml").read_text(encoding="utf-8")
        (mini_catalog / "modules" / f"{item_id}.yml").write_text(text.replace("id: cyber", f"id: {item_id}"))
    root = project(mini_catalog)
    result = run_cli("--check", cwd=root)
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "lien court" in line]
    code = derived_code(one, set())
    assert line.startswith(f"catalog/modules/{two}.yml:2:5: « id » : le lien court /m/{code}/ déduit de « {two} »")
    assert f"est déjà celui du module « {one} »" in line and "choisissez un autre identifiant" in line


def test_a_second_build_leaves_the_registry_untouched(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    publish(root)
    path = root / "catalog" / REGISTRY_FILE
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert generate(root)[0] == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_renaming_a_module_without_a_redirect_fails_naming_the_old_url(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    publish(root)
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
    publish(root)
    rename_module(root / "catalog", "ia", "intelligence-artificielle")
    result = run_cli("--check", cwd=root)
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "/modules/ia/" in line]
    assert re.match(r"catalog/urls\.yml:\d+:\d+: .*a déjà été publiée", line), line


def test_with_the_redirect_old_url_and_short_link_lead_to_the_new_page(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    publish(root)
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
    assert "intelligence-artificielle" not in data["modules"], "the build writes no registry entry"
    new_short = docs / "m" / str(derived_code("intelligence-artificielle", {1, 2, 3, 4})) / "index.html"
    assert "../../modules/intelligence-artificielle/" in new_short.read_text(encoding="utf-8")


def test_redirect_chains_are_followed_and_broken_ones_refused(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    publish(root)
    rename_module(root / "catalog", "ia", "ia-2")
    add_line_under(root, "modules", "ia", "redirection: ia-2")
    assert generate(root)[0] == 0
    rename_module(root / "catalog", "ia-2", "ia-3")
    # ia-2 was published with its derived code: its rename adds its entry (what --diff prints)
    code = derived_code("ia-2", {1, 2, 3, 4})
    path = root / "catalog" / REGISTRY_FILE
    entry = f"  ia-2:\n    code: {code}\n    publie_le: {TODAY}\n    redirection: ia-3\n"
    path.write_text(path.read_text(encoding="utf-8").replace("parcours:\n", entry + "parcours:\n"), encoding="utf-8")
    assert generate(root)[0] == 0
    assert "url=../ia-3/" in (root / "docs" / "modules" / "ia" / "index.html").read_text(encoding="utf-8")
    add_line_under(root, "modules", "cyber", "redirection: introuvable")
    code, stderr = generate(root)
    assert code == 1
    assert "/modules/cyber/ a une redirection alors que le module « cyber » existe" in stderr
    assert "la redirection de /modules/cyber/ ne mène à aucune page existante" in stderr


def test_a_retired_path_needs_a_redirect_too(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    publish(root)
    (root / "catalog" / "personas" / "production.yml").unlink()
    code, stderr = generate(root)
    assert code == 1
    assert "l'adresse /parcours/production/ (lien court /p/1/) a déjà été publiée" in stderr
    add_line_under(root, "parcours", "production", "redirection: terrain")
    assert generate(root)[0] == 0
    assert "url=../terrain/" in (root / "docs" / "parcours" / "production" / "index.html").read_text(encoding="utf-8")


def test_an_archived_module_points_to_its_successor(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    publish(root)
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
    publish(root)
    add_line_under(root, "modules", "cyber", "redirige: ia")
    code, stderr = generate(root)
    assert code == 1
    assert stderr.endswith(
        "catalog/urls.yml:15:5: clé inconnue « redirige » dans « cyber » ; vouliez-vous dire « redirection » ?"
    ), stderr


def test_check_only_does_not_write_the_registry(project, mini_catalog: Path) -> None:
    root = project(mini_catalog)
    assert run_cli("--check", cwd=root).returncode == 0
    assert not (root / "catalog" / REGISTRY_FILE).exists()


def test_building_the_real_catalogue_leaves_its_registry_and_links_every_page(real_project: Path) -> None:
    """The committed registry is never changed by a build, and every page has a distinct short link:
    the registry's code, or the one derived from its id."""
    assert (real_project / "catalog" / REGISTRY_FILE).read_bytes() == (CATALOG / REGISTRY_FILE).read_bytes()
    committed = yaml.safe_load((CATALOG / REGISTRY_FILE).read_text(encoding="utf-8"))
    for kind, prefix, folder in (("modules", "m", "modules"), ("parcours", "p", "personas")):
        taken = {entry["code"] for entry in committed[kind].values()}
        ids = sorted(path.stem for path in (CATALOG / folder).glob("*.yml"))
        codes = [committed[kind][i]["code"] if i in committed[kind] else derived_code(i, taken) for i in ids]
        assert len(set(codes)) == len(codes)
        for item_id, code in zip(ids, codes, strict=True):
            page = (real_project / "site" / prefix / str(code) / "index.html").read_text(encoding="utf-8")
            assert f"{kind}/{item_id}/" in page


def test_site_url_matches_mkdocs_config() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: (\S+)$", config, re.MULTILINE).group(1) == SITE_URL


def test_relative_urls_between_site_paths() -> None:
    assert relative("m/3/", "modules/ia/") == "../../modules/ia/"
    assert relative("modules/old/", "modules/new/") == "../new/"
    assert relative("parcours/x/", "assets/generated/qr/parcours/x.svg") == "../../assets/generated/qr/parcours/x.svg"
