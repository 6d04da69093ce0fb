"""Module and path pages as rendered from the mini fixture catalogue: which levels start at once,
the level each step carries to its module page, the selection placeholder, the sharing block."""

from __future__ import annotations

import re

import pytest

from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.validate import load_catalogue
from tests.support import FIXTURES, TODAY


@pytest.fixture(scope="module")
def files() -> dict[str, str | bytes]:
    catalogue = load_catalogue(FIXTURES / "mini")
    return site_files(catalogue, compute_learning_paths(catalogue), TODAY)


def test_only_available_self_paced_levels_start_at_once(files) -> None:
    rgpd, ancien = files["modules/rgpd.md"], files["modules/ancien.md"]
    assert re.findall(r'<li class="ads-session" data-niveau="([a-z-]+)"><p[^>]*>[^<]*accès immédiat', rgpd) == [
        "acculturation"  # e-learning; its other level is face to face
    ]
    assert "accès immédiat" not in ancien, "an archived module offers no registration"


@pytest.mark.parametrize("status", ["bientôt", "archivé"])
def test_a_module_not_yet_or_no_longer_open_offers_no_immediate_access(mini_catalog, status) -> None:
    source = mini_catalog / "modules" / "cyber.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("statut: disponible", f"statut: {status}"))
    catalogue = load_catalogue(mini_catalog)
    page = site_files(catalogue, compute_learning_paths(catalogue), TODAY)["modules/cyber.md"]
    assert "accès immédiat" not in page


def test_every_step_link_carries_its_level(files) -> None:
    page = files["parcours/terrain.md"]
    steps = re.findall(r'<li class="ads-etape" data-id="([a-z0-9-]+)" data-niveau="([a-z-]+)"', page)
    links = re.findall(r'<p class="ads-etape__titre"><a href="([^"]+)">', page)
    assert steps and links == [f"../../modules/{m}/?niveau={lvl}#niveau-{lvl}" for m, lvl in steps]
    first = re.search(r'<a id="commencer" [^>]*href="([^"]+)"', page)[1]
    assert first == links[0]


def test_module_page_has_the_selection_placeholder_in_its_actions(files) -> None:
    page = files["modules/rgpd.md"]
    actions = page.split('<div class="ads-actions">', 1)[1].split("</div>", 1)[0]
    assert '<p class="ads-selection" data-selection-module="rgpd"></p>' in actions


@pytest.mark.parametrize(
    "doc_path, kind, item", [("modules/rgpd.md", "modules", "rgpd"), ("parcours/terrain.md", "parcours", "terrain")]
)
def test_sharing_block_offers_card_and_qr_code_that_are_generated(files, doc_path, kind, item) -> None:
    page = files[doc_path]
    for generated in (f"assets/generated/cartes/{kind}/{item}.png", f"assets/generated/qr/{kind}/{item}.svg"):
        assert f'href="../../{generated}" download' in page
        assert generated in files
    assert 'data-copier="lien-court"' in page
