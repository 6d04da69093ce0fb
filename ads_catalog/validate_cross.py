"""Validation, part 2: the rules that need more than one file (references, duplicate ids, the
file-name rule, job titles, prerequisite cycles) and those on values a schema cannot judge (dates
on the calendar, Markdown of descriptions, sessions against their levels)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ads_catalog.ids import ID_PATTERN, RESERVED_IDS, id_problem
from ads_catalog.load import JsonPath, LoadedFile, expand, get
from ads_catalog.problems import Problem
from ads_catalog.sanitize import MAX_NESTING, MarkdownTooDeepError, markdown_nesting, raw_markdown_html
from ads_catalog.text import FIRST_DAY, LAST_DAY, event_key, sort_key
from ads_catalog.validate_schema import suggest

ID_SOURCES: dict[str, tuple[str, JsonPath]] = {
    "categorie": ("taxonomie", ("categories", "*", "id")),
    "domaine": ("taxonomie", ("domaines", "*", "id")),
    "niveau": ("taxonomie", ("niveaux", "*", "id")),
    "format": ("taxonomie", ("formats", "*", "id")),
    "famille": ("taxonomie", ("familles", "*", "id")),
    "competence": ("competences", ("competences", "*", "id")),
    "partenaire": ("partenaires", ("partenaires", "*", "id")),
}
"""Where the ids of each kind are defined (file kind, place in the file); modules: their files."""

REFERENCES: dict[str, tuple[tuple[JsonPath, str], ...]] = {
    "taxonomie": ((("domaines", "*", "categorie"), "categorie"),),
    "competences": ((("competences", "*", "domaine"), "domaine"),),
    "partenaires": (),
    "persona": ((("metiers", "*", "famille"), "famille"), (("besoins", "*", "competence"), "competence")),
    "module": (
        (("domaine",), "domaine"),
        (("partenaires", "*"), "partenaire"),
        (("prerequis", "*"), "module"),
        (("niveaux", "*", "competences", "*", "competence"), "competence"),
    ),
}
"""Every reference between files, declared once: checked in every file, even one with other
problems (where the value is a well-formed id), so a partner sees them all in one run."""

_REFERENCE_NAMES = {
    "categorie": ("catégorie", True),
    "domaine": ("domaine", False),
    "famille": ("famille de métiers", True),
    "competence": ("compétence", True),
    "partenaire": ("partenaire", False),
    "module": ("module prérequis", False),
}


class CrossChecks:
    """Rules that need more than one file: references, ids, cycles, dates, job titles. ``files``
    are every loaded file; ``valid`` those that follow their schema; ``invalid`` where the others
    break it. The rules run on every persona and module file that could be read, even one with other
    problems (a partner sees them all in one run), reading only values the schema accepted (:meth:`_value`)."""

    def __init__(
        self,
        files: dict[str, list[LoadedFile]],
        valid: dict[str, list[LoadedFile]],
        module_ids: list[str],
        invalid: dict[Path, set[JsonPath]] | None = None,
    ) -> None:
        self.files = files
        self.invalid = invalid or {}
        self.taxonomy = valid["taxonomie"][0]
        self.competences = valid["competences"][0]
        self.partners = valid["partenaires"][0]
        self.personas = [loaded for loaded in files["persona"] if isinstance(loaded.data, dict)]
        self.modules = [loaded for loaded in files["module"] if isinstance(loaded.data, dict)]
        singles = {"taxonomie": self.taxonomy, "competences": self.competences, "partenaires": self.partners}
        self.ids = {kind: [get(singles[source].data, path) for path in expand(singles[source].data, pattern)]
                    for kind, (source, pattern) in ID_SOURCES.items()}  # fmt: skip
        self.ids["module"] = module_ids
        self.known = {kind: {v for v in ids if isinstance(v, str)} for kind, ids in self.ids.items()}  # O(1) lookups

    def _value(self, loaded: LoadedFile, path: JsonPath, kind: type = str) -> Any:
        """The value at ``path`` if it is there, of type ``kind``, and the schema found nothing
        wrong at or above it; else None (the schema's own message covers it)."""
        bad = self.invalid.get(loaded.path, ())
        if any(path[: len(invalid)] == invalid for invalid in bad):
            return None
        try:
            value = get(loaded.data, path)
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(value, bool) and kind is not bool:
            return None
        return value if isinstance(value, kind) else None

    def _items(self, loaded: LoadedFile, key: str) -> list[int]:
        """Indexes of the valid tables in the list ``key`` of a file."""
        items = self._value(loaded, (key,), list) or []
        return [index for index in range(len(items)) if self._value(loaded, (key, index), dict) is not None]

    def _texts(self, loaded: LoadedFile, key: str | JsonPath) -> list[tuple[int, str]]:
        at = (key,) if isinstance(key, str) else key
        items = self._value(loaded, at, list) or []
        found = ((index, self._value(loaded, (*at, index))) for index in range(len(items)))
        return [(index, text) for index, text in found if text is not None]

    def _ids(self, files: list[LoadedFile]) -> list[tuple[LoadedFile, JsonPath]]:
        return [(loaded, ("id",)) for loaded in files if self._value(loaded, ("id",)) is not None]

    def run(self) -> Iterator[Problem]:
        yield from self._references()
        yield from self._duplicate_ids()
        yield from self._file_names()
        yield from self._duplicate_needs()
        yield from self._job_titles_once()
        for loaded in self.modules:
            yield from self._module_rules(loaded)
        yield from self._prerequisite_cycles()

    def _references(self) -> Iterator[Problem]:
        for kind, loaded_files in self.files.items():
            for loaded in loaded_files:
                for pattern, target in REFERENCES[kind]:
                    for path in expand(loaded.data, pattern):
                        if ID_PATTERN.match(get(loaded.data, path)):
                            yield from self._reference(loaded, path, target)

    def _reference(self, loaded: LoadedFile, path: JsonPath, kind: str) -> Iterator[Problem]:
        value = get(loaded.data, path)
        known = self.ids[kind]
        if value not in self.known[kind]:
            what, feminine = _REFERENCE_NAMES[kind]
            hint = suggest(value, known)
            if not hint and len(set(known)) <= 12:
                hint = f" ; valeurs possibles : {', '.join(dict.fromkeys(known))}"
            yield loaded.problem(path, f"{what} « {value} » inconnu{'e' if feminine else ''}{hint}")

    def _duplicate_ids(self) -> Iterator[Problem]:
        groups: list[tuple[LoadedFile, str]] = [
            (self.taxonomy, "categories"),
            (self.taxonomy, "domaines"),
            (self.taxonomy, "niveaux"),
            (self.taxonomy, "formats"),
            (self.taxonomy, "familles"),
            (self.competences, "competences"),
            (self.partners, "partenaires"),
        ]
        for loaded, key in groups:
            places = [(loaded, (key, index, "id")) for index in range(len(loaded.data[key]))]
            yield from _duplicates(places, "identifiant")
            yield from _reserved(places)
        for files in (self.personas, self.modules):
            yield from _duplicates(self._ids(files), "identifiant")
            yield from _reserved(self._ids(files))

    def _file_names(self) -> Iterator[Problem]:
        for loaded in (*self.personas, *self.modules):
            expected, written = loaded.path.stem, self._value(loaded, ("id",))
            if written is not None and written != expected and ID_PATTERN.match(expected):  # else the name is reported
                message = f"« id » : « {written} » diffère du nom du fichier ; attendu « {expected} »"
                yield loaded.problem(("id",), message)

    def _duplicate_needs(self) -> Iterator[Problem]:
        for loaded in self.personas:
            seen: set[str] = set()
            for index in self._items(loaded, "besoins"):
                competence = self._value(loaded, ("besoins", index, "competence"))
                if competence is not None and competence in seen:
                    message = f"besoin en double pour la compétence « {competence} »"
                    yield loaded.problem(("besoins", index, "competence"), message)
                seen.add(competence)

    def _job_titles_once(self) -> Iterator[Problem]:
        first: dict[str, tuple[LoadedFile, int]] = {}
        for loaded in self.personas:
            for index in self._items(loaded, "metiers"):
                title = self._value(loaded, ("metiers", index, "titre"))
                if title is None:
                    continue
                key = " ".join(sort_key(title).split())
                if key in first:
                    other, other_index = first[key]
                    line = other.where(("metiers", other_index, "titre"))[0]
                    other_id = self._value(other, ("id",)) or other.path.stem
                    message = (
                        f"le métier « {title} » est déjà dans le parcours « {other_id} » "
                        f"({other.path.as_posix()}, ligne {line}) : un métier appartient à un seul parcours"
                    )
                    yield loaded.problem(("metiers", index, "titre"), message)
                else:
                    first[key] = (loaded, index)

    def _module_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        module_id = self._value(loaded, ("id",))
        for index, prerequisite in self._texts(loaded, "prerequis"):
            if prerequisite == module_id:
                yield loaded.problem(("prerequis", index), "un module ne peut pas être son propre prérequis")
        if self._value(loaded, ("derniere_revue",)) is not None:
            yield from _date_problems(loaded, ("derniere_revue",))
        if self._value(loaded, ("description",)) is not None:
            yield from _description_problems(loaded)
        yield from self._level_rules(loaded)
        yield from self._session_rules(loaded)

    def _level_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        ranks = {level: rank for rank, level in enumerate(self.ids["niveau"])}
        previous = -1
        for index in self._items(loaded, "niveaux"):
            at: JsonPath = ("niveaux", index)
            level_id = self._value(loaded, (*at, "niveau"))
            rank = ranks.get(level_id) if level_id is not None else None
            if rank is not None and rank <= previous:
                message = (
                    f"« niveau » : « {level_id} » en double ou hors ordre ; "
                    "rangez les niveaux du plus simple au plus avancé"
                )
                yield loaded.problem((*at, "niveau"), message)
            previous = max(previous, -1 if rank is None else rank)
            sitting = self._value(loaded, (*at, "seance_max_minutes"), int)
            total = self._value(loaded, (*at, "duree_minutes"), int)
            if sitting is not None and total is not None and sitting > total:
                message = f"« seance_max_minutes » : {sitting} dépasse la durée totale du niveau ({total} minutes)"
                yield loaded.problem((*at, "seance_max_minutes"), message)

    def _module_levels(self, loaded: LoadedFile) -> dict[str, list[str] | None] | None:
        """The module's levels and their formats (None where invalid); None if a level is unreadable."""
        levels: dict[str, list[str] | None] = {}
        if self._value(loaded, ("niveaux",), list) is None:
            return None
        for index in range(len(loaded.data["niveaux"])):
            level_id = self._value(loaded, ("niveaux", index, "niveau"))
            if level_id is None:
                return None
            formats = ("niveaux", index, "formats")
            valid = self._value(loaded, formats, list) is not None
            levels[level_id] = [text for _, text in self._texts(loaded, formats)] if valid else None
        return levels

    def _session_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        levels = self._module_levels(loaded)
        yield from self._same_sessions(loaded)
        for index in self._items(loaded, "sessions"):
            path: JsonPath = ("sessions", index)
            level_id, format_id = self._value(loaded, (*path, "niveau")), self._value(loaded, (*path, "format"))
            formats = levels.get(level_id) if levels is not None and level_id is not None else None
            if levels is not None and level_id is not None and level_id not in levels:
                message = (
                    f"« niveau » : la session est au niveau « {level_id} », que le module ne propose pas ; "
                    f"niveaux du module : {', '.join(levels)}"
                )
                yield loaded.problem((*path, "niveau"), message)
            elif formats is not None and format_id is not None and format_id not in formats:
                message = (
                    f"« format » : « {format_id} » n'est pas un format du niveau « {level_id} » "
                    f"(formats du niveau : {', '.join(formats)})"
                )
                yield loaded.problem((*path, "format"), message)
            yield from self._session_dates(loaded, path)

    def _session_dates(self, loaded: LoadedFile, path: JsonPath) -> Iterator[Problem]:
        keys = ("debut", "fin", "date_limite_inscription")
        dates = [self._value(loaded, (*path, key)) for key in keys]
        date_problems = [p for key, text in zip(keys, dates, strict=True) if text is not None
                         for p in _date_problems(loaded, (*path, key))]  # fmt: skip
        yield from date_problems
        if date_problems or None in dates:
            return
        start, end, deadline = (dt.date.fromisoformat(text) for text in dates)
        if end < start:
            message = f"« fin » : la session finit le {end}, avant de commencer (« debut » : {start})"
            yield loaded.problem((*path, "fin"), message)
        if deadline > start:
            message = (
                f"« date_limite_inscription » : {deadline} tombe après le début de la session (« debut » : {start})"
            )
            yield loaded.problem((*path, "date_limite_inscription"), message)

    def _same_sessions(self, loaded: LoadedFile) -> Iterator[Problem]:
        """Two sessions that a calendar could not tell apart (same level, format, first day and place,
        once case and accents are ignored) would share one event UID: one of them would vanish."""
        first: dict[str, int] = {}
        for index in self._items(loaded, "sessions"):
            parts = [self._value(loaded, ("sessions", index, key)) for key in ("niveau", "format", "debut", "ville")]
            if None in parts:
                continue
            key = event_key(*parts)
            if key in first:
                message = (
                    f"session en double : même niveau, format, date de début et ville que la session "
                    f"{first[key] + 1} ; fusionnez-les ou corrigez l'une d'elles"
                )
                yield loaded.problem(("sessions", index), message)
            first.setdefault(key, index)

    def _prerequisite_cycles(self) -> Iterator[Problem]:
        ids = {m.path: self._value(m, ("id",)) for m in self.modules}
        graph = {
            ids[m.path]: [p for _, p in self._texts(m, "prerequis") if p in self.known["module"] and p != ids[m.path]]
            for m in self.modules
            if ids[m.path] is not None
        }
        by_id = {ids[m.path]: m for m in self.modules if ids[m.path] is not None}
        reported: set[frozenset[str]] = set()
        for start in graph:
            cycle = _find_cycle(graph, start)
            if cycle and frozenset(cycle) not in reported and cycle[0] == min(cycle):
                reported.add(frozenset(cycle))
                loaded = by_id[cycle[0]]
                index = loaded.data["prerequis"].index(cycle[1] if len(cycle) > 1 else cycle[0])
                chain = " → ".join([*cycle, cycle[0]])
                yield loaded.problem(("prerequis", index), f"cycle de prérequis : {chain}")


def _find_cycle(graph: dict[str, list[str]], start: str) -> list[str] | None:
    """The cycle through ``start`` (as a list of ids starting there), if any."""
    stack = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for successor in graph.get(node, ()):
            if successor == start:
                return trail
            if successor not in visited:
                visited.add(successor)
                stack.append((successor, [*trail, successor]))
    return None


class _LinkTargets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in (("a", "href"), ("img", "src")):
                self.targets.append((tag, value or ""))


def _description_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """Nesting the renderer can take, then links: https and mailto only, no images. The renderer
    would drop the others silently; the partner is told instead."""
    text = loaded.data["description"]
    too_deep = markdown_nesting(text)
    if too_deep:
        depth, line = too_deep
        message = f"« description » : listes ou citations imbriquées sur {depth} niveaux ; {MAX_NESTING} au plus"
        yield Problem(loaded.path, *loaded.find(line.strip()[:40], ("description",)), message)
        return
    parser = _LinkTargets()
    try:
        parser.feed(raw_markdown_html(text))
    except MarkdownTooDeepError:
        yield loaded.problem(("description",), "« description » : mise en forme trop imbriquée pour être affichée")
        return
    for tag, target in parser.targets:
        where = loaded.find(target, ("description",)) if target else loaded.where(("description",))
        if tag == "img":
            message = f"« description » : image « {target} » refusée : les images ne sont pas acceptées"
        elif target.partition(":")[0].lower() in ("https", "mailto") and ":" in target:
            continue
        else:
            shown = target if len(target) <= 60 else target[:59] + "…"
            message = f"« description » : lien « {shown} » refusé : seuls les liens https:// et mailto: sont acceptés"
        yield Problem(loaded.path, *where, message)


def _duplicates(places: Iterable[tuple[LoadedFile, JsonPath]], what: str) -> Iterator[Problem]:
    """Ids equal once case and Unicode normalisation are ignored are duplicates."""
    first: dict[str, tuple[LoadedFile, JsonPath]] = {}
    for loaded, path in places:
        value = get(loaded.data, path)
        key = unicodedata.normalize("NFKC", str(value)).casefold()
        if key in first:
            other, other_path = first[key]
            line = other.where(other_path)[0]
            where = f"{other.path.as_posix()}, ligne {line}"
            yield loaded.problem(path, f"{what} « {value} » en double (déjà utilisé : {where})")
        else:
            first[key] = (loaded, path)


def _date_problems(loaded: LoadedFile, path: JsonPath) -> Iterator[Problem]:
    text = get(loaded.data, path)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        yield loaded.problem(path, f"« {path[-1]} » : « {text} » n'est pas une date du calendrier")
        return
    if not FIRST_DAY <= day <= LAST_DAY:
        message = f"« {path[-1]} » : {text} hors limites (entre {FIRST_DAY} et {LAST_DAY})"
        yield loaded.problem(path, message)


def _reserved(places: list[tuple[LoadedFile, JsonPath]]) -> Iterator[Problem]:
    for loaded, path in places:
        value = get(loaded.data, path)
        if value in RESERVED_IDS:
            yield loaded.problem(path, f"« id » : « {value} » {id_problem(value)}")
