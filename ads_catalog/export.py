"""Open data under ``/donnees/``: catalogue.json (+ its JSON Schema), catalogue.csv, iCalendar files,
the Atom feed of new and updated modules, the « Nouveautés » page, and schema.org JSON-LD.

Everything is computed from the validated catalogue, the persona paths, the URL registry and the
build date (``SOURCE_DATE_EPOCH`` aware), so two builds of the same sources give the same bytes.
Partner text is data here: escaped for each format (CSV formula prefixes, iCalendar text escapes,
XML through ElementTree, JSON for ``<script>`` through :func:`ads_catalog.sanitize.script_json`).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.resources import files as package_files
from typing import Any

from ads_catalog.learning_paths import LearningPath, format_minutes
from ads_catalog.model import Catalogue, Module, Persona, Session, Status
from ads_catalog.text import event_key, french_date
from ads_catalog.urls import Registry, absolute, page_path
from ads_catalog.validate_schema import SCHEMA_DIR

DATA_DIR = "donnees"
LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PUBLISHER = "Académie du Digital en Santé (Leem)"
FEED_DAYS = 365
"""A module is « new or updated » when first published or last reviewed within this many days."""
COURSE_MODES = {"presentiel": "onsite", "mixte": "blended"}
"""schema.org courseMode per format id; every other format is followed online."""
CSV_DELIMITER = ";"


@dataclass(frozen=True)
class SiteData:
    """What every export needs: the catalogue, its paths, the URL registry and the build date."""

    catalogue: Catalogue
    paths: dict[str, LearningPath]
    today: dt.date
    registry: Registry

    def module_url(self, module_id: str) -> str:
        return absolute(page_path("modules", module_id))

    def path_url(self, persona_id: str) -> str:
        return absolute(page_path("parcours", persona_id))

    def short_url(self, kind: str, item_id: str) -> str:
        return absolute(self.registry.short_path(kind, item_id))

    def upcoming(self, module: Module) -> list[Session]:
        return [s for s in module.sessions if s.end >= self.today]

    def successor(self, module_id: str) -> Module | None:
        entry = self.registry.modules.get(module_id)
        return self.catalogue.modules.get(entry.successor) if entry and entry.successor else None

    def published(self, module_id: str) -> dt.date:
        entry = self.registry.modules.get(module_id)
        return entry.published if entry else self.today

    def updated(self, module: Module) -> dt.date:
        return max(module.last_review, self.published(module.id))


def export_files(data: SiteData) -> dict[str, str | bytes]:
    """Every open-data file and the « Nouveautés » page, keyed by path under ``docs/``."""
    files = {
        f"{DATA_DIR}/catalogue.json": json.dumps(catalogue_json(data), ensure_ascii=False, indent=1) + "\n",
        f"{DATA_DIR}/catalogue.schema.json": catalogue_schema_text(),
        f"{DATA_DIR}/catalogue.csv": catalogue_csv(data),
        f"{DATA_DIR}/sessions.ics": calendar(data, "Sessions de l'Académie du Digital en Santé", _all_sessions(data)),
        f"{DATA_DIR}/nouveautes.atom": atom_feed(data),
        "nouveautes/index.md": news_page(data),
        **published_schemas(),
    }
    for module in data.catalogue.modules.values():
        sessions = [(module, s) for s in data.upcoming(module)]
        files[ics_path("modules", module.id)] = calendar(data, f"Sessions — {module.title}", sessions)
    for persona in data.catalogue.personas.values():
        files[ics_path("parcours", persona.id)] = calendar(
            data, f"Parcours {persona.title}", path_sessions(data, persona)
        )
    return files


def published_schemas() -> dict[str, bytes]:
    """The JSON Schemas of the catalogue files as published (``/donnees/schemas/``), for editors and tools."""
    return {f"{DATA_DIR}/schemas/{path.name}": path.read_bytes() for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


def ics_path(kind: str, item_id: str) -> str:
    return f"{DATA_DIR}/calendrier/{kind}/{item_id}.ics"


# --- catalogue.json -----------------------------------------------------------------------------


def catalogue_schema_text() -> str:
    return (package_files("ads_catalog") / "data" / "catalogue.schema.json").read_text(encoding="utf-8")


def catalogue_json(data: SiteData) -> dict[str, Any]:
    c = data.catalogue
    return {
        "$schema": absolute(f"{DATA_DIR}/catalogue.schema.json"),
        "titre": "Catalogue de l'Académie du Digital en Santé",
        "editeur": PUBLISHER,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": absolute(""),
        "date": data.today.isoformat(),
        "categories": [{"id": x.id, "titre": x.title} for x in c.categories.values()],
        "domaines": [{"id": x.id, "titre": x.title, "categorie": x.category_id} for x in c.domains.values()],
        "niveaux": [{"id": x.id, "titre": x.title, "rang": x.rank} for x in c.levels.values()],
        "formats": [{"id": x.id, "titre": x.title, "synchrone": x.synchronous} for x in c.formats.values()],
        "partenaires": [{"id": x.id, "nom": x.name, "site": x.website} for x in c.partners.values()],
        "competences": [{"id": x.id, "titre": x.title, "domaine": x.domain_id} for x in c.competences.values()],
        "modules": [_module_json(data, m) for m in c.modules.values()],
        "parcours": [_path_json(data, p) for p in c.personas.values()],
    }


def _module_json(data: SiteData, m: Module) -> dict[str, Any]:
    successor = data.successor(m.id)
    return {
        "id": m.id,
        "url": data.module_url(m.id),
        "lien_court": data.short_url("modules", m.id),
        "titre": m.title,
        "resume": m.summary,
        "description": m.description,
        "domaine": m.domain_id,
        "partenaires": list(m.partner_ids),
        "langue": m.language,
        "statut": m.status.value,
        "remplace_par": successor.id if successor else None,
        "derniere_revue": m.last_review.isoformat(),
        "publie_le": data.published(m.id).isoformat(),
        "inscription": m.registration_url,
        "prerequis": list(m.prerequisite_ids),
        "mots_cles": list(m.keywords),
        "duree_minutes": m.duration_minutes,
        "calendrier": absolute(ics_path("modules", m.id)),
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


def _path_json(data: SiteData, persona: Persona) -> dict[str, Any]:
    path = data.paths[persona.id]
    return {
        "id": persona.id,
        "url": data.path_url(persona.id),
        "lien_court": data.short_url("parcours", persona.id),
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
        "calendrier": absolute(ics_path("parcours", persona.id)),
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


def catalogue_csv(data: SiteData) -> str:
    """One row per module level; UTF-8 with a byte-order mark and « ; » so spreadsheets set to French
    open it as it is. Text cells that a spreadsheet would run as a formula are prefixed with « ' »."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for module in data.catalogue.modules.values():
        for level in module.levels:
            writer.writerow([_cell(value) for value in _csv_row(data, module, level.level_id)])
    return "\ufeff" + out.getvalue()


def _csv_row(data: SiteData, m: Module, level_id: str) -> list[object]:
    c = data.catalogue
    lvl = c.module_level(m.id, level_id)
    domain = c.domains[m.domain_id]
    upcoming = [s for s in data.upcoming(m) if s.level_id == level_id]
    return [
        m.id, m.title, level_id, c.levels[level_id].title, lvl.duration_minutes, lvl.longest_sitting_minutes,
        " | ".join(c.formats[f].title for f in lvl.format_ids), domain.title, c.categories[domain.category_id].title,
        " | ".join(c.partners[p].name for p in m.partner_ids), m.language, m.status.value, m.last_review.isoformat(),
        " | ".join(lvl.objectives),
        " | ".join(f"{c.competences[g.competence_id].title} ({c.levels[g.level_id].title.lower()})" for g in lvl.gains),
        " | ".join(m.prerequisite_ids), " | ".join(f"{s.start.isoformat()} {s.city}" for s in upcoming),
        data.module_url(m.id), data.short_url("modules", m.id), m.registration_url,
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


def _all_sessions(data: SiteData) -> list[tuple[Module, Session]]:
    return [(m, s) for m in data.catalogue.modules.values() for s in data.upcoming(m)]


def path_sessions(data: SiteData, persona: Persona) -> list[tuple[Module, Session]]:
    """Upcoming sessions of the module levels in the persona's path, in the formats it can attend."""
    steps = {(s.module_id, s.level_id) for s in data.paths[persona.id].steps}
    formats = set(persona.constraints.format_ids)
    return [(m, s) for m, s in _all_sessions(data) if (m.id, s.level_id) in steps and s.format_id in formats]


def calendar(data: SiteData, name: str, sessions: list[tuple[Module, Session]]) -> str:
    """An RFC 5545 calendar: one all-day event per session (CRLF, folded lines, escaped text)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Academie du Digital en Sante//Catalogue//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    for module, session in sorted(sessions, key=lambda ms: (ms[1].start, ms[0].id, ms[1].level_id, ms[1].city)):
        lines += _event(data, module, session)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(data: SiteData, module: Module, s: Session) -> list[str]:
    c = data.catalogue
    level, fmt = c.levels[s.level_id].title, c.formats[s.format_id].title
    uid = f"{module.id}-{event_key(s.level_id, s.format_id, s.start, s.city)}@ads.leem.org"
    description = (
        f"{module.summary}\nNiveau : {level}. Format : {fmt}. Places : {s.seats}. "
        f"Inscription jusqu'au {s.registration_deadline.isoformat()} : {module.registration_url}"
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{data.today:%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{s.start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{s.end + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_ics_text(f'{module.title} ({level.lower()}, {fmt.lower()})')}",
        f"LOCATION:{_ics_text(s.city)}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"URL:{data.module_url(module.id)}",
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
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


# --- Atom feed and « Nouveautés » ---------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def news(data: SiteData) -> list[Module]:
    """Modules first published or last reviewed within :data:`FEED_DAYS`, most recent first."""
    since = data.today - dt.timedelta(days=FEED_DAYS)
    recent = [m for m in data.catalogue.modules.values() if data.updated(m) >= since]
    return sorted(recent, key=lambda m: (data.updated(m), m.id), reverse=True)


def is_new(data: SiteData, module: Module) -> bool:
    return data.published(module.id) >= data.today - dt.timedelta(days=FEED_DAYS)


def atom_feed(data: SiteData) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    modules = news(data)
    updated = max((data.updated(m) for m in modules), default=data.today)
    _sub(feed, "id", absolute(f"{DATA_DIR}/nouveautes.atom"))
    _sub(feed, "title", "Nouveautés du catalogue de l'Académie du Digital en Santé")
    _sub(feed, "subtitle", f"Modules publiés ou mis à jour ces {FEED_DAYS} derniers jours.")
    _sub(feed, "updated", _rfc3339(updated))
    _sub(feed, "rights", f"{PUBLISHER} — {LICENCE}")
    _sub(_sub(feed, "author"), "name", PUBLISHER)
    _link(feed, absolute(f"{DATA_DIR}/nouveautes.atom"), "self", "application/atom+xml")
    _link(feed, absolute("nouveautes/"), "alternate", "text/html")
    for module in modules:
        _entry(feed, data, module)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed: ET.Element, data: SiteData, m: Module) -> None:
    entry = _sub(feed, "entry")
    kind = "Nouveau" if is_new(data, m) else "Mis à jour"
    _sub(entry, "id", data.module_url(m.id))
    _sub(entry, "title", f"{kind} : {m.title}{_archived(m)}")
    _link(entry, data.module_url(m.id), "alternate", "text/html")
    _sub(entry, "published", _rfc3339(data.published(m.id)))
    _sub(entry, "updated", _rfc3339(data.updated(m)))
    _sub(entry, "summary", m.summary)
    for partner_id in m.partner_ids:
        _sub(_sub(entry, "author"), "name", data.catalogue.partners[partner_id].name)
    ET.SubElement(
        entry, f"{{{ATOM}}}category", {"term": m.domain_id, "label": data.catalogue.domains[m.domain_id].title}
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


def news_page(data: SiteData) -> str:
    """The « Nouveautés » page (``/nouveautes/``): the feed's modules, as a list."""
    e = html.escape
    items = []
    for m in news(data):
        badge = "Nouveau" if is_new(data, m) else "Mis à jour"
        archived = _archived(m)
        items.append(
            f'<li class="ads-nouveaute" data-id="{e(m.id)}"><strong>{badge}</strong> : '
            f'<a href="../modules/{e(m.id)}/">{e(m.title)}</a>{archived} — '
            f'<time datetime="{data.updated(m).isoformat()}">{french_date(data.updated(m))}</time>'
            f"<br>{e(m.summary)}</li>"
        )
    listing = "\n".join(items) if items else "<li>Aucun module publié ou mis à jour ces derniers mois.</li>"
    return f"""---
title: "Nouveautés"
description: "Les modules publiés ou mis à jour ces douze derniers mois, et le flux Atom pour les suivre."
---

<p>Les modules publiés ou mis à jour ces douze derniers mois, du plus récent au plus ancien.
Pour être prévenu des prochains, abonnez votre lecteur de flux au
<a href="../{DATA_DIR}/nouveautes.atom" type="application/atom+xml">flux Atom des nouveautés</a>.</p>

<ul class="ads-nouveautes">
{listing}
</ul>
"""


# --- JSON-LD ------------------------------------------------------------------------------------


def iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def module_jsonld(data: SiteData, m: Module) -> dict[str, Any]:
    """schema.org ``Course`` with one ``CourseInstance`` per upcoming session."""
    c = data.catalogue
    course = _course(data, m)
    course.update(
        {
            "@context": "https://schema.org",
            "courseCode": m.id,
            "dateModified": m.last_review.isoformat(),
            "educationalLevel": [c.levels[lvl.level_id].title for lvl in m.levels],
            "teaches": sorted({c.competences[g.competence_id].title for lvl in m.levels for g in lvl.gains}),
            "coursePrerequisites": [
                {"@type": "Course", "name": c.modules[p].title, "url": data.module_url(p)} for p in m.prerequisite_ids
            ],
            "about": c.domains[m.domain_id].title,
            "hasCourseInstance": [_instance(data, m, s) for s in data.upcoming(m)],
        }
    )
    return course


def _course(data: SiteData, m: Module) -> dict[str, Any]:
    return {
        "@type": "Course",
        "@id": data.module_url(m.id),
        "url": data.module_url(m.id),
        "name": m.title,
        "description": m.summary,
        "inLanguage": m.language,
        "timeRequired": iso_duration(m.duration_minutes),
        "provider": [_organization(data, p) for p in m.partner_ids],
    }


def _organization(data: SiteData, partner_id: str) -> dict[str, Any]:
    partner = data.catalogue.partners[partner_id]
    found = {"@type": "Organization", "name": partner.name}
    return found | ({"url": partner.website} if partner.website else {})


def _instance(data: SiteData, m: Module, s: Session) -> dict[str, Any]:
    c = data.catalogue
    level = c.module_level(m.id, s.level_id)
    online = COURSE_MODES.get(s.format_id, "online") == "online"
    location: dict[str, Any] = (
        {"@type": "VirtualLocation", "url": m.registration_url}
        if online
        else {
            "@type": "Place",
            "name": s.city,
            "address": {"@type": "PostalAddress", "addressLocality": s.city, "addressCountry": "FR"},
        }
    )
    return {
        "@type": "CourseInstance",
        "name": f"{m.title} — {c.levels[s.level_id].title}",
        "courseMode": COURSE_MODES.get(s.format_id, "online"),
        "startDate": s.start.isoformat(),
        "endDate": s.end.isoformat(),
        "location": location,
        "duration": iso_duration(level.duration_minutes),
        "educationalLevel": c.levels[s.level_id].title,
        "maximumAttendeeCapacity": s.seats,
        "inLanguage": m.language,
    }


def path_jsonld(data: SiteData, persona: Persona) -> dict[str, Any]:
    """schema.org ``ItemList`` of the path's steps, each a ``Course`` (module at one level)."""
    c = data.catalogue
    path = data.paths[persona.id]
    elements = []
    for position, step in enumerate(path.steps, start=1):
        m = c.modules[step.module_id]
        course = _course(data, m) | {
            "@id": f"{data.module_url(m.id)}#niveau-{step.level_id}",
            "url": f"{data.module_url(m.id)}#niveau-{step.level_id}",
            "name": f"{m.title} — {c.levels[step.level_id].title}",
            "educationalLevel": c.levels[step.level_id].title,
            "timeRequired": iso_duration(step.duration_minutes),
        }
        elements.append({"@type": "ListItem", "position": position, "item": course})
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": data.path_url(persona.id),
        "url": data.path_url(persona.id),
        "name": f"Parcours {persona.title}",
        "description": f"{len(path.steps)} étapes, {format_minutes(path.total_minutes)} au total.",
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(elements),
        "itemListElement": elements,
    }
