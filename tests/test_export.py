"""Open data, read back with real parsers: icalendar, feedparser, extruct (JSON-LD), jsonschema, csv.

Both the mini fixture catalogue and the real one are built into full sites (``mkdocs build
--strict``) at the tests' build date; the expected counts are computed from the YAML files themselves.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
from pathlib import Path

import extruct
import feedparser
import icalendar
import jsonschema
import pytest
import yaml

from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.site import NEWS_DAYS as FEED_DAYS
from ads_catalog.validate import load_catalogue
from tests.support import FIXTURES, TODAY


@pytest.fixture(scope="module", params=["mini", "reel"])
def built(request: pytest.FixtureRequest) -> Path:
    """A project built into <project>/site at the build date ``TODAY``: the mini catalogue or the real one."""
    return request.getfixturevalue("mini_project" if request.param == "mini" else "real_project")


def modules_yaml(root: Path) -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((root / "catalog" / "modules").glob("*.yml"))
    }


def upcoming(module: dict) -> list[dict]:
    return [s for s in module.get("sessions", []) if s["fin"] >= TODAY]


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_sessions_ics_has_one_event_per_upcoming_session(built: Path) -> None:
    expected = sum(len(upcoming(m)) for m in modules_yaml(built).values())
    found = events(built / "site" / "donnees" / "sessions.ics")
    assert len(found) == expected
    assert len({str(e["UID"]) for e in found}) == expected
    assert all(e.decoded("DTSTART") >= TODAY for e in found)


def test_every_module_ics_lists_its_upcoming_sessions(built: Path) -> None:
    for module_id, module in modules_yaml(built).items():
        found = events(built / "site" / "donnees" / "calendrier" / "modules" / f"{module_id}.ics")
        assert sorted(e.decoded("DTSTART") for e in found) == sorted(s["debut"] for s in upcoming(module)), module_id
        for event in found:
            assert str(event["SUMMARY"]).startswith(module["titre"])
            assert str(event["URL"]).endswith(f"/modules/{module_id}/")


def test_path_ics_files_hold_the_upcoming_sessions_of_their_steps_in_their_formats(built: Path) -> None:
    site = built / "site"
    modules = modules_yaml(built)
    every_uid = {str(e["UID"]) for e in events(site / "donnees" / "sessions.ics")}
    for persona_file in sorted((built / "catalog" / "personas").glob("*.yml")):
        persona = yaml.safe_load(persona_file.read_text(encoding="utf-8"))
        page = (site / "parcours" / persona["id"] / "index.html").read_text(encoding="utf-8")
        steps = re.findall(r'class="ads-etape" data-id="([^"]+)" data-niveau="([^"]+)"', page)
        # UIDs read <module>-<level>-<format>-<yyyymmdd>-<city>: matched whole, from the module's calendar.
        prefixes = [
            (module_id, f"{module_id}-{level}-{session['format']}-{session['debut']:%Y%m%d}-")
            for module_id, level in steps
            for session in upcoming(modules[module_id])
            if session["niveau"] == level and session["format"] in persona["contraintes"]["formats"]
        ]
        expected = {
            str(event["UID"])
            for module_id, prefix in prefixes
            for event in events(site / "donnees" / "calendrier" / "modules" / f"{module_id}.ics")
            if str(event["UID"]).startswith(prefix)
        }
        found = [str(e["UID"]) for e in events(site / "donnees" / "calendrier" / "parcours" / f"{persona['id']}.ics")]
        assert len(expected) == len(prefixes), persona["id"]
        assert sorted(found) == sorted(expected), persona["id"]
        assert set(found) <= every_uid


def test_atom_feed_is_well_formed_with_one_entry_per_new_or_updated_module(built: Path) -> None:
    feed = feedparser.parse((built / "site" / "donnees" / "nouveautes.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    registry_file = built / "catalog" / "urls.yml"
    registry = yaml.safe_load(registry_file.read_text(encoding="utf-8"))["modules"] if registry_file.exists() else {}
    since = TODAY - dt.timedelta(days=FEED_DAYS)
    # A page the registry does not list was first published with its module's review (urls.py)
    expected = {
        module_id
        for module_id, module in modules_yaml(built).items()
        if max(module["derniere_revue"], registry.get(module_id, {}).get("publie_le", dt.date.min)) >= since
    }
    assert expected, "the feed should not be empty for this catalogue"
    found = [entry.link.rsplit("/", 2)[-2] for entry in feed.entries]
    assert sorted(found) == sorted(expected)
    assert [entry.updated for entry in feed.entries] == sorted((entry.updated for entry in feed.entries), reverse=True)
    for entry in feed.entries:
        assert (built / "site" / "modules" / entry.link.rsplit("/", 2)[-2] / "index.html").is_file()
    news = (built / "site" / "nouveautes" / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'class="ads-nouveaute" data-id="([^"]+)"', news)) == expected


def jsonld(page: Path) -> list[dict]:
    return extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False)["json-ld"]


def test_module_pages_carry_a_course_with_an_instance_per_upcoming_session(built: Path) -> None:
    for module_id, module in modules_yaml(built).items():
        items = jsonld(built / "site" / "modules" / module_id / "index.html")
        assert [item["@type"] for item in items] == ["Course"], module_id
        course = items[0]
        assert course["name"] == module["titre"]
        assert course["inLanguage"] == module["langue"]
        assert {"provider", "educationalLevel", "teaches", "coursePrerequisites", "timeRequired"} <= set(course)
        instances = course["hasCourseInstance"]
        assert len(instances) == len(upcoming(module)), module_id
        for instance, session in zip(
            sorted(instances, key=lambda i: i["startDate"]),
            sorted(upcoming(module), key=lambda s: s["debut"]),
            strict=True,
        ):
            assert instance["@type"] == "CourseInstance"
            assert instance["startDate"] == session["debut"].isoformat()
            assert instance["endDate"] == session["fin"].isoformat()
            assert instance["courseMode"] in {"online", "onsite", "blended"}
            assert re.fullmatch(r"PT(\d+H)?(\d+M)?", instance["duration"])
            assert instance["location"]["@type"] in {"Place", "VirtualLocation"}


def test_path_pages_carry_an_item_list_of_courses(built: Path) -> None:
    for persona in sorted((built / "catalog" / "personas").glob("*.yml")):
        page = built / "site" / "parcours" / persona.stem / "index.html"
        items = jsonld(page)
        assert [item["@type"] for item in items] == ["ItemList"]
        steps = re.findall(r'class="ads-etape" data-id="([^"]+)"', page.read_text(encoding="utf-8"))
        elements = items[0]["itemListElement"]
        assert items[0]["numberOfItems"] == len(elements) == len(steps)
        assert [e["position"] for e in elements] == list(range(1, len(steps) + 1))
        # each step refers to its module's Course by @id; the module page describes that Course
        refs = [e["item"]["@id"] for e in elements]
        assert [ref.split("/modules/")[1].split("/")[0] for ref in refs] == steps
        assert all(set(e["item"]) == {"@id"} and e["name"] for e in elements)
        for ref, module_id in zip(refs, steps, strict=True):
            course = jsonld(built / "site" / "modules" / module_id / "index.html")[0]
            assert course["@id"] == ref == f"{course['url']}#cours"


def schema_and_data(built: Path) -> tuple[dict, dict]:
    site = built / "site" / "donnees"
    schema = json.loads((site / "catalogue.schema.json").read_text(encoding="utf-8"))
    return schema, json.loads((site / "catalogue.json").read_text(encoding="utf-8"))


def test_catalogue_json_is_valid_against_its_published_schema(built: Path) -> None:
    schema, data = schema_and_data(built)
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(data)
    assert [m["id"] for m in data["modules"]] == list(modules_yaml(built))
    assert data["date"] == TODAY.isoformat()
    assert data["licence"].startswith("Licence Ouverte 2.0")


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d["modules"][0].pop("titre"),
        lambda d: d["modules"][0].update(statut="perdu"),
        lambda d: d["modules"][0]["niveaux"][0].update(duree_minutes="2 h"),
        lambda d: d["parcours"][0].update(inconnu=1),
        lambda d: d["modules"][0].update(derniere_revue="28/11/2026"),
    ],
)
def test_the_schema_is_strict(built: Path, break_it) -> None:
    schema, data = schema_and_data(built)
    broken = copy.deepcopy(data)
    break_it(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(broken)


def test_csv_has_one_row_per_module_level(built: Path) -> None:
    with (built / "site" / "donnees" / "catalogue.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    expected = [(module_id, level["niveau"]) for module_id, m in modules_yaml(built).items() for level in m["niveaux"]]
    assert [(row["module_id"], row["niveau_id"]) for row in rows] == expected
    for row in rows:
        assert int(row["duree_minutes"]) > 0
        assert row["url"] == f"https://ads.leem.org/modules/{row['module_id']}/"
    assert (built / "site" / "donnees" / "catalogue.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_sitemap_lists_module_and_path_pages(built: Path) -> None:
    sitemap = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    for module_id in modules_yaml(built):
        assert f"https://ads.leem.org/modules/{module_id}/</loc>" in sitemap


def test_partner_text_is_escaped_for_each_format(mini_catalog: Path) -> None:
    module_file = mini_catalog / "modules" / "ia.yml"
    text = module_file.read_text(encoding="utf-8")
    text = text.replace("titre: L'IA en santé", 'titre: "=HYPERLINK(\\"x\\"); IA, santé </script><b>"')
    text = text.replace("ville: En ligne", 'ville: "Lyon; Part-Dieu, salle \\\\2"')
    module_file.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(mini_catalog)
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    (event,) = icalendar.Calendar.from_ical(files["donnees/calendrier/modules/ia.ics"]).walk("VEVENT")
    assert str(event["LOCATION"]) == "Lyon; Part-Dieu, salle \\2"
    assert str(event["SUMMARY"]).startswith('=HYPERLINK("x"); IA, santé </script><b>')
    rows = list(csv.DictReader(files["donnees/catalogue.csv"].lstrip("\ufeff").splitlines(), delimiter=";"))
    assert {row["module"] for row in rows if row["module_id"] == "ia"} == {'\'=HYPERLINK("x"); IA, santé </script><b>'}
    page = files["modules/ia.md"]
    assert "</script><b>" not in page.split("---")[1]
    feed = feedparser.parse(files["donnees/nouveautes.atom"])
    assert not feed.bozo
    assert any("</script><b>" in entry.title for entry in feed.entries)


def test_ics_lines_are_crlf_terminated_and_folded_at_75_octets() -> None:
    catalogue = load_catalogue(FIXTURES / "mini")
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    calendars = {path: text for path, text in files.items() if path.endswith(".ics")}
    assert calendars
    for path, text in calendars.items():
        raw = text.encode("utf-8")
        assert raw.endswith(b"\r\n"), path
        lines = raw.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and len(line) <= 75 for line in lines), path
        assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"


def test_open_data_page_documents_the_files_and_their_licence(built: Path) -> None:
    page = (built / "site" / "donnees-ouvertes" / "index.html").read_text(encoding="utf-8")
    assert "Licence Ouverte 2.0 (Etalab)" in page
    assert "Onisep" in page
    for name in ("catalogue.json", "catalogue.schema.json", "catalogue.csv", "sessions.ics", "nouveautes.atom"):
        assert f'href="../donnees/{name}"' in page, name
        assert (built / "site" / "donnees" / name).is_file()
