"""The catalogue explorer (``/catalogue/``): server-rendered cards, facets and their data.

Without JavaScript the page lists every module as a card and links to the static index pages.
With JavaScript (``docs/assets/javascripts/explorateur.js``) the facets and the search box appear;
the state lives in the query string:

``q``               text query (French search, see :mod:`ads_catalog.search`)
``categorie``       category id          ``domaine``     domain id
``niveau``          level id             ``format``      format id
``partenaire``      partner id           ``parcours``    persona id (module is in its path)
``duree``           ``moins-de-2h`` | ``2h-a-7h`` | ``plus-de-7h`` (total duration of the module)
``disponibilite``   ``disponible`` | ``bientot`` | ``sessions-a-venir`` | ``archive``

Every parameter may repeat: values of one facet are OR-ed, facets are AND-ed.
Partner text is untrusted: everything put into HTML goes through :func:`html.escape`, and the
JSON embedded in ``<script>`` has ``<``, ``>`` and ``&`` escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ads_catalog import search
from ads_catalog.learning_paths import format_minutes
from ads_catalog.model import Module, Status
from ads_catalog.sanitize import script_json
from ads_catalog.site import EXPLORER_PAGE, FACETS, SEARCH_INDEX, VENDOR_DIR, Site, relative_url
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
SCRIPTS = (*VENDOR_FILES, "assets/javascripts/recherche-fr.js", "assets/javascripts/explorateur.js")

DURATION_BANDS = (
    ("moins-de-2h", "Moins de 2 h", 0, 119),
    ("2h-a-7h", "De 2 h à 7 h", 120, 420),
    ("plus-de-7h", "Plus de 7 h", 421, 10**9),
)
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
    and the values of a module. The site's facets (:data:`ads_catalog.site.FACETS`) are filters too."""

    param: str
    legend: str
    values: dict[str, str]
    of: Callable[[Module], Iterable[str]]


def duration_band(minutes: int) -> str:
    return next(band for band, _label, low, high in DURATION_BANDS if low <= minutes <= high)


def availability(site: Site, module: Module) -> list[str]:
    values = [module.status.slug]
    if site.upcoming(module):
        values.append(UPCOMING[0])
    return values


def filters(site: Site) -> list[Filter]:
    """The site's facets (:data:`ads_catalog.site.FACETS`), then those only the explorer has:
    duration, availability and learning path."""
    catalogue = site.catalogue
    in_path = {pid: {step.module_id for step in path.steps} for pid, path in site.learning_paths.items()}
    site_facets = {
        facet.param: Filter(
            facet.param,
            facet.singular.capitalize(),
            {item_id: facet.name(item) for item_id, item in facet.items(catalogue).items()},
            lambda m, facet=facet: facet.values_of(catalogue, m),
        )
        for facet in FACETS
    }
    return [
        *(site_facets[param] for param in ("categorie", "domaine", "niveau", "format")),
        Filter("duree", "Durée", {b: label for b, label, _lo, _hi in DURATION_BANDS}, _duration_of),
        Filter("disponibilite", "Disponibilité", dict(AVAILABILITY), lambda m: availability(site, m)),
        site_facets["partenaire"],
        Filter(
            "parcours",
            "Parcours métier",
            {pid: persona.title for pid, persona in catalogue.personas.items()},
            lambda m: [pid for pid, ids in in_path.items() if m.id in ids],
        ),
    ]


def _duration_of(module: Module) -> list[str]:
    return [duration_band(module.duration_minutes)]


def explorer_data(site: Site, all_filters: list[Filter]) -> dict[str, object]:
    """What the script needs: each module's facet values, and the facets' labels."""
    modules = {m.id: {f.param: list(dict.fromkeys(f.of(m))) for f in all_filters} for m in site.all_modules()}
    return {
        "index": relative_url(PAGE, INDEX_FILE),
        "modules": modules,
        "facets": [{"param": f.param, "legend": f.legend, "values": f.values} for f in all_filters],
    }


# --- the page ------------------------------------------------------------------------------------


def facet_counts(modules: list[Module], facet: Filter) -> dict[str, int]:
    counts = dict.fromkeys(facet.values, 0)
    for module in modules:
        for value in set(facet.of(module)):
            counts[value] = counts.get(value, 0) + 1
    return counts


def card_facts(site: Site, module: Module) -> list[tuple[str, str]]:
    """What a result card says of a module, label by label."""
    catalogue = site.catalogue
    partners = ", ".join(catalogue.partners[p].name for p in module.partner_ids)
    return [
        ("Domaine", catalogue.domains[module.domain_id].title),
        ("Niveaux", ", ".join(catalogue.levels[lvl.level_id].title for lvl in module.levels)),
        ("Formats", ", ".join(catalogue.formats[f].title for f in module.format_ids)),
        ("Durée", format_minutes(module.duration_minutes)),
        ("Partenaire" + ("s" if len(module.partner_ids) > 1 else ""), partners),
        ("Statut", module.status.label),
        ("Prochaine session", _next_session(site, module)),
    ]


def _next_session(site: Site, module: Module) -> str:
    sessions = site.upcoming(module)
    if not sessions:
        return "à votre rythme, en ligne" if not module.sessions else "aucune session à venir"
    first = min(sessions, key=lambda session: session.start)
    return f"{french_date(first.start)}, {first.city}"


def page_markdown(site: Site) -> str:
    """The explorer page: every card server-rendered (the no-JavaScript view), the facets with
    their counts, and the data the script reads."""
    catalogue = site.catalogue
    all_filters = filters(site)
    modules = list(catalogue.modules.values())
    return render(
        "explorer.md.j2",
        site=site,
        catalogue=catalogue,
        url=lambda doc_path: relative_url(PAGE, doc_path),
        facets=[(facet, facet_counts(modules, facet)) for facet in all_filters],
        cards=[(m, card_facts(site, m)) for m in site.all_modules()],
        browse=BROWSE_LINKS,
        data=script_json(explorer_data(site, all_filters)),
        scripts=SCRIPTS,
    )


def vendor_files(node_modules: Path = REPO / "node_modules") -> dict[str, bytes]:
    """Third-party JavaScript from the pinned npm packages (never committed)."""
    missing = [source for source in VENDOR_FILES.values() if not (node_modules / source).is_file()]
    if missing:
        raise FileNotFoundError(f"{node_modules}: {', '.join(missing)} introuvable(s) ; lancez « npm ci ».")
    return {target: (node_modules / source).read_bytes() for target, source in VENDOR_FILES.items()}


def explorer_files(site: Site, vendor: bool = True) -> dict[str, str | bytes]:
    """The explorer page, the prebuilt search index and the vendor scripts, keyed by path under docs/.
    ``vendor=False`` (``--check``) leaves the scripts out: validating needs no ``node_modules``."""
    files: dict[str, str | bytes] = {
        PAGE: page_markdown(site),
        INDEX_FILE: search.search_json(site.catalogue),
    }
    if vendor:
        files.update(vendor_files())
    return files
