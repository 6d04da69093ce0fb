"""Keyboard journeys: the focused element as a visitor sees it, and Tab pressed until a wanted one
is reached, every element on the way showing a visible focus."""

from __future__ import annotations

import pytest

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.type || "", name: e.name || "", value: e.value || "",
    href: e.getAttribute("href"), checked: !!e.checked, ring: ring,
    text: (e.textContent || "").trim().slice(0, 80),
    zone: e.closest("#resultats") ? "resultats" : e.closest("#filtres") ? "filtres"
        : e.closest(".ads-etapes") ? "etapes" : e.closest(".md-footer") ? "footer" : "",
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_until(page, wanted, limit: int = 300, key: str = "Tab") -> dict:
    """Press ``key`` until the focused element matches ``wanted``; every element on the way shows focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if info is None:
            continue
        assert info["ring"], f"no visible focus indicator on {info}"
        if wanted(info):
            return info
    pytest.fail(f"{key} never reached the wanted element ({limit} presses)")
