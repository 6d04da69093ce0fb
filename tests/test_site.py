"""The real catalogue built into a real site with `mkdocs build --strict`, then crawled.

Only properties are asserted (a page per module file, a matrix row per competence…), never the
real catalogue's counts or content: a partner adding a module must not break this file."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
import yaml

from ads_catalog.learning_paths import LearningPath, compute_learning_paths
from ads_catalog.validate import load_catalogue
from tests.support import CATALOG, run_cli


@pytest.fixture(scope="module")
def site(real_project: Path) -> Path:
    return real_project / "site"


def stems(folder: str) -> list[str]:
    return sorted(path.stem for path in (CATALOG / folder).glob("*.yml"))


def persona_files() -> list[dict]:
    return [yaml.safe_load((CATALOG / "personas" / f"{stem}.yml").read_text("utf-8")) for stem in stems("personas")]


class Links(HTMLParser):
    """Collects link targets and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        for name in ("href", "src"):
            if found.get(name) and not (tag == "link" and found.get("rel") in {"canonical", "alternate"}):
                self.targets.append(found[name])


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def resolve(site: Path, page: Path, target: str) -> tuple[Path, str] | None:
    """The file an internal link points to (and its fragment); None for external links."""
    parsed = urlparse(target)
    if parsed.scheme or target.startswith(("//", "mailto:")):
        return None
    path, fragment = urldefrag(target)
    path = path.split("?", 1)[0]  # a query string (the explorer's filters) names no other file
    base = site if path.startswith("/") else page.parent
    resolved = (base / unquote(path.lstrip("/"))).resolve() if path else page
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, fragment


def test_a_page_per_module_and_per_persona(site: Path) -> None:
    assert stems("modules") and stems("personas")
    for module_id in stems("modules"):
        assert (site / "modules" / module_id / "index.html").is_file(), module_id
    for persona_id in stems("personas"):
        assert (site / "parcours" / persona_id / "index.html").is_file(), persona_id


def test_job_finder_lists_every_job_title_each_leading_to_its_path(site: Path) -> None:
    page = site / "metiers" / "index.html"
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', page.read_text(encoding="utf-8"))
    written = {job["titre"]: persona["id"] for persona in persona_files() for job in persona["metiers"]}
    assert sorted(html_lib.unescape(title) for _, title in items) == sorted(written)
    for href, title in items:
        target, _ = resolve(site, page, href)
        assert target == site / "parcours" / written[html_lib.unescape(title)] / "index.html", title


def test_competence_matrix_has_a_column_per_persona_and_a_row_per_competence(site: Path) -> None:
    html = (site / "competences" / "index.html").read_text(encoding="utf-8")
    competences = yaml.safe_load((CATALOG / "competences.yml").read_text(encoding="utf-8"))["competences"]
    assert len(re.findall(r'<th scope="col"[^>]*><a href="\.\./parcours/', html)) == len(stems("personas"))
    assert len(re.findall(r'<th scope="row">', html)) == len(competences)
    assert "✓" in html


@pytest.fixture(scope="module")
def learning_paths() -> dict[str, LearningPath]:
    return compute_learning_paths(load_catalogue(CATALOG))


def test_path_pages_show_steps_durations_total_and_gaps(site: Path, learning_paths: dict[str, LearningPath]) -> None:
    assert any(path.steps for path in learning_paths.values())
    for persona_id, path in learning_paths.items():
        html = (site / "parcours" / persona_id / "index.html").read_text(encoding="utf-8")
        steps = re.findall(r'<li class="ads-etape" data-id="([a-z0-9-]+)"', html)
        assert steps == [step.module_id for step in path.steps], persona_id
        assert re.search(r"<dt>Durée totale</dt><dd>(\d+ h|\d+ min)", html), persona_id
        assert len(re.findall(r"Niveau \w+ · [^·]+ · \d+ (min|h)", html)) == len(steps), persona_id
        gaps = re.search(r'<ul class="ads-lacunes">(.*?)</ul>', html.split('id="besoins-non-couverts"')[1], re.S)
        assert (gaps[1].count("<li>") if gaps else 0) == len(path.gaps), persona_id


def test_no_internal_link_is_broken(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    for page, links in parsed.items():
        for target in links.targets:
            found = resolve(site, page, target)
            if found is None:
                continue
            file, fragment = found
            if not file.exists():
                broken.append(f"{page.relative_to(site)} → {target}")
            elif fragment and file.suffix == ".html" and fragment not in parse(file).ids:
                broken.append(f"{page.relative_to(site)} → {target} (ancre absente)")
    assert broken == []


def test_module_pages_are_not_listed_in_the_navigation(site: Path) -> None:
    first, *others = stems("modules")
    html = (site / "modules" / first / "index.html").read_text(encoding="utf-8")
    nav = element_at(html, html.index('<nav class="md-nav md-nav--primary'))
    assert "Contribuer" in nav
    assert [module_id for module_id in others if f"/{module_id}/" in nav] == []


def element_at(html: str, start: int) -> str:
    """The whole element starting at ``start`` (nested elements of the same tag included)."""
    tag = re.match(r"<(\w+)", html[start:]).group(1)
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start : start + match.end()]
    raise AssertionError(f"<{tag}> never closed")


def test_mkdocs_strict_build_has_no_warning(real_project: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")]
    result = subprocess.run(command, cwd=real_project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^WARNING\b", result.stderr, re.MULTILINE), result.stderr


def test_check_accepts_the_real_catalogue_and_counts_its_files() -> None:
    """Warnings (a review that ages, sessions that close) never make the catalogue invalid."""
    result = run_cli("--check")
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert all(": avertissement : " in line for line in warnings), result.stderr
    jobs = sum(len(persona["metiers"]) for persona in persona_files())
    counts = f"{len(stems('modules'))} modules, {len(stems('personas'))} parcours, {jobs} métiers"
    said = f" ({len(warnings)} avertissement{'s' if len(warnings) > 1 else ''} ci-dessus)" if warnings else ""
    assert result.stdout == f"Catalogue valide : {counts}{said}.\n"
