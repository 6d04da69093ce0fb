"""axe-core (axe-playwright-python) finds no WCAG 2.0/2.1 A or AA violation on any page type.

Each page is loaded in headless Chromium with its scripts run, at a phone size and a desktop size
(the explorer is checked once ready, with a query, with filters, and with no result), then axe runs
with the ``wcag2a``, ``wcag2aa``, ``wcag21a`` and ``wcag21aa`` rule tags only. The states the
scripts open (filter panel, job finder, ticked steps, selection…) are checked in their own files.
"""

from __future__ import annotations

import pytest

from ads_catalog.text import fold
from tests.browser.axe import assert_no_violation
from tests.browser.explorer_page import READY
from tests.browser.page_types import PAGES
from tests.browser.screens import SIZES, sized

EXPLORER_STATES = {
    "requete": "catalogue/?q=donnees%20de%20sante",
    "filtres": "catalogue/?niveau=fondamentaux&format=e-learning",
    "aucun-resultat": "catalogue/?q=zzzqqqxxx",
}


@pytest.fixture
def page(reused_page: object) -> object:
    """These tests only load and read pages: they share one (tests/browser/conftest.py)."""
    return reused_page


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="load")
    if page.query_selector("#explorateur"):
        page.wait_for_selector(READY)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_has_no_wcag_a_or_aa_violation(page, site_url: str, path: str, size: str) -> None:
    open_page(sized(page, size), site_url + path)
    assert_no_violation(page)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", list(EXPLORER_STATES.values()), ids=list(EXPLORER_STATES))
def test_explorer_states_have_no_wcag_a_or_aa_violation(page, site_url: str, path: str, size: str) -> None:
    open_page(sized(page, size), site_url + path)
    assert_no_violation(page)


@pytest.mark.parametrize("size", SIZES)
def test_header_search_box_leads_to_the_explorer_without_violation(page, site_url: str, size: str) -> None:
    """The site-wide search box (in the header of every page) is labelled and opens the explorer."""
    open_page(sized(page, size), site_url)
    page.fill("#ads-q-site", "pharmacovigilance")
    page.keyboard.press("Enter")
    page.wait_for_url("**/catalogue/?q=pharmacovigilance")
    page.wait_for_selector(READY)
    assert "pharmacovigilance" in fold(page.text_content("#resultats .ads-carte__titre")).lower()
    assert_no_violation(page)
