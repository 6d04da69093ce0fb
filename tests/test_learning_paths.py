"""Persona paths computed from the needs matrix (tests/fixtures/mini)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ads_catalog.learning_paths import compute_learning_path, compute_learning_paths, format_minutes
from ads_catalog.validate import load_catalogue
from tests.support import FIXTURES


def steps_of(path) -> list[str]:
    return [f"{step.module_id}/{step.level_id}" for step in path.steps]


def path_of(catalog: Path, persona_id: str):
    """The path of one persona, computed afresh from the catalogue files."""
    catalogue = load_catalogue(catalog)
    return compute_learning_path(catalogue, catalogue.personas[persona_id])


def write(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def paths():
    """The mini catalogue's paths, read only by the tests that take them."""
    return compute_learning_paths(load_catalogue(FIXTURES / "mini"))


def test_steps_are_ordered_by_prerequisites_then_level(paths) -> None:
    assert steps_of(paths["production"]) == [
        "cyber/acculturation",
        "rgpd/acculturation",
        "ia/acculturation",
        "ia/fondamentaux",
    ]


def test_each_step_says_why_it_is_there(paths) -> None:
    cyber, rgpd, _, ia_fondamentaux = paths["production"].steps
    assert cyber.covers == () and cyber.prerequisite_of == ("rgpd",)
    assert rgpd.prerequisite_of == ("ia",)
    assert [need.competence_id for need in ia_fondamentaux.covers] == ["ia-usages", "ia-projets"]


def test_totals_per_path_and_per_format(paths) -> None:
    production = paths["production"]
    assert production.total_minutes == 30 + 45 + 30 + 120
    assert production.minutes_by_format == {"e-learning": 105, "classe-virtuelle": 120}


def test_need_beyond_any_module_is_a_gap(paths) -> None:
    (gap,) = paths["production"].gaps
    assert (gap.need.competence_id, gap.need.level_id, gap.reached_level_id) == (
        "ia-projets",
        "expert",
        "acculturation",
    )
    assert not gap.blocked_by_constraints


def test_constraints_exclude_a_level_and_say_why(paths) -> None:
    terrain = paths["terrain"]
    assert "rgpd/approfondissement" not in steps_of(terrain)
    (excluded,) = terrain.exclusions
    assert (excluded.module_id, excluded.level_id) == ("rgpd", "approfondissement")
    assert excluded.reasons == (
        "proposé seulement en présentiel, format que ces métiers ne peuvent pas suivre",
        "séance de 7 h, plus longue que la séance maximale de 30 min",
    )
    (gap,) = terrain.gaps
    assert gap.need.competence_id == "rgpd" and gap.blocked_by_constraints


def test_archived_modules_never_enter_a_path(paths) -> None:
    assert all(step.module_id != "ancien" for path in paths.values() for step in path.steps)


def test_changing_needs_changes_the_path(mini_catalog: Path) -> None:
    write(
        mini_catalog / "personas" / "production.yml",
        "competence: ia-projets\n    niveau: expert",
        "competence: cyber-reflexes\n    niveau: acculturation",
    )
    write(
        mini_catalog / "personas" / "production.yml",
        "competence: ia-usages\n    niveau: fondamentaux",
        "competence: ia-usages\n    niveau: acculturation",
    )
    path = path_of(mini_catalog, "production")
    assert steps_of(path) == ["cyber/acculturation", "rgpd/acculturation", "ia/acculturation"]
    assert path.gaps == ()


def test_a_new_constraint_reports_the_excluded_module(mini_catalog: Path) -> None:
    write(
        mini_catalog / "personas" / "production.yml",
        "formats: [e-learning, classe-virtuelle, presentiel]",
        "formats: [e-learning, presentiel]",
    )
    path = path_of(mini_catalog, "production")
    assert "ia/fondamentaux" not in steps_of(path)
    assert [(e.module_id, e.level_id) for e in path.exclusions] == [("ia", "fondamentaux")]
    assert {gap.need.competence_id for gap in path.gaps} == {"ia-usages", "ia-projets"}


def test_paths_are_deterministic(mini_catalog: Path) -> None:
    assert compute_learning_paths(load_catalogue(mini_catalog)) == compute_learning_paths(load_catalogue(mini_catalog))


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(5, "5 min"), (45, "45 min"), (60, "1 h"), (90, "1 h 30"), (425, "7 h 05")],
)
def test_durations_read_the_french_way(minutes: int, shown: str) -> None:
    assert format_minutes(minutes) == shown
