"""Generated pages are HTML that MkDocs does not run through Python-Markdown (hooks/html_body.py):
what visitors and partners would notice is unchanged — the table of contents beside each page, links
from hand-written pages to a section of a generated page checked by ``--strict`` — and text a partner
writes is never read as Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.support import run_cli

SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')
TOC_LINK = re.compile(r'<a href="(#[^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>')


def article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return html.split('<article class="md-content__inner', 1)[1].rsplit("</article>", 1)[0]


def table_of_contents(site: Path, page: str) -> list[tuple[str, str]]:
    """(anchor, label) of the links in the page's « Table des matières » sidebar."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    sidebar = html.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    return [(href, " ".join(label.split())) for href, label in TOC_LINK.findall(sidebar)]


def test_a_module_page_lists_its_sections_in_the_table_of_contents(mini_project: Path) -> None:
    site = mini_project / "site"
    sections = [(f"#{anchor}", title) for anchor, title in SECTION.findall(article(site, "modules/rgpd"))]
    assert [title for _, title in sections][:2] == ["Présentation", "Niveaux"]
    assert table_of_contents(site, "modules/rgpd") == sections


def test_a_path_page_lists_its_sections_in_the_table_of_contents(mini_project: Path) -> None:
    site = mini_project / "site"
    sections = [(f"#{anchor}", title) for anchor, title in SECTION.findall(article(site, "parcours/terrain"))]
    assert ("#etapes", "Étapes") in sections
    assert table_of_contents(site, "parcours/terrain") == sections


def _link_from_a_handwritten_page(project: Path, target: str) -> None:
    (project / "docs" / "lien-de-test.md").write_text(f"# Lien\n\n[Les sessions]({target})\n", encoding="utf-8")


def test_a_link_to_a_section_of_a_generated_page_passes_the_strict_build(mini_built: Path) -> None:
    _link_from_a_handwritten_page(mini_built, "modules/rgpd.md#sessions")
    result = run_cli("--site", "site", cwd=mini_built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'href="../modules/rgpd/#sessions"' in (mini_built / "site" / "lien-de-test" / "index.html").read_text()


def test_a_link_to_a_missing_section_of_a_generated_page_fails_the_build(mini_built: Path) -> None:
    _link_from_a_handwritten_page(mini_built, "modules/rgpd.md#section-absente")
    result = run_cli("--site", "site", cwd=mini_built)
    assert result.returncode != 0
    assert "section-absente" in result.stdout + result.stderr


def test_markdown_signs_in_a_partner_title_are_shown_as_written(mini_built: Path) -> None:
    module_file = mini_built / "catalog" / "modules" / "rgpd.yml"
    data = yaml.safe_load(module_file.read_text(encoding="utf-8"))
    data["titre"] = "RGPD **en bref**, [voir](https://exemple.org) et `code`"
    module_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("--site", "site", cwd=mini_built)
    assert result.returncode == 0, result.stdout + result.stderr
    listing = article(mini_built / "site", "modules")
    assert "RGPD **en bref**, [voir](https://exemple.org) et `code`" in listing
    assert "<strong>en bref</strong>" not in listing and 'href="https://exemple.org"' not in listing
