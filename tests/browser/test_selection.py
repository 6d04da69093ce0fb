"""« Ma sélection » in headless Chromium, on the real catalogue: the toggle on module pages, the
/ma-selection/ page (modules, total time, upcoming sessions, one calendar file), a selection
shared by URL, a corrupt stored value, the keyboard, no JavaScript, and axe in every state.

Expected values come from the built site's open data (``/donnees/catalogue.json``: durations,
sessions and the build date that classifies them), never from fixed ids or counts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from ads_catalog.learning_paths import format_minutes
from tests.browser.axe import assert_no_violation
from tests.browser.journey import published
from tests.browser.screens import SIZES, sized

BUTTON = ".ads-selection__bouton"
LISTED = "#ma-selection .ads-selection-liste [data-id]"
KEY = "ads-selection"


@pytest.fixture(scope="module")
def open_data(built_site: Path) -> dict:
    return published(built_site)


def upcoming(open_data: dict, module: dict) -> list[dict]:
    today = dt.date.fromisoformat(open_data["date"])
    return [s for s in module["sessions"] if dt.date.fromisoformat(s["fin"]) >= today]


@pytest.fixture(scope="module")
def two_with_sessions(open_data: dict) -> list[dict]:
    """Two modules with upcoming sessions (the first by id), so the calendar has something to hold."""
    found = sorted((m for m in open_data["modules"] if upcoming(open_data, m)), key=lambda m: m["id"])
    if len(found) < 2:
        pytest.skip("the catalogue has fewer than two modules with upcoming sessions")
    return found[:2]


def open_selection(page, site_url: str, query: str = "", state: str = "pret") -> None:
    page.goto(site_url + "ma-selection/" + query)
    page.wait_for_selector(f"#ma-selection[data-etat={state}]")


def listed_ids(page) -> list[str]:
    return page.eval_on_selector_all(LISTED, "els => els.map(e => e.getAttribute('data-id'))")


def stored(page) -> str | None:
    return page.evaluate(f"localStorage.getItem('{KEY}')")


def page_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def add_from_module_page(page, site_url: str, module_id: str) -> None:
    page.goto(site_url + f"modules/{module_id}/")
    button = page.locator(BUTTON)
    assert button.get_attribute("aria-pressed") == "false"
    assert button.inner_text().strip() == "Ajouter à ma sélection"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text().strip() == "Dans ma sélection"


def seed(page, value: str) -> None:
    """Store ``value`` as the selection before the tab's first page runs (once: not on reloads)."""
    page.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
        f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(value)}); }}"
    )


# --- adding, listing, calendar ---------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_two_modules_added_from_their_pages_are_listed_with_time_sessions_and_calendar(
    isolated_page, site_url: str, open_data: dict, two_with_sessions: list[dict], size: str
) -> None:
    page = sized(isolated_page, size)
    ids = [m["id"] for m in two_with_sessions]
    for module_id in ids:
        add_from_module_page(page, site_url, module_id)
    open_selection(page, site_url)
    assert listed_ids(page) == ids
    for module in two_with_sessions:
        assert page.inner_text(f'{LISTED}[data-id="{module["id"]}"] a') == module["titre"]
    minutes = sum(m["duree_minutes"] for m in two_with_sessions)
    total = page.locator("#selection-total")
    assert total.get_attribute("data-minutes") == str(minutes)
    assert total.inner_text() == format_minutes(minutes)
    expected = sorted((m["id"], s["debut"]) for m in two_with_sessions for s in upcoming(open_data, m))
    shown = page.eval_on_selector_all(".ads-selection-sessions [data-id]", "els => els.map(e => e.dataset.id)")
    assert sorted(shown) == sorted(module_id for module_id, _start in expected)
    assert page_overflow(page) <= 0, f"the page scrolls sideways at {size}"
    with page.expect_download() as download:
        page.click("#selection-calendrier")
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    found = sorted((str(e["URL"]).rstrip("/").rsplit("/", 1)[1], e.decoded("DTSTART").isoformat()) for e in events)
    assert found == expected
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_button_toggles_and_removing_empties_the_page(isolated_page, site_url: str, open_data: dict) -> None:
    module_id = open_data["modules"][0]["id"]
    add_from_module_page(isolated_page, site_url, module_id)
    isolated_page.click(BUTTON)
    assert isolated_page.get_attribute(BUTTON, "aria-pressed") == "false"
    assert json.loads(stored(isolated_page)) == []
    isolated_page.click(BUTTON)
    open_selection(isolated_page, site_url)
    isolated_page.click(f'{LISTED}[data-id="{module_id}"] .ads-selection-retirer')
    assert listed_ids(isolated_page) == []
    assert "Votre sélection est vide" in isolated_page.inner_text("#ma-selection")
    isolated_page.goto(site_url + f"modules/{module_id}/")
    assert isolated_page.get_attribute(BUTTON, "aria-pressed") == "false"


@pytest.mark.parametrize("corrupt", ["{pas du json", '{"a": 1}', '[1, "<img src=x>", "ok-id", "ok-id"]'])
def test_a_corrupt_stored_value_is_tolerated(isolated_page, site_url: str, open_data: dict, corrupt: str) -> None:
    seed(isolated_page, corrupt)
    module_id = open_data["modules"][0]["id"]
    isolated_page.goto(site_url + f"modules/{module_id}/")
    isolated_page.click(BUTTON)
    assert isolated_page.get_attribute(BUTTON, "aria-pressed") == "true"
    open_selection(isolated_page, site_url)
    assert module_id in listed_ids(isolated_page)


# --- a selection shared by URL ----------------------------------------------------------------------


def test_a_shared_link_shows_its_modules_and_keeping_them_survives_a_reload(
    isolated_page, site_url: str, two_with_sessions: list[dict]
) -> None:
    ids = [m["id"] for m in two_with_sessions]
    open_selection(isolated_page, site_url, "?modules=" + ",".join([*ids, "module-inconnu"]), state="partage")
    assert listed_ids(isolated_page) == ids
    assert "module-inconnu" in isolated_page.inner_text(".ads-selection-partagee")
    assert stored(isolated_page) is None, "opening a shared link must not change the visitor's selection"
    isolated_page.get_by_role("button", name="Garder cette sélection").click()
    isolated_page.reload()
    isolated_page.wait_for_selector("#ma-selection[data-etat=pret]")
    assert "?" not in isolated_page.url
    assert listed_ids(isolated_page) == ids


def test_a_shared_link_never_overwrites_the_visitors_own_selection_silently(
    isolated_page, site_url: str, open_data: dict, two_with_sessions: list[dict]
) -> None:
    shared = [m["id"] for m in two_with_sessions]
    own = next(m["id"] for m in open_data["modules"] if m["id"] not in shared)
    seed(isolated_page, json.dumps([own]))
    open_selection(isolated_page, site_url, "?modules=" + ",".join(shared), state="partage")
    assert json.loads(stored(isolated_page)) == [own]
    isolated_page.get_by_role("button", name="Ajouter ces modules à ma sélection").click()
    isolated_page.wait_for_selector("#ma-selection[data-etat=pret]")
    assert listed_ids(isolated_page) == [own, *shared]
    assert json.loads(stored(isolated_page)) == [own, *shared]


def test_the_share_link_of_a_selection_opens_it_elsewhere(
    isolated_page, site_url: str, browser, two_with_sessions: list[dict]
) -> None:
    ids = [m["id"] for m in two_with_sessions]
    for module_id in ids:
        add_from_module_page(isolated_page, site_url, module_id)
    open_selection(isolated_page, site_url)
    link = isolated_page.input_value("#selection-lien")
    assert link.endswith("ma-selection/?modules=" + ",".join(ids))
    context = browser.new_context(locale="fr-FR")
    try:
        other = context.new_page()
        other.goto(link)
        other.wait_for_selector("#ma-selection[data-etat=partage]")
        assert listed_ids(other) == ids
    finally:
        context.close()


# --- keyboard, no JavaScript, accessibility ---------------------------------------------------------


def tab_to(page, selector: str, presses: int = 200) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement && document.activeElement.matches(sel)", selector):
            return
    pytest.fail(f"{selector} never got the keyboard focus")


@pytest.mark.parametrize("size", SIZES)
def test_keyboard_only_adds_a_module_and_opens_the_page(
    isolated_page, site_url: str, open_data: dict, size: str
) -> None:
    page = sized(isolated_page, size)
    module_id = open_data["modules"][0]["id"]
    page.goto(site_url + f"modules/{module_id}/")
    tab_to(page, BUTTON)
    page.keyboard.press("Space")
    assert page.get_attribute(BUTTON, "aria-pressed") == "true"
    tab_to(page, ".ads-selection__lien", presses=3)
    page.keyboard.press("Enter")
    page.wait_for_selector("#ma-selection[data-etat=pret]")
    assert listed_ids(page) == [module_id]


def test_without_javascript_the_page_says_what_it_needs(page_without_js, site_url: str) -> None:
    page_without_js.goto(site_url + "ma-selection/")
    text = page_without_js.inner_text("#ma-selection")
    assert "Cette page a besoin de JavaScript" in text
    assert page_without_js.locator("#ma-selection a", has_text="catalogue").count() == 1


@pytest.mark.parametrize("size", SIZES)
def test_every_state_of_the_page_has_no_wcag_violation(
    isolated_page, site_url: str, two_with_sessions: list[dict], size: str
) -> None:
    page = sized(isolated_page, size)
    open_selection(page, site_url)
    assert_no_violation(page)
    ids = [m["id"] for m in two_with_sessions]
    open_selection(page, site_url, "?modules=" + ",".join([*ids, "inconnu"]), state="partage")
    assert page_overflow(page) <= 0
    assert_no_violation(page)
    page.get_by_role("button", name="Garder cette sélection").click()
    page.wait_for_selector("#ma-selection[data-etat=pret]")
    assert_no_violation(page)
    page.goto(site_url + f"modules/{ids[0]}/")
    assert_no_violation(page, ".ads-selection")  # the module page itself belongs to tests/browser/test_accessibility.py
