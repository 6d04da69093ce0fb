"""The explorer, results first and filtered per level, in headless Chromium at 390×844 and 1440×900.

Expected values come from the open-data export of the built site (``donnees/catalogue.json``): which
modules have a level offered in a format, how long each level lasts, which sessions are upcoming
(relative to the export's own ``date``, never today's), which modules a path takes.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from ads_catalog.explorer import DURATION_BANDS, FIRST_VALUES
from ads_catalog.text import sort_key
from tests.browser.axe import assert_no_violation
from tests.browser.explorer_page import READY, result_ids, shown_count
from tests.browser.journey import published
from tests.browser.screens import DESKTOP, PHONE, SIZES


@pytest.fixture(scope="module")
def export(built_site: Path) -> dict:
    return published(built_site)


def open_explorer(page, site_url: str, size: dict, query: str = "") -> None:
    page.set_viewport_size(size)
    page.add_init_script("window.__adsTaillePage = 1000")  # every result on one page
    page.goto(site_url + "catalogue/" + query)
    page.wait_for_selector(READY)


def titles(export: dict, kind: str, key: str = "titre") -> dict[str, str]:
    return {item["id"]: item[key] for item in export[kind]}


# --- results first -------------------------------------------------------------------------------


def first_screen_queries(export: dict) -> list[str]:
    """A word of a domain title, a module keyword, a job title: each must find modules."""
    used = {m["domaine"] for m in export["modules"]}
    domain = next(d["titre"] for d in export["domaines"] if d["id"] in used)
    keyword = next(k for m in export["modules"] for k in m["mots_cles"])
    job = export["parcours"][0]["metiers"][0]["titre"]
    return [max(re.findall(r"\w+", domain), key=len), keyword, job]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES)
def test_count_and_first_result_are_in_the_first_screen(page, site_url: str, export: dict, size: dict) -> None:
    for query in first_screen_queries(export):
        open_explorer(page, site_url, size, "?q=" + urllib.parse.quote(query))
        assert shown_count(page) > 0, query
        assert page.evaluate("window.scrollY") == 0
        for selector in ("#q", "#nb-resultats", "#resultats > li:first-child .ads-carte__titre"):
            box = page.locator(selector).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (query, selector, box)


def test_desktop_filters_sit_in_a_sidebar_and_long_groups_expand(page, site_url: str) -> None:
    open_explorer(page, site_url, DESKTOP)
    sidebar = page.locator("#filtres").bounding_box()
    results = page.locator("#resultats").bounding_box()
    assert sidebar["x"] + sidebar["width"] <= results["x"]
    assert sidebar["y"] < results["y"] + results["height"] and results["y"] < sidebar["y"] + sidebar["height"]
    assert not page.is_visible("#ouvrir-filtres")


def value_counts(group) -> list[int]:
    """The counts of a filter group's values, as shown, in the order shown."""
    texts = group.locator("li:not([hidden]) [data-compte]").all_text_contents()
    return [int(re.fullmatch(r"\((\d+)\)", text).group(1)) for text in texts]


def test_a_long_filter_group_shows_its_most_frequent_values_then_all_of_them(page, site_url: str) -> None:
    open_explorer(page, site_url, DESKTOP)
    group = page.locator("fieldset[data-facette]", has=page.locator(".ads-voir-plus")).first
    first = value_counts(group)
    more = group.locator(".ads-voir-plus")
    others = int(re.fullmatch(r"Voir les (\d+) autres", more.text_content()).group(1))
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert more.text_content() == "Voir moins"
    every = value_counts(group)
    assert every[: len(first)] == first and len(every) == len(first) + others
    assert min(first) >= max(every[len(first) :])
    more.click()
    assert value_counts(group) == first
    assert more.text_content() == f"Voir les {others} autres"


def test_a_selected_value_of_a_long_group_shows_checked_even_when_collapsed(page, site_url: str) -> None:
    open_explorer(page, site_url, DESKTOP)
    group = page.locator("fieldset[data-facette]", has=page.locator(".ads-voir-plus")).first
    param = group.get_attribute("data-facette")
    group.locator(".ads-voir-plus").click()
    last = group.locator("li input").last
    value, label = last.get_attribute("value"), group.locator("li label").last.text_content()
    open_explorer(page, site_url, DESKTOP, f"?{param}={value}")
    box = page.locator(f"#f-{param}-{value}")
    assert box.is_visible() and box.is_checked()
    assert page.locator(f'label[for="f-{param}-{value}"]').text_content() == label
    assert shown_count(page) == int(re.search(r"\((\d+)\)", label).group(1))
    assert len(value_counts(group)) == FIRST_VALUES + 1  # the most frequent ones, and this one
    assert group.locator(".ads-voir-plus").get_attribute("aria-expanded") == "false"


def test_phone_panel_keeps_focus_closes_on_escape_and_shows_the_count(page, site_url: str) -> None:
    open_explorer(page, site_url, PHONE)
    opener = page.locator("#ouvrir-filtres")
    assert not page.is_visible("#filtres")
    assert opener.text_content() == "Filtres (0)"
    opener.click()
    assert page.is_visible("#filtres")
    assert page.get_attribute("#panneau-filtres", "role") == "dialog"
    assert page.get_attribute("#panneau-filtres", "aria-modal") == "true"
    inside = "() => document.getElementById('panneau-filtres').contains(document.activeElement)"
    seen = set()
    for _ in range(80):  # more than the panel's controls: Tab must wrap around
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
        seen.add(page.evaluate("document.activeElement.id"))
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)
    assert {"fermer-filtres", "afficher-resultats"} <= seen
    page.locator("#filtres input:not([disabled])").first.check()
    count = shown_count(page)
    show = page.text_content("#afficher-resultats")
    assert re.fullmatch(r"Afficher (les )?(\d+) modules?", show).group(2) == str(count)
    page.keyboard.press("Escape")
    assert not page.is_visible("#filtres")
    assert page.evaluate("document.activeElement.id") == "ouvrir-filtres"
    assert opener.text_content() == "Filtres (1)"
    opener.click()
    page.click("#afficher-resultats")
    assert not page.is_visible("#filtres")
    assert len(result_ids(page)) == count


def test_keyboard_alone_searches_opens_the_panel_filters_and_reaches_a_result(page, site_url: str) -> None:
    open_explorer(page, site_url, PHONE)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type("donnees")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ouvrir-filtres"
    page.keyboard.press("Enter")
    assert page.is_visible("#filtres")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "ouvrir-filtres"
    first = result_ids(page)[0]
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#resultats > li')") is not None:
            break
    else:
        pytest.fail("Tab never reached a result")
    assert page.evaluate("document.activeElement.closest('#resultats > li').getAttribute('data-id')") == first
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert params["q"] == ["donnees"] and len(params) == 2


def test_three_filters_then_back_leaves_the_explorer(page, site_url: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "a-propos/")
    page.goto(site_url + "catalogue/")
    page.wait_for_selector(READY)
    for facet in ("niveau", "format", "disponibilite"):
        page.locator(f'fieldset[data-facette="{facet}"] input:not([disabled])').first.check()
    assert len(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query)) == 3
    page.go_back()
    page.wait_for_url(site_url + "a-propos/")


# --- per-level filters ----------------------------------------------------------------------------


def visible_levels(page) -> dict[str, list[tuple[str, str]]]:
    """Each card's listed levels as a visitor sees them: (level id, text)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#resultats > [data-id]')].map(card =>
             [card.dataset.id, [...card.querySelectorAll('[data-niveau]')]
               .filter(item => item.getClientRects().length > 0)
               .map(item => [item.dataset.niveau, item.textContent])]))"""
    )


def test_level_and_format_filters_match_a_level_offered_in_that_format(page, site_url: str, export: dict) -> None:
    levels, formats = titles(export, "niveaux"), titles(export, "formats")
    for level in levels:
        for fmt in formats:
            open_explorer(page, site_url, DESKTOP, f"?niveau={level}&format={fmt}")
            expected = {
                m["id"]
                for m in export["modules"]
                if any(lv["niveau"] == level and fmt in lv["formats"] for lv in m["niveaux"])
            }
            assert set(result_ids(page)) == expected, (level, fmt)
            assert shown_count(page) == len(expected)
            assert page.is_visible("#aucun-resultat") == (not expected)
            for module_id, shown in visible_levels(page).items():
                assert shown, module_id
                for shown_level, text in shown:
                    assert shown_level == level
                    assert text.startswith(levels[level] + " · ") and formats[fmt] in text, text


def test_level_and_duration_filters_use_the_level_duration(page, site_url: str, export: dict) -> None:
    levels = titles(export, "niveaux")
    for level in levels:
        for band, _label, low, high in DURATION_BANDS:
            open_explorer(page, site_url, DESKTOP, f"?niveau={level}&duree={band}")
            expected = {
                m["id"]
                for m in export["modules"]
                if any(lv["niveau"] == level and low <= lv["duree_minutes"] <= high for lv in m["niveaux"])
            }
            assert set(result_ids(page)) == expected, (level, band)
            for shown in visible_levels(page).values():
                assert [lv for lv, _text in shown] == [level]


def busiest_level(export: dict) -> str:
    """The level most modules are offered at."""
    return max(
        titles(export, "niveaux"),
        key=lambda level: sum(any(lv["niveau"] == level for lv in m["niveaux"]) for m in export["modules"]),
    )


def test_level_filter_counts_follow_the_level_rule(page, site_url: str, export: dict) -> None:
    level = busiest_level(export)
    open_explorer(page, site_url, DESKTOP, f"?niveau={level}")
    for fmt in titles(export, "formats"):
        label = page.text_content(f'label[for="f-format-{fmt}"] [data-compte]')
        expected = sum(
            any(lv["niveau"] == level and fmt in lv["formats"] for lv in m["niveaux"]) for m in export["modules"]
        )
        assert label == f"({expected})", fmt


# --- job titles, sorting --------------------------------------------------------------------------


def test_a_job_title_never_suggests_a_path_above_no_result(page, site_url: str, export: dict) -> None:
    open_explorer(page, site_url, PHONE)
    steps = {p["id"]: {s["module"] for s in p["etapes"]} for p in export["parcours"]}
    jobs = [(j["titre"], p["id"]) for p in export["parcours"] for j in p["metiers"]]
    jobs += [(other, p["id"]) for p in export["parcours"] for j in p["metiers"] for other in j["autres_appellations"]]
    suggested = 0
    for job, _path in jobs:
        page.fill("#q", job)
        if not page.is_visible("#parcours-suggeres"):
            continue
        suggested += 1
        assert not page.is_visible("#aucun-resultat"), job
        assert shown_count(page) > 0
        shown = set(result_ids(page))
        for path in page.eval_on_selector_all("#parcours-suggeres a", "els => els.map(e => e.dataset.parcours)"):
            assert steps[path] <= shown, (job, path)
    assert suggested > len(jobs) // 2


def sort_keys(export: dict) -> dict[str, dict[str, object]]:
    today = export["date"]
    keys: dict[str, dict[str, object]] = {}
    for m in export["modules"]:
        upcoming = [s["debut"] for s in m["sessions"] if s["fin"] >= today]
        keys[m["id"]] = {
            "titre": sort_key(m["titre"]),
            "duree": min(lv["duree_minutes"] for lv in m["niveaux"]),
            "session": min(upcoming) if upcoming else "9999",
        }
    return keys


@pytest.mark.parametrize("order", ["titre", "duree", "session"])
def test_sorting_orders_the_cards(page, site_url: str, export: dict, order: str) -> None:
    keys = sort_keys(export)
    open_explorer(page, site_url, DESKTOP)
    page.select_option("#tri", order)
    assert ("tri", order) in urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query)
    ids = result_ids(page)
    assert sorted(ids) == sorted(keys)
    assert ids == sorted(ids, key=lambda i: (keys[i][order], keys[i]["titre"]))


def test_sorting_by_duration_uses_the_matching_level(page, site_url: str, export: dict) -> None:
    level = busiest_level(export)
    open_explorer(page, site_url, DESKTOP, f"?niveau={level}&tri=duree")
    minutes = {
        m["id"]: next(lv["duree_minutes"] for lv in m["niveaux"] if lv["niveau"] == level)
        for m in export["modules"]
        if any(lv["niveau"] == level for lv in m["niveaux"])
    }
    titles_of = {m["id"]: sort_key(m["titre"]) for m in export["modules"]}
    ids = result_ids(page)
    assert ids == sorted(minutes, key=lambda i: (minutes[i], titles_of[i]))


# --- accessibility of the new states ----------------------------------------------------------------


def test_open_phone_panel_has_no_violation(page, site_url: str, export: dict) -> None:
    open_explorer(page, site_url, PHONE, f"?niveau={busiest_level(export)}")
    page.click("#ouvrir-filtres")
    assert_no_violation(page)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES)
def test_long_filter_groups_expanded_and_collapsed_have_no_violation(page, site_url: str, size: dict) -> None:
    open_explorer(page, site_url, size)
    if size is PHONE:
        page.click("#ouvrir-filtres")
    more = page.locator(".ads-voir-plus").last
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert_no_violation(page)
    more.click()
    assert more.get_attribute("aria-expanded") == "false"
    assert_no_violation(page)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES)
def test_filters_and_sort_have_no_violation(page, site_url: str, export: dict, size: dict) -> None:
    module = export["modules"][0]
    domain, format_id = module["domaine"], module["niveaux"][0]["formats"][0]
    open_explorer(page, site_url, size, f"?domaine={domain}&format={format_id}&tri=duree")
    if size is DESKTOP:
        page.locator(".ads-voir-plus").first.click()
    assert_no_violation(page)


def test_a_job_title_query_shows_the_path_then_its_modules(page, site_url: str, export: dict) -> None:
    path = export["parcours"][0]
    open_explorer(page, site_url, PHONE, "?q=" + urllib.parse.quote(path["metiers"][0]["titre"]))
    suggestion = page.locator("#parcours-suggeres").bounding_box()
    first = page.locator("#resultats > li:first-child").bounding_box()
    assert suggestion["y"] + suggestion["height"] <= first["y"]
    assert page.locator(f'#parcours-suggeres a[data-parcours="{path["id"]}"]').is_visible()
    assert {s["module"] for s in path["etapes"]} <= set(result_ids(page))
