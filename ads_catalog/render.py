"""Stage 4: render the catalogue's pages — for MkDocs, front matter and a body that is HTML from top
to bottom (``corps: html``: hooks/html_body.py keeps Python-Markdown away from it), and the static
HTML pages MkDocs copies as they are (redirects, short links, embeds).

Every page comes from a template of ``templates/`` through :mod:`ads_catalog.templating`; every
path and link from :mod:`ads_catalog.site`. Links inside HTML blocks are not rewritten by MkDocs,
so they are computed relative to the page that holds them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ads_catalog.jsonld import module_jsonld, path_jsonld
from ads_catalog.model import Catalogue, Module, Registry
from ads_catalog.sanitize import script_json, yaml_scalar
from ads_catalog.selection import selection_json
from ads_catalog.site import (
    FACETS,
    MATRIX_COLUMNS,
    NEWS_PAGE,
    SELECTION_DATA,
    SELECTION_PAGE,
    Site,
    data_doc,
    doc,
    index_doc,
    page_path,
    paginate,
    redirect_doc,
    relative,
    short_doc,
)
from ads_catalog.site import relative_url as link_between
from ads_catalog.templating import TEMPLATES, render
from ads_catalog.typography import typeset, typeset_html

KINDS = ("modules", "parcours")


def render_pages(site: Site) -> dict[str, str]:
    """Every generated page, keyed by its path under ``docs/``."""
    catalogue = site.catalogue
    pages: dict[str, str] = {}
    shared = {"site": site, "catalogue": catalogue, "listing_card": ListingCards(catalogue)}

    def add(doc_path: str, template: str, **context: Any) -> None:
        def url(to_doc: str) -> str:
            return link_between(doc_path, to_doc)

        pages[doc_path] = render(template, url=url, **shared, **context)

    for pager, modules in paginate(index_doc("modules"), site.all_modules()):
        add(pager.doc, "modules_index.md.j2", modules=modules, pager=pager)
    for module in catalogue.modules.values():
        jsonld = _front_matter_json(module_jsonld(site, module))
        add(doc("modules", module.id), "module.md.j2", module=module, jsonld=jsonld)
    add(index_doc("parcours"), "parcours_index.md.j2")
    for persona in catalogue.personas.values():
        path = site.learning_paths[persona.id]
        for pager, steps, exclusions in paginate(doc("parcours", persona.id), path.steps, path.exclusions):
            jsonld = _front_matter_json(path_jsonld(site, persona, steps, pager.offset))
            add(pager.doc, "parcours.md.j2", persona=persona, path=path, jsonld=jsonld, pager=pager, steps=steps,
                exclusions=exclusions)  # fmt: skip
    add(index_doc("metiers"), "metiers.md.j2")
    personas = list(catalogue.personas.values())
    for pager, columns in paginate(index_doc("competences"), personas, size=MATRIX_COLUMNS):
        rows = site.needed_competences(columns) if len(pager.docs) > 1 else None  # one page: every row
        add(pager.doc, "competences.md.j2", personas=columns, rows=rows, pager=pager)
    for facet in FACETS:
        items = facet.items(catalogue)
        add(index_doc(facet.folder), "facet_index.md.j2", kind=facet.folder, items=items)
        for item in items.values():
            listed = site.facet_modules(facet.folder, item.id)
            for pager, modules in paginate(doc(facet.folder, item.id), listed):
                add(pager.doc, "facet.md.j2", kind=facet.folder, item=item, modules=modules, total=len(listed),
                    pager=pager)  # fmt: skip
    for pager, modules in paginate(NEWS_PAGE, site.news()):
        add(pager.doc, "nouveautes.md.j2", feed=data_doc("nouveautes.atom"), modules=modules, pager=pager)
    # The script fetches each selected module's calendar file: <calendars>/<id>.ics.
    calendars = posixpath.dirname(site.ics("modules", "module"))
    add(SELECTION_PAGE, "ma-selection.md.j2", data=SELECTION_DATA, calendars=calendars)
    pages[SELECTION_DATA] = selection_json(site)
    return pages


class ListingCards:
    """A module's card on listing pages, drawn once per link to its page: the index, its domain,
    category, partners, levels and formats all list it (and the card says the same everywhere)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.macros = TEMPLATES.get_template("_macros.j2").make_module({"catalogue": catalogue})
        self.drawn: dict[tuple[str, str], Markup] = {}

    def __call__(self, module: Module, url: Callable[[str], str]) -> Markup:
        key = (module.id, url(doc("modules", module.id)))  # the card's only link, as the macro writes it
        if key not in self.drawn:
            self.drawn[key] = self.macros.module_card(module, url)
        return self.drawn[key]


def html_pages(site: Site) -> dict[str, str]:
    """Static HTML pages: the embeddable path snippets, redirects of renamed or retired pages and
    every short link, keyed by path under ``docs/``. MkDocs copies them as they are, so their French
    spacing is set here (hooks/typography.py sets it on the pages MkDocs renders)."""
    personas = site.catalogue.personas.values()
    pages = {site.embed(p.id): typeset_html(render("embed.html.j2", site=site, persona=p)) for p in personas}
    pages.update(_redirect_pages(site))
    return pages


def _redirect_pages(site: Site) -> dict[str, str]:
    registry: Registry = site.registry
    titles = {
        "modules": {m.id: m.title for m in site.catalogue.modules.values()},
        "parcours": {p.id: f"Parcours {p.title}" for p in site.catalogue.personas.values()},
    }
    pages: dict[str, str] = {}
    for kind in KINDS:
        for entry in registry.section(kind).values():
            final = registry.final_id(kind, entry.id)
            target, title = page_path(kind, final), titles[kind].get(final, final)
            if entry.redirect:
                pages[redirect_doc(kind, entry.id)] = _redirect(page_path(kind, entry.id), target, title)
            short = site.short(kind, entry.id)
            pages[short_doc(short)] = _redirect(short, target, title)
    return pages


def _redirect(from_dir: str, target: str, title: str) -> str:
    """A static page that sends browsers (meta refresh) and people (a visible link) to ``target``."""
    return render("redirect.html.j2", href=relative(from_dir, target), target=target, title=typeset(title))


def _front_matter_json(data: dict[str, Any]) -> Markup:
    """JSON-LD as a front-matter scalar: safe inside ``<script>``, quoted for YAML."""
    return yaml_scalar(script_json(data))
