"""The job finder's data and the home page's generated pieces (ads_catalog/finder.py), and the
site layer's next sessions, on the mini fixture catalogue and on the real one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from ads_catalog.build import site_files
from ads_catalog.finder import NEXT_SESSIONS, finder_files, forms, words
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.site import JOBS_DATA, Site, fragment_doc
from ads_catalog.urls import initial_registry
from ads_catalog.validate import load_catalogue
from tests.support import CATALOG, FIXTURES, TODAY


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Acheteur / acheteuse", ["Acheteur", "acheteuse"]),
        ("Délégué hospitalier / déléguée hospitalière", ["Délégué hospitalier", "déléguée hospitalière"]),
        ("Chargé / chargée d'études médico-économiques",
         ["Chargé d'études médico-économiques", "chargée d'études médico-économiques"]),
        ("Responsable médical / médicale en région (MSL)",
         ["Responsable médical en région (MSL)", "Responsable médicale en région (MSL)"]),
        ("Directeur médical / directrice médicale", ["Directeur médical", "directrice médicale"]),
        ("Chef / cheffe de projet R&D", ["Chef de projet R&D", "cheffe de projet R&D"]),
        ("Pharmacien chercheur / pharmacienne chercheuse", ["Pharmacien chercheur", "pharmacienne chercheuse"]),
        ("Économiste de la santé", ["Économiste de la santé"]),
        ("Key account manager (KAM)", ["Key account manager (KAM)"]),
        ("A / B / C", ["A / B / C"]),
        ("Responsable / ", ["Responsable / "]),
    ],
)  # fmt: skip
def test_forms_of_a_title_repeat_the_shared_head_and_tail(title: str, expected: list[str]) -> None:
    assert forms(title) == expected


def test_words_are_folded_like_the_site_sorts_and_matches() -> None:
    assert words("Chargée d'ÉTUDES (R&D) œnologie") == ["chargee", "d", "etudes", "r", "d", "oenologie"]


@pytest.fixture(scope="module")
def mini() -> tuple[Site, dict[str, str | bytes]]:
    catalogue = load_catalogue(FIXTURES / "mini")
    paths = compute_learning_paths(catalogue)
    site = Site(catalogue, paths, TODAY, initial_registry(catalogue, TODAY))
    return site, site_files(catalogue, paths, TODAY)


def test_job_data_has_every_title_its_forms_other_names_and_path(mini) -> None:
    site, files = mini
    data = json.loads(files[JOBS_DATA])["jobs"]
    assert sorted(job["title"] for job in data) == sorted(job.title for job in site.catalogue.job_titles)
    for job in site.catalogue.job_titles:
        entry = next(item for item in data if item["title"] == job.title)
        assert entry["path"] == f"parcours/{job.persona_id}/"
        assert entry["pathTitle"] == site.catalogue.personas[job.persona_id].title
        assert entry["forms"] == [words(form) for form in forms(job.title)]
        assert [other["name"] for other in entry["others"]] == list(job.other_titles)
    visitor = next(item for item in data if item["others"])
    assert ["deleguee", "medicale"] in visitor["others"][0]["forms"]


def test_job_data_covers_the_real_catalogue() -> None:
    catalogue = load_catalogue(CATALOG)
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    data = json.loads(files[JOBS_DATA])["jobs"]
    assert len(data) == len(catalogue.job_titles)
    assert {job["path"] for job in data} <= {f"parcours/{p}/" for p in catalogue.personas}
    assert all(job["forms"] and all(job["forms"]) for job in data)


def test_next_sessions_are_the_soonest_to_start_from_today(mini) -> None:
    site, _ = mini
    every = [(s.start, m.id) for m in site.catalogue.modules.values() for s in m.sessions]
    for day in (TODAY, dt.date(2026, 3, 12), dt.date(2027, 1, 15), dt.date(2099, 1, 1)):
        shown = dataclasses.replace(site, today=day).next_sessions(NEXT_SESSIONS)
        expected = sorted(start for start in every if start[0] >= day)[:NEXT_SESSIONS]
        assert [(s.start, m.id) for m, s in shown] == expected


def test_home_fragments_list_the_sessions_and_latest_modules_with_the_count(mini) -> None:
    site, files = mini
    finder = files[fragment_doc("trouver-metier.md")]
    assert f"parmi {len(site.catalogue.job_titles)} intitulés" in finder
    assert 'href="metiers/"' in finder and 'data-metiers="assets/generated/metiers.json"' in finder
    sessions = files[fragment_doc("prochaines-sessions.md")]
    expected = [m.id for m, _ in site.next_sessions(NEXT_SESSIONS)]
    assert expected and re.findall(r'<li data-id="([^"]+)">', sessions) == expected
    latest = files[fragment_doc("derniers-modules.md")]
    assert re.findall(r'<li data-id="([^"]+)">', latest) == [m.id for m in site.news()[:3]]
    later = finder_files(dataclasses.replace(site, today=dt.date(2099, 1, 1)))
    assert "<li" not in later[fragment_doc("prochaines-sessions.md")]
    assert "Aucune session n'est programmée" in later[fragment_doc("prochaines-sessions.md")]
