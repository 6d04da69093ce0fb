"""Content that tells the truth (issue #12), checked as a fact-checker would: on the built real
site for what a reader sees, on ``catalog/`` for the job titles. Modules and titles are found
from the catalogue's own text, never by a fixed id or count."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from ads_catalog.text import fold
from tests.support import CATALOG

_SKIP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL)


def visible_text(page: Path) -> str:
    """The text a reader sees, spaces normalised (the typography hook's no-break spaces included)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _SKIP.sub(" ", page.read_text("utf-8"))))
    return re.sub(r"\s+", " ", text)


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;])\s", text)


def load(folder: str) -> list[dict]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((CATALOG / folder).glob("*.yml"))]


@pytest.fixture(scope="module")
def site(real_project: Path) -> Path:
    return real_project / "site"


@pytest.fixture(scope="module")
def all_text(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): visible_text(p) for p in sorted(site.rglob("*.html"))}


def module_page(site: Path, mentioning: str) -> str:
    module = next(m for m in load("modules") if mentioning in m["description"])
    return visible_text(site / "modules" / module["id"] / "index.html")


def test_snds_reference_methodologies_mention_the_cesrees_opinion(site: Path) -> None:
    text = module_page(site, "MR-007")
    said = [s for s in sentences(text) if "MR-007" in s and "MR-008" in s]
    assert said and all("CESREES" in s for s in said), said


def test_decentralised_trials_module_cites_ich_e6_r3_with_its_eu_date(site: Path) -> None:
    text = module_page(site, "décentralisés")
    assert re.search(r"ICH E6\(R3\)[^.]*23 juillet 2025", text)


def test_ai_act_article_4_is_never_said_to_require_or_demand(all_text: dict[str, str]) -> None:
    disputed = re.compile(r"\b(demande|exige|exigée|impose|oblige|obligation)\b")
    article_4 = re.compile(r"article 4\b")
    found = [(p, s) for p, t in all_text.items() for s in sentences(t) if article_4.search(s) and disputed.search(s)]
    assert not found, found[:3]


def test_telemonitoring_list_has_its_full_name(all_text: dict[str, str]) -> None:
    found = re.compile(r"liste des activités de télésurveillance(?! médicale)")
    assert not [p for p, t in all_text.items() if found.search(t)]


def test_no_page_claims_partners_wrote_the_descriptions(all_text: dict[str, str]) -> None:
    claim = re.compile(r"(?<!pas été )rédigée?s par les (organismes )?partenaires")
    assert not [p for p, t in all_text.items() if claim.search(t)]


def test_human_error_claim_is_not_a_majority_claim(all_text: dict[str, str]) -> None:
    found = [s for t in all_text.values() for s in sentences(t) if "erreur humaine" in s and "plupart" in s]
    assert not found, found[:3]


def test_onisep_share_is_never_overstated(all_text: dict[str, str]) -> None:
    """Only the titles with an Onisep id come from Onisep: a page saying where job titles come
    from says « a part of them », or gives the share computed from the catalogue."""
    titles = [job for persona in load("personas") for job in persona["metiers"]]
    share = sum("onisep" in job for job in titles) / len(titles)
    assert 0 < share < 1  # else this test has nothing left to check
    for page, text in all_text.items():
        for sentence in sentences(text):
            if "intitulés" in sentence and "Onisep" in sentence and "proviennent" in sentence:
                percent = re.search(r"(\d+) ?%", sentence)
                assert "partie" in sentence or (percent and int(percent.group(1)) == round(100 * share)), (
                    page,
                    sentence,
                )


# --- job titles --------------------------------------------------------------------------------


def jobs() -> list[tuple[str, dict]]:
    return [(persona["id"], job) for persona in load("personas") for job in persona["metiers"]]


def title_index() -> dict[str, str]:
    return {fold(job["titre"]).lower(): persona for persona, job in jobs()}


def other_names() -> set[str]:
    return {fold(name).lower() for _, job in jobs() for name in job.get("autres_appellations", [])}


@pytest.mark.parametrize(
    "duplicate",
    ["Data manager", "Technicien / technicienne contrôle qualité", "Spécialiste des affaires réglementaires en chimie"],
)
def test_near_duplicate_titles_are_other_names_of_one_title(duplicate: str) -> None:
    key = fold(duplicate).lower()
    assert key not in title_index()
    assert key in other_names()


def test_job_titles_use_one_inclusive_style() -> None:
    """« Masculin / féminin » in full: no median dot, no parenthesised ending (CONTRIBUTING.md)."""
    names = [job["titre"] for _, job in jobs()] + [n for _, job in jobs() for n in job.get("autres_appellations", [])]
    names += [persona["titre"] for persona in load("personas")]
    assert not [n for n in names if re.search(r"[·⋅•]|\((e|ne|ère|s|euse|rice|trice)\)", n)]


def test_families_of_leaders_compliance_and_hospital_roles() -> None:
    family = {fold(job["titre"]).lower(): job["famille"] for _, job in jobs()}
    assert family[fold("Directeur général / directrice générale").lower()] != "fonctions-support"
    assert family[fold("Manager d'équipe").lower()] != "fonctions-support"
    assert family[fold("Responsable compliance").lower()] == "fonctions-support"
    assert fold("Ingénieur biomédical / ingénieure biomédicale").lower() not in family


@pytest.mark.parametrize(
    ("group", "pattern"),
    [
        ("administration des ventes et distribution", r"\badv\b|administration des ventes|distribution"),
        ("business development et licences", r"business development|licen[cs]"),
        ("accompagnement des patients et thérapies numériques", r"accompagnement des patients|therapies numeriques"),
        ("affaires réglementaires des dispositifs médicaux", r"reglementaire.*dispositifs medicaux"),
    ],
)
def test_missing_job_groups_exist(group: str, pattern: str) -> None:
    assert any(re.search(pattern, title) for title in title_index()), group
