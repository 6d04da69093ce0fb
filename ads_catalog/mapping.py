"""The one place where the French keys of the catalogue files meet the English model.

Functions here receive data that already passed the JSON Schemas and the cross-file checks of
:mod:`ads_catalog.validate`, so they only translate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ads_catalog.model import (
    Catalogue,
    Category,
    Competence,
    CompetenceGain,
    Constraints,
    Domain,
    Format,
    JobFamily,
    JobTitle,
    Level,
    Module,
    ModuleLevel,
    Need,
    Partner,
    Persona,
    Session,
    Status,
)

Raw = dict[str, Any]


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def taxonomy_objects(raw: Raw) -> dict[str, dict[str, Any]]:
    return {
        "categories": {c["id"]: Category(c["id"], c["titre"], c["description"]) for c in raw["categories"]},
        "domains": {d["id"]: Domain(d["id"], d["titre"], d["categorie"], d["description"]) for d in raw["domaines"]},
        "levels": {
            lvl["id"]: Level(lvl["id"], lvl["titre"], rank, lvl["description"])
            for rank, lvl in enumerate(raw["niveaux"], start=1)
        },
        "formats": {f["id"]: Format(f["id"], f["titre"], f["description"], f["synchrone"]) for f in raw["formats"]},
        "families": {f["id"]: JobFamily(f["id"], f["titre"]) for f in raw["familles"]},
    }


def competence(raw: Raw) -> Competence:
    return Competence(raw["id"], raw["titre"], raw["domaine"], raw["description"])


def partner(raw: Raw) -> Partner:
    return Partner(raw["id"], raw["nom"], raw["description"], raw.get("site"))


def persona(raw: Raw) -> Persona:
    constraints = raw["contraintes"]
    return Persona(
        id=raw["id"],
        title=raw["titre"],
        description=raw["description"],
        job_titles=tuple(
            JobTitle(
                title=job["titre"],
                family_id=job["famille"],
                persona_id=raw["id"],
                rome=job.get("rome"),
                onisep=job.get("onisep"),
                other_titles=tuple(job.get("autres_appellations", ())),
            )
            for job in raw["metiers"]
        ),
        constraints=Constraints(
            flexibility=constraints["flexibilite"],
            longest_sitting_minutes=constraints["seance_max_minutes"],
            format_ids=tuple(constraints["formats"]),
            yearly_hours=constraints["heures_par_an"],
        ),
        needs=tuple(Need(need["competence"], need["niveau"]) for need in raw["besoins"]),
    )


def module(raw: Raw) -> Module:
    return Module(
        id=raw["id"],
        title=raw["titre"],
        summary=raw["resume"],
        description=raw["description"],
        domain_id=raw["domaine"],
        partner_ids=tuple(raw["partenaires"]),
        language=raw["langue"],
        status=Status(raw["statut"]),
        last_review=parse_date(raw["derniere_revue"]),
        registration_url=raw["inscription"],
        levels=tuple(_module_level(raw["id"], level) for level in raw["niveaux"]),
        prerequisite_ids=tuple(raw.get("prerequis", ())),
        keywords=tuple(raw.get("mots_cles", ())),
        sessions=tuple(
            sorted((_session(session) for session in raw.get("sessions", ())), key=lambda s: (s.start, s.city))
        ),
    )


def _module_level(module_id: str, raw: Raw) -> ModuleLevel:
    return ModuleLevel(
        module_id=module_id,
        level_id=raw["niveau"],
        objectives=tuple(raw["objectifs"]),
        duration_minutes=raw["duree_minutes"],
        longest_sitting_minutes=raw.get("seance_max_minutes", raw["duree_minutes"]),
        format_ids=tuple(raw["formats"]),
        gains=tuple(CompetenceGain(gain["competence"], gain["niveau"]) for gain in raw["competences"]),
    )


def _session(raw: Raw) -> Session:
    return Session(
        level_id=raw["niveau"],
        format_id=raw["format"],
        city=raw["ville"],
        start=parse_date(raw["debut"]),
        end=parse_date(raw["fin"]),
        seats=raw["places"],
        registration_deadline=parse_date(raw["date_limite_inscription"]),
    )


def catalogue(
    taxonomy: Raw, competences: list[Raw], partners: list[Raw], personas: list[Raw], modules: list[Raw]
) -> Catalogue:
    return Catalogue(
        **taxonomy_objects(taxonomy),
        competences={raw["id"]: competence(raw) for raw in competences},
        partners={raw["id"]: partner(raw) for raw in partners},
        personas={raw["id"]: persona(raw) for raw in personas},
        modules={raw["id"]: module(raw) for raw in modules},
    )
