"""The job finder (home page and /metiers/), the home page's sessions and latest modules, the
job-title count and the header title on phones, in real Chromium at phone and desktop sizes.

Every expected value comes from the catalogue (``catalog/personas/*.yml``) or from the built
site's open data (``donnees/catalogue.json``): none depends on today's titles or counts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from ads_catalog.text import sort_key
from tests.browser.axe import assert_no_violation
from tests.browser.journey import published
from tests.browser.screens import SIZES
from tests.support import CATALOG

READY = ".ads-trouver[data-etat=pret]"
FIELD = "#trouver-metier"
LISTBOX = "#trouver-metier-liste"
STATUS = "#trouver-metier-etat"
ENGLISH_WORDS = {"manager", "associate", "assistant", "officer", "specialist", "scientist", "engineer", "lead"}


# --- what the catalogue says ---------------------------------------------------------------------


def _jobs() -> list[dict]:
    """Every job title of the catalogue: its title, other names and persona (learning path) id."""
    jobs = []
    for file in sorted((CATALOG / "personas").glob("*.yml")):
        persona = yaml.safe_load(file.read_text(encoding="utf-8"))
        for job in persona.get("metiers", []):
            jobs.append({"title": job["titre"], "others": job.get("autres_appellations", []), "persona": persona["id"]})
    return jobs


JOBS = _jobs()


def _names_used() -> Counter:
    """How many times each name (folded words) is a title, a side of « / » or an other name."""
    names: Counter = Counter()
    for job in JOBS:
        for whole in {job["title"], *job["others"]}:
            for name in {whole, *whole.split("/")}:
                names[_key(name)] += 1
    return names


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", sort_key(text)))


def _unique(candidates: Iterator[tuple[str, str]], avoid: set[str]) -> tuple[str, str]:
    """The first (what to type, persona) whose name no other job uses, so that its path is the one
    answer; a persona not in ``avoid`` if there is one, so that the cases lead to different paths."""
    used = _names_used()
    found = [(typed, persona) for typed, persona in candidates if used[_key(typed)] == 1]
    if not found:
        pytest.fail("the catalogue has no job title of this kind")
    chosen = next((case for case in found if case[1] not in avoid), found[0])
    avoid.add(chosen[1])
    return chosen


def _cases() -> dict[str, tuple[str, str]]:
    """What to type and the path it must open: a title with accents (as written, then without
    accents in capitals), the feminine side of a « masculine / feminine » title, the feminine side
    of an other name written so, an English other name."""
    seen: set[str] = set()
    plain = [j for j in JOBS if "/" not in j["title"]]
    accented = _unique(((j["title"], j["persona"]) for j in plain if sort_key(j["title"]) != j["title"].lower()), seen)
    split = [j for j in JOBS if j["title"].count("/") == 1 and len(j["title"].split("/")[0].split()) == 1]
    feminine = _unique(((j["title"].split("/")[1].strip(), j["persona"]) for j in split), seen)
    others = [(other, j["persona"]) for j in JOBS for other in j["others"]]
    split_other = (
        (other.split("/")[1].strip(), persona) for other, persona in others
        if other.count("/") == 1 and len(other.split("/")[0].split()) == len(other.split("/")[1].split())
    )  # fmt: skip
    other = _unique(split_other, seen)
    english = _unique(((o, p) for o, p in others if ENGLISH_WORDS & set(_key(o).split())), seen)
    return {
        "accents": accented,
        "sans-accents-majuscules": (sort_key(accented[0]).upper(), accented[1]),
        "feminin": feminine,
        "autre-appellation": other,
        "anglais": english,
    }


CASES = _cases()


# --- browser helpers -----------------------------------------------------------------------------


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:
    """A tab at phone or desktop size; any JavaScript error fails the test."""
    context = browser.new_context(viewport=SIZES[request.param], locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def _open_finder(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY)


def _options(page) -> list[str]:
    return page.locator(f"{LISTBOX} [role=option]").all_text_contents()


def _announced(page) -> int:
    text = page.text_content(STATUS)
    found = re.search(r"\d+", text)
    return int(found.group()) if found else 0


# --- the finder ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_typing_a_job_and_enter_opens_its_path_from_the_home_page(sized_page, site_url: str, case: str) -> None:
    typed, persona = CASES[case]
    _open_finder(sized_page, site_url)
    sized_page.fill(FIELD, typed)
    assert sized_page.get_attribute(FIELD, "aria-expanded") == "true"
    assert _options(sized_page), f"no option for « {typed} »"
    sized_page.press(FIELD, "Enter")
    sized_page.wait_for_url(f"**/parcours/{persona}/")


def test_an_other_name_shows_in_its_option_with_the_path(sized_page, site_url: str) -> None:
    typed, persona = CASES["anglais"]
    _open_finder(sized_page, site_url)
    sized_page.fill(FIELD, typed)
    first = _options(sized_page)[0]
    assert typed in first
    path_title = yaml.safe_load((CATALOG / "personas" / f"{persona}.yml").read_text(encoding="utf-8"))["titre"]
    assert path_title in first


def test_arrows_move_the_active_option_and_escape_closes_then_clears(sized_page, site_url: str) -> None:
    _open_finder(sized_page, site_url + "metiers/")
    prefix = sort_key(JOBS[0]["title"])[:2]
    sized_page.fill(FIELD, prefix)
    options = sized_page.locator(f"{LISTBOX} [role=option]")
    assert options.count() >= 2, f"« {prefix} » should match several titles"
    assert _announced(sized_page) == options.count()
    assert sized_page.get_attribute(FIELD, "aria-activedescendant") is None
    ids = [options.nth(i).get_attribute("id") for i in range(2)]
    sized_page.press(FIELD, "ArrowDown")
    assert sized_page.get_attribute(FIELD, "aria-activedescendant") == ids[0]
    sized_page.press(FIELD, "ArrowDown")
    assert sized_page.get_attribute(FIELD, "aria-activedescendant") == ids[1]
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    sized_page.press(FIELD, "ArrowUp")
    assert sized_page.get_attribute(FIELD, "aria-activedescendant") == ids[0]
    sized_page.press(FIELD, "Escape")
    assert sized_page.locator(LISTBOX).is_hidden()
    assert sized_page.get_attribute(FIELD, "aria-expanded") == "false"
    assert sized_page.input_value(FIELD) == prefix
    sized_page.press(FIELD, "Escape")
    assert sized_page.input_value(FIELD) == ""


def test_the_announced_count_is_the_number_of_options_and_of_matching_titles(sized_page, site_url: str) -> None:
    """Every job whose title or other name starts with the typed word is offered, and counted."""
    word = sort_key(JOBS[-1]["title"]).split()[0][:4]
    expected = {
        j["title"] for j in JOBS if any(w.startswith(word) for n in (j["title"], *j["others"]) for w in _key(n).split())
    }
    _open_finder(sized_page, site_url)
    sized_page.fill(FIELD, word)
    titles = sized_page.locator(f"{LISTBOX} .ads-trouver-titre").all_text_contents()
    assert set(titles) == expected
    assert _announced(sized_page) == len(titles) == len(expected)


def test_clicking_an_option_opens_its_path(sized_page, site_url: str) -> None:
    typed, persona = CASES["feminin"]
    _open_finder(sized_page, site_url)
    sized_page.fill(FIELD, typed)
    sized_page.locator(f"{LISTBOX} [role=option]").first.click()
    sized_page.wait_for_url(f"**/parcours/{persona}/")


def test_no_match_says_so_and_shows_no_list(sized_page, site_url: str) -> None:
    _open_finder(sized_page, site_url)
    sized_page.fill(FIELD, "zzqxw")
    assert sized_page.locator(LISTBOX).is_hidden()
    assert "Aucun métier" in sized_page.text_content(STATUS)


def test_keyboard_only_journey_reaches_the_path(sized_page, site_url: str) -> None:
    typed, persona = CASES["accents"]
    _open_finder(sized_page, site_url)
    for _ in range(40):
        sized_page.keyboard.press("Tab")
        if sized_page.evaluate("document.activeElement.id") == FIELD[1:]:
            break
    else:
        pytest.fail("Tab never reaches the job finder")
    sized_page.keyboard.type(typed)
    sized_page.keyboard.press("ArrowDown")
    sized_page.keyboard.press("Enter")
    sized_page.wait_for_url(f"**/parcours/{persona}/")


@pytest.mark.parametrize("path", ["", "metiers/"], ids=["accueil", "metiers"])
def test_no_accessibility_violation_with_the_listbox_open(sized_page, site_url: str, path: str) -> None:
    _open_finder(sized_page, site_url + path)
    sized_page.fill(FIELD, sort_key(JOBS[0]["title"])[:2])
    sized_page.press(FIELD, "ArrowDown")
    assert sized_page.locator(LISTBOX).is_visible()
    assert_no_violation(sized_page)


# --- without JavaScript, counts ------------------------------------------------------------------


def test_without_javascript_metiers_lists_every_job_title(page_without_js, site_url: str) -> None:
    page_without_js.goto(site_url + "metiers/")
    links = page_without_js.locator(".ads-metiers li > a").all_text_contents()
    assert sorted(links) == sorted(j["title"] for j in JOBS)
    assert page_without_js.locator(FIELD).is_hidden()
    assert "Ctrl" in page_without_js.text_content("main")


def test_without_javascript_the_home_page_links_to_the_job_list(page_without_js, site_url: str) -> None:
    page_without_js.goto(site_url)
    assert page_without_js.locator(FIELD).is_hidden()
    link = page_without_js.locator(".ads-accueil-trouver a[href='metiers/']")
    assert link.is_visible()


def test_with_javascript_no_ctrl_f_advice(sized_page, site_url: str) -> None:
    _open_finder(sized_page, site_url + "metiers/")
    assert "Ctrl" not in sized_page.inner_text("main")


def test_the_job_title_count_is_the_catalogues_on_home_and_metiers(page, site_url: str) -> None:
    count = len(JOBS)
    page.goto(site_url)
    home = page.inner_text(".ads-accueil-trouver")
    assert f"parmi {count} intitulés" in home and f"Voir les {count} métiers" in home
    assert re.findall(r"\b(\d+) (?:intitulés|métiers)", home) == [str(count)] * 2
    page.goto(site_url + "metiers/")
    assert page.inner_text("main").count(f"{count} métiers") >= 1
    assert f"{count} métiers" in page.get_attribute("meta[name=description]", "content")


# --- home page: sessions, latest modules, header -------------------------------------------------


def test_home_shows_the_next_sessions(page, site_url: str, built_site: Path) -> None:
    data = published(built_site)
    today = data["date"][:10]
    starts = [(s["debut"], sort_key(m["titre"]), m["id"]) for m in data["modules"] for s in m["sessions"]]
    sessions = sorted(start for start in starts if start[0] >= today)
    page.goto(site_url)
    shown = page.locator(".ads-prochaines-sessions > li").evaluate_all("items => items.map(i => i.dataset.id)")
    assert shown == [module_id for _, _, module_id in sessions][: len(shown)]
    assert len(shown) == min(len(sessions), 4)
    if sessions:
        first = page.locator(".ads-prochaines-sessions > li").first
        assert first.locator("time").first.get_attribute("datetime") == sessions[0][0]
        first.locator("a").click()
        page.wait_for_url(f"**/modules/{sessions[0][2]}/")


def test_home_shows_the_latest_modules(page, site_url: str, built_site: Path) -> None:
    data = published(built_site)
    since = (dt.date.fromisoformat(data["date"][:10]) - dt.timedelta(days=365)).isoformat()
    updated = [(max(m["derniere_revue"], m["publie_le"]), m["id"]) for m in data["modules"]]
    latest = [module_id for day, module_id in sorted(updated, reverse=True) if day >= since][:3]
    page.goto(site_url)
    shown = page.locator(".ads-derniers-modules > li").evaluate_all("items => items.map(i => i.dataset.id)")
    assert shown == latest


def test_header_title_is_readable_on_phones(sized_page, site_url: str) -> None:
    sized_page.goto(site_url)
    sized_page.wait_for_selector("#ads-recherche-site")
    title = sized_page.evaluate(
        """() => {
          const topic = document.querySelector('.md-header__topic');
          const name = topic.querySelector('.md-ellipsis');
          const shown = getComputedStyle(topic, '::before').content;
          const box = topic.getBoundingClientRect();
          const search = document.querySelector('#ads-recherche-site').getBoundingClientRect();
          return {
            text: shown !== 'none' ? shown : name.textContent.trim(),
            fits: topic.scrollWidth <= topic.clientWidth && (shown !== 'none' || name.scrollWidth <= name.clientWidth),
            clear: box.right <= search.left && box.left >= 0,
          };
        }"""
    )
    assert title["fits"] and title["clear"], title
    assert "Catalogue" in title["text"]
