"""Shared by the page browser tests: the catalogue as the built site publishes it
(``donnees/catalogue.json``), the two screen sizes, and the overflow measure of a page."""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.screens import DESKTOP, PHONE, SIZES  # noqa: F401  (re-exported for the page tests)
from tests.support import CATALOG

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '');
    if (box.right > width + 0.5 || box.left < -0.5) found.push('wider than the screen: ' + name);
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    if (scrolls && el.scrollWidth > el.clientWidth + 1) found.push('scrolls sideways: ' + name);
  }
  return {page: document.documentElement.scrollWidth, found: found};
}"""
"""Document width, and every element of the content wider than the viewport or scrolling sideways."""


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""
"""Init script: every layout shift not caused by input, in ``window.__shifts``."""


def published(built_site: Path) -> dict:
    return json.loads((built_site / "donnees" / "catalogue.json").read_text(encoding="utf-8"))


def ids(folder: str) -> list[str]:
    return sorted(path.stem for path in (CATALOG / folder).glob("*.yml"))


def assert_fits_phone(page) -> None:
    """The open page, its ``<details>`` opened, is no wider than a phone and nothing in its content
    overflows or scrolls sideways (``page`` is at :data:`PHONE` size)."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    measure = page.evaluate(OVERFLOW)
    assert measure["page"] <= PHONE["width"], (page.url, measure)
    assert not measure["found"], (page.url, measure["found"][:5])
