"""Every kind of page of the built site, with one real example of each detail page.

Shared by the accessibility and privacy tests. Ids come from the real catalogue (``catalog/``),
which is what the ``built_site`` fixture builds.
"""

from __future__ import annotations

import yaml

from tests.support import CATALOG

FACETS = ("categories", "domaines", "niveaux", "formats", "partenaires")


def _first_id(kind: str) -> str:
    if kind == "partenaires":
        data = yaml.safe_load((CATALOG / "partenaires.yml").read_text(encoding="utf-8"))
        return data["partenaires"][0]["id"]
    taxonomy = yaml.safe_load((CATALOG / "taxonomie.yml").read_text(encoding="utf-8"))
    return taxonomy[kind][0]["id"]


def _first_file(folder: str) -> str:
    return sorted((CATALOG / folder).glob("*.yml"))[0].stem


def page_types() -> dict[str, str]:
    """``{name: path relative to the site root}`` for every page type."""
    pages = {
        "accueil": "",
        "explorateur": "catalogue/",
        "modules": "modules/",
        "module": f"modules/{_first_file('modules')}/",
        "parcours": "parcours/",
        "parcours-detail": f"parcours/{_first_file('personas')}/",
        "metiers": "metiers/",
        "competences": "competences/",
    }
    for kind in FACETS:
        pages[kind] = f"{kind}/"
        pages[f"{kind}-detail"] = f"{kind}/{_first_id(kind)}/"
    pages.update({"a-propos": "a-propos/", "contribuer": "contribuer/", "accessibilite": "accessibilite/"})
    pages.update({"donnees-ouvertes": "donnees-ouvertes/", "nouveautes": "nouveautes/"})
    pages["ma-selection"] = "ma-selection/"
    pages["integration"] = f"integrer/parcours/{_first_file('personas')}.html"
    return pages


PAGES = page_types()
