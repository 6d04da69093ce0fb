"""Identifiers and the output paths made from them.

Every id of the catalogue and every key of the URL registry follows :data:`ID_PATTERN`, avoids the
names the site keeps for itself, and becomes part of a file name only through :func:`confined`,
which the writer and ``--check`` apply to every generated path: no partner text can make the build
write outside ``docs/`` or over a page of the generator.
"""

from __future__ import annotations

import posixpath
import re

ID_RULE = "^[a-z0-9]+(-[a-z0-9]+)*$"
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
MAX_ID_LENGTH = 60

RESERVED_IDS = frozenset(
    {
        # pages and files at the root of every generated folder, and the site's own pages
        "index", "404", "sitemap", "robots", "search", "a-propos", "accessibilite", "contribuer",
        "donnees-ouvertes",
        # generated folders (render.GENERATED_DIRS) and the short-link prefixes
        "modules", "parcours", "metiers", "competences", "categories", "domaines", "niveaux", "formats",
        "partenaires", "catalogue", "donnees", "assets", "m", "p", "nouveautes", "integrer", "calendrier", "schemas",
        "ma-selection", "fragments",
        # the pages after the first of a listing: /modules/page/2/, /domaines/<id>/page/2/
        "page",
    }
)  # fmt: skip
"""Names that already denote a page or folder of the site: an id equal to one would replace it
(``modules/index.md`` is the list of modules) or be confused with it in a URL."""

_SAFE_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*\Z")


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (in French), or ``None``."""
    if not ID_PATTERN.match(value) or len(value) > MAX_ID_LENGTH:
        return (
            f"n'est pas un identifiant valide (lettres minuscules sans accent, chiffres et tirets, "
            f"{MAX_ID_LENGTH} caractères au plus)"
        )
    if value in RESERVED_IDS:
        return (
            "est réservé par le site (une page ou un dossier porte déjà ce nom) : "
            f"choisissez-en un autre, par exemple « {value}-1 »"
        )
    return None


class UnsafePathError(ValueError):
    """A generated path that would leave its folder: a bug or an unchecked input, never written."""


def confined(doc_path: str) -> str:
    """``doc_path`` itself when it is a relative path below the output folder made of plain names
    (no ``..``, no absolute path, no hidden or odd file name); raises :class:`UnsafePathError` otherwise."""
    parts = doc_path.split("/")
    if not all(_SAFE_PART.match(part) for part in parts):
        raise UnsafePathError(f"chemin de sortie refusé : {doc_path!r}")
    return doc_path


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` without its two ``abspath`` (each asks the OS for the working directory:
    most of the cost of 40,000 links at 1,000 modules); same result for relative paths."""
    parts, base = path.split("/"), start.split("/")
    if not path or path.startswith("/") or start.startswith("/") or ".." in parts or ".." in base:
        return posixpath.relpath(path, start)
    parts, base = [p for p in parts if p not in ("", ".")], [p for p in base if p not in ("", ".")]
    common = 0
    while common < len(parts) and common < len(base) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
