"""The site layer: the one place that knows every output path and link, and the context every page
template gets.

As in Hugo, each page and file has one permalink, computed here: output stages (``render``,
``explorer``, ``export``, ``social``) ask this module and never one another. Two kinds of path:

* a *doc path* is relative to ``docs/``, what MkDocs reads (``modules/cyber.md``,
  ``assets/generated/cartes/modules/cyber.png``);
* a *site path* is relative to the site root, what a browser requests, directory style
  (``modules/cyber/``); :func:`absolute` makes it a public URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from pathlib import Path

from ads_catalog.ids import confined, relpath
from ads_catalog.learning_paths import Gap, LearningPath
from ads_catalog.model import Catalogue, JobTitle, Module, ModuleLevel, Need, Persona, Registry, Session, Status
from ads_catalog.text import sort_key

SITE_URL = "https://ads.leem.org/"
"""Public root of the site (``site_url`` in mkdocs.yml; a test keeps both equal)."""
HOST = SITE_URL.split("://", 1)[1]

DATA_DIR = "donnees"
GENERATED_ASSETS = "assets/generated"
VENDOR_DIR = "assets/vendor"
CARDS_DIR = f"{GENERATED_ASSETS}/cartes"
DEFAULT_CARD = f"{CARDS_DIR}/site.png"
QR_DIR = f"{GENERATED_ASSETS}/qr"
SEARCH_INDEX = f"{GENERATED_ASSETS}/recherche.json"
EMBED_DIR = "integrer"
EXPLORER_PAGE = "catalogue/index.md"
EXPLORER_CARDS_DIR = f"{GENERATED_ASSETS}/explorateur"
"""The explorer's result cards beyond its first page, in blocks of modules (``0.json``, ``1.json``…)."""
NEWS_PAGE = "nouveautes/index.md"
SELECTION_PAGE = "ma-selection/index.md"
SELECTION_DATA = f"{GENERATED_ASSETS}/selection.json"
"""« Ma sélection »: the page, and the facts its script reads about every module (ads_catalog/selection.py)."""
SHORT_PREFIX = {"modules": "m", "parcours": "p"}
"""Short links: ``/m/<code>/`` for a module, ``/p/<code>/`` for a learning path."""
NEWS_DAYS = 365
"""A module is « new or updated » when first published or last reviewed within this many days."""
HOME_PAGE = "index.md"
JOBS_PAGE = "metiers/index.md"
JOBS_DATA = f"{GENERATED_ASSETS}/metiers.json"
"""The job finder's data: every job title, its forms and other names, and its path."""
FRAGMENTS_DIR = "fragments"
"""Generated pieces of hand-written pages (``--8<--`` snippets in docs/index.md), never published
themselves (``exclude_docs`` in mkdocs.yml)."""


@dataclass(frozen=True)
class Facet:
    """A way to browse modules with an index page per value (``/domaines/ia/``) and an explorer
    filter (``?domaine=ia``). Adding one: an entry in :data:`FACETS` (and its nav line)."""

    folder: str
    plural: str
    singular: str
    param: str
    items: Callable[[Catalogue], dict]
    values_of: Callable[[Catalogue, Module], Iterable[str]]

    def name(self, item: object) -> str:
        return getattr(item, "name", None) or item.title  # type: ignore[attr-defined]


FACETS = (
    Facet("categories", "Catégories", "catégorie", "categorie", lambda c: c.categories,
          lambda c, m: [c.domains[m.domain_id].category_id]),
    Facet("domaines", "Domaines", "domaine", "domaine", lambda c: c.domains, lambda c, m: [m.domain_id]),
    Facet("niveaux", "Niveaux", "niveau", "niveau", lambda c: c.levels,
          lambda c, m: [level.level_id for level in m.levels]),
    Facet("formats", "Formats", "format", "format", lambda c: c.formats, lambda c, m: m.format_ids),
    Facet("partenaires", "Partenaires", "partenaire", "partenaire", lambda c: c.partners, lambda c, m: m.partner_ids),
)  # fmt: skip
FACETS_BY_FOLDER = {facet.folder: facet for facet in FACETS}

GENERATED_DIRS = (
    "modules", "parcours", "metiers", "competences", *FACETS_BY_FOLDER, "catalogue", DATA_DIR, VENDOR_DIR,
    GENERATED_ASSETS, *SHORT_PREFIX.values(), "nouveautes", EMBED_DIR, "ma-selection", FRAGMENTS_DIR,
)  # fmt: skip
"""Folders of ``docs/`` that belong to the generator (gitignored, rewritten each build)."""


# --- paths and URLs ------------------------------------------------------------------------------


def doc(kind: str, item_id: str) -> str:
    """The Markdown page of a module, a learning path or a facet value: ``modules/cyber.md``."""
    return confined(f"{kind}/{item_id}.md")


def index_doc(kind: str) -> str:
    return f"{kind}/index.md"


def page_path(kind: str, item_id: str) -> str:
    """Site path of a module or learning-path page: ``modules/cyber/``."""
    return f"{kind}/{item_id}/"


def redirect_doc(kind: str, item_id: str) -> str:
    """The static page that keeps a renamed or retired page's URL alive."""
    return confined(f"{page_path(kind, item_id)}index.html")


def short_doc(short_path: str) -> str:
    return confined(f"{short_path}index.html")


def card_doc(kind: str, item_id: str) -> str:
    return confined(f"{CARDS_DIR}/{kind}/{item_id}.png")


def qr_doc(kind: str, item_id: str) -> str:
    """The QR code (SVG) of a module's or a learning path's short link."""
    return confined(f"{QR_DIR}/{kind}/{item_id}.svg")


def script_doc(name: str) -> str:
    """A page script of ``docs/assets/javascripts/`` loaded only by the pages that need it."""
    return f"assets/javascripts/{name}.js"


def embed_doc(persona_id: str) -> str:
    return confined(f"{EMBED_DIR}/parcours/{persona_id}.html")


def ics_doc(kind: str, item_id: str) -> str:
    return confined(f"{DATA_DIR}/calendrier/{kind}/{item_id}.ics")


def fragment_doc(name: str) -> str:
    """A generated piece of a hand-written page: ``fragments/prochaines-sessions.md``."""
    return confined(f"{FRAGMENTS_DIR}/{name}")


def data_doc(name: str) -> str:
    return f"{DATA_DIR}/{name}"


def absolute(site_path: str) -> str:
    return SITE_URL + site_path


def page_url(doc_path: str) -> str:
    """Site path (directory style) of a Markdown file under ``docs/``."""
    stem = doc_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(from_doc: str, to_doc: str) -> str:
    """Link from one Markdown page to another page (``.md``) or to a static file, both doc paths."""
    here = page_url(from_doc) or "."
    if not to_doc.endswith(".md"):
        return relpath(to_doc, here)
    relative = relpath(page_url(to_doc) or ".", here)
    return "./" if relative == "." else relative + "/"


def relative(from_dir: str, to_path: str) -> str:
    """Relative URL from a directory-style site path (``a/b/``) to a site path (``c/d/`` or ``c/f.png``)."""
    rel = relpath(to_path.rstrip("/") or ".", from_dir.rstrip("/") or ".")
    return rel + "/" if to_path.endswith("/") else rel


# --- listings in pages ---------------------------------------------------------------------------

PAGE_SIZE = 100
"""Most modules a listing page shows (facet pages, all modules, news): a longer listing goes on at
``<page>/page/2/``, ``<page>/page/3/``… (as in Hugo), so no page grows with the catalogue. The real
catalogue (tens of modules) stays on one page; tests lower it to see the pages."""


@dataclass(frozen=True)
class Pager:
    """One page of a listing: its number, its listing's page size and the doc path of every page."""

    number: int
    size: int
    docs: tuple[str, ...]

    @property
    def doc(self) -> str:
        return self.docs[self.number - 1]

    @property
    def offset(self) -> int:
        """How many items the pages before this one show."""
        return (self.number - 1) * self.size

    @property
    def title_suffix(self) -> str:
        """What the title of a page after the first one adds: « (page 2) »."""
        return f" (page {self.number})" if self.number > 1 else ""

    @property
    def previous(self) -> str | None:
        return self.docs[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.docs[self.number] if self.number < len(self.docs) else None


def paged_doc(first_doc: str, number: int) -> str:
    """Doc path of page ``number`` (2, 3…) of the listing that starts at ``first_doc``:
    ``domaines/ia.md`` → ``domaines/ia/page/2.md`` (``/domaines/ia/page/2/``)."""
    return confined(f"{page_url(first_doc)}page/{number}.md")


def paginate(first_doc: str, *listings: Sequence, size: int | None = None) -> list[tuple]:
    """Listings cut into pages of at most ``size`` items each (:data:`PAGE_SIZE`), the first page at
    ``first_doc``: ``(pager, chunk of each listing)`` per page; always one page, even empty. Several
    listings (a path's steps and exclusions) share the pages, each page showing its part of each."""
    size = size or PAGE_SIZE
    count = max(1, *(-(-len(items) // size) for items in listings))
    docs = (first_doc, *(paged_doc(first_doc, n) for n in range(2, count + 1)))
    return [
        (Pager(number, size, docs), *(list(items[(number - 1) * size : number * size]) for items in listings))
        for number in range(1, count + 1)
    ]


MATRIX_COLUMNS = 16
"""Most personas (columns) a page of the needs matrix shows: with more, the matrix goes on at
``competences/page/2/``…, each page keeping only the competences its personas need."""


# --- the context of every page -------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """What every output stage and template may ask: the catalogue, its learning paths, the URL
    registry, the build date, every link, and the facts derived from them."""

    catalogue: Catalogue
    learning_paths: dict[str, LearningPath]
    today: dt.date
    registry: Registry
    demonstration: bool = False
    """``extra.demonstration`` of mkdocs.yml (ads_catalog.demonstration): the open data says so too."""
    memo_folder: Path | None = None
    """Where the generator's memos are (:mod:`ads_catalog.work_cache`); None: everything computed."""

    # links

    def module_url(self, module_id: str) -> str:
        return absolute(page_path("modules", module_id))

    def path_url(self, persona_id: str) -> str:
        return absolute(page_path("parcours", persona_id))

    def short(self, kind: str, item_id: str) -> str:
        """Site path of the short link, e.g. ``m/3/``."""
        return f"{SHORT_PREFIX[kind]}/{self.registry.section(kind)[item_id].code}/"

    def short_url(self, kind: str, item_id: str) -> str:
        return absolute(self.short(kind, item_id))

    card, qr, embed, ics = staticmethod(card_doc), staticmethod(qr_doc), staticmethod(embed_doc), staticmethod(ics_doc)
    script = staticmethod(script_doc)

    # dates and sessions

    def upcoming(self, module: Module) -> list[Session]:
        return [s for s in module.sessions if s.end >= self.today]

    def past(self, module: Module) -> list[Session]:
        return [s for s in module.sessions if s.end < self.today][::-1]

    def immediate_access(self, module: Module, level: ModuleLevel) -> str | None:
        """Title of the self-paced format (e-learning) in which a level of an available module can be
        started today, without waiting for a session; None if it cannot."""
        if module.status is not Status.AVAILABLE:
            return None
        formats = self.catalogue.formats
        return next((formats[f].title for f in level.format_ids if not formats[f].synchronous), None)

    def immediate_levels(self, module: Module) -> list[tuple[ModuleLevel, str]]:
        """The levels of a module one can start today, with their self-paced format's title."""
        found = ((level, self.immediate_access(module, level)) for level in module.levels)
        return [(level, title) for level, title in found if title]

    def successor(self, module_id: str) -> Module | None:
        entry = self.registry.modules.get(module_id)
        return self.catalogue.modules.get(entry.successor) if entry and entry.successor else None

    def published(self, module_id: str) -> dt.date:
        entry = self.registry.modules.get(module_id)
        return entry.published if entry else self.today

    def updated(self, module: Module) -> dt.date:
        return max(module.last_review, self.published(module.id))

    def news(self) -> list[Module]:
        """Modules first published or last reviewed within :data:`NEWS_DAYS`, most recent first."""
        return self._news

    @cached_property
    def _news(self) -> list[Module]:
        since = self.today - dt.timedelta(days=NEWS_DAYS)
        recent = [m for m in self.catalogue.modules.values() if self.updated(m) >= since]
        return sorted(recent, key=lambda m: (self.updated(m), m.id), reverse=True)

    def is_new(self, module: Module) -> bool:
        return self.published(module.id) >= self.today - dt.timedelta(days=NEWS_DAYS)

    def next_sessions(self, limit: int) -> list[tuple[Module, Session]]:
        """The ``limit`` sessions that start soonest (today or later), across every module."""
        found = [(m, s) for m in self.catalogue.modules.values() for s in m.sessions if s.start >= self.today]
        return sorted(found, key=lambda ms: (ms[1].start, sort_key(ms[0].title), sort_key(ms[1].city)))[:limit]

    # listings

    def all_modules(self) -> list[Module]:
        """Every module in the one order of every listing: A to Z by folded title."""
        return self._sorted_modules

    @cached_property
    def _sorted_modules(self) -> list[Module]:
        return sorted(self.catalogue.modules.values(), key=lambda m: sort_key(m.title))

    def facet_modules(self, folder: str, item_id: str) -> list[Module]:
        """Modules listed on the index page of one category, domain, level, format or partner."""
        return self._modules_by_facet[folder].get(item_id, [])

    def facet_count(self, folder: str, item_id: str) -> int:
        return len(self.facet_modules(folder, item_id))

    @cached_property
    def _modules_by_facet(self) -> dict[str, dict[str, list[Module]]]:
        """One pass over the sorted modules per facet, instead of a scan of them all per facet page."""
        index: dict[str, dict[str, list[Module]]] = {facet.folder: {} for facet in FACETS}
        for module in self.all_modules():
            for facet in FACETS:
                for value in dict.fromkeys(facet.values_of(self.catalogue, module)):
                    index[facet.folder].setdefault(value, []).append(module)
        return index

    def paths_with(self, module_id: str) -> list[tuple[Persona, list[str]]]:
        """Personas whose learning path includes the module, with the levels it takes there."""
        return self._paths_by_module.get(module_id, [])

    @cached_property
    def _paths_by_module(self) -> dict[str, list[tuple[Persona, list[str]]]]:
        """One pass over every path (a lookup per module page, not a scan of all paths)."""
        index: dict[str, dict[str, list[str]]] = {}
        for persona_id, path in self.learning_paths.items():
            for step in path.steps:
                index.setdefault(step.module_id, {}).setdefault(persona_id, []).append(step.level_id)
        personas = self.catalogue.personas
        return {m: [(personas[p], levels) for p, levels in found.items()] for m, found in index.items()}

    def jobs_by_family(self) -> list[tuple[str, list[JobTitle]]]:
        families = list(self.catalogue.families)
        jobs = sorted(self.catalogue.job_titles, key=lambda j: (families.index(j.family_id), sort_key(j.title)))
        titles = self.catalogue.families
        return [(titles[f].title, list(group)) for f, group in groupby(jobs, key=lambda j: j.family_id)]

    def need_status(self, persona_id: str, competence_id: str) -> str:
        """« couvert », « lacune » or « contrainte » for the needs matrix."""
        gap = self._gaps[persona_id].get(competence_id)
        if gap is None:
            return "couvert"
        return "contrainte" if gap.blocked_by_constraints else "lacune"

    def need(self, persona_id: str, competence_id: str) -> Need | None:
        """The level a persona must reach in a competence (a cell of the needs matrix), if any."""
        return self._needs[persona_id].get(competence_id)

    def needed_competences(self, personas: Iterable[Persona]) -> set[str]:
        """The competences at least one of these personas needs (the rows of a page of the matrix)."""
        return {competence_id for p in personas for competence_id in self._needs[p.id]}

    @cached_property
    def _needs(self) -> dict[str, dict[str, Need]]:
        """Lookups per matrix cell instead of a scan of the persona's needs (cells grow as N²)."""
        return {p.id: {need.competence_id: need for need in p.needs} for p in self.catalogue.personas.values()}

    @cached_property
    def _gaps(self) -> dict[str, dict[str, Gap]]:
        return {p: {gap.need.competence_id: gap for gap in path.gaps} for p, path in self.learning_paths.items()}
