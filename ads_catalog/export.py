"""Open site under ``/donnees/``: catalogue.json (+ its JSON Schema), catalogue.csv, iCalendar files,
the Atom feed of new and updated modules, the « Nouveautés » page, and schema.org JSON-LD.

Everything is computed from the validated catalogue, the persona paths, the URL registry and the
build date (``SOURCE_DATE_EPOCH`` aware), so two builds of the same sources give the same bytes.
Partner text is site here: escaped for each format (CSV formula prefixes, iCalendar text escapes,
XML through ElementTree, JSON for ``<script>`` through :func:`ads_catalog.sanitize.script_json`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from importlib.resources import files as package_files
from typing import Any

from ads_catalog.demonstration import ABOUT_PATH, NOTICE
from ads_catalog.model import Module, Persona, Session, Status
from ads_catalog.site import NEWS_DAYS, Site, absolute, data_doc
from ads_catalog.text import event_key
from ads_catalog.validate_schema import SCHEMA_DIR

LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PUBLISHER = "Académie du Digital en Santé (Leem)"
CSV_DELIMITER = ";"


def export_files(site: Site) -> dict[str, str | bytes]:
    """Every open-data file, keyed by path under ``docs/``."""
    events: _Events = {}
    files: dict[str, str | bytes] = {
        # On one line: with ``indent``, Python encodes JSON in Python instead of C (6x slower)
        data_doc("catalogue.json"): json.dumps(catalogue_json(site), ensure_ascii=False) + "\n",
        data_doc("catalogue.schema.json"): catalogue_schema_text(),
        data_doc("catalogue.csv"): catalogue_csv(site),
        data_doc("sessions.ics"): calendar(
            site, "Sessions de l'Académie du Digital en Santé", _all_sessions(site), events
        ),
        data_doc("nouveautes.atom"): atom_feed(site),
        **published_schemas(),
    }
    for module in site.catalogue.modules.values():
        sessions = [(module, s) for s in site.upcoming(module)]
        files[site.ics("modules", module.id)] = calendar(site, f"Sessions — {module.title}", sessions, events)
    for persona in site.catalogue.personas.values():
        files[site.ics("parcours", persona.id)] = calendar(
            site, f"Parcours {persona.title}", path_sessions(site, persona), events
        )
    return files


def published_schemas() -> dict[str, bytes]:
    """The JSON Schemas of the catalogue files as published (``/donnees/schemas/``), for editors and tools."""
    return {data_doc(f"schemas/{path.name}"): path.read_bytes() for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


# --- catalogue.json -----------------------------------------------------------------------------


def catalogue_schema_text() -> str:
    return (package_files("ads_catalog") / "data" / "catalogue.schema.json").read_text(encoding="utf-8")


def catalogue_json(site: Site) -> dict[str, Any]:
    catalogue = site.catalogue
    return {
        "$schema": absolute(data_doc("catalogue.schema.json")),
        "titre": "Catalogue de l'Académie du Digital en Santé",
        "editeur": PUBLISHER,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": absolute(""),
        "date": site.today.isoformat(),
        **({"avertissement": f"{NOTICE} {absolute(ABOUT_PATH)}"} if site.demonstration else {}),
        "categories": [{"id": x.id, "titre": x.title} for x in catalogue.categories.values()],
        "domaines": [{"id": x.id, "titre": x.title, "categorie": x.category_id} for x in catalogue.domains.values()],
        "niveaux": [{"id": x.id, "titre": x.title, "rang": x.rank} for x in catalogue.levels.values()],
        "formats": [{"id": x.id, "titre": x.title, "synchrone": x.synchronous} for x in catalogue.formats.values()],
        "partenaires": [{"id": x.id, "nom": x.name, "site": x.website} for x in catalogue.partners.values()],
        "competences": [{"id": x.id, "titre": x.title, "domaine": x.domain_id} for x in catalogue.competences.values()],
        "modules": [_module_json(site, m) for m in catalogue.modules.values()],
        "parcours": [_path_json(site, p) for p in catalogue.personas.values()],
    }


def _module_json(site: Site, m: Module) -> dict[str, Any]:
    successor = site.successor(m.id)
    return {
        "id": m.id,
        "url": site.module_url(m.id),
        "lien_court": site.short_url("modules", m.id),
        "titre": m.title,
        "resume": m.summary,
        "description": m.description,
        "domaine": m.domain_id,
        "partenaires": list(m.partner_ids),
        "langue": m.language,
        "statut": m.status.value,
        "remplace_par": successor.id if successor else None,
        "derniere_revue": m.last_review.isoformat(),
        "publie_le": site.published(m.id).isoformat(),
        "inscription": m.registration_url,
        "prerequis": list(m.prerequisite_ids),
        "mots_cles": list(m.keywords),
        "duree_minutes": m.duration_minutes,
        "calendrier": absolute(site.ics("modules", m.id)),
        "niveaux": [
            {
                "niveau": lvl.level_id,
                "objectifs": list(lvl.objectives),
                "duree_minutes": lvl.duration_minutes,
                "seance_max_minutes": lvl.longest_sitting_minutes,
                "formats": list(lvl.format_ids),
                "competences": [{"competence": g.competence_id, "niveau": g.level_id} for g in lvl.gains],
            }
            for lvl in m.levels
        ],
        "sessions": [_session_json(s) for s in m.sessions],
    }


def _session_json(s: Session) -> dict[str, Any]:
    return {
        "niveau": s.level_id,
        "format": s.format_id,
        "ville": s.city,
        "debut": s.start.isoformat(),
        "fin": s.end.isoformat(),
        "places": s.seats,
        "date_limite_inscription": s.registration_deadline.isoformat(),
    }


def _path_json(site: Site, persona: Persona) -> dict[str, Any]:
    path = site.learning_paths[persona.id]
    return {
        "id": persona.id,
        "url": site.path_url(persona.id),
        "lien_court": site.short_url("parcours", persona.id),
        "titre": persona.title,
        "description": persona.description,
        "metiers": [
            {
                "titre": j.title,
                "famille": j.family_id,
                "rome": j.rome,
                "onisep": j.onisep,
                "autres_appellations": list(j.other_titles),
            }
            for j in persona.job_titles
        ],
        "duree_totale_minutes": path.total_minutes,
        "calendrier": absolute(site.ics("parcours", persona.id)),
        "etapes": [
            {"module": s.module_id, "niveau": s.level_id, "format": s.format_id, "duree_minutes": s.duration_minutes}
            for s in path.steps
        ],
        "besoins_non_couverts": [
            {"competence": g.need.competence_id, "niveau_cible": g.need.level_id, "niveau_atteint": g.reached_level_id}
            for g in path.gaps
        ],
    }


# --- catalogue.csv ------------------------------------------------------------------------------

CSV_COLUMNS = (
    "module_id", "module", "niveau_id", "niveau", "duree_minutes", "seance_max_minutes", "formats", "domaine",
    "categorie", "partenaires", "langue", "statut", "derniere_revue", "objectifs", "competences", "prerequis",
    "sessions_a_venir", "url", "lien_court", "inscription",
)  # fmt: skip


def catalogue_csv(site: Site) -> str:
    """One row per module level; UTF-8 with a byte-order mark and « ; » so spreadsheets set to French
    open it as it is. Text cells that a spreadsheet would run as a formula are prefixed with « ' »."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for module in site.catalogue.modules.values():
        for level in module.levels:
            writer.writerow([_cell(value) for value in _csv_row(site, module, level.level_id)])
    return "\ufeff" + out.getvalue()


def _csv_row(site: Site, m: Module, level_id: str) -> list[object]:
    catalogue = site.catalogue
    levels, formats, partners = catalogue.levels, catalogue.formats, catalogue.partners
    lvl = catalogue.module_level(m.id, level_id)
    domain = catalogue.domains[m.domain_id]
    upcoming = [s for s in site.upcoming(m) if s.level_id == level_id]
    gains = [f"{catalogue.competences[g.competence_id].title} ({levels[g.level_id].title.lower()})" for g in lvl.gains]
    return [
        m.id, m.title, level_id, levels[level_id].title, lvl.duration_minutes, lvl.longest_sitting_minutes,
        " | ".join(formats[f].title for f in lvl.format_ids), domain.title,
        catalogue.categories[domain.category_id].title,
        " | ".join(partners[p].name for p in m.partner_ids), m.language, m.status.value, m.last_review.isoformat(),
        " | ".join(lvl.objectives), " | ".join(gains),
        " | ".join(m.prerequisite_ids), " | ".join(f"{s.start.isoformat()} {s.city}" for s in upcoming),
        site.module_url(m.id), site.short_url("modules", m.id), m.registration_url,
    ]  # fmt: skip


_FORMULA_SIGNS = ("=", "+", "-", "@")
_LEADING_IGNORED = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\u2060\ufeff]*")
"""What a spreadsheet may skip before reading a formula: whitespace, controls, zero-width and
direction marks."""


def _cell(value: object) -> object:
    """OWASP's CSV-injection rule: a text cell that a spreadsheet could read as a formula (a formula
    sign, in any width such as « ＝ », even after blanks or controls, or a tab/CR first) starts
    with « ' » instead."""
    if not isinstance(value, str):
        return value
    rest = value[_LEADING_IGNORED.match(value).end() :]
    first = unicodedata.normalize("NFKC", rest[:1])
    if value[:1] in ("\t", "\r") or first.startswith(_FORMULA_SIGNS):
        return "'" + value
    return value


# --- iCalendar ----------------------------------------------------------------------------------


def _all_sessions(site: Site) -> list[tuple[Module, Session]]:
    return [(m, s) for m in site.catalogue.modules.values() for s in site.upcoming(m)]


def path_sessions(site: Site, persona: Persona) -> list[tuple[Module, Session]]:
    """Upcoming sessions of the module levels in the persona's path, in the formats it can attend."""
    steps = {(s.module_id, s.level_id) for s in site.learning_paths[persona.id].steps}
    formats = set(persona.constraints.format_ids)
    modules = [site.catalogue.modules[m] for m in dict.fromkeys(m for m, _ in steps)]  # not every module: #13
    return [(m, s) for m in modules for s in site.upcoming(m) if (m.id, s.level_id) in steps and s.format_id in formats]


def calendar(site: Site, name: str, sessions: list[tuple[Module, Session]], events: _Events) -> str:
    """An RFC 5545 calendar: one all-day event per session (CRLF, folded lines, escaped text).
    ``events``: the events already written, shared by the calendars of one build (a session is in
    the site's calendar, its module's and those of the paths that include it)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Academie du Digital en Sante//Catalogue//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    if site.demonstration:
        lines.append(f"X-WR-CALDESC:{_ics_text(f'{NOTICE} {absolute(ABOUT_PATH)}')}")
    body = []
    for module, session in sorted(sessions, key=lambda ms: (ms[1].start, ms[0].id, ms[1].level_id, ms[1].city)):
        key = (module.id, session)
        if key not in events:
            events[key] = "".join(_fold(line) + "\r\n" for line in _event(site, module, session))
        body.append(events[key])
    return "".join(_fold(line) + "\r\n" for line in lines) + "".join(body) + "END:VCALENDAR\r\n"


_Events = dict[tuple[str, Session], str]


def _event(site: Site, module: Module, s: Session) -> list[str]:
    catalogue = site.catalogue
    level, fmt = catalogue.levels[s.level_id].title, catalogue.formats[s.format_id].title
    uid = f"{module.id}-{event_key(s.level_id, s.format_id, s.start, s.city)}@ads.leem.org"
    description = (
        ("Session illustrative (catalogue de démonstration).\n" if site.demonstration else "")
        + f"{module.summary}\nNiveau : {level}. Format : {fmt}. Places : {s.seats}. "
        f"Inscription jusqu'au {s.registration_deadline.isoformat()} : {module.registration_url}"
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{site.today:%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{s.start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{s.end + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_ics_text(f'{module.title} ({level.lower()}, {fmt.lower()})')}",
        f"LOCATION:{_ics_text(s.city)}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"URL:{site.module_url(module.id)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, « ; » and « , » escaped, every kind of line break (CR, LF, NEL,
    U+2028, U+2029) written as « \\n », other control characters dropped."""
    text = _LINE_BREAKS.sub("\n", _xml_safe(text))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 5545, 3.1)."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


# --- Atom feed and « Nouveautés » ---------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(site: Site) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    modules = site.news()
    updated = max((site.updated(m) for m in modules), default=site.today)
    _sub(feed, "id", absolute(data_doc("nouveautes.atom")))
    _sub(feed, "title", "Nouveautés du catalogue de l'Académie du Digital en Santé")
    demo = f" {NOTICE}" if site.demonstration else ""
    _sub(feed, "subtitle", f"Modules publiés ou mis à jour ces {NEWS_DAYS} derniers jours.{demo}")
    _sub(feed, "updated", _rfc3339(updated))
    _sub(feed, "rights", f"{PUBLISHER} — {LICENCE}")
    _sub(_sub(feed, "author"), "name", PUBLISHER)
    _link(feed, absolute(data_doc("nouveautes.atom")), "self", "application/atom+xml")
    _link(feed, absolute("nouveautes/"), "alternate", "text/html")
    for module in modules:
        _entry(feed, site, module)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed: ET.Element, site: Site, m: Module) -> None:
    entry = _sub(feed, "entry")
    kind = "Nouveau" if site.is_new(m) else "Mis à jour"
    _sub(entry, "id", site.module_url(m.id))
    _sub(entry, "title", f"{kind} : {m.title}{_archived(m)}")
    _link(entry, site.module_url(m.id), "alternate", "text/html")
    _sub(entry, "published", _rfc3339(site.published(m.id)))
    _sub(entry, "updated", _rfc3339(site.updated(m)))
    _sub(entry, "summary", m.summary)
    for partner_id in m.partner_ids:
        _sub(_sub(entry, "author"), "name", site.catalogue.partners[partner_id].name)
    ET.SubElement(
        entry, f"{{{ATOM}}}category", {"term": m.domain_id, "label": site.catalogue.domains[m.domain_id].title}
    )


def _archived(module: Module) -> str:
    return f" ({Status.ARCHIVED.label.lower()})" if module.status is Status.ARCHIVED else ""


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    if text is not None:
        element.text = _xml_safe(text)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": media_type})


def _rfc3339(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)
