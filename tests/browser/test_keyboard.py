"""The explorer and a path page are usable with the keyboard alone (Tab, Shift+Tab, Enter, Space).

No mouse, no ``element.focus()`` from the test: every step starts from the top of the page and
moves with the keys a visitor would press, and every element reached shows a visible focus.
"""

from __future__ import annotations

import re

from tests.browser.explorer_page import READY
from tests.browser.keyboard import focused, tab_until
from tests.support import CATALOG


def persona_with_steps() -> str:
    """A persona whose path page lists at least one module (the first one, in file order)."""
    return sorted(path.stem for path in (CATALOG / "personas").glob("*.yml"))[0]


def test_skip_link_comes_first_and_moves_to_the_content(page, site_url: str) -> None:
    page.goto(site_url + "modules/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and "md-skip" in page.evaluate("document.activeElement.className"), first
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") not in ("", "#")


def test_explorer_search_filter_and_open_a_module_by_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "catalogue/")
    page.wait_for_selector(READY)
    total = int(page.text_content("#nb-resultats"))
    tab_until(page, lambda e: e["id"] == "q")
    page.keyboard.type("cybersecurite", delay=20)
    page.wait_for_function(f"Number(document.querySelector('#nb-resultats').textContent) < {total}")
    page.wait_for_url(re.compile(r"[?&]q=cybersecurite"))  # the address follows once typing pauses
    assert "q=cybersecurite" in page.url

    box = tab_until(page, lambda e: e["zone"] == "filtres" and e["type"] == "checkbox")
    page.keyboard.press("Space")
    assert page.is_checked(f"#{box['id']}")
    assert f"{box['name']}={box['value']}" in page.url

    tab_until(page, lambda e: e["zone"] == "filtres" and e["type"] == "checkbox", key="Shift+Tab")
    first_id = page.get_attribute("#resultats [data-id]:not([hidden])", "data-id")
    link = tab_until(page, lambda e: e["zone"] == "resultats" and e["tag"] == "a")
    assert first_id in link["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/modules/{re.escape(first_id)}/$"))


def test_explorer_clear_button_by_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "catalogue/?q=rgpd")
    page.wait_for_selector(READY)
    total_before = int(page.text_content("#nb-resultats"))
    tab_until(page, lambda e: e["id"] == "tout-effacer")
    page.keyboard.press("Enter")
    page.wait_for_function(f"Number(document.querySelector('#nb-resultats').textContent) > {total_before}")
    assert "q=" not in page.url
    assert focused(page)["id"] == "q"


def test_path_page_steps_reachable_and_no_keyboard_trap(page, site_url: str) -> None:
    page.goto(site_url + f"parcours/{persona_with_steps()}/")
    steps = page.eval_on_selector_all(".ads-etapes a", "links => links.map(a => a.getAttribute('href'))")
    assert steps, "the path page lists no step"
    first = tab_until(page, lambda e: e["zone"] == "etapes")
    assert first["href"] == steps[0]
    tab_until(page, lambda e: e["zone"] == "footer")  # Tab goes on past the last step: no trap
    tab_until(page, lambda e: e["zone"] == "etapes" and e["href"] == steps[-1], key="Shift+Tab")
    tab_until(page, lambda e: e["zone"] == "etapes" and e["href"] == steps[0], key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/modules/[a-z0-9-]+/\?niveau=([a-z-]+)#niveau-\1$"))
