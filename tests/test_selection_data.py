"""The data of « Ma sélection » (``assets/generated/selection.json``), on the fixture catalogue:
every module, its total time, and only the sessions the build classified as upcoming."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.site import SELECTION_DATA, SELECTION_PAGE
from ads_catalog.validate import load_catalogue
from tests.support import FIXTURES


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(FIXTURES / "mini")


def selection_data(catalogue, today: dt.date) -> dict:
    files = site_files(catalogue, compute_learning_paths(catalogue), today)
    assert SELECTION_PAGE in files
    return json.loads(files[SELECTION_DATA])


def test_every_module_with_its_total_time_levels_and_formats(catalogue) -> None:
    data = selection_data(catalogue, dt.date(2026, 1, 1))
    assert set(data["modules"]) == set(catalogue.modules)
    for module_id, module in catalogue.modules.items():
        facts = data["modules"][module_id]
        assert (facts["t"], facts["m"]) == (module.title, module.duration_minutes)
        assert facts["l"] == [level.level_id for level in module.levels]
        assert all(level in data["levels"] for level in facts["l"])
        assert all(fmt in data["formats"] for fmt in facts["f"])


def test_only_sessions_not_yet_ended_at_build_time_are_listed(catalogue) -> None:
    """The same catalogue built on two dates: the later build lists fewer sessions, none ended."""
    sessions = [(m.id, s) for m in catalogue.modules.values() for s in m.sessions]
    assert sessions, "the fixture catalogue has sessions"
    day = min(s.end for _id, s in sessions) + dt.timedelta(days=1)
    for today in (min(s.start for _id, s in sessions), day):
        data = selection_data(catalogue, today)
        listed = sorted((mid, start) for mid, f in data["modules"].items() for start, *_rest in f["s"])
        expected = sorted((mid, s.start.isoformat()) for mid, s in sessions if s.end >= today)
        assert listed == expected
    assert len(expected) < len(sessions)
