"""Command line of the generator (``scripts/build_catalog.py``): French messages, exit codes, no
tracebacks for problems in the catalogue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ads_catalog.build import OutputError, Project, SiteBuildError, build_date, build_site, generate, prepare
from ads_catalog.ids import UnsafePathError
from ads_catalog.problems import CatalogueError, Problem
from ads_catalog.review import RefError, diff_report
from ads_catalog.scaffold import ScaffoldError, new_module

_ARGPARSE_FRENCH = {
    "usage: ": "utilisation : ",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "unrecognized arguments: %s": "option(s) inconnue(s) : %s",
    "expected one argument": "une valeur est attendue après cette option",
    "argument %(argument_name)s: %(message)s": "option %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "ignored explicit argument %r": "valeur %r ignorée",
    "invalid choice: %(value)r (choose from %(choices)s)": "valeur %(value)r refusée (possibles : %(choices)s)",
}


def _french(text: str) -> str:
    """argparse's own words (usage, errors), translated: every message a partner sees is French."""
    return _ARGPARSE_FRENCH.get(text, text)


argparse._ = _french  # type: ignore[attr-defined]  # argparse looks its messages up through gettext's _


FORMATS = ("texte", "github")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build_catalog.py",
        description="Valide le catalogue (catalog/) et génère les pages du site ADS.",
    )
    add = p.add_argument
    add("--check", action="store_true", help="valider seulement : une ligne par problème, code 1 s'il y en a")
    add("--strict", action="store_true", help="échouer aussi sur les avertissements (revue ancienne, sessions…)")
    add("--format", choices=FORMATS, default="texte",
        help="texte (par défaut) ; github : chaque problème en annotation GitHub Actions, sur sa ligne")  # fmt: skip
    add(
        "--diff",
        metavar="REF",
        help="rapport Markdown de ce que le catalogue de travail change par rapport à REF (git)",
    )
    add("--new-module", metavar="IDENTIFIANT", help="créer catalog/modules/IDENTIFIANT.yml, un modèle commenté")
    add("--site", type=Path, metavar="DOSSIER", help="construire aussi le site complet dans DOSSIER")
    add("--catalogue", type=Path, default=Project.catalog_dir, metavar="DOSSIER", help="dossier du catalogue")
    add("--docs", type=Path, default=Project.docs_dir, metavar="DOSSIER", help="dossier des pages MkDocs")
    add("--config", type=Path, default=Project.config_file, metavar="FICHIER", help="configuration MkDocs")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project(args.catalogue, args.docs, args.config)
    if not project.catalog_dir.is_dir():
        print(
            f"{project.catalog_dir}: dossier du catalogue introuvable "
            "(lancez la commande depuis la racine du dépôt ou passez --catalogue)",
            file=sys.stderr,
        )
        return 2
    if args.new_module is not None:
        return _new_module(project.catalog_dir, args.new_module)
    if args.diff is not None:
        return _diff(args.diff, project.catalog_dir)
    try:
        return _run(args, project)
    except CatalogueError as error:
        _report(error.problems, args.format)
        count = len(error.problems)
        print(f"{_plural(count, 'problème')} : {'corrigez-le' if count == 1 else 'corrigez-les'} puis relancez.",
              file=sys.stderr)  # fmt: skip
        return 1
    except SiteBuildError as error:
        print(f"mkdocs build --strict a échoué ; le site précédent est inchangé.\n{error}", file=sys.stderr)
        return 1
    except (OutputError, UnsafePathError) as error:
        message = f"erreur interne du générateur, rien n'a été écrit : {error} (signalez-la à l'équipe ADS)"
        print(message, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, project: Project) -> int:
    prepared = prepare(project, build_date(), vendor=not args.check)  # all but MkDocs, in memory
    warnings, catalogue = prepared.warnings, prepared.catalogue
    _report(warnings, args.format)
    if warnings and args.strict:
        print(f"{_plural(len(warnings), 'avertissement')} et --strict : corrigez-les puis relancez.", file=sys.stderr)
        return 1
    if args.check:
        counts = (
            f"{len(catalogue.modules)} modules, {len(catalogue.personas)} parcours, {len(catalogue.job_titles)} métiers"
        )
        print(f"Catalogue valide : {counts}{_and_warnings(warnings)}.")
    elif args.site:
        build_site(project, args.site, prepared)
        print(f"Site construit dans {args.site}/{_and_warnings(warnings)}.")
    else:
        written = generate(project, prepared)
        print(f"Pages générées dans {project.docs_dir}/ ({_plural(written, 'fichier')} modifié(s)).")
    return 0


def _new_module(catalog_dir: Path, module_id: str) -> int:
    try:
        path = new_module(catalog_dir, module_id, build_date())
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Module créé : {path.as_posix()}")
    print("Complétez les champs vides (les commentaires vous guident), puis lancez :")
    print("  python scripts/build_catalog.py --check")
    return 0


def _diff(ref: str, catalog_dir: Path) -> int:
    try:
        code, markdown = diff_report(ref, catalog_dir, build_date())
    except RefError as error:
        print(error, file=sys.stderr)
        return 2
    print(markdown, end="")
    return code


def _report(problems: list[Problem], output: str = "texte") -> None:
    """One line per problem on standard error; ``github``: annotations on standard output, where
    the Actions runner reads workflow commands."""
    for problem in problems:
        if output == "github":
            print(problem.github())
        else:
            print(problem, file=sys.stderr)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _and_warnings(warnings: list[Problem]) -> str:
    return f" ({_plural(len(warnings), 'avertissement')} ci-dessus)" if warnings else ""
