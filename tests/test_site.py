"""The real catalogue built into a real site with `mkdocs build --strict`, then crawled."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from tests.support import REPO, copy_project, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project around the real catalog/, built into <project>/site."""
    root = copy_project(REPO / "catalog", tmp_path_factory.mktemp("reel") / "projet")
    result = run_cli("--site", "site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "site"


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
    base = site if path.startswith("/") else page.parent
    resolved = (base / unquote(path.lstrip("/"))).resolve() if path else page
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, fragment


def test_a_page_per_module_and_per_persona(site: Path) -> None:
    for module_file in sorted((REPO / "catalog" / "modules").glob("*.yml")):
        assert (site / "modules" / module_file.stem / "index.html").is_file(), module_file.name
    for persona_file in sorted((REPO / "catalog" / "personas").glob("*.yml")):
        assert (site / "parcours" / persona_file.stem / "index.html").is_file(), persona_file.name


def test_job_finder_lists_150_titles_each_leading_to_a_path(site: Path) -> None:
    page = site / "metiers" / "index.html"
    html = page.read_text(encoding="utf-8")
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', html)
    assert len(items) >= 150
    assert len({title for _, title in items}) == len(items)
    for href, title in items:
        target, _ = resolve(site, page, href)
        assert target.is_file() and target.parent.parent.name == "parcours", title


def test_competence_matrix_has_a_column_per_persona_and_a_row_per_competence(site: Path) -> None:
    html = (site / "competences" / "index.html").read_text(encoding="utf-8")
    personas = len(list((REPO / "catalog" / "personas").glob("*.yml")))
    competences = (REPO / "catalog" / "competences.yml").read_text(encoding="utf-8").count("\n  - id: ")
    assert len(re.findall(r'<th scope="col"><a href="\.\./parcours/', html)) == personas
    assert len(re.findall(r'<th scope="row">', html)) == competences
    assert "✓" in html


def test_path_pages_show_steps_durations_total_and_gaps(site: Path) -> None:
    html = (site / "parcours" / "data-biometrie" / "index.html").read_text(encoding="utf-8")
    steps = re.findall(r'<li class="ads-etape" data-id="([a-z0-9-]+)"', html)
    assert len(steps) >= 3
    assert re.search(r"<dt>Durée totale</dt><dd>\d+ h", html)
    assert re.search(r"Niveau \w+ · [^·]+ · \d+ (min|h)", html)
    gaps = html.split('id="besoins-non-couverts"')[1]
    assert '<ul class="ads-lacunes">' in gaps


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
    html = (site / "modules" / "ia-sante" / "index.html").read_text(encoding="utf-8")
    nav = element_at(html, html.index('<nav class="md-nav md-nav--primary'))
    assert "Contribuer" in nav
    assert "rgpd-donnees-sante" not in nav


def element_at(html: str, start: int) -> str:
    """The whole element starting at ``start`` (nested elements of the same tag included)."""
    tag = re.match(r"<(\w+)", html[start:]).group(1)
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start : start + match.end()]
    raise AssertionError(f"<{tag}> never closed")


def test_mkdocs_strict_build_has_no_warning(built: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")]
    result = subprocess.run(command, cwd=built, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^WARNING\b", result.stderr, re.MULTILINE), result.stderr


def test_check_accepts_the_real_catalogue() -> None:
    result = run_cli("--check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Catalogue valide : 17 modules, 14 personas")
