"""Command line of the generator (``scripts/build_catalog.py``): French messages, exit codes, no
tracebacks for problems in the catalogue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ads_catalog.build import Project, SiteBuildError, build_date, build_site, generate
from ads_catalog.problems import CatalogueError
from ads_catalog.validate import load_catalogue


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build_catalog.py",
        description="Valide le catalogue (catalog/) et génère les pages du site ADS.",
    )
    p.add_argument("--check", action="store_true", help="valider seulement : une ligne par problème, code 1 s'il y en a")
    p.add_argument("--site", type=Path, metavar="DOSSIER", help="construire aussi le site complet dans DOSSIER (mkdocs build --strict)")
    p.add_argument("--catalogue", type=Path, default=Project.catalog_dir, metavar="DOSSIER", help="dossier du catalogue (défaut : catalog)")
    p.add_argument("--docs", type=Path, default=Project.docs_dir, metavar="DOSSIER", help="dossier des pages MkDocs (défaut : docs)")
    p.add_argument("--config", type=Path, default=Project.config_file, metavar="FICHIER", help="configuration MkDocs (défaut : mkdocs.yml)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project(args.catalogue, args.docs, args.config)
    if not project.catalog_dir.is_dir():
        print(f"{project.catalog_dir}: dossier du catalogue introuvable (lancez la commande depuis la racine du dépôt ou passez --catalogue)", file=sys.stderr)
        return 2
    try:
        if args.check:
            catalogue = load_catalogue(project.catalog_dir)
            print(f"Catalogue valide : {len(catalogue.modules)} modules, {len(catalogue.personas)} personas, {len(catalogue.job_titles)} métiers.")
        elif args.site:
            build_site(project, args.site, build_date())
            print(f"Site construit dans {args.site}/")
        else:
            _, _, written = generate(project, build_date())
            print(f"Pages générées dans {project.docs_dir}/ ({written} fichier(s) modifié(s)).")
    except CatalogueError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problème(s) : corrigez-les puis relancez.", file=sys.stderr)
        return 1
    except SiteBuildError as error:
        print(f"mkdocs build --strict a échoué ; le site précédent est inchangé.\n{error}", file=sys.stderr)
        return 1
    return 0
