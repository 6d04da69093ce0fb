"""The explorer lays out its form and results at once: no layout shift while its script starts.

A shift there moves what the visitor is about to click (and costs the Lighthouse performance score).
Layout-shift entries are collected by a PerformanceObserver registered before the page's scripts.
"""

from __future__ import annotations

from tests.browser.journey import LAYOUT_SHIFTS


def test_explorer_start_causes_no_layout_shift(page, site_url: str) -> None:
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(site_url + "catalogue/")
    page.wait_for_selector("#explorateur[data-etat=pret]")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    assert sum(shifts) < 0.01, f"cumulative layout shift {sum(shifts):.3f} ({shifts})"
