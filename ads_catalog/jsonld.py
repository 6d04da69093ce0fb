"""schema.org JSON-LD of module pages (``Course``) and learning-path pages (``ItemList``), placed in
each page's front matter by the templates.

Each course is described once, in full, on its own module page, under the ``@id`` of
:func:`course_id` (the page's canonical URL + ``#cours``); every other page refers to it by that
``@id`` alone, so a page's JSON-LD grows with what the page shows, never with the whole course.
"""

from __future__ import annotations

from typing import Any

from ads_catalog.learning_paths import Step, format_minutes
from ads_catalog.model import Module, Persona, Session
from ads_catalog.site import Site

COURSE_MODES = {"presentiel": "onsite", "mixte": "blended"}
"""schema.org courseMode per format id; every other format is followed online."""


def iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def course_id(site: Site, module_id: str) -> str:
    """The ``@id`` of a module's ``Course``: its page's canonical URL and the fragment ``#cours``."""
    return f"{site.module_url(module_id)}#cours"


def module_jsonld(site: Site, m: Module) -> dict[str, Any]:
    """schema.org ``Course`` with one ``CourseInstance`` per upcoming session."""
    catalogue = site.catalogue
    course = _course(site, m)
    course.update(
        {
            "@context": "https://schema.org",
            "courseCode": m.id,
            "dateModified": m.last_review.isoformat(),
            "educationalLevel": [catalogue.levels[lvl.level_id].title for lvl in m.levels],
            "teaches": sorted({catalogue.competences[g.competence_id].title for lvl in m.levels for g in lvl.gains}),
            "coursePrerequisites": [
                {"@type": "Course", "@id": course_id(site, p), "name": catalogue.modules[p].title}
                for p in m.prerequisite_ids
            ],
            "about": catalogue.domains[m.domain_id].title,
            "hasCourseInstance": [_instance(site, m, s) for s in site.upcoming(m)],
        }
    )
    return course


def _course(site: Site, m: Module) -> dict[str, Any]:
    return {
        "@type": "Course",
        "@id": course_id(site, m.id),
        "url": site.module_url(m.id),
        "name": m.title,
        "description": m.summary,
        "inLanguage": m.language,
        "timeRequired": iso_duration(m.duration_minutes),
        "provider": [_organization(site, p) for p in m.partner_ids],
    }


def _organization(site: Site, partner_id: str) -> dict[str, Any]:
    partner = site.catalogue.partners[partner_id]
    found = {"@type": "Organization", "name": partner.name}
    return found | ({"url": partner.website} if partner.website else {})


def _instance(site: Site, m: Module, s: Session) -> dict[str, Any]:
    catalogue = site.catalogue
    level = catalogue.module_level(m.id, s.level_id)
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
        "name": f"{m.title} — {catalogue.levels[s.level_id].title}",
        "courseMode": COURSE_MODES.get(s.format_id, "online"),
        "startDate": s.start.isoformat(),
        "endDate": s.end.isoformat(),
        "location": location,
        "duration": iso_duration(level.duration_minutes),
        "educationalLevel": catalogue.levels[s.level_id].title,
        "maximumAttendeeCapacity": s.seats,
        "inLanguage": m.language,
    }


def path_jsonld(site: Site, persona: Persona, steps: list[Step], offset: int) -> dict[str, Any]:
    """schema.org ``ItemList`` of the path's steps, each referring to its module's ``Course`` by
    ``@id`` (described on the module page), with the step's level in the item's name. A page of a
    long path lists its own ``steps`` only, numbered after the ``offset`` steps of the pages before."""
    catalogue = site.catalogue
    path = site.learning_paths[persona.id]
    elements = [
        {
            "@type": "ListItem",
            "position": position,
            "name": f"{catalogue.modules[step.module_id].title} — {catalogue.levels[step.level_id].title}",
            "item": {"@id": course_id(site, step.module_id)},
        }
        for position, step in enumerate(steps, start=offset + 1)
    ]
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": site.path_url(persona.id),
        "url": site.path_url(persona.id),
        "name": f"Parcours {persona.title}",
        "description": f"{len(path.steps)} étapes, {format_minutes(path.total_minutes)} au total.",
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(path.steps),
        "itemListElement": elements,
    }
