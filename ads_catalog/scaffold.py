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
from ads_catalog.model import Status
from ads_catalog.problems import one_line
from ads_catalog.templating import render


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
    known = _known_ids(catalog_dir)
    target.write_text(module_template(module_id, today, known, _path_constraints(catalog_dir)), encoding="utf-8")
    return target


def _known_ids(catalog_dir: Path) -> dict[str, list[str]]:
    """Ids a module may refer to, read from the catalogue when its files can be read."""
    wanted = {
        "domaines": ("taxonomie.yml", "domaines"),
        "niveaux": ("taxonomie.yml", "niveaux"),
        "formats": ("taxonomie.yml", "formats"),
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


def _path_constraints(catalog_dir: Path) -> list[str]:
    """One comment line per learning path: its title, longest sitting and formats (what rules a
    module level out of it), read from the persona files that can be read."""
    lines = []
    for path in sorted((catalog_dir / "personas").glob("*.yml")):
        loaded = load_file(path)[0] if path.is_file() else None
        data = loaded.data if loaded and isinstance(loaded.data, dict) else {}
        limits = data.get("contraintes")
        title = data.get("titre")
        if not isinstance(limits, dict) or not isinstance(title, str):
            continue
        sitting, formats = limits.get("seance_max_minutes"), limits.get("formats")
        if isinstance(sitting, int) and isinstance(formats, list):
            shown = ", ".join(str(item) for item in formats)
            lines.append(f"#   « {one_line(title)} » : séances de {sitting} min au plus ; formats : {shown}")
    return lines


def _choices(ids: list[str], indent: str = "") -> str:
    """Comment lines listing the accepted ids, wrapped."""
    lines, line = [], "#  "
    for item in ids:
        if len(line) + len(item) > 96:
            lines.append(line)
            line = "#  "
        line += f" {item},"
    lines.append(line.rstrip(","))
    return "\n".join(indent + line for line in lines) if ids else f"{indent}#   (aucun pour l'instant)"


def module_template(module_id: str, today: dt.date, known: dict[str, list[str]], paths: list[str] | None = None) -> str:
    statuses = [status.value for status in Status]
    return render(
        "nouveau-module.yml.j2",
        module_id=module_id,
        today=today.isoformat(),
        known=known,
        choices=_choices,
        statuses=statuses,
        new_status=Status.SOON.value,
        paths=paths or [],
    )
