"""The catalogue explorer (``/catalogue/``): server-rendered cards, facets and their data.

Without JavaScript the page lists the first :data:`PAGE_CARDS` modules as cards, then links to
the next pages of the list (``/catalogue/page/2/``…) and to the static index pages.
With JavaScript (``docs/assets/javascripts/explorateur.js``) the facets and the search box appear;
the state lives in the query string:

``q``               text query (French search, see :mod:`ads_catalog.search`)
``categorie``       category id          ``domaine``     domain id
``partenaire``      partner id           ``parcours``    persona id (module is in its path)
``disponibilite``   ``disponible`` | ``bientot`` | ``sessions-a-venir`` | ``archive``
``niveau``          level id             ``format``      format id (of that level)
``duree``           ``moins-de-2h`` | ``2h-a-7h`` | ``plus-de-7h`` (duration of that level)
``competence``      competence id (gained at that level)
``tri``             ``titre`` | ``duree`` | ``session`` (absent: pertinence)

Every filter parameter may repeat: values of one facet are OR-ed, facets are AND-ed. The last four
filters are per level: a module shows when ONE of its levels matches all of them (its card then
names that level); the others match the module.
Partner text is untrusted: everything put into HTML goes through :func:`html.escape`, and the
JSON embedded in ``<script>`` has ``<``, ``>`` and ``&`` escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ads_catalog import search
from ads_catalog.learning_paths import format_minutes
from ads_catalog.model import Module, ModuleLevel, Status
from ads_catalog.sanitize import script_json
from ads_catalog.site import (
    EXPLORER_CARDS_DIR,
    EXPLORER_PAGE,
    FACETS,
    SEARCH_INDEX,
    VENDOR_DIR,
    Pager,
    Site,
    doc,
    index_doc,
    paginate,
    relative_url,
)
from ads_catalog.templating import render
from ads_catalog.text import french_date

PAGE = EXPLORER_PAGE
INDEX_FILE = SEARCH_INDEX
REPO = Path(__file__).resolve().parent.parent
VENDOR_FILES = {
    f"{VENDOR_DIR}/lunr.min.js": "lunr/lunr.min.js",
    f"{VENDOR_DIR}/lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    f"{VENDOR_DIR}/lunr.fr.min.js": "lunr-languages/min/lunr.fr.min.js",
}
# The explorer's own script first: it lays the page out before the first paint (no layout shift).
SCRIPTS = ("assets/javascripts/explorateur.js", *VENDOR_FILES, "assets/javascripts/recherche-fr.js")

PAGE_CARDS = 50
"""Cards per page of the server-rendered list; the script also shows this many at a time."""
CARD_BLOCK = 500
"""Modules per file of card data (``assets/generated/explorateur/<n>.json``, in listing order): the
script fetches only the blocks of the cards it shows that the page did not render."""

DURATION_BANDS = (
    ("moins-de-2h", "Moins de 2 h", 0, 119),
    ("2h-a-7h", "De 2 h à 7 h", 120, 420),
    ("plus-de-7h", "Plus de 7 h", 421, 10**9),
)
SORTS = (
    ("pertinence", "Pertinence"),
    ("titre", "Titre"),
    ("duree", "Durée"),
    ("session", "Prochaine session"),
)
"""Orders of the results (``?tri=``; pertinence is the default and is left out of the address)."""
COLLAPSE_OVER, FIRST_VALUES = 7, 5
"""A filter with more values than COLLAPSE_OVER renders its FIRST_VALUES most frequent ones only,
then « Voir les N autres »: the script adds the others from the data, without JavaScript a link
leads to the filter's index page. The page's weight does not grow with the number of values."""
UPCOMING = ("sessions-a-venir", "Sessions à venir")
AVAILABILITY = {
    **{status.slug: status.label for status in (Status.AVAILABLE, Status.SOON)},
    UPCOMING[0]: UPCOMING[1],
    Status.ARCHIVED.slug: Status.ARCHIVED.label,
}

# Static index pages, for visitors without JavaScript (page under docs/ → link text).
BROWSE_LINKS = (
    ("parcours/index.md", "Parcours par métier"),
    ("metiers/index.md", "Métiers"),
    ("categories/index.md", "Catégories"),
    ("domaines/index.md", "Domaines"),
    ("niveaux/index.md", "Niveaux"),
    ("formats/index.md", "Formats"),
    ("partenaires/index.md", "Partenaires"),
    ("competences/index.md", "Compétences"),
)


# --- facets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """One filter of the explorer: its query-string parameter, its legend, its values (id → label)
    and the values of a module (``of``) or, for a per-level filter, of one level of a module
    (``of_level``); ``index``: the page listing every value, if any. The site's facets
    (:data:`ads_catalog.site.FACETS`) are filters too."""

    param: str
    legend: str
    values: dict[str, str]
    of: Callable[[Module], Iterable[str]] | None = None
    of_level: Callable[[ModuleLevel], Iterable[str]] | None = None
    index: str | None = None

    @property
    def scope(self) -> str:
        return "level" if self.of_level else "module"


def duration_band(minutes: int) -> str:
    return next(band for band, _label, low, high in DURATION_BANDS if low <= minutes <= high)


def availability(site: Site, module: Module) -> list[str]:
    values = [module.status.slug]
    if site.upcoming(module):
        values.append(UPCOMING[0])
    return values


def filters(site: Site) -> list[Filter]:
    """The explorer's filters, in the order shown. Those of a module (category, domain,
    availability, partner, path) match a module; those of a level (level, format, duration,
    competence) match one level of a module: a module passes when one of its levels matches them all."""
    catalogue = site.catalogue
    site_facets = {facet.param: facet for facet in FACETS}

    def module_facet(param: str) -> Filter:
        facet = site_facets[param]
        names = {item_id: facet.name(item) for item_id, item in facet.items(catalogue).items()}
        legend = facet.singular.capitalize()
        return Filter(param, legend, names, lambda m: facet.values_of(catalogue, m), index=index_doc(facet.folder))

    levels = {i: x.title for i, x in catalogue.levels.items()}
    formats = {i: x.title for i, x in catalogue.formats.items()}
    gained = {g.competence_id for m in catalogue.modules.values() for lvl in m.levels for g in lvl.gains}
    return [
        module_facet("categorie"),
        module_facet("domaine"),
        Filter("niveau", "Niveau", levels, None, lambda lv: [lv.level_id], index_doc("niveaux")),
        Filter("format", "Format", formats, None, lambda lv: lv.format_ids, index_doc("formats")),
        Filter("duree", "Durée du niveau", {b: label for b, label, _lo, _hi in DURATION_BANDS}, None, _band_of),
        Filter("disponibilite", "Disponibilité", dict(AVAILABILITY), lambda m: availability(site, m)),
        module_facet("partenaire"),
        Filter(
            "parcours",
            "Parcours métier",
            {pid: persona.title for pid, persona in catalogue.personas.items()},
            lambda m: [persona.id for persona, _levels in site.paths_with(m.id)],
            index=index_doc("parcours"),
        ),
        Filter(
            "competence",
            "Compétence",
            {i: c.title for i, c in catalogue.competences.items() if i in gained},
            None,
            lambda lv: [g.competence_id for g in lv.gains],
            index=index_doc("competences"),
        ),
    ]


def _band_of(level: ModuleLevel) -> list[str]:
    return [duration_band(level.duration_minutes)]


def explorer_data(site: Site, all_filters: list[Filter]) -> dict[str, object]:
    """What the script needs, compact for large catalogues: labels once (``facets``, values as
    ``[id, label]`` pairs), then only positions. Each module, in the listing order, is
    ``[id, [value(s) per module filter], [[value(s) per level filter..., minutes] per level],
    next upcoming session (ISO date or "")]``, where a value is its position in its facet's values
    and a single value is written without its list; ``paths``: each path's modules (positions in
    ``modules``), in step order."""
    module_filters = [f for f in all_filters if f.of and f.param != "parcours"]
    level_filters = [f for f in all_filters if f.of_level]
    position = {f.param: {value: i for i, value in enumerate(f.values)} for f in all_filters}

    def packed(facet: Filter, values: Iterable[str]) -> int | list[int]:
        found = [position[facet.param][v] for v in dict.fromkeys(values)]
        return found[0] if len(found) == 1 else found

    def entry(m: Module) -> list[object]:
        first = min((s.start for s in site.upcoming(m)), default=None)
        return [
            m.id,
            [packed(f, f.of(m)) for f in module_filters],  # type: ignore[misc]
            [[*(packed(f, f.of_level(lv)) for f in level_filters), lv.duration_minutes] for lv in m.levels],  # type: ignore[misc]
            first.isoformat() if first else "",
        ]

    modules = site.all_modules()
    rank = {m.id: i for i, m in enumerate(modules)}
    first_block = relative_url(PAGE, card_block_doc(0))
    return {
        "index": relative_url(PAGE, INDEX_FILE),
        "pageSize": PAGE_CARDS,
        "cards": {"base": first_block[: -len("0.json")], "block": CARD_BLOCK},
        "facets": [
            {"param": f.param, "legend": f.legend, "values": list(f.values.items()), "scope": f.scope}
            for f in all_filters
        ],
        "moduleFields": [f.param for f in module_filters],
        "levelFields": [f.param for f in level_filters],
        "modules": [entry(m) for m in modules],
        "paths": {
            pid: list(dict.fromkeys(rank[s.module_id] for s in path.steps)) for pid, path in site.learning_paths.items()
        },
    }


# --- the page ------------------------------------------------------------------------------------


def facet_counts(modules: list[Module], facet: Filter) -> dict[str, int]:
    """Modules per value with no filter set: a module counts once for a value one of its levels has."""
    counts = dict.fromkeys(facet.values, 0)
    for module in modules:
        values = facet.of(module) if facet.of else (v for lv in module.levels for v in facet.of_level(lv))  # type: ignore[misc]
        for value in set(values):
            counts[value] = counts.get(value, 0) + 1
    return counts


def rendered_values(facet: Filter, counts: dict[str, int]) -> list[str]:
    """The values a filter group server-renders: all, or for a long group its FIRST_VALUES most
    frequent (ties in the values' order), most frequent first."""
    if len(facet.values) <= COLLAPSE_OVER:
        return list(facet.values)
    return sorted(facet.values, key=lambda value: -counts.get(value, 0))[:FIRST_VALUES]


def card_facts(site: Site, module: Module) -> list[tuple[str, object]]:
    """What a result card says of a module, label by label; « Niveaux » is a list of
    ``(level id, « Fondamentaux · E-learning · 1 h 30 »)``, one per level (the script shows the
    matching ones only when a level filter is set)."""
    catalogue = site.catalogue
    partners = ", ".join(catalogue.partners[p].name for p in module.partner_ids)
    return [
        ("Domaine", catalogue.domains[module.domain_id].title),
        ("Niveaux", [(lv.level_id, level_text(site, lv)) for lv in module.levels]),
        ("Partenaire" + ("s" if len(module.partner_ids) > 1 else ""), partners),
        ("Statut", module.status.label),
        ("Prochaine session", _next_session(site, module)),
    ]


def level_text(site: Site, level: ModuleLevel) -> str:
    catalogue = site.catalogue
    formats = ", ".join(catalogue.formats[f].title for f in level.format_ids)
    return f"{catalogue.levels[level.level_id].title} · {formats} · {format_minutes(level.duration_minutes)}"


def _next_session(site: Site, module: Module) -> str:
    sessions = site.upcoming(module)
    if not sessions:
        return "à votre rythme, en ligne" if not module.sessions else "aucune session à venir"
    first = min(sessions, key=lambda session: session.start)
    return f"{french_date(first.start)}, {first.city}"


def split_data(data: dict[str, object], modules: list[Module]) -> tuple[dict[str, object], dict[str, str]]:
    """For a catalogue larger than one page, the data's ``modules``, ``paths`` and ``facets`` (every
    value's label) go to a file the script fetches while the first cards show: the page's weight no
    longer grows with N. Returns
    the data kept in the page and the extra file (none for a small catalogue: nothing changes)."""
    if len(modules) <= PAGE_CARDS:
        return data, {}
    moved = {key: data[key] for key in ("facets", "modules", "paths")}
    kept = {key: value for key, value in data.items() if key not in moved}
    kept["donnees"] = relative_url(PAGE, MODULES_DATA)
    return kept, {MODULES_DATA: json.dumps(moved, ensure_ascii=False, separators=(",", ":"))}


Card = tuple[Module, list[tuple[str, object]]]
"""A module and its :func:`card_facts`, computed once per build for the page, the list pages and
the card blocks."""


def page_markdown(
    site: Site, pager: Pager, cards: list[Card], total: int, all_filters: list[Filter], data: dict[str, object]
) -> str:
    """The explorer page: its first cards server-rendered (the no-JavaScript view), the facets with
    their counts, and the data the script reads."""
    modules = site.all_modules()
    counted = [(facet, facet_counts(modules, facet)) for facet in all_filters]
    return render(
        "explorer.md.j2",
        site=site,
        catalogue=site.catalogue,
        url=lambda doc_path: relative_url(PAGE, doc_path),
        facets=[(facet, counts, rendered_values(facet, counts)) for facet, counts in counted],
        sorts=SORTS,
        cards=cards,
        total=total,
        pager=pager,
        browse=BROWSE_LINKS,
        data=script_json(data),
        scripts=SCRIPTS,
    )


def list_page(site: Site, pager: Pager, cards: list[Card], total: int) -> str:
    """Page 2, 3… of the server-rendered list, for visitors without JavaScript."""
    return render(
        "explorer-page.md.j2",
        catalogue=site.catalogue,
        url=lambda doc_path: relative_url(pager.doc, doc_path),
        cards=cards,
        first=pager.offset + 1,
        last=pager.offset + len(cards),
        total=total,
        pager=pager,
        explorer=relative_url(pager.doc, PAGE),
    )


MODULES_DATA = f"{EXPLORER_CARDS_DIR}/modules.json"


def card_block_doc(number: int) -> str:
    return f"{EXPLORER_CARDS_DIR}/{number}.json"


def card_blocks(cards: list[Card]) -> dict[str, str]:
    """What the script needs to draw the cards the page did not render, in blocks of CARD_BLOCK
    modules: ``[id, title, module page URL, summary, status, [[label, value]…]]`` per module, where
    the value of « Niveaux » is ``[[level id, text]…]`` (see :func:`card_facts`). None when the page
    renders every card."""
    if len(cards) <= PAGE_CARDS:
        return {}
    entries = [
        [m.id, m.title, relative_url(PAGE, doc("modules", m.id)), m.summary, m.status.slug, facts] for m, facts in cards
    ]
    return {
        card_block_doc(n): json.dumps(entries[start : start + CARD_BLOCK], ensure_ascii=False, separators=(",", ":"))
        for n, start in enumerate(range(0, len(entries), CARD_BLOCK))
    }


def vendor_files(node_modules: Path = REPO / "node_modules") -> dict[str, bytes]:
    """Third-party JavaScript from the pinned npm packages (never committed)."""
    missing = [source for source in VENDOR_FILES.values() if not (node_modules / source).is_file()]
    if missing:
        raise FileNotFoundError(f"{node_modules}: {', '.join(missing)} introuvable(s) ; lancez « npm ci ».")
    return {target: (node_modules / source).read_bytes() for target, source in VENDOR_FILES.items()}


def explorer_files(site: Site, vendor: bool = True) -> dict[str, str | bytes]:
    """The explorer page, the prebuilt search index and the vendor scripts, keyed by path under docs/.
    ``vendor=False`` (``--check``) leaves the scripts out: validating needs no ``node_modules``."""
    modules = site.all_modules()
    all_filters = filters(site)
    data, data_file = split_data(explorer_data(site, all_filters), modules)
    cards = [(m, card_facts(site, m)) for m in modules]
    (first, shown), *others = paginate(PAGE, cards, size=PAGE_CARDS)
    files: dict[str, str | bytes] = {
        PAGE: page_markdown(site, first, shown, len(cards), all_filters, data),
        **{pager.doc: list_page(site, pager, chunk, len(cards)) for pager, chunk in others},
        **data_file,
        **card_blocks(cards),
        INDEX_FILE: search.search_json(site.catalogue, site.memo_folder),
    }
    if vendor:
        files.update(vendor_files())
    return files
