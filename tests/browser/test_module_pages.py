"""Module pages on a phone: each upcoming session is a card with its own « S'inscrire » link,
self-paced levels say « accès immédiat », the level a path asks for (``?niveau=``) is highlighted
with its sessions first, nothing scrolls sideways, and the « Partager » block copies the short link
and offers the card and QR code. Expected values come from the published ``donnees/catalogue.json``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_violation
from tests.browser.journey import PHONE, SIZES, assert_fits_phone, ids, published


@pytest.fixture(scope="module")
def catalogue(built_site) -> dict:
    return published(built_site)


def upcoming(catalogue: dict, module: dict) -> list[dict]:
    return [s for s in module["sessions"] if s["fin"] >= catalogue["date"]]


def self_paced(catalogue: dict) -> set[str]:
    return {f["id"] for f in catalogue["formats"] if not f["synchrone"]}


def with_sessions_of_two_levels(catalogue: dict) -> tuple[dict, str]:
    """A module whose upcoming sessions are of two levels or more, and the level of its last one
    (the test then asks for it and expects its sessions first)."""
    for module in catalogue["modules"]:
        sessions = upcoming(catalogue, module)
        if len({s["niveau"] for s in sessions}) > 1:
            return module, sessions[-1]["niveau"]
    pytest.skip("no module of this catalogue has upcoming sessions of two levels")


def test_each_upcoming_session_is_a_card_with_its_own_registration_link(reused_page, site_url, catalogue) -> None:
    page = reused_page
    for module in catalogue["modules"]:
        page.goto(f"{site_url}modules/{module['id']}/")
        cards = page.locator("[data-session]").all()
        sessions = upcoming(catalogue, module)
        assert len(cards) == len(sessions), module["id"]
        for card, session in zip(cards, sessions, strict=True):
            assert card.get_attribute("data-niveau") == session["niveau"]
            text = card.inner_text()
            assert session["ville"] in text and str(session["places"]) in text
            register = card.get_by_role("link", name="S'inscrire")
            closed = session["date_limite_inscription"] < catalogue["date"] or module["statut"] == "archivé"
            if closed:
                assert register.count() == 0 and ("Clôturée" in text or "closes" in text)
            else:
                assert register.get_attribute("href") == module["inscription"], module["id"]


def test_self_paced_levels_say_immediate_access(reused_page, site_url, catalogue) -> None:
    page = reused_page
    elearning = self_paced(catalogue)
    for module in catalogue["modules"]:
        page.goto(f"{site_url}modules/{module['id']}/")
        for level in module["niveaux"]:
            section = page.locator(f".ads-niveau[data-niveau={level['niveau']}]")
            startable = module["statut"] == "disponible" and bool(elearning & set(level["formats"]))
            assert ("accès immédiat" in section.inner_text()) == startable, (module["id"], level["niveau"])
            immediate = page.locator(f".ads-acces-immediat > li[data-niveau={level['niveau']}]")
            assert immediate.count() == int(startable)
            if startable:
                assert immediate.get_by_role("link", name="S'inscrire").get_attribute("href") == module["inscription"]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_level_asked_by_a_path_is_highlighted_with_its_sessions_first(
    isolated_page, site_url, catalogue, size
) -> None:
    module, level = with_sessions_of_two_levels(catalogue)
    page = isolated_page
    page.set_viewport_size(size)
    page.goto(f"{site_url}modules/{module['id']}/?niveau={level}#niveau-{level}")
    section = page.locator(f".ads-niveau[data-niveau={level}]")
    assert "ads-niveau--demande" in section.get_attribute("class")
    assert page.locator(".ads-niveau--demande").count() == 1
    assert section.locator("h3").inner_text() in page.inner_text("#niveau-demande")
    levels = [card.get_attribute("data-niveau") for card in page.locator("[data-session]").all()]
    wanted = sum(1 for s in upcoming(catalogue, module) if s["niveau"] == level)
    assert levels[:wanted] == [level] * wanted and level not in levels[wanted:]
    marked = page.locator("[data-session].ads-session--demandee")
    assert marked.count() == wanted
    assert all("Niveau de votre parcours" in card.inner_text() for card in marked.all())
    assert_no_violation(page)


def test_an_unknown_level_in_the_address_changes_nothing(page, site_url, catalogue) -> None:
    module = catalogue["modules"][0]
    page.goto(f"{site_url}modules/{module['id']}/?niveau=%3Cimg%20src%3Dx%3E")
    assert page.locator(".ads-niveau--demande, .ads-session--demandee").count() == 0
    assert not page.locator("#niveau-demande").is_visible()


def test_the_short_link_is_copied_and_the_button_says_so(isolated_page, site_url, catalogue) -> None:
    module = catalogue["modules"][0]
    page = isolated_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(f"{site_url}modules/{module['id']}/")
    page.locator("button[data-copier=lien-court]").press("Enter")  # by keyboard
    expect(page.locator("button[data-copier=lien-court]")).to_have_text("Copié")  # asynchronous
    page.wait_for_function("document.querySelector('[data-copie-annonce]').textContent.includes('Copié')")
    assert page.evaluate("navigator.clipboard.readText()") == module["lien_court"]
    assert_no_violation(page)


def test_download_links_point_to_the_card_and_qr_code(page, site_url, built_site, catalogue) -> None:
    module = catalogue["modules"][0]
    page.goto(f"{site_url}modules/{module['id']}/")
    hrefs = page.eval_on_selector_all(".ads-partage a[download]", "links => links.map(a => a.href)")
    assert sorted(href.rsplit(".", 1)[1] for href in hrefs) == ["png", "svg"]
    for href in hrefs:
        file = built_site / href.removeprefix(site_url)
        head = file.read_bytes()[:300]
        assert head.startswith(b"\x89PNG") if href.endswith(".png") else b"<svg" in head, href
    assert page.locator("button[data-imprimer]").is_visible()


def test_the_selection_placeholder_is_in_the_actions_area(page_without_js, site_url, catalogue) -> None:
    module = catalogue["modules"][0]
    page_without_js.goto(f"{site_url}modules/{module['id']}/")
    placeholder = page_without_js.locator(f".ads-actions .ads-selection[data-selection-module='{module['id']}']")
    assert placeholder.count() == 1
    assert not page_without_js.locator("button[data-copier], button[data-imprimer]").first.is_visible()


def test_no_module_page_scrolls_sideways_on_a_phone(page, site_url) -> None:
    page.set_viewport_size(PHONE)
    for module_id in ids("modules"):
        page.goto(f"{site_url}modules/{module_id}/")
        assert_fits_phone(page)
