"""Typed, validated model of the catalogue.

Objects here are built only by :mod:`ads_catalog.validate` from data that passed every check, so
the rest of the pipeline can trust every reference between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    category_id: str
    description: str


@dataclass(frozen=True)
class Level:
    """One of the ordered proficiency levels (acculturation … expert); rank starts at 1."""

    id: str
    title: str
    rank: int
    description: str


@dataclass(frozen=True)
class Format:
    id: str
    title: str
    description: str
    synchronous: bool


@dataclass(frozen=True)
class JobFamily:
    id: str
    title: str


@dataclass(frozen=True)
class Competence:
    id: str
    title: str
    domain_id: str
    description: str


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    description: str
    website: str | None = None


@dataclass(frozen=True)
class JobTitle:
    title: str
    family_id: str
    persona_id: str
    rome: str | None = None
    onisep: str | None = None
    other_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    """A cell of the needs matrix: the persona must reach ``level_id`` in ``competence_id``."""

    competence_id: str
    level_id: str


@dataclass(frozen=True)
class Constraints:
    flexibility: str
    longest_sitting_minutes: int
    format_ids: tuple[str, ...]
    yearly_hours: int


@dataclass(frozen=True)
class Persona:
    id: str
    title: str
    description: str
    job_titles: tuple[JobTitle, ...]
    constraints: Constraints
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class CompetenceGain:
    competence_id: str
    level_id: str


@dataclass(frozen=True)
class ModuleLevel:
    """A module declined at one level: what it teaches, how long, in which formats."""

    module_id: str
    level_id: str
    objectives: tuple[str, ...]
    duration_minutes: int
    longest_sitting_minutes: int
    format_ids: tuple[str, ...]
    gains: tuple[CompetenceGain, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.module_id, self.level_id)


class Status(Enum):
    """A module's status: the value partners write, and what follows from it everywhere."""

    AVAILABLE = "disponible"
    SOON = "bientôt"
    ARCHIVED = "archivé"

    @property
    def label(self) -> str:
        """As the site shows it."""
        return _STATUS_LABELS[self]

    @property
    def slug(self) -> str:
        """In CSS classes and in the explorer's query string (no accent)."""
        return _STATUS_SLUGS[self]

    @property
    def enters_paths(self) -> bool:
        """Archived modules stay online (their URL never breaks) but no learning path takes them."""
        return self is not Status.ARCHIVED

    @property
    def open_to_registration(self) -> bool:
        return self is not Status.ARCHIVED


_STATUS_LABELS = {Status.AVAILABLE: "Disponible", Status.SOON: "Bientôt disponible", Status.ARCHIVED: "Archivé"}
_STATUS_SLUGS = {Status.AVAILABLE: "disponible", Status.SOON: "bientot", Status.ARCHIVED: "archive"}


@dataclass(frozen=True)
class Session:
    level_id: str
    format_id: str
    city: str
    start: dt.date
    end: dt.date
    seats: int
    registration_deadline: dt.date


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    description: str
    domain_id: str
    partner_ids: tuple[str, ...]
    language: str
    status: Status
    last_review: dt.date
    registration_url: str
    levels: tuple[ModuleLevel, ...]
    prerequisite_ids: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    sessions: tuple[Session, ...] = ()

    @property
    def duration_minutes(self) -> int:
        return sum(level.duration_minutes for level in self.levels)

    @property
    def format_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for level in self.levels:
            seen.update(dict.fromkeys(level.format_ids))
        return tuple(seen)


@dataclass(frozen=True)
class Catalogue:
    """The whole validated catalogue; dicts keep the order of the source files."""

    categories: dict[str, Category]
    domains: dict[str, Domain]
    levels: dict[str, Level]
    formats: dict[str, Format]
    families: dict[str, JobFamily]
    competences: dict[str, Competence]
    partners: dict[str, Partner]
    personas: dict[str, Persona]
    modules: dict[str, Module] = field(default_factory=dict)

    def level_rank(self, level_id: str) -> int:
        return self.levels[level_id].rank

    def module_level(self, module_id: str, level_id: str) -> ModuleLevel:
        return next(lvl for lvl in self.modules[module_id].levels if lvl.level_id == level_id)

    @property
    def job_titles(self) -> list[JobTitle]:
        return [job for persona in self.personas.values() for job in persona.job_titles]


@dataclass(frozen=True)
class Entry:
    """One published page: its short code, first publication date, and where it now leads."""

    id: str
    code: int
    published: dt.date
    redirect: str | None = None
    successor: str | None = None


@dataclass(frozen=True)
class Registry:
    """Every module and learning-path URL the site has published (``catalog/urls.yml``)."""

    modules: dict[str, Entry] = field(default_factory=dict)
    parcours: dict[str, Entry] = field(default_factory=dict)

    def section(self, kind: str) -> dict[str, Entry]:
        return self.modules if kind == "modules" else self.parcours

    def final_id(self, kind: str, item_id: str) -> str:
        """The id whose page a URL finally leads to, following redirections (no cycles: checked)."""
        section = self.section(kind)
        seen = {item_id}
        while section.get(item_id) and section[item_id].redirect:
            item_id = section[item_id].redirect or item_id
            if item_id in seen:
                break
            seen.add(item_id)
        return item_id
