"""Golden-file tests: the mini fixture catalogue rendered to Markdown, compared with tests/golden/.

A page's JSON-LD (one long front-matter line) is kept apart, pretty-printed in ``<page>.jsonld.json``
beside the page's golden file, where the page holds a placeholder: both stay reviewable in a diff.
Set UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
"""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml

from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.site import page_url, relative_url
from ads_catalog.validate import load_catalogue
from tests.support import FIXTURES, REPO, TODAY

GOLDEN = REPO / "tests" / "golden" / "mini"
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


JSONLD_ENTRY = re.compile(r"^jsonld:.*\n(?:[ \t].*\n)*", re.MULTILINE)
"""The ``jsonld:`` entry of a page's front matter, with its continuation lines if YAML folded it."""


def split_jsonld(page: str, name: str) -> tuple[str, str | None]:
    """The page with its JSON-LD entry replaced by a placeholder naming ``name``, and that JSON-LD
    pretty-printed (None for a page without one). The entry must be the compact, key-sorted form of
    the pretty JSON, so that the two golden files fix every byte of the page."""
    front_matter = page.split("---\n", 2)[1] if page.startswith("---\n") else ""
    entry = JSONLD_ENTRY.search(front_matter)
    if entry is None:
        return page, None
    raw = yaml.safe_load(entry[0])["jsonld"]
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    pretty = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return page.replace(entry[0], f"jsonld: <{name}>\n", 1), pretty


@pytest.mark.parametrize("doc_path", GOLDEN_PAGES)
def test_page_matches_golden_file(pages: dict[str, str], doc_path: str) -> None:
    expected = GOLDEN / doc_path
    expected_jsonld = expected.with_suffix(".jsonld.json")
    page, jsonld = split_jsonld(pages[doc_path], expected_jsonld.name)
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(page, encoding="utf-8")
        if jsonld is None:
            expected_jsonld.unlink(missing_ok=True)
        else:
            expected_jsonld.write_text(jsonld, encoding="utf-8")
    assert page == expected.read_text(encoding="utf-8")
    assert jsonld == (expected_jsonld.read_text(encoding="utf-8") if expected_jsonld.exists() else None)


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
    upcoming, past = page.split(">Sessions à venir</h3>")[1].split("Sessions passées")
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
