"""Golden-file tests: the mini fixture catalogue rendered to Markdown, compared with tests/golden/.

Set UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.site import page_url, relative_url
from ads_catalog.validate import load_catalogue

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
TODAY = dt.date(2026, 11, 28)
GOLDEN_PAGES = [
    "modules/rgpd.md",
    "modules/ancien.md",
    "parcours/terrain.md",
    "parcours/index.md",
    "metiers/index.md",
    "competences/index.md",
    "domaines/ia.md",
    "partenaires/index.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str | bytes]:
    catalogue = load_catalogue(FIXTURES / "mini")
    return site_files(catalogue, compute_learning_paths(catalogue), TODAY)


@pytest.mark.parametrize("doc_path", GOLDEN_PAGES)
def test_page_matches_golden_file(pages: dict[str, str], doc_path: str) -> None:
    expected = GOLDEN / doc_path
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(pages[doc_path], encoding="utf-8")
    assert pages[doc_path] == expected.read_text(encoding="utf-8")


def test_every_module_persona_and_facet_value_gets_a_page(pages: dict[str, str]) -> None:
    expected = {
        "modules/index.md", "modules/cyber.md", "modules/rgpd.md", "modules/ia.md", "modules/ancien.md",
        "parcours/index.md", "parcours/terrain.md", "parcours/production.md",
        "metiers/index.md", "competences/index.md",
        "categories/index.md", "categories/donnees-ia.md", "categories/securite.md",
        "domaines/index.md", "domaines/donnees-sante.md", "domaines/ia.md", "domaines/cybersecurite.md",
        "niveaux/index.md",
        *(f"niveaux/{level}.md" for level in ("acculturation", "fondamentaux", "approfondissement", "expert")),
        "formats/index.md", *(f"formats/{f}.md" for f in ("e-learning", "classe-virtuelle", "presentiel", "mixte")),
        "partenaires/index.md", "partenaires/ecole-a.md", "partenaires/isip.md",
    }  # fmt: skip
    assert expected <= set(pages)


def test_sessions_are_split_into_upcoming_and_past(pages: dict[str, str]) -> None:
    page = pages["modules/rgpd.md"]
    upcoming, past = page.split("<caption>Sessions à venir</caption>")[1].split("Sessions passées")
    assert "14 janvier 2027" in upcoming and "Paris" in upcoming
    assert "12 mars 2026" in past and "Lyon" in past


@pytest.mark.parametrize(
    ("doc_path", "url"),
    [
        ("index.md", ""),
        ("modules/index.md", "modules/"),
        ("modules/rgpd.md", "modules/rgpd/"),
        ("a-propos.md", "a-propos/"),
    ],
)
def test_page_urls_are_directory_style(doc_path: str, url: str) -> None:
    assert page_url(doc_path) == url


@pytest.mark.parametrize(
    ("from_doc", "to_doc", "link"),
    [
        ("modules/rgpd.md", "parcours/terrain.md", "../../parcours/terrain/"),
        ("modules/index.md", "modules/rgpd.md", "rgpd/"),
        ("metiers/index.md", "parcours/terrain.md", "../parcours/terrain/"),
        ("modules/rgpd.md", "modules/rgpd.md", "./"),
    ],
)
def test_links_are_relative_to_the_page(from_doc: str, to_doc: str, link: str) -> None:
    assert relative_url(from_doc, to_doc) == link
