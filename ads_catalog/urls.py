"""Stable URLs: the committed registry of every module and path URL the site has published.

The registry (``catalog/urls.yml``) keeps the short codes and first publication dates of the pages
published before short codes were derived, and every renamed or retired page: it changes only by a
deliberate, validated edit (``redirection: <new id>``; an archived module, still online, may name
``remplace_par: <module id>``), never by a build. A page it does not list gets a short code derived
from its id (:func:`derived_code`): adding a module touches no shared file, so two pull requests
made from the same ``main`` never claim the same code nor conflict. Two ids whose derived codes are
equal are refused (the newer one takes another id). The redirect pages and short links
(``/m/<code>/``, ``/p/<code>/``) made from it are rendered by :mod:`ads_catalog.render`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ads_catalog.ids import RESERVED_IDS, id_problem
from ads_catalog.intake import display_path
from ads_catalog.load import LoadedFile, load_file
from ads_catalog.model import Catalogue, Entry, Registry
from ads_catalog.problems import CatalogueError, Problem
from ads_catalog.site import SHORT_PREFIX, page_path
from ads_catalog.text import FIRST_DAY, LAST_DAY
from ads_catalog.validate_schema import schema_problems

REGISTRY_FILE = "urls.yml"
KINDS = ("modules", "parcours")
KIND_NAMES = {"modules": "le module", "parcours": "le parcours"}
CODE_FIRST, CODE_SPAN = 1_000_000, 9_000_000
"""Derived short codes have seven digits (1000000–9999999): short links stay short, the codes of the
registry's first pages (1, 2, 3…) are never met, and two ids rarely share a code (expected pairs:
n² / 18,000,000, i.e. 0.06 at 1,000 modules, 5.6 at 10,000; with five digits it was 5.6 at 1,000)."""

HEADER = """\
# yaml-language-server: $schema=../schemas/urls.schema.json
# Registre des adresses publiées du site : voir docs/donnees-ouvertes.md (« Des liens qui ne cassent pas »).
# La construction du site ne l'écrit jamais : un module ou parcours qui n'y figure pas a un code court
# déduit de son identifiant. Ne supprimez jamais une entrée. Pour un module ou un parcours renommé ou
# retiré, donnez à son ancien identifiant « redirection: <nouvel identifiant> » (s'il n'a pas encore
# d'entrée, « build_catalog.py --diff origin/main » affiche celle à ajouter) ; pour un module archivé
# qui a un successeur, « remplace_par: <identifiant du successeur> ». Un code court n'est jamais réutilisé.
"""


def initial_registry(catalogue: Catalogue, today: dt.date) -> Registry:
    """Every current page with its derived short code, as without a committed registry."""
    return _with_new_pages(Registry(), catalogue, today)


def updated_registry(
    catalog_dir: Path, catalogue: Catalogue, today: dt.date, files: dict[str, list[LoadedFile]] | None = None
) -> Registry:
    """The committed registry, checked, with every page it does not list added with its derived
    code, in memory only (the build never writes it). ``files`` locate a collision of derived codes."""
    return _with_new_pages(read_registry(catalog_dir, catalogue), catalogue, today, files)


def derived_code(item_id: str, taken: set[int]) -> int:
    """The short code of a page the registry does not list: a stable hash of its id into
    :data:`CODE_FIRST`…, moved to the next free code past the registry's own codes (``taken``).
    It depends only on the id and the committed registry, never on the other new ids."""
    digest = int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest()[:8], "big")
    code = CODE_FIRST + digest % CODE_SPAN
    while code in taken:
        code = CODE_FIRST + (code - CODE_FIRST + 1) % CODE_SPAN
    return code


def write_registry(catalog_dir: Path, registry: Registry) -> None:
    """Write ``catalog/urls.yml`` (a tool for a deliberate edit; the build never calls it)."""
    path = catalog_dir / REGISTRY_FILE
    text = dump_registry(registry)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def read_registry(catalog_dir: Path, catalogue: Catalogue) -> Registry:
    """The committed registry, checked against the catalogue; writes nothing (usable by ``--check``).

    Raises :class:`CatalogueError` when a published URL would no longer lead to a page, with French
    messages located in ``catalog/urls.yml``."""
    path = catalog_dir / REGISTRY_FILE
    if not os.path.lexists(path):
        return Registry()
    loaded, problems = load_file(path, display_path(path))
    if loaded is None:
        raise CatalogueError(problems)
    registry, problems = parse_registry(loaded)
    if not problems:
        problems = list(check_registry(registry, catalogue, loaded))
    if problems:
        raise CatalogueError(problems)
    return registry


def parse_registry(loaded: LoadedFile) -> tuple[Registry, list[Problem]]:
    """The registry's entries, or French problems for a file of the wrong shape: its JSON Schema
    (``schemas/urls.schema.json``) first, then the rules a schema cannot say. A registry key
    becomes a file path, so it is held to the id rule like any id."""
    problems = schema_problems("urls", loaded)
    if problems:
        return Registry(), problems
    sections: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        for key, value in (loaded.data.get(kind) or {}).items():
            entry, entry_problems = _parse_entry(loaded, kind, key, value)
            problems += entry_problems
            if entry:
                sections[kind][entry.id] = entry
    return Registry(sections["modules"], sections["parcours"]), problems


def _parse_entry(loaded: LoadedFile, kind: str, key: str, value: dict) -> tuple[Entry | None, list[Problem]]:
    where = (kind, key)
    if key in RESERVED_IDS:
        return None, [loaded.problem((*where, "#key"), f"entrée « {key} » : {id_problem(key)}")]
    published = _published(value["publie_le"])
    if published is None:
        message = f"« publie_le » : « {value['publie_le']} » n'est pas une date entre {FIRST_DAY} et {LAST_DAY}"
        return None, [loaded.problem((*where, "publie_le"), message)]
    return Entry(key, value["code"], published, value.get("redirection"), value.get("remplace_par")), []


def _published(value: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day and FIRST_DAY <= day <= LAST_DAY else None


def check_registry(registry: Registry, catalogue: Catalogue, loaded: LoadedFile) -> Iterator[Problem]:
    """Every URL published before must still lead to a page; codes are unique; targets exist."""
    current = {"modules": set(catalogue.modules), "parcours": set(catalogue.personas)}
    for kind in KINDS:
        section = registry.section(kind)
        new_ids = sorted(current[kind] - set(section))
        yield from _duplicate_codes(kind, section, loaded)
        for entry in section.values():
            yield from _entry_problems(kind, entry, registry, current[kind], new_ids, loaded)


def _duplicate_codes(kind: str, section: dict[str, Entry], loaded: LoadedFile) -> Iterator[Problem]:
    owner: dict[int, str] = {}
    for entry in section.values():
        if entry.code in owner:
            yield loaded.problem(
                (kind, entry.id, "code"), f"code court {entry.code} déjà attribué à « {owner[entry.code]} »"
            )
        owner.setdefault(entry.code, entry.id)


def _entry_problems(
    kind: str, entry: Entry, registry: Registry, current: set[str], new_ids: list[str], loaded: LoadedFile
) -> Iterator[Problem]:
    where = (kind, entry.id)
    url = "/" + page_path(kind, entry.id)
    if entry.redirect is None and entry.id not in current:
        yield loaded.problem(where, _missing_page_message(kind, entry, url, new_ids))
    if entry.redirect is not None:
        if entry.id in current:
            yield loaded.problem(
                (*where, "redirection"),
                f"{url} a une redirection alors que {KIND_NAMES[kind]} « {entry.id} » existe : retirez la redirection",
            )
        final = registry.final_id(kind, entry.id)
        if final not in current:
            yield loaded.problem(
                (*where, "redirection"),
                f"la redirection de {url} ne mène à aucune page existante "
                f"(« {final} » introuvable ou boucle de redirections)",
            )
    if entry.successor is not None and (kind != "modules" or entry.successor not in current):
        yield loaded.problem(
            (*where, "remplace_par"), f"remplace_par : « {entry.successor} » n'est pas un module existant"
        )


def _missing_page_message(kind: str, entry: Entry, url: str, new_ids: list[str]) -> str:
    example = (difflib.get_close_matches(entry.id, new_ids, n=1, cutoff=0) or ["<nouvel identifiant>"])[0]
    return (
        f"l'adresse {url} (lien court /{SHORT_PREFIX[kind]}/{entry.code}/) a déjà été publiée, mais {KIND_NAMES[kind]} "
        f"« {entry.id} » n'existe plus : pour que ce lien ne casse pas, ajoutez sous « {entry.id}: » dans "
        f"{REGISTRY_FILE} la ligne « redirection: {example} » (l'identifiant de la page qui le remplace)"
    )


def _with_new_pages(
    registry: Registry, catalogue: Catalogue, today: dt.date, files: dict[str, list[LoadedFile]] | None = None
) -> Registry:
    sections: dict[str, dict[str, Entry]] = {}
    problems: list[Problem] = []
    for kind, ids in (("modules", catalogue.modules), ("parcours", catalogue.personas)):
        section = dict(registry.section(kind))
        taken = {entry.code for entry in section.values()}
        owner: dict[int, str] = {}
        for item_id in ids:
            if item_id in section:
                continue
            code = derived_code(item_id, taken)
            if code in owner:
                problems.append(_collision(kind, item_id, owner[code], code, files))
            owner.setdefault(code, item_id)
            # First publication of a page the registry does not list: its module's last review
            # (the scaffold sets it to the day it is written), never later than the build date.
            module = catalogue.modules.get(item_id) if kind == "modules" else None
            section[item_id] = Entry(item_id, code, min(module.last_review, today) if module else today)
        sections[kind] = section
    if problems:
        raise CatalogueError(problems)
    return replace(registry, **sections)


def _collision(kind: str, item_id: str, other: str, code: int, files: dict[str, list[LoadedFile]] | None) -> Problem:
    owner = "du module" if kind == "modules" else "du parcours"
    message = (
        f"« id » : le lien court /{SHORT_PREFIX[kind]}/{code}/ déduit de « {item_id} » est déjà celui {owner} "
        f"« {other} » ; choisissez un autre identifiant pour « {item_id} » (renommez aussi le fichier)"
    )
    folder = "modules" if kind == "modules" else "personas"
    for loaded in (files or {}).get("module" if kind == "modules" else "persona", []):
        if isinstance(loaded.data, dict) and loaded.data.get("id") == item_id:
            return loaded.problem(("id",), message)
    return Problem(Path(folder) / f"{item_id}.yml", 1, 1, message)


def dump_registry(registry: Registry) -> str:
    lines = [HEADER.rstrip("\n")]
    for kind in KINDS:
        section = registry.section(kind)
        lines.append(f"{kind}:" + ("" if section else " {}"))
        for entry in section.values():
            lines += [f"  {entry.id}:", f"    code: {entry.code}", f"    publie_le: {entry.published.isoformat()}"]
            if entry.redirect:
                lines.append(f"    redirection: {entry.redirect}")
            if entry.successor:
                lines.append(f"    remplace_par: {entry.successor}")
    return "\n".join(lines) + "\n"
