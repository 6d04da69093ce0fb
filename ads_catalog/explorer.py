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

import datetime as dt
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ads_catalog import search
from ads_catalog.learning_paths import LearningPath, format_minutes
from ads_catalog.model import Catalogue, Module, Session, Status
from ads_catalog.sanitize import front_matter_value, script_json
from ads_catalog.site import EXPLORER_PAGE, FACETS, SEARCH_INDEX, VENDOR_DIR, Site, relative_url
from ads_catalog.text import french_date, sort_key

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


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def url_from_page(doc_path: str) -> str:
    """Relative URL from /catalogue/ to a Markdown page or a static file under docs/."""
    return relative_url(PAGE, doc_path)


# --- facets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One filter: its query-string parameter, its legend and its values (id → label)."""

    param: str
    legend: str
    values: dict[str, str]
    of: Callable[[Module], Iterable[str]]


def duration_band(minutes: int) -> str:
    return next(band for band, _label, low, high in DURATION_BANDS if low <= minutes <= high)


def upcoming_sessions(module: Module, today: dt.date) -> list[Session]:
    return sorted((s for s in module.sessions if s.end >= today), key=lambda s: s.start)


def availability(module: Module, today: dt.date) -> list[str]:
    values = [module.status.slug]
    if upcoming_sessions(module, today):
        values.append(UPCOMING[0])
    return values


def facets(catalogue: Catalogue, learning_paths: dict[str, LearningPath], today: dt.date) -> list[Facet]:
    """The site's facets (:data:`ads_catalog.site.FACETS`), then those only the explorer has:
    duration, availability and learning path."""
    in_path = {pid: {step.module_id for step in path.steps} for pid, path in learning_paths.items()}
    site_facets = {
        facet.param: Facet(
            facet.param,
            facet.singular.capitalize(),
            {item_id: facet.name(item) for item_id, item in facet.items(catalogue).items()},
            lambda m, facet=facet: facet.values_of(catalogue, m),
        )
        for facet in FACETS
    }
    return [
        *(site_facets[param] for param in ("categorie", "domaine", "niveau", "format")),
        Facet("duree", "Durée", {b: label for b, label, _lo, _hi in DURATION_BANDS}, _duration_of),
        Facet("disponibilite", "Disponibilité", dict(AVAILABILITY), lambda m: availability(m, today)),
        site_facets["partenaire"],
        Facet(
            "parcours",
            "Parcours métier",
            {pid: persona.title for pid, persona in catalogue.personas.items()},
            lambda m: [pid for pid, ids in in_path.items() if m.id in ids],
        ),
    ]


def _duration_of(module: Module) -> list[str]:
    return [duration_band(module.duration_minutes)]


def sorted_modules(catalogue: Catalogue) -> list[Module]:
    return sorted(catalogue.modules.values(), key=lambda m: sort_key(m.title))


def explorer_data(catalogue: Catalogue, all_facets: list[Facet]) -> dict[str, object]:
    """What the script needs: each module's facet values, and the facets' labels."""
    modules = {m.id: {f.param: list(dict.fromkeys(f.of(m))) for f in all_facets} for m in sorted_modules(catalogue)}
    return {
        "index": url_from_page(INDEX_FILE),
        "modules": modules,
        "facettes": [{"param": f.param, "titre": f.legend, "valeurs": f.values} for f in all_facets],
    }


# --- HTML --------------------------------------------------------------------------------------


def facet_counts(modules: list[Module], facet: Facet) -> dict[str, int]:
    counts = dict.fromkeys(facet.values, 0)
    for module in modules:
        for value in set(facet.of(module)):
            counts[value] = counts.get(value, 0) + 1
    return counts


def facet_html(facet: Facet, counts: dict[str, int]) -> str:
    items = "".join(_checkbox(facet.param, value, label, counts.get(value, 0)) for value, label in facet.values.items())
    return (
        f'<fieldset class="ads-facette" data-facette="{esc(facet.param)}">'
        f"<legend>{esc(facet.legend)}</legend><ul>{items}</ul></fieldset>"
    )


def _checkbox(param: str, value: str, label: str, count: int) -> str:
    box_id = esc(f"f-{param}-{value}")
    return (
        f'<li><input type="checkbox" id="{box_id}" name="{esc(param)}" value="{esc(value)}">'
        f'<label for="{box_id}">{esc(label)} <span class="ads-compte" data-compte>({count})</span></label></li>'
    )


def card_html(catalogue: Catalogue, module: Module, today: dt.date) -> str:
    domain = catalogue.domains[module.domain_id]
    levels = ", ".join(catalogue.levels[lvl.level_id].title for lvl in module.levels)
    formats = ", ".join(catalogue.formats[f].title for f in module.format_ids)
    partners = ", ".join(catalogue.partners[p].name for p in module.partner_ids)
    facts = [
        ("Domaine", domain.title),
        ("Niveaux", levels),
        ("Formats", formats),
        ("Durée", format_minutes(module.duration_minutes)),
        ("Partenaire" + ("s" if len(module.partner_ids) > 1 else ""), partners),
        ("Statut", module.status.label),
        ("Prochaine session", _next_session(module, today)),
    ]
    facts_html = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    link = url_from_page(f"modules/{module.id}.md")
    return (
        f'<li class="ads-carte ads-statut-{esc(module.status.slug)}" data-id="{esc(module.id)}">'
        f'<h2 class="ads-carte__titre"><a href="{esc(link)}">{esc(module.title)}</a></h2>'
        f'<p class="ads-carte__resume">{esc(module.summary)}</p>'
        f'<dl class="ads-carte__infos">{facts_html}</dl></li>'
    )


def _next_session(module: Module, today: dt.date) -> str:
    sessions = upcoming_sessions(module, today)
    if not sessions:
        return "à votre rythme, en ligne" if not module.sessions else "aucune session à venir"
    first = sessions[0]
    return f"{french_date(first.start)}, {first.city}"


def browse_html() -> str:
    links = "".join(f'<li><a href="{esc(url_from_page(page))}">{esc(text)}</a></li>' for page, text in BROWSE_LINKS)
    return (
        '<nav class="ads-parcourir" aria-labelledby="parcourir-titre">'
        '<h2 id="parcourir-titre">Parcourir le catalogue</h2>'
        f"<ul>{links}</ul></nav>"
    )


def search_form_html(catalogue: Catalogue, all_facets: list[Facet]) -> str:
    modules = list(catalogue.modules.values())
    fieldsets = "".join(facet_html(f, facet_counts(modules, f)) for f in all_facets)
    return (
        '<form id="filtres" class="ads-filtres" role="search" action="./" method="get" hidden>'
        '<div class="ads-recherche"><label for="q">Rechercher un sujet, une formation ou votre métier</label>'
        '<input type="search" id="q" name="q" autocomplete="off" spellcheck="false" '
        'placeholder="ex. données de santé, IA, visiteur médical"></div>'
        f'<div class="ads-facettes">{fieldsets}</div>'
        '<p class="ads-actions"><button type="button" id="tout-effacer" class="md-button">'
        "Effacer la recherche et les filtres</button></p></form>"
    )


def results_html(catalogue: Catalogue, today: dt.date) -> str:
    modules = sorted_modules(catalogue)
    cards = "".join(card_html(catalogue, m, today) for m in modules)
    return (
        '<ul id="filtres-actifs" class="ads-filtres-actifs" aria-label="Filtres actifs" hidden></ul>'
        '<p class="ads-nb" role="status" aria-live="polite" aria-atomic="true">'
        f'<span id="nb-resultats">{len(modules)}</span> <span id="nb-libelle">modules</span>'
        '<span id="nb-approche" hidden> (résultats approchants : aucun module ne contient tous les mots)</span></p>'
        '<section id="parcours-suggeres" class="ads-parcours-suggeres" '
        'aria-labelledby="parcours-suggeres-titre" hidden>'
        '<h2 id="parcours-suggeres-titre">Le parcours de votre métier</h2><ul></ul></section>'
        '<div id="aucun-resultat" class="ads-vide" hidden><p>Aucun module ne correspond à cette recherche.</p>'
        '<p><button type="button" id="retirer-dernier" class="md-button md-button--primary">'
        "Retirer le dernier filtre</button> "
        '<button type="button" id="vide-tout-effacer" class="md-button">Tout effacer</button></p></div>'
        f'<ol id="resultats" class="ads-resultats">{cards}</ol>'
        '<p class="ads-plus"><button type="button" id="plus-de-resultats" class="md-button" hidden>'
        "Afficher plus de modules</button></p>"
    )


def page_markdown(catalogue: Catalogue, paths: dict[str, LearningPath], today: dt.date) -> str:
    all_facets = facets(catalogue, paths, today)
    scripts = "\n".join(f'<script src="{esc(url_from_page(s))}"></script>' for s in SCRIPTS)
    front = {
        "title": "Catalogue des formations",
        "description": "Chercher et filtrer les modules de l'Académie du Digital en Santé.",
    }
    front_matter = "".join(f"{key}: {front_matter_value(value)}\n" for key, value in front.items())
    front_matter += 'hide: ["navigation", "toc"]\n'
    return (
        f"---\n{front_matter}---\n\n"
        '<p class="ads-intro">Cherchez un sujet ou votre métier, puis affinez par catégorie, domaine, niveau, '
        "format, durée, disponibilité, partenaire ou parcours.</p>\n\n"
        f'<div id="explorateur" class="ads-explorateur">{search_form_html(catalogue, all_facets)}'
        f"{results_html(catalogue, today)}{browse_html()}</div>\n\n"
        f'<script type="application/json" id="explorateur-donnees">{script_json(explorer_data(catalogue, all_facets))}'
        f"</script>\n{scripts}\n"
    )


def vendor_files(node_modules: Path = REPO / "node_modules") -> dict[str, bytes]:
    """Third-party JavaScript from the pinned npm packages (never committed)."""
    missing = [source for source in VENDOR_FILES.values() if not (node_modules / source).is_file()]
    if missing:
        raise FileNotFoundError(f"{node_modules}: {', '.join(missing)} introuvable(s) ; lancez « npm ci ».")
    return {target: (node_modules / source).read_bytes() for target, source in VENDOR_FILES.items()}


def explorer_files(site: Site) -> dict[str, str | bytes]:
    """The explorer page, the prebuilt search index and the vendor scripts, keyed by path under docs/."""
    files: dict[str, str | bytes] = {
        PAGE: page_markdown(site.catalogue, site.learning_paths, site.today),
        INDEX_FILE: search.search_json(site.catalogue),
    }
    files.update(vendor_files())
    return files
