"""Stage 2: check the loaded files (JSON Schema per file kind, then cross-file rules) and build
the typed :class:`~ads_catalog.model.Catalogue`.

Every problem is collected, located (``path:line:column``) and worded in French for partners;
nothing here raises on bad input except :class:`~ads_catalog.problems.CatalogueError` at the end.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from ads_catalog import mapping
from ads_catalog.load import JsonPath, LoadedFile, load_tree
from ads_catalog.model import Catalogue
from ads_catalog.problems import CatalogueError, Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SINGLE_FILES = ("taxonomie", "competences", "partenaires")
REQUIRED_FILES = {"taxonomie": "taxonomie.yml", "competences": "competences.yml", "partenaires": "partenaires.yml"}


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def load_catalogue(root: Path) -> Catalogue:
    """Load, check and build the catalogue below ``root``, or raise with every problem found."""
    files, problems = load_tree(root)
    problems += _missing_files(root, files)
    for kind, loaded_files in files.items():
        for loaded in loaded_files:
            problems += schema_problems(kind, loaded)
    if problems:
        raise CatalogueError(problems)
    problems = list(CrossChecks(files).run())
    if problems:
        raise CatalogueError(problems)
    return mapping.catalogue(
        taxonomy=files["taxonomie"][0].data,
        competences=files["competences"][0].data["competences"],
        partners=files["partenaires"][0].data["partenaires"],
        personas=[loaded.data for loaded in files["persona"]],
        modules=[loaded.data for loaded in files["module"]],
    )


def _missing_files(root: Path, files: dict[str, list[LoadedFile]]) -> list[Problem]:
    return [
        Problem(root / name, 1, 1, f"fichier obligatoire absent : {name}")
        for kind, name in REQUIRED_FILES.items()
        if not files[kind] and not (root / name).exists()
    ]


# --- JSON Schema, in French -------------------------------------------------------------------


def schema_problems(kind: str, loaded: LoadedFile) -> list[Problem]:
    validator = jsonschema.Draft7Validator(schema(kind))
    errors = sorted(validator.iter_errors(loaded.data), key=lambda e: loaded.where(tuple(e.absolute_path)))
    return [problem for error in errors for problem in _french(error, loaded)]


def _french(error: jsonschema.ValidationError, loaded: LoadedFile) -> Iterator[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    field = _field_name(path)
    value = error.instance
    match error.validator:
        case "required":
            missing = error.message.split("'")[1]
            yield loaded.problem(path, f"champ obligatoire « {missing} » manquant{_in(field)}")
        case "additionalProperties":
            known = list(error.schema.get("properties", {}))
            for key in sorted(set(value) - set(known)):
                message = f"clé inconnue « {key} »{_in(field)}{suggest(key, known)}"
                yield loaded.problem((*path, key, "#key"), message)
        case "type":
            expected = _TYPE_NAMES.get(error.validator_value, error.validator_value)
            yield loaded.problem(path, f"« {field} » : {_show(value)} n'est pas {expected}")
        case "enum":
            choices = [str(choice) for choice in error.validator_value]
            message = f"« {field} » : valeur {_show(value)} inconnue ; valeurs possibles : {', '.join(choices)}"
            yield loaded.problem(path, message + suggest(str(value), choices))
        case "pattern":
            yield loaded.problem(path, f"« {field} » : {_show(value)} {_PATTERN_MESSAGES[error.validator_value]}")
        case "minLength":
            yield loaded.problem(path, f"« {field} » est vide : écrivez un texte")
        case "maxLength":
            limit = error.validator_value
            yield loaded.problem(path, f"« {field} » : texte trop long ({len(value)} caractères, {limit} au plus)")
        case "minItems":
            yield loaded.problem(path, f"« {field} » : il faut au moins {error.validator_value} élément(s)")
        case "maxItems":
            yield loaded.problem(path, f"« {field} » : {error.validator_value} éléments au plus ({len(value)} donnés)")
        case "uniqueItems":
            yield loaded.problem(path, f"« {field} » : la liste contient des doublons")
        case "minimum" | "maximum":
            word = "au moins" if error.validator == "minimum" else "au plus"
            yield loaded.problem(path, f"« {field} » : {value} hors limites ({word} {error.validator_value})")
        case _:
            yield loaded.problem(path, f"« {field} » : valeur {_show(value)} refusée ({error.validator})")


_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "boolean": "un booléen (true ou false)",
    "array": "une liste",
    "object": "une table de clés",
}
_PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "n'est pas un identifiant valide (lettres minuscules sans accent, chiffres et tirets)",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "n'est pas une date au format AAAA-MM-JJ",
    "^https://": "n'est pas un lien accepté : seuls les liens https:// le sont",
    "^[A-N][0-9]{4}$": "n'est pas un code ROME (une lettre et quatre chiffres, ex. H1206)",
    "^MET\\.[0-9]+$": "n'est pas un identifiant Onisep (ex. MET.418)",
}


def _field_name(path: JsonPath) -> str:
    keys = [part for part in path if isinstance(part, str)]
    return keys[-1] if keys else "racine"


def _in(field: str) -> str:
    return "" if field == "racine" else f" dans « {field} »"


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"« {shown} »"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "une valeur vide"
    if isinstance(value, (dict, list)):
        return "une table" if isinstance(value, dict) else "une liste"
    return str(value)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A French « vouliez-vous dire » hint naming the closest known choice, if one is close."""
    folded = {_fold(choice): choice for choice in choices}
    close = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {folded[close[0]]} » ?" if close else ""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- Cross-file rules ---------------------------------------------------------------------------


class CrossChecks:
    """Rules that need more than one file: references, ids, cycles, dates, job titles."""

    def __init__(self, files: dict[str, list[LoadedFile]]) -> None:
        self.taxonomy = files["taxonomie"][0]
        self.competences = files["competences"][0]
        self.partners = files["partenaires"][0]
        self.personas = files["persona"]
        self.modules = files["module"]
        tax = self.taxonomy.data
        self.ids = {
            "categorie": [c["id"] for c in tax["categories"]],
            "domaine": [d["id"] for d in tax["domaines"]],
            "niveau": [lvl["id"] for lvl in tax["niveaux"]],
            "format": [f["id"] for f in tax["formats"]],
            "famille": [f["id"] for f in tax["familles"]],
            "competence": [c["id"] for c in self.competences.data["competences"]],
            "partenaire": [p["id"] for p in self.partners.data["partenaires"]],
            "module": [m.data["id"] for m in self.modules],
        }

    def run(self) -> Iterator[Problem]:
        yield from self._duplicate_ids()
        yield from self._file_names()
        yield from self._taxonomy_references()
        yield from self._persona_rules()
        yield from self._job_titles_once()
        for loaded in self.modules:
            yield from self._module_rules(loaded)
        yield from self._prerequisite_cycles()

    def _reference(self, loaded: LoadedFile, path: JsonPath, kind: str, what: str) -> Iterator[Problem]:
        value = _get(loaded.data, path)
        if value not in self.ids[kind]:
            message = f"{what} « {value} » inconnu(e){suggest(value, self.ids[kind])}"
            yield loaded.problem(path, message)

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
            yield from _duplicates(((loaded, (key, index, "id")) for index in range(len(loaded.data[key]))), "identifiant")
        for files in (self.personas, self.modules):
            yield from _duplicates(((loaded, ("id",)) for loaded in files), "identifiant")

    def _file_names(self) -> Iterator[Problem]:
        for loaded in (*self.personas, *self.modules):
            expected = loaded.path.stem
            if loaded.data["id"] != expected:
                message = f"« id » : « {loaded.data['id']} » diffère du nom du fichier ; attendu « {expected} »"
                yield loaded.problem(("id",), message)

    def _taxonomy_references(self) -> Iterator[Problem]:
        for index in range(len(self.taxonomy.data["domaines"])):
            yield from self._reference(self.taxonomy, ("domaines", index, "categorie"), "categorie", "catégorie")
        for index in range(len(self.competences.data["competences"])):
            yield from self._reference(self.competences, ("competences", index, "domaine"), "domaine", "domaine")
        levels = self.ids["niveau"]
        expected_order = ["acculturation", "fondamentaux", "approfondissement", "expert"]
        if levels != expected_order:
            message = f"« niveaux » : ordre attendu {', '.join(expected_order)}"
            yield self.taxonomy.problem(("niveaux",), message)

    def _persona_rules(self) -> Iterator[Problem]:
        for loaded in self.personas:
            for index in range(len(loaded.data["metiers"])):
                yield from self._reference(loaded, ("metiers", index, "famille"), "famille", "famille de métiers")
            for index in range(len(loaded.data["besoins"])):
                yield from self._reference(loaded, ("besoins", index, "competence"), "competence", "compétence")
            seen: dict[str, int] = {}
            for index, need in enumerate(loaded.data["besoins"]):
                if need["competence"] in seen:
                    message = f"besoin en double pour la compétence « {need['competence']} »"
                    yield loaded.problem(("besoins", index, "competence"), message)
                seen[need["competence"]] = index

    def _job_titles_once(self) -> Iterator[Problem]:
        first: dict[str, tuple[LoadedFile, int]] = {}
        for loaded in self.personas:
            for index, job in enumerate(loaded.data["metiers"]):
                key = " ".join(_fold(job["titre"]).split())
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
        yield from self._reference(loaded, ("domaine",), "domaine", "domaine")
        for index in range(len(data["partenaires"])):
            yield from self._reference(loaded, ("partenaires", index), "partenaire", "partenaire")
        for index, prerequisite in enumerate(data.get("prerequis", ())):
            if prerequisite == data["id"]:
                yield loaded.problem(("prerequis", index), "un module ne peut pas être son propre prérequis")
            else:
                yield from self._reference(loaded, ("prerequis", index), "module", "module prérequis")
        yield from _date_problems(loaded, ("derniere_revue",))
        yield from self._level_rules(loaded)
        yield from self._session_rules(loaded)

    def _level_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        ranks = {level: rank for rank, level in enumerate(self.ids["niveau"])}
        previous = -1
        for index, level in enumerate(loaded.data["niveaux"]):
            rank = ranks[level["niveau"]]
            if rank <= previous:
                message = f"« niveau » : « {level['niveau']} » en double ou hors ordre ; rangez les niveaux du plus simple au plus avancé"
                yield loaded.problem(("niveaux", index, "niveau"), message)
            previous = max(previous, rank)
            sitting = level.get("seance_max_minutes")
            if sitting is not None and sitting > level["duree_minutes"]:
                message = f"« seance_max_minutes » : {sitting} dépasse la durée totale ({level['duree_minutes']} minutes)"
                yield loaded.problem(("niveaux", index, "seance_max_minutes"), message)
            for gain_index in range(len(level["competences"])):
                path = ("niveaux", index, "competences", gain_index, "competence")
                yield from self._reference(loaded, path, "competence", "compétence")

    def _session_rules(self, loaded: LoadedFile) -> Iterator[Problem]:
        levels = {level["niveau"]: level for level in loaded.data["niveaux"]}
        for index, session in enumerate(loaded.data.get("sessions", ())):
            path: JsonPath = ("sessions", index)
            level = levels.get(session["niveau"])
            if level is None:
                message = f"« niveau » : la session est au niveau « {session['niveau']} », que le module ne propose pas ; niveaux du module : {', '.join(levels)}"
                yield loaded.problem((*path, "niveau"), message)
            elif session["format"] not in level["formats"]:
                message = f"« format » : « {session['format']} » n'est pas un format du niveau « {session['niveau']} » ({', '.join(level['formats'])})"
                yield loaded.problem((*path, "format"), message)
            dates = [_get(loaded.data, (*path, key)) for key in ("debut", "fin", "date_limite_inscription")]
            date_problems = [p for key in ("debut", "fin", "date_limite_inscription") for p in _date_problems(loaded, (*path, key))]
            yield from date_problems
            if date_problems:
                continue
            start, end, deadline = (dt.date.fromisoformat(text) for text in dates)
            if end < start:
                yield loaded.problem((*path, "fin"), f"« fin » : la session finit ({end}) avant de commencer ({start})")
            if deadline > start:
                message = f"« date_limite_inscription » : {deadline} tombe après le début de la session ({start})"
                yield loaded.problem((*path, "date_limite_inscription"), message)

    def _prerequisite_cycles(self) -> Iterator[Problem]:
        graph = {m.data["id"]: [p for p in m.data.get("prerequis", ()) if p in self.ids["module"]] for m in self.modules}
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


def _duplicates(places: Iterable[tuple[LoadedFile, JsonPath]], what: str) -> Iterator[Problem]:
    """Ids equal once case and Unicode normalisation are ignored are duplicates."""
    first: dict[str, tuple[LoadedFile, JsonPath]] = {}
    for loaded, path in places:
        value = _get(loaded.data, path)
        key = unicodedata.normalize("NFKC", str(value)).casefold()
        if key in first:
            other, other_path = first[key]
            line = other.where(other_path)[0]
            where = f"{other.path.as_posix()}, ligne {line}"
            yield loaded.problem(path, f"{what} « {value} » en double (déjà utilisé : {where})")
        else:
            first[key] = (loaded, path)


def _date_problems(loaded: LoadedFile, path: JsonPath) -> Iterator[Problem]:
    text = _get(loaded.data, path)
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        yield loaded.problem(path, f"« {path[-1]} » : « {text} » n'est pas une date du calendrier")


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data
