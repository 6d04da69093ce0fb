"""Path pages lead the employee: « Commencer » opens step 1 at its level, each step can be ticked
« Fait » (kept in this browser only, per path), a summary says what is left, and the « Partager »
block copies the short link and the embed code. Expected values come from the published
``donnees/catalogue.json`` of the built site, never from constants."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ads_catalog.learning_paths import format_minutes
from ads_catalog.site import SITE_URL
from tests.browser.axe import assert_no_violation
from tests.browser.journey import LAYOUT_SHIFTS, PHONE, SIZES, assert_fits_phone, ids, published
from tests.browser.keyboard import tab_until


@pytest.fixture(scope="module")
def path(built_site) -> dict:
    """The published path with the most steps (at least three, so that ticking some leaves some)."""
    found = max(published(built_site)["parcours"], key=lambda p: len(p["etapes"]))
    assert len(found["etapes"]) >= 3
    return found


def summary(path: dict, done: set[int]) -> str:
    steps = path["etapes"]
    left = sum(step["duree_minutes"] for i, step in enumerate(steps) if i not in done)
    total = f"{len(done)} / {len(steps)} étape{'s' if len(steps) > 1 else ''}"
    return f"{total} · {format_minutes(left)} restantes" if len(done) < len(steps) else f"{total} · parcours terminé"


def tick(page, index: int) -> None:
    page.locator(f"#fait-{index + 1}").check()


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_ticked_steps_survive_a_reload_and_the_summary_says_what_is_left(isolated_page, site_url, path, size) -> None:
    page = isolated_page
    page.set_viewport_size(size)
    page.goto(f"{site_url}parcours/{path['id']}/")
    assert page.locator(".ads-etape .ads-fait input").count() == len(path["etapes"])
    assert page.text_content("#progression") == summary(path, set())
    tick(page, 0)
    tick(page, 2)
    assert page.text_content("#progression") == summary(path, {0, 2})
    page.reload()
    assert [box.is_checked() for box in page.locator(".ads-fait input").all()][:3] == [True, False, True]
    assert page.text_content("#progression") == summary(path, {0, 2})
    assert page.locator(".ads-etape--faite").count() == 2
    assert_no_violation(page)
    page.click("#progression-effacer")
    assert page.text_content("#progression") == summary(path, set())
    page.reload()
    assert not any(box.is_checked() for box in page.locator(".ads-fait input").all())
    assert page.evaluate(f"localStorage.getItem('ads-parcours:{path['id']}')") is None


def test_resume_link_leads_to_the_first_step_not_done(isolated_page, site_url, path) -> None:
    page = isolated_page
    page.goto(f"{site_url}parcours/{path['id']}/")
    start = page.locator("#commencer")
    assert start.inner_text().startswith("Commencer")
    tick(page, 0)
    second = page.locator(".ads-etape").nth(1).locator(".ads-etape__titre a")
    assert start.inner_text() == f"Reprendre : étape 2, {second.inner_text()}"
    assert start.get_attribute("href") == second.evaluate("a => a.href")
    for index in range(len(path["etapes"])):
        tick(page, index)
    assert page.text_content("#progression") == summary(path, set(range(len(path["etapes"]))))
    assert start.inner_text().startswith("Commencer")


def test_steps_are_ticked_and_progress_cleared_with_the_keyboard(isolated_page, site_url, path) -> None:
    page = isolated_page
    page.goto(f"{site_url}parcours/{path['id']}/")
    tab_until(page, lambda e: e["id"] == "fait-1")
    page.keyboard.press("Space")
    assert page.is_checked("#fait-1")
    assert page.text_content("#progression") == summary(path, {0})
    tab_until(page, lambda e: e["id"] == "progression-effacer", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert not page.is_checked("#fait-1")
    assert page.text_content("#progression") == summary(path, set())


@pytest.mark.parametrize(
    "stored", ["{pas du json", '{"a": 1}', '[1, null, "inconnu:niveau", {"x": 2}]', '"texte"'], ids=range(4)
)
def test_corrupt_or_foreign_storage_counts_as_nothing_done(isolated_page, site_url, path, stored) -> None:
    page = isolated_page
    seed = f"localStorage.setItem('ads-parcours:{path['id']}', {stored!r}); localStorage.setItem('autre', '[1]')"
    page.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ {seed}; sessionStorage.setItem('seeded', '1'); }}")
    page.goto(f"{site_url}parcours/{path['id']}/")
    assert page.text_content("#progression") == summary(path, set())
    tick(page, 1)
    page.reload()
    assert page.text_content("#progression") == summary(path, {1})


def test_start_leads_to_step_one_at_its_level(page, site_url, path) -> None:
    first = path["etapes"][0]
    page.goto(f"{site_url}parcours/{path['id']}/")
    page.click("#commencer")
    page.wait_for_url(f"**/modules/{first['module']}/?niveau={first['niveau']}#niveau-{first['niveau']}")
    level = page.locator(f".ads-niveau[data-niveau={first['niveau']}]")
    assert "ads-niveau--demande" in level.get_attribute("class")
    title = level.locator("h3").inner_text()
    assert f"niveau « {title} »" in page.inner_text("#niveau-demande")
    for item in page.locator(".ads-sessions > li").all():
        if item.get_attribute("data-niveau") == first["niveau"]:
            assert "Niveau de votre parcours" in item.inner_text()


def test_without_javascript_every_step_shows_and_no_checkbox(page_without_js, site_url, path) -> None:
    page = page_without_js
    page.goto(f"{site_url}parcours/{path['id']}/")
    assert page.locator(".ads-etape").count() == len(path["etapes"])
    assert page.locator(".ads-etapes input, .ads-etapes button").count() == 0
    assert not page.locator("#progression-zone").is_visible()
    assert not page.locator("button[data-copier]").first.is_visible()
    first = path["etapes"][0]
    href = page.get_attribute("#commencer", "href")
    assert href == f"../../modules/{first['module']}/?niveau={first['niveau']}#niveau-{first['niveau']}"
    links = page.eval_on_selector_all(".ads-etape__titre a", "links => links.map(a => a.getAttribute('href'))")
    assert links == [f"../../modules/{s['module']}/?niveau={s['niveau']}#niveau-{s['niveau']}" for s in path["etapes"]]


@pytest.mark.parametrize("button, expected", [("lien-court", "short"), ("code-iframe", "iframe")])
def test_copy_buttons_put_the_text_in_the_clipboard(isolated_page, site_url, path, button, expected) -> None:
    page = isolated_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(f"{site_url}parcours/{path['id']}/")
    page.locator("details.ads-integrer summary").click()
    copy = page.locator(f"button[data-copier={button}]")
    copy.click()
    expect(copy).to_have_text("Copié")  # the copy is asynchronous: wait for it
    page.wait_for_function("document.querySelector('[data-copie-annonce]').textContent.includes('Copié')")
    copied = page.evaluate("navigator.clipboard.readText()")
    if expected == "short":
        assert copied == path["lien_court"]
    else:
        assert copied.startswith(f'<iframe src="{SITE_URL}integrer/parcours/{path["id"]}.html"')
        assert copied.endswith("></iframe>") and "&lt;" not in copied
    assert_no_violation(page)


def test_copy_falls_back_when_the_clipboard_api_is_missing(isolated_page, site_url, path) -> None:
    page = isolated_page
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(f"{site_url}parcours/{path['id']}/")
    copy = page.locator("button[data-copier=lien-court]")
    copy.click()
    announced = page.locator("[data-copie-annonce]")
    page.wait_for_function("document.querySelector('[data-copie-annonce]').textContent !== ''")
    if copy.inner_text() != "Copié":  # no copy command either: the text is selected for Ctrl+C
        assert "Ctrl+C" in announced.text_content()
        assert page.evaluate("String(getSelection())") == path["lien_court"]


def test_download_links_point_to_the_card_and_qr_code(page, site_url, built_site, path) -> None:
    page.goto(f"{site_url}parcours/{path['id']}/")
    hrefs = page.eval_on_selector_all(".ads-partage a[download]", "links => links.map(a => a.href)")
    assert {href.rsplit(".", 1)[1] for href in hrefs} == {"png", "svg"}
    for href in hrefs:
        file = built_site / href.removeprefix(site_url)
        assert file.is_file(), href
        head = file.read_bytes()[:200]
        assert head.startswith(b"\x89PNG") if href.endswith(".png") else b"<svg" in head or b"<?xml" in head


def test_no_path_page_scrolls_sideways_on_a_phone(page, site_url) -> None:
    page.set_viewport_size(PHONE)
    for persona_id in ids("personas"):
        page.goto(f"{site_url}parcours/{persona_id}/")
        assert_fits_phone(page)


def test_progress_is_named_without_the_word_persona(page, site_url, path) -> None:
    page.goto(f"{site_url}parcours/{path['id']}/")
    assert not re.search(r"persona", page.inner_text("article"), re.IGNORECASE)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_progress_appears_without_layout_shift(isolated_page, site_url, path, size) -> None:
    """The progress zone and the « Fait » boxes take their room from the first paint."""
    page = isolated_page
    page.set_viewport_size(size)
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(f"{site_url}parcours/{path['id']}/")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    assert sum(shifts) < 0.01, f"cumulative layout shift {sum(shifts):.3f} ({shifts})"
