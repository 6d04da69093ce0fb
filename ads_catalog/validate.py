"""Stage 2: validation, orchestrated here in three parts — each file against its JSON Schema
(:mod:`~ads_catalog.validate_schema`), the rules across files (:mod:`~ads_catalog.validate_cross`),
then, once the learning paths are computed, the warnings (:mod:`~ads_catalog.validate_warnings`) —
and the typed :class:`~ads_catalog.model.Catalogue` built from what passed.

Every problem is collected, located (``path:line:column``) and worded in French for partners;
nothing here raises on bad input except :class:`~ads_catalog.problems.CatalogueError` at the end.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ads_catalog import mapping
from ads_catalog.file_checks import checked_files
from ads_catalog.ids import ID_PATTERN
from ads_catalog.intake import catalogue_files, display_path
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.load import LoadedFile
from ads_catalog.model import Catalogue
from ads_catalog.problems import CatalogueError, Problem
from ads_catalog.sanitize import remembered_renders
from ads_catalog.validate_cross import CrossChecks
from ads_catalog.validate_schema import invalid_paths
from ads_catalog.validate_warnings import catalogue_warnings

SINGLE_FILES = ("taxonomie", "competences", "partenaires")
REQUIRED_FILES = {"taxonomie": "taxonomie.yml", "competences": "competences.yml", "partenaires": "partenaires.yml"}


@dataclass(frozen=True)
class Validated:
    """The catalogue, and the files it was read from (for locating warnings)."""

    catalogue: Catalogue
    files: dict[str, list[LoadedFile]]


def load_catalogue(root: Path) -> Catalogue:
    """Load, check and build the catalogue below ``root``, or raise with every problem found."""
    return validated(root).catalogue


def check_catalogue(root: Path, today: dt.date) -> tuple[Catalogue, list[Problem]]:
    """Like :func:`load_catalogue`, and also return the warnings (sorted): things to fix that
    do not break the site. (A build computes its learning paths once: see ``build.prepare``.)"""
    checked = validated(root)
    return checked.catalogue, catalogue_warnings(checked.files, compute_learning_paths(checked.catalogue), today)


def validated(root: Path, memo_folder: Path | None = None) -> Validated:
    """The catalogue below ``root`` checked; ``memo_folder``: where each file's own checks are
    remembered (:mod:`ads_catalog.file_checks`; None: every file is parsed and checked)."""
    checked = checked_files(root, memo_folder)
    files, valid = checked.files, checked.valid
    problems = checked.problems + _missing_files(root, files)
    if all(len(valid[kind]) == 1 and len(files[kind]) == 1 for kind in SINGLE_FILES):
        passed = {id(loaded) for kind in ("persona", "module") for loaded in valid[kind]}  # (a list: N²)
        invalid = {
            loaded.path: invalid_paths(kind, loaded.data)
            for kind in ("persona", "module")
            for loaded in files[kind]
            if id(loaded) not in passed
        }
        with remembered_renders(memo_folder):  # the cross-file rules render every description
            problems += CrossChecks(files, valid, _module_ids(root, files), invalid).run()
    if problems:
        raise CatalogueError(problems)
    catalogue = mapping.catalogue(
        taxonomy=files["taxonomie"][0].data,
        competences=files["competences"][0].data["competences"],
        partners=files["partenaires"][0].data["partenaires"],
        personas=[loaded.data for loaded in files["persona"]],
        modules=[loaded.data for loaded in files["module"]],
    )
    return Validated(catalogue, files)


def _module_ids(root: Path, files: dict[str, list[LoadedFile]]) -> list[str]:
    """Module ids as written, even in files with other problems, and the names of files that could
    not be read: references to them are not reported as unknown on top of their own problems."""
    written = [
        m.data.get("id") for m in files["module"] if isinstance(m.data, dict) and isinstance(m.data.get("id"), str)
    ]
    named = [path.stem for kind, path in catalogue_files(root) if kind == "module"]
    return [name for name in dict.fromkeys([*written, *named]) if ID_PATTERN.match(name)]


def _missing_files(root: Path, files: dict[str, list[LoadedFile]]) -> list[Problem]:
    return [
        Problem(display_path(root / name), 1, 1, f"fichier obligatoire absent : {name}")
        for kind, name in REQUIRED_FILES.items()
        if not files[kind] and not os.path.lexists(root / name)
    ]
