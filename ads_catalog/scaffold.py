"""``--new-module <id>``: write a commented module file for a partner to fill in.

The placeholders are left empty on purpose: until they are filled, ``--check`` names each of them
(« « titre » est vide… »), and the comments list the ids that the catalogue accepts.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ads_catalog.ids import id_problem
from ads_catalog.load import load_file


class ScaffoldError(Exception):
    """The module file cannot be written; the message says why, in French."""


def new_module(catalog_dir: Path, module_id: str, today: dt.date) -> Path:
    """Write ``modules/<module_id>.yml`` below ``catalog_dir`` and return its path."""
    problem = id_problem(module_id)
    if problem:
        raise ScaffoldError(f"identifiant de module « {module_id} » : {problem} ; par exemple ia-generative-sante")
    target = catalog_dir / "modules" / f"{module_id}.yml"
    if os.path.lexists(target):
        raise ScaffoldError(f"{target.as_posix()} existe déjà : modifiez ce fichier ou choisissez un autre identifiant")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(module_template(module_id, today, _known_ids(catalog_dir)), encoding="utf-8")
    return target


def _known_ids(catalog_dir: Path) -> dict[str, list[str]]:
    """Ids a module may refer to, read from the catalogue when its files can be read."""
    wanted = {
        "domaines": ("taxonomie.yml", "domaines"),
        "partenaires": ("partenaires.yml", "partenaires"),
        "competences": ("competences.yml", "competences"),
    }
    known: dict[str, list[str]] = {}
    for name, (file_name, key) in wanted.items():
        path = catalog_dir / file_name
        loaded = load_file(path)[0] if path.is_file() else None
        items = loaded.data.get(key) if loaded and isinstance(loaded.data, dict) else None
        known[name] = [item["id"] for item in items or [] if isinstance(item, dict) and isinstance(item.get("id"), str)]
    known["modules"] = sorted(path.stem for path in (catalog_dir / "modules").glob("*.yml"))
    return known


def _choices(ids: list[str]) -> str:
    """Comment lines listing the accepted ids, wrapped."""
    lines, line = [], "#  "
    for item in ids:
        if len(line) + len(item) > 96:
            lines.append(line)
            line = "#  "
        line += f" {item},"
    lines.append(line.rstrip(","))
    return "\n".join(lines) if ids else "#   (aucun pour l'instant)"


def _example(ids: list[str], fallback: str) -> str:
    return ids[0] if ids else fallback


def module_template(module_id: str, today: dt.date, known: dict[str, list[str]]) -> str:
    return f"""\
# yaml-language-server: $schema=../../schemas/module.schema.json
# Nouveau module du catalogue de l'Académie du Digital en Santé.
# Complétez chaque champ laissé vide, puis vérifiez avec :
#   python scripts/build_catalog.py --check
# Les lignes qui commencent par « # » sont des commentaires : vous pouvez les garder ou les effacer.
# Mettez un texte entre guillemets s'il contient « : » ou commence par un caractère spécial.

# Identifiant du module : le nom du fichier, sans « .yml ». Ne le changez pas.
id: {module_id}

# Titre du module (160 caractères au plus).
titre:

# Une phrase de présentation (200 caractères au plus), affichée sur les listes de modules.
resume:

# Présentation du module en Markdown simple (paragraphes, listes, **gras**, *italique*).
# Liens acceptés : https:// et mailto: uniquement ; pas d'images. Gardez le « | » et l'indentation.
description: |

# Domaine du module, parmi :
{_choices(known["domaines"])}
domaine:

# Partenaires qui délivrent le module, entre crochets, par exemple [{_example(known["partenaires"], "ecole-a")}] :
{_choices(known["partenaires"])}
partenaires: []

# Langue : fr ou en.
langue: fr

# Statut : disponible, bientôt ou archivé.
statut: bientôt

# Date de la dernière revue du contenu (AAAA-MM-JJ).
derniere_revue: {today.isoformat()}

# Lien d'inscription, en https://.
inscription:

# Modules à suivre avant celui-ci (facultatif), par exemple [{_example(known["modules"], "rgpd")}], parmi :
{_choices(known["modules"])}
prerequis: []

# Mots-clés, sigles et synonymes pour la recherche (facultatif), par exemple [IA, intelligence artificielle].
mots_cles: []

# Déclinaisons du module par niveau, du plus simple au plus avancé
# (acculturation, fondamentaux, approfondissement, expert). Copiez le bloc « - niveau: … »
# pour ajouter un niveau.
niveaux:
  - niveau:
    # Objectifs pédagogiques, un par ligne, commençant par un verbe.
    objectifs:
      -
    # Durée totale en minutes (par exemple 90 pour 1 h 30).
    duree_minutes:
    # Formats parmi e-learning, classe-virtuelle, presentiel, mixte, par exemple [e-learning].
    formats: []
    # Compétences développées et niveau atteint. Compétences possibles :
{_choices(known["competences"]).replace("#", "    #")}
    competences:
      - competence:
        niveau:

# Sessions datées (présentiel, classe virtuelle) : facultatif. Retirez le « # » des lignes
# ci-dessous pour en décrire une, et copiez le bloc pour en ajouter d'autres.
# sessions:
#   - niveau: fondamentaux
#     format: presentiel
#     ville: Paris
#     debut: 2027-03-15
#     fin: 2027-03-16
#     places: 12
#     date_limite_inscription: 2027-03-01
"""
