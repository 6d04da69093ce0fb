"""Stage 4: render the catalogue as Markdown pages (front matter + HTML blocks) under ``docs/``.

The output is plain files, independent of MkDocs internals. Partner text only ever enters a page
as data through auto-escaping Jinja templates (or :mod:`ads_catalog.sanitize`), never as a
template. Links inside HTML blocks are not rewritten by MkDocs, so they are computed here
relative to the page that holds them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from pathlib import Path

import jinja2

from ads_catalog.ids import confined
from ads_catalog.learning_paths import LearningPath, format_minutes
from ads_catalog.model import Catalogue, Module, Persona, Status
from ads_catalog.sanitize import front_matter_value, markdown_html, markdown_text
from ads_catalog.social import Share
from ads_catalog.text import french_date, sort_key

GENERATED_DIRS = (
    "modules", "parcours", "metiers", "competences", "categories", "domaines", "niveaux", "formats", "partenaires",
    "catalogue", "donnees", "assets/vendor", "assets/generated", "m", "p", "nouveautes", "integrer",
)  # fmt: skip
"""Folders of ``docs/`` that belong to the generator (gitignored, rewritten each build)."""

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("ads_catalog", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
TEMPLATES.filters.update(
    fm=front_matter_value, markdown=markdown_html, md_text=markdown_text, minutes=format_minutes, date=french_date
)


def page_url(doc_path: str) -> str:
    """Site URL (directory style, relative to the site root) of a Markdown file under ``docs/``."""
    stem = doc_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(from_doc: str, to_doc: str) -> str:
    here = page_url(from_doc) or "."
    target = page_url(to_doc) or "."
    relative = posixpath.relpath(target, here)
    return "./" if relative == "." else relative + "/"


@dataclass(frozen=True)
class Site:
    """What every template may use: the catalogue, the paths, today and the URL helpers."""

    catalogue: Catalogue
    paths: dict[str, LearningPath]
    today: dt.date

    def modules_where(self, keep: Callable[[Module], bool]) -> list[Module]:
        return sorted((m for m in self.catalogue.modules.values() if keep(m)), key=lambda m: sort_key(m.title))

    def all_modules(self) -> list[Module]:
        return self.modules_where(lambda module: True)

    def facet_modules(self, kind: str, item_id: str) -> list[Module]:
        """Modules listed on the index page of one category, domain, level, format or partner."""
        domains = self.catalogue.domains
        keep: dict[str, Callable[[Module], bool]] = {
            "categories": lambda m: domains[m.domain_id].category_id == item_id,
            "domaines": lambda m: m.domain_id == item_id,
            "niveaux": lambda m: any(level.level_id == item_id for level in m.levels),
            "formats": lambda m: item_id in m.format_ids,
            "partenaires": lambda m: item_id in m.partner_ids,
        }
        return self.modules_where(keep[kind])

    def facet_count(self, kind: str, item_id: str) -> int:
        return len(self.facet_modules(kind, item_id))

    def paths_with(self, module_id: str) -> list[tuple[Persona, list[str]]]:
        """Personas whose path includes the module, with the levels it takes there."""
        return self._paths_by_module.get(module_id, [])

    @cached_property
    def _paths_by_module(self) -> dict[str, list[tuple[Persona, list[str]]]]:
        """One pass over every path (a lookup per module page, not a scan of all paths)."""
        index: dict[str, dict[str, list[str]]] = {}
        for persona_id, path in self.paths.items():
            for step in path.steps:
                index.setdefault(step.module_id, {}).setdefault(persona_id, []).append(step.level_id)
        personas = self.catalogue.personas
        return {m: [(personas[p], levels) for p, levels in found.items()] for m, found in index.items()}

    def upcoming(self, module: Module) -> list:
        return [s for s in module.sessions if s.end >= self.today]

    def past(self, module: Module) -> list:
        return [s for s in module.sessions if s.end < self.today][::-1]

    def jobs_by_family(self) -> list[tuple[str, list]]:
        families = self.catalogue.families
        jobs = sorted(self.catalogue.job_titles, key=lambda j: (list(families).index(j.family_id), sort_key(j.title)))
        return [(families[f].title, list(group)) for f, group in groupby(jobs, key=lambda j: j.family_id)]

    def need_status(self, persona_id: str, competence_id: str) -> str:
        """« couvert », « lacune » or « contrainte » for the needs matrix."""
        for gap in self.paths[persona_id].gaps:
            if gap.need.competence_id == competence_id:
                return "contrainte" if gap.blocked_by_constraints else "lacune"
        return "couvert"


def render_pages(
    catalogue: Catalogue, paths: dict[str, LearningPath], today: dt.date, share: Share | None = None
) -> dict[str, str]:
    """Every generated page, as ``{path under docs/: Markdown text}``."""
    site = Site(catalogue, paths, today)
    share = share or Share.fresh(catalogue, paths, today)
    pages: dict[str, str] = {}

    def add(doc_path: str, template: str, **context: object) -> None:
        def url(to_doc: str) -> str:
            return relative_url(doc_path, to_doc)

        template_ = TEMPLATES.get_template(template)
        pages[doc_path] = template_.render(site=site, c=catalogue, url=url, share=share, **context)

    add("modules/index.md", "modules_index.md.j2")
    for module in catalogue.modules.values():
        add(f"modules/{module.id}.md", "module.md.j2", module=module)
    add("parcours/index.md", "parcours_index.md.j2")
    for persona in catalogue.personas.values():
        add(f"parcours/{persona.id}.md", "parcours.md.j2", persona=persona, path=paths[persona.id])
    add("metiers/index.md", "metiers.md.j2")
    add("competences/index.md", "competences.md.j2")
    for kind, items in _facets(catalogue).items():
        add(f"{kind}/index.md", "facet_index.md.j2", kind=kind, items=items)
        for item in items.values():
            add(f"{kind}/{item.id}.md", "facet.md.j2", kind=kind, item=item, modules=site.facet_modules(kind, item.id))
    return pages


FACET_TITLES = {
    "categories": ("Catégories", "catégorie"),
    "domaines": ("Domaines", "domaine"),
    "niveaux": ("Niveaux", "niveau"),
    "formats": ("Formats", "format"),
    "partenaires": ("Partenaires", "partenaire"),
}


def _facets(catalogue: Catalogue) -> dict[str, dict]:
    return {
        "categories": catalogue.categories,
        "domaines": catalogue.domains,
        "niveaux": catalogue.levels,
        "formats": catalogue.formats,
        "partenaires": catalogue.partners,
    }


TEMPLATES.globals.update(FACET_TITLES=FACET_TITLES, Status=Status)


def write_pages(docs_dir: Path, pages: dict[str, str | bytes], owned_dirs: tuple[str, ...]) -> int:
    """Write pages that changed (so ``mkdocs serve`` reloads only for real changes) and delete
    stale files from the generator's folders. Returns how many files were written."""
    written = 0
    for doc_path, content in pages.items():
        target = docs_dir / confined(doc_path)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    expected = {docs_dir / doc_path for doc_path in pages}
    for folder in owned_dirs:
        for stale in sorted((docs_dir / folder).rglob("*"), reverse=True):
            if stale.is_file() and stale not in expected:
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()):
                stale.rmdir()
    return written
