"""Validation, part 2: the rules that need more than one file (references, duplicate ids, the
file-name rule, job titles, prerequisite cycles) and those on values a schema cannot judge (dates
on the calendar, Markdown of descriptions, sessions against their levels)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

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
    are every loaded file; ``valid`` those that follow their schema (the only ones whose shape
    the rules other than references may trust)."""

    def __init__(
        self, files: dict[str, list[LoadedFile]], valid: dict[str, list[LoadedFile]], module_ids: list[str]
    ) -> None:
        self.files = files
        self.taxonomy = valid["taxonomie"][0]
        self.competences = valid["competences"][0]
        self.partners = valid["partenaires"][0]
        self.personas = valid["persona"]
        self.modules = valid["module"]
        singles = {"taxonomie": self.taxonomy, "competences": self.competences, "partenaires": self.partners}
        self.ids = {kind: [get(singles[source].data, path) for path in expand(singles[source].data, pattern)]
                    for kind, (source, pattern) in ID_SOURCES.items()}  # fmt: skip
        self.ids["module"] = module_ids

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
        if value not in known:
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
            yield from _duplicates(((loaded, ("id",)) for loaded in files), "identifiant")
            yield from _reserved([(loaded, ("id",)) for loaded in files])

    def _file_names(self) -> Iterator[Problem]:
        for loaded in (*self.personas, *self.modules):
            expected = loaded.path.stem
            if loaded.data["id"] != expected and ID_PATTERN.match(expected):  # else the name itself is reported
                message = f"« id » : « {loaded.data['id']} » diffère du nom du fichier ; attendu « {expected} »"
                yield loaded.problem(("id",), message)

    def _duplicate_needs(self) -> Iterator[Problem]:
        for loaded in self.personas:
            seen: set[str] = set()
            for index, need in enumerate(loaded.data["besoins"]):
                if need["competence"] in seen:
                    message = f"besoin en double pour la compétence « {need['competence']} »"
                    yield loaded.problem(("besoins", index, "competence"), message)
                seen.add(need["competence"])

    def _job_titles_once(self) -> Iterator[Problem]:
        first: dict[str, tuple[LoadedFile, int]] = {}
        for loaded in self.personas:
            for index, job in enumerate(loaded.data["metiers"]):
                key = " ".join(sort_key(job["titre"]).split())
                if key in first:
                    other, other_index = first[key]
                    line = other.where(("metiers", other_index, "titre"))[0]
                    message = (
                        f"le métier « {job['titre']} » est déjà dans le persona « {other.data['id']} » "
                        f"({other.path.as_posix()}, ligne {line}) : un métier appartient à un seul persona"
                    )
                    yield loaded.problem(("metiers", index, "titre"), message)
                else:
                    first[key] = (loaded, index)

    def _module_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        data = loaded.data
        for index, prerequisite in enumerate(data.get("prerequis", ())):
            if prerequisite == data["id"]:
                yield loaded.problem(("prerequis", index), "un module ne peut pas être son propre prérequis")
        yield from _date_problems(loaded, ("derniere_revue",))
        yield from _description_problems(loaded)
        yield from self._level_rules(loaded)
        yield from self._session_rules(loaded)

    def _level_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        ranks = {level: rank for rank, level in enumerate(self.ids["niveau"])}
        previous = -1
        for index, level in enumerate(loaded.data["niveaux"]):
            rank = ranks[level["niveau"]]
            if rank <= previous:
                message = (
                    f"« niveau » : « {level['niveau']} » en double ou hors ordre ; "
                    "rangez les niveaux du plus simple au plus avancé"
                )
                yield loaded.problem(("niveaux", index, "niveau"), message)
            previous = max(previous, rank)
            sitting = level.get("seance_max_minutes")
            if sitting is not None and sitting > level["duree_minutes"]:
                total = level["duree_minutes"]
                message = f"« seance_max_minutes » : {sitting} dépasse la durée totale du niveau ({total} minutes)"
                yield loaded.problem(("niveaux", index, "seance_max_minutes"), message)

    def _session_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        levels = {level["niveau"]: level for level in loaded.data["niveaux"]}
        yield from _same_sessions(loaded)
        for index, session in enumerate(loaded.data.get("sessions", ())):
            path: JsonPath = ("sessions", index)
            level = levels.get(session["niveau"])
            if level is None:
                message = (
                    f"« niveau » : la session est au niveau « {session['niveau']} », que le module ne propose pas ; "
                    f"niveaux du module : {', '.join(levels)}"
                )
                yield loaded.problem((*path, "niveau"), message)
            elif session["format"] not in level["formats"]:
                message = (
                    f"« format » : « {session['format']} » n'est pas un format du niveau « {session['niveau']} » "
                    f"(formats du niveau : {', '.join(level['formats'])})"
                )
                yield loaded.problem((*path, "format"), message)
            keys = ("debut", "fin", "date_limite_inscription")
            dates = [get(loaded.data, (*path, key)) for key in keys]
            date_problems = [p for key in keys for p in _date_problems(loaded, (*path, key))]
            yield from date_problems
            if date_problems:
                continue
            start, end, deadline = (dt.date.fromisoformat(text) for text in dates)
            if end < start:
                message = f"« fin » : la session finit le {end}, avant de commencer (« debut » : {start})"
                yield loaded.problem((*path, "fin"), message)
            if deadline > start:
                message = (
                    f"« date_limite_inscription » : {deadline} tombe après le début de la session (« debut » : {start})"
                )
                yield loaded.problem((*path, "date_limite_inscription"), message)

    def _prerequisite_cycles(self) -> Iterator[Problem]:
        graph = {
            m.data["id"]: [p for p in m.data.get("prerequis", ()) if p in self.ids["module"] and p != m.data["id"]]
            for m in self.modules
        }
        by_id = {m.data["id"]: m for m in self.modules}
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


def _same_sessions(loaded: LoadedFile) -> Iterator[Problem]:
    """Two sessions that a calendar could not tell apart (same level, format, first day and place,
    once case and accents are ignored) would share one event UID: one of them would vanish."""
    first: dict[str, int] = {}
    for index, session in enumerate(loaded.data.get("sessions", ())):
        key = event_key(session["niveau"], session["format"], session["debut"], session["ville"])
        if key in first:
            message = (
                f"session en double : même niveau, format, date de début et ville que la session "
                f"{first[key] + 1} ; fusionnez-les ou corrigez l'une d'elles"
            )
            yield loaded.problem(("sessions", index), message)
        first.setdefault(key, index)
