"""The catalogue explorer (/catalogue/) in headless Chromium, on the real catalogue.

What a visitor notices: which modules show, in which order, the counts next to each filter, the
address bar, reload and back, the job-title path suggestion, the keyboard, and a page that still
lists every module without JavaScript.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from ads_catalog.explorer import filters
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.model import Catalogue, Module, Status
from ads_catalog.site import Site
from ads_catalog.text import fold
from ads_catalog.urls import initial_registry
from ads_catalog.validate import load_catalogue
from tests.browser.explorer_page import READY, result_ids, shown_count
from tests.support import CATALOG, TODAY


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(CATALOG)


def open_catalogue(page, site_url: str, query: str = "") -> None:
    page.goto(site_url + "catalogue/" + query)
    page.wait_for_selector(READY)


def query_params(page) -> list[tuple[str, str]]:
    return urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query)


def facet_count(page, param: str, value: str) -> int:
    text = page.text_content(f'label[for="f-{param}-{value}"] [data-compte]')
    return int(re.fullmatch(r"\((\d+)\)", text.strip()).group(1))


def show_every_value(page, param: str) -> None:
    """A long filter group shows its most frequent values only: « Voir les N autres » adds the others."""
    more = page.locator(f'fieldset[data-facette="{param}"] .ads-voir-plus')
    if more.count() and more.get_attribute("aria-expanded") == "false":
        more.click()


# --- search ------------------------------------------------------------------------------------
# Ranking is asserted as a visitor judges it — the first result is about the query — never as a
# given module id: a partner's new module may rightly rank first.


def about(catalogue: Catalogue, module_id: str) -> str:
    """A module's title, keywords and domain, folded: what makes it the right first answer."""
    module = catalogue.modules[module_id]
    return fold(" ".join([module.title, *module.keywords, module.domain_id])).lower()


def test_health_data_query_ranks_a_health_data_module_first(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=donnees%20de%20sante")
    ids = result_ids(page)
    assert "donnees" in about(catalogue, ids[0]) and "sante" in about(catalogue, ids[0])
    assert shown_count(page) == len(ids)
    assert page.input_value("#q") == "donnees de sante"


@pytest.mark.parametrize("query", ["IA", "intelligence%20artificielle", "l%E2%80%99IA"])
def test_ai_queries_find_an_ai_module_first(page, site_url: str, catalogue: Catalogue, query: str) -> None:
    open_catalogue(page, site_url, "?q=" + query)
    assert catalogue.modules[result_ids(page)[0]].domain_id == "intelligence-artificielle"


def test_ia_and_its_full_name_rank_the_ai_modules_alike(page, site_url: str, catalogue: Catalogue) -> None:
    ai_modules = {m.id for m in catalogue.modules.values() if m.domain_id == "intelligence-artificielle"}
    open_catalogue(page, site_url, "?q=IA")
    by_acronym = result_ids(page)
    open_catalogue(page, site_url, "?q=intelligence%20artificielle")
    by_name = result_ids(page)
    top = max(3, len(ai_modules))  # the domain may grow
    assert by_acronym[:top] == by_name[:top]
    assert ai_modules <= set(by_acronym[:top])


def test_accents_do_not_change_the_results(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=cybersecurite")
    without = result_ids(page)
    open_catalogue(page, site_url, "?q=" + urllib.parse.quote("cybersécurité"))
    with_accents = result_ids(page)
    assert "cybersecurite" in about(catalogue, without[0])
    assert with_accents == without


def test_a_typo_still_finds_pharmacovigilance(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=pharmacovigilence")
    assert "pharmacovigilance" in about(catalogue, result_ids(page)[0])


def test_a_prefix_finds_telesurveillance(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=telesurv")
    assert "telesurveillance" in about(catalogue, result_ids(page)[0])


def test_typing_searches_as_you_type_and_back_leaves_the_page(page, site_url: str, catalogue: Catalogue) -> None:
    page.goto(site_url + "a-propos/")
    open_catalogue(page, site_url)
    page.click("#q")
    page.keyboard.type("telesurv")
    assert "telesurveillance" in about(catalogue, result_ids(page)[0])
    page.wait_for_url("**/catalogue/?q=telesurv")  # once typing pauses (browsers cap history changes)
    assert ("q", "telesurv") in query_params(page)
    # The address follows the query in place (no history entry per keystroke): Back leaves.
    page.go_back()
    page.wait_for_url(site_url + "a-propos/")


def test_a_job_title_offers_the_path_of_its_persona(page, site_url: str, catalogue: Catalogue) -> None:
    persona = next(
        job.persona_id for job in catalogue.job_titles if fold(job.title).casefold().startswith("visiteur medical")
    )
    open_catalogue(page, site_url, "?q=visiteur%20medical")
    link = page.locator(f'#parcours-suggeres a[data-parcours="{persona}"]')
    assert link.is_visible()
    assert "Visiteur médical" in page.text_content("#parcours-suggeres")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/parcours/{persona}/")
    assert catalogue.personas[persona].title in page.text_content("h1")


def test_only_stop_words_lists_everything(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=de%20la")
    assert shown_count(page) == len(catalogue.modules)


def test_nonsense_query_says_nothing_matches_and_offers_to_clear_it(page, site_url: str) -> None:
    open_catalogue(page, site_url, "?q=zzqxw")
    assert result_ids(page) == []
    assert page.is_visible("#aucun-resultat")
    button = page.locator("#retirer-dernier")
    assert "zzqxw" in button.text_content()
    button.click()
    assert shown_count(page) == len(result_ids(page)) > 1
    assert query_params(page) == []


# --- facets ------------------------------------------------------------------------------------


def modules_with(catalogue: Catalogue, domain: str | None = None, level: str | None = None) -> list[Module]:
    return [
        m
        for m in catalogue.modules.values()
        if (domain is None or m.domain_id == domain) and (level is None or any(lv.level_id == level for lv in m.levels))
    ]


def busiest_domain_and_level(catalogue: Catalogue) -> tuple[str, str]:
    pairs = Counter((m.domain_id, lv.level_id) for m in catalogue.modules.values() for lv in m.levels)
    return pairs.most_common(1)[0][0]


def test_domain_and_level_filters_show_matching_modules_and_cross_counts(
    page, site_url: str, catalogue: Catalogue
) -> None:
    domain, level = busiest_domain_and_level(catalogue)
    open_catalogue(page, site_url, f"?domaine={domain}&niveau={level}")
    expected = modules_with(catalogue, domain, level)
    assert sorted(result_ids(page)) == sorted(m.id for m in expected)
    assert shown_count(page) == len(expected)
    # Each format's count: modules of this domain whose level `level` is offered in that format.
    for format_id in catalogue.formats:
        in_format = [m for m in expected if any(lv.level_id == level and format_id in lv.format_ids for lv in m.levels)]
        assert facet_count(page, "format", format_id) == len(in_format)
    # A domain's count ignores the domain filter itself: modules at this level in that domain.
    show_every_value(page, "domaine")
    for domain_id in catalogue.domains:
        assert facet_count(page, "domaine", domain_id) == len(modules_with(catalogue, domain_id, level))
    for level_id in catalogue.levels:
        assert facet_count(page, "niveau", level_id) == len(modules_with(catalogue, domain, level_id))
    assert page.is_checked(f"#f-domaine-{domain}")
    assert page.is_checked(f"#f-niveau-{level}")


def test_clicking_a_facet_updates_the_url_reload_keeps_it_back_leaves(
    page, site_url: str, catalogue: Catalogue
) -> None:
    page.goto(site_url + "a-propos/")
    open_catalogue(page, site_url)
    everything = result_ids(page)
    format_id = "e-learning"
    expected_count = facet_count(page, "format", format_id)
    page.click(f'label[for="f-format-{format_id}"]')
    assert ("format", format_id) in query_params(page)
    filtered = result_ids(page)
    assert len(filtered) == expected_count < len(everything)
    assert all(format_id in catalogue.modules[i].format_ids for i in filtered)

    page.reload()
    page.wait_for_selector(READY)
    assert result_ids(page) == filtered
    assert page.is_checked(f"#f-format-{format_id}")

    page.go_back()  # the filter replaced the history entry: Back leaves the explorer
    page.wait_for_url(site_url + "a-propos/")
    page.go_forward()
    page.wait_for_selector(READY)
    assert result_ids(page) == filtered


def test_facets_combine_with_the_query(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=donnees&niveau=acculturation")
    ids = result_ids(page)
    assert ids
    assert all(any(lv.level_id == "acculturation" for lv in catalogue.modules[i].levels) for i in ids)
    open_catalogue(page, site_url, "?q=donnees")
    assert facet_count(page, "niveau", "acculturation") == len(ids)


def test_empty_result_offers_to_drop_the_last_filter(page, site_url: str, catalogue: Catalogue) -> None:
    domain, partner = next(
        (d, p)
        for d in catalogue.domains
        for p in catalogue.partners
        if modules_with(catalogue, d) and not any(p in m.partner_ids for m in modules_with(catalogue, d))
    )
    open_catalogue(page, site_url, f"?domaine={domain}&partenaire={partner}")
    assert result_ids(page) == []
    assert page.text_content("#nb-resultats") == "0"
    button = page.locator("#retirer-dernier")
    assert catalogue.partners[partner].name in button.text_content()
    button.click()
    assert query_params(page) == [("domaine", domain)]
    assert sorted(result_ids(page)) == sorted(m.id for m in modules_with(catalogue, domain))


def test_clear_all_removes_query_and_filters(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url, "?q=ia&format=e-learning&niveau=expert")
    page.click("#tout-effacer")
    assert query_params(page) == []
    assert page.input_value("#q") == ""
    assert len(result_ids(page)) == len(catalogue.modules)
    assert page.locator("#filtres input:checked").count() == 0


def test_path_duration_and_availability_facets_filter(page, site_url: str, catalogue: Catalogue) -> None:
    persona = next(iter(catalogue.personas))
    open_catalogue(page, site_url, f"?parcours={persona}")
    in_path = set(result_ids(page))
    assert in_path
    assert len(in_path) < len(catalogue.modules)
    open_catalogue(page, site_url, "?disponibilite=bientot")
    assert set(result_ids(page)) == {m.id for m in catalogue.modules.values() if m.status is Status.SOON}
    open_catalogue(page, site_url, "?duree=moins-de-2h")  # a level shorter than 2 h
    short = {m.id for m in catalogue.modules.values() if any(lv.duration_minutes < 120 for lv in m.levels)}
    assert set(result_ids(page)) == short


# --- keyboard and accessibility ------------------------------------------------------------------


def test_keyboard_alone_searches_and_filters(page, site_url: str) -> None:
    open_catalogue(page, site_url)
    page.focus("#q")
    page.keyboard.type("cyber")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id")
    assert focused.startswith("f-categorie-")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused checkbox must show a visible focus ring"
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    assert any(key == "categorie" for key, _ in query_params(page))


def test_controls_are_labelled_and_the_count_is_announced(page, site_url: str, catalogue: Catalogue) -> None:
    open_catalogue(page, site_url)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('#filtres input')]
              .filter(i => !i.labels || i.labels.length === 0 || !i.labels[0].textContent.trim())
              .map(i => i.id)"""
    )
    assert unlabelled == []
    live = page.locator("#nb-resultats").locator("xpath=..")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    site = Site(catalogue, compute_learning_paths(catalogue), TODAY, initial_registry(catalogue, TODAY))
    assert page.locator("fieldset[data-facette] > legend").count() == len(filters(site))


# --- without JavaScript, and errors ----------------------------------------------------------------


def test_without_javascript_every_module_is_listed_with_links_to_index_pages(
    page_without_js, site_url: str, catalogue: Catalogue
) -> None:
    page = page_without_js
    page.goto(site_url + "catalogue/?q=cyber&domaine=donnees-sante")
    assert sorted(result_ids(page)) == sorted(catalogue.modules)
    assert shown_count(page) == len(catalogue.modules)
    assert not page.is_visible("#filtres")
    hrefs = page.eval_on_selector_all(".ads-parcourir a", "els => els.map(e => e.href)")
    assert len(hrefs) >= 7
    for href in hrefs + page.eval_on_selector_all("#resultats a", "els => els.map(e => e.href)"):
        with urllib.request.urlopen(href) as response:
            assert response.status == 200, href


def test_without_javascript_a_long_filter_group_links_to_its_index_page(page_without_js, site_url: str) -> None:
    page = page_without_js
    page.goto(site_url + "catalogue/")
    groups = page.locator("fieldset[data-facette]:has(.ads-voir-plus)")
    assert groups.count() > 0
    index_pages = page.eval_on_selector_all(".ads-parcourir a", "els => els.map(e => e.href)")
    for i in range(groups.count()):
        link = groups.nth(i).locator("a")
        assert re.fullmatch(r"Voir les \d+ autres", link.text_content())
        href = link.evaluate("a => a.href")
        assert href in index_pages  # the page listing every value of that filter
        with urllib.request.urlopen(href) as response:
            assert response.status == 200, href


def test_no_console_error_on_the_main_pages(page, site_url: str, catalogue: Catalogue) -> None:
    module = next(iter(catalogue.modules))
    persona = next(iter(catalogue.personas))
    for path in ("", "catalogue/", "catalogue/?q=IA&format=e-learning", f"modules/{module}/", f"parcours/{persona}/"):
        response = page.goto(site_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert page.console_errors == []


def test_material_search_leaves_the_explorer_query_alone(page, site_url: str) -> None:
    # Material's header search opens itself on ?q= and then deletes q: not on the explorer.
    open_catalogue(page, site_url, "?q=IA&niveau=expert")
    page.wait_for_load_state("networkidle")
    assert query_params(page) == [("q", "IA"), ("niveau", "expert")]
    assert not page.is_checked("#__search")
    assert page.input_value("#q") == "IA"
    page.reload()
    page.wait_for_selector(READY)
    assert query_params(page) == [("q", "IA"), ("niveau", "expert")]


def test_exactly_one_site_search_box_and_the_glue_opens_the_explorer(page, site_url: str, catalogue: Catalogue) -> None:
    # Either Material's header search, or (when it is disabled) ours, which opens the explorer.
    page.goto(site_url + "a-propos/")
    material = page.locator('[data-md-component="search"]').count()
    glue = page.locator("#ads-recherche-site").count()
    assert material + glue == 1
    if glue:
        assert page.locator("#ads-q-site").evaluate("el => el.labels[0].textContent") == "Rechercher une formation"
        page.fill("#ads-q-site", "cybersecurite")
        page.press("#ads-q-site", "Enter")
        page.wait_for_selector(READY)
        assert query_params(page) == [("q", "cybersecurite")]
        assert "cybersecurite" in about(catalogue, result_ids(page)[0])


def test_active_filters_are_listed_and_each_can_be_removed(page, site_url: str, catalogue: Catalogue) -> None:
    domain, level = busiest_domain_and_level(catalogue)
    open_catalogue(page, site_url, f"?domaine={domain}&niveau={level}")
    chips = page.locator("#filtres-actifs button")
    assert chips.count() == 2
    assert catalogue.domains[domain].title in chips.nth(0).text_content()
    chips.nth(0).focus()
    page.keyboard.press("Enter")
    assert query_params(page) == [("niveau", level)]
    assert sorted(result_ids(page)) == sorted(m.id for m in modules_with(catalogue, None, level))
    assert page.evaluate("document.activeElement.id") == "q"


def test_long_result_lists_come_in_pages(page, site_url: str, catalogue: Catalogue) -> None:
    page.add_init_script("window.__adsTaillePage = 5")  # 60 on the site; 5 to page the real catalogue
    open_catalogue(page, site_url)
    total = len(catalogue.modules)
    assert shown_count(page) == total
    assert len(result_ids(page)) == 5
    more = page.locator("#plus-de-resultats")
    assert more.text_content() == f"Afficher 5 modules de plus ({total - 5} restants)"
    more.focus()
    page.keyboard.press("Enter")
    assert len(result_ids(page)) == 10
    assert page.evaluate("document.activeElement.closest('[data-id]').getAttribute('data-id')") == result_ids(page)[5]
    page.click('label[for="f-format-e-learning"]')
    assert len(result_ids(page)) == min(5, shown_count(page))


def test_hidden_controls_stay_hidden(page, site_url: str) -> None:
    # Material's .md-button sets display: a hidden button must still not show (nor be focusable).
    open_catalogue(page, site_url)
    assert not page.is_visible("#plus-de-resultats")
    assert not page.is_visible("#aucun-resultat")
    assert not page.is_visible("#parcours-suggeres")
