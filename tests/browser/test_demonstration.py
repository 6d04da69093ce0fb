"""The demonstration banner in real Chromium, phone (390×844) and desktop (1440×900): at the top of
the first screen, whole (no horizontal overflow, not under the sticky header), its link leads to
what is illustrative, and axe finds no WCAG A/AA violation in it."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_violation
from tests.browser.page_types import PAGES
from tests.browser.screens import SIZES

BANNER = "section[aria-label='Catalogue de démonstration']"
CHECKED = {name: PAGES[name] for name in ("accueil", "module", "explorateur", "parcours-detail")}
CHECKED["404"] = "404.html"


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("path", list(CHECKED.values()), ids=list(CHECKED))
def test_banner_is_on_the_first_screen_whole_and_accessible(page, site_url: str, path: str, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    width, height = SIZES[size]["width"], SIZES[size]["height"]
    page.goto(site_url + path, wait_until="load")
    banner = page.locator(BANNER)
    assert banner.count() == 1
    box = banner.bounding_box()
    assert box["y"] < 5 and box["height"] < height / 3, box
    assert box["width"] <= width + 0.5
    header = page.locator("header.md-header").bounding_box()
    assert header["y"] >= box["y"] + box["height"] - 1  # the header starts below the banner
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    link = banner.get_by_role("link", name="Ce qui est illustratif")
    assert link.is_visible()
    assert_no_violation(page, BANNER)


def test_banner_link_leads_to_what_is_illustrative(page, site_url: str) -> None:
    page.goto(site_url + PAGES["module"], wait_until="load")
    page.locator(BANNER).get_by_role("link").click()
    page.wait_for_url("**/a-propos/#illustratif")
    assert "illustratif" in page.locator("#illustratif").text_content().lower()
