"""The competence matrix (/competences/) in headless Chromium, on a phone and a desktop: it scrolls
inside its own labelled, focusable region, its header row and first column stay in place, its
headers are horizontal, it takes the content's full width, and ``?parcours=<id>`` (or the
selector) shows one job path's column. Job paths come from ``catalog/personas/``.
"""

from __future__ import annotations

import urllib.parse

import pytest
import yaml

from tests.browser.axe import assert_no_violation
from tests.browser.screens import SIZES
from tests.support import CATALOG

REGION = "#matrice"
HEADER_CELL = "#matrice thead th:nth-child(2)"
FIRST_COLUMN_CELL = "#matrice tbody th[scope=row]"


@pytest.fixture(scope="module")
def job_paths() -> dict[str, str]:
    """id → title of every job path, from the catalogue's YAML."""
    paths = {}
    for file in sorted((CATALOG / "personas").glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        paths[data["id"]] = data["titre"]
    return paths


def open_matrix(page, site_url: str, size: str, query: str = ""):
    page.set_viewport_size(SIZES[size])
    page.goto(site_url + "competences/" + query)
    page.wait_for_selector("#matrice-choix[data-etat=pret]")
    return page


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def visible_column_headers(page) -> list[str]:
    return page.eval_on_selector_all(
        "#matrice thead th", "els => els.filter(e => e.getClientRects().length).map(e => e.innerText.trim())"
    )


@pytest.mark.parametrize("size", SIZES)
def test_header_row_and_first_column_stay_in_place_when_the_matrix_scrolls(page, site_url: str, size: str) -> None:
    open_matrix(page, site_url, size)
    header, first_cell = box(page, HEADER_CELL), box(page, FIRST_COLUMN_CELL)
    moved = page.eval_on_selector(
        REGION, "r => { r.scrollTop = 400; r.scrollLeft = 400; return [r.scrollTop, r.scrollLeft]; }"
    )
    assert moved[0] > 0 and moved[1] > 0, f"the matrix does not scroll both ways inside its region at {size}"
    header_after, first_after = box(page, HEADER_CELL), box(page, FIRST_COLUMN_CELL)
    assert abs(header_after["y"] - header["y"]) < 1, "the header row scrolled away"
    assert header_after["x"] < header["x"], "the header row did not follow the columns sideways"
    assert abs(first_after["x"] - first_cell["x"]) < 1, "the first column scrolled away"
    region = box(page, REGION)
    assert abs(header_after["y"] - region["y"]) < 2, "the header row is not at the top of the scrolled region"
    assert abs(first_after["x"] - region["x"]) < 2, "the first column is not at the left of the scrolled region"
    # the cell's row moved up under the header, but its column did not move left
    assert first_after["y"] < first_cell["y"]


@pytest.mark.parametrize("size", SIZES)
def test_the_matrix_region_is_labelled_focusable_and_the_page_never_scrolls_sideways(
    page, site_url: str, size: str
) -> None:
    open_matrix(page, site_url, size)
    region = page.get_by_role("region", name="Niveau visé par parcours métier et compétence (tableau défilable)")
    assert region.get_attribute("tabindex") == "0"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.parametrize("size", SIZES)
def test_headers_are_horizontal_and_the_matrix_takes_the_full_content_width(page, site_url: str, size: str) -> None:
    open_matrix(page, site_url, size)
    styles = page.eval_on_selector_all(
        "#matrice thead th", "els => els.map(e => [getComputedStyle(e).writingMode, getComputedStyle(e).transform])"
    )
    assert all(style == ["horizontal-tb", "none"] for style in styles), styles
    if size == "bureau":  # on a phone the navigation is Material's drawer, off screen until opened
        for sidebar in (".md-sidebar--primary", ".md-sidebar--secondary"):
            assert not page.locator(sidebar).is_visible(), f"{sidebar} takes room beside the matrix"
    grid = box(page, ".md-main__inner")
    assert box(page, REGION)["width"] > 0.85 * grid["width"]


@pytest.mark.parametrize("size", SIZES)
def test_parcours_in_the_address_shows_only_that_column(page, site_url: str, job_paths: dict, size: str) -> None:
    chosen = list(job_paths)[-1]
    open_matrix(page, site_url, size, f"?parcours={chosen}")
    assert page.input_value("#matrice-parcours") == chosen
    assert visible_column_headers(page) == ["Compétence", job_paths[chosen]]
    cells_per_row = page.eval_on_selector_all(
        "#matrice tbody tr:not(.ads-matrice__domaine)",
        "rows => rows.map(r => [...r.cells].filter(c => c.getClientRects().length).length)",
    )
    assert set(cells_per_row) == {2}


def test_the_selector_changes_the_column_and_the_address(page, site_url: str, job_paths: dict) -> None:
    open_matrix(page, site_url, "telephone")
    assert len(visible_column_headers(page)) == len(job_paths) + 1
    first = next(iter(job_paths))
    page.get_by_label("Afficher le parcours métier").select_option(first)
    assert visible_column_headers(page) == ["Compétence", job_paths[first]]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query) == {"parcours": [first]}
    page.get_by_label("Afficher le parcours métier").select_option("")
    assert len(visible_column_headers(page)) == len(job_paths) + 1
    assert "parcours=" not in page.url


def test_without_javascript_every_column_shows_and_no_dead_selector(
    page_without_js, site_url: str, job_paths: dict
) -> None:
    page_without_js.goto(site_url + f"competences/?parcours={next(iter(job_paths))}")
    assert not page_without_js.locator("#matrice-parcours").is_visible()
    assert len(visible_column_headers(page_without_js)) == len(job_paths) + 1


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("query", ["", "?parcours=first"], ids=["toutes-colonnes", "un-parcours"])
def test_the_matrix_has_no_wcag_violation(page, site_url: str, job_paths: dict, size: str, query: str) -> None:
    open_matrix(page, site_url, size, query.replace("first", next(iter(job_paths))))
    assert_no_violation(page)
