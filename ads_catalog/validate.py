"""Stage 2: check the loaded files (JSON Schema per file kind, then cross-file rules) and build
the typed :class:`~ads_catalog.model.Catalogue`.

Every problem is collected, located (``path:line:column``) and worded in French for partners;
nothing here raises on bad input except :class:`~ads_catalog.problems.CatalogueError` at the end.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema

from ads_catalog import mapping
from ads_catalog.ids import ID_PATTERN, ID_RULE, RESERVED_IDS, id_problem
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.load import JsonPath, LoadedFile, catalogue_files, display_path, load_tree
from ads_catalog.model import Catalogue, Status
from ads_catalog.problems import CatalogueError, Problem
from ads_catalog.sanitize import MAX_NESTING, MarkdownTooDeepError, markdown_nesting, raw_markdown_html
from ads_catalog.text import FIRST_DAY, LAST_DAY, event_key, sort_key

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SINGLE_FILES = ("taxonomie", "competences", "partenaires")
REQUIRED_FILES = {"taxonomie": "taxonomie.yml", "competences": "competences.yml", "partenaires": "partenaires.yml"}


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def load_catalogue(root: Path) -> Catalogue:
    """Load, check and build the catalogue below ``root``, or raise with every problem found."""
    catalogue, _ = _checked(root)
    return catalogue


def check_catalogue(root: Path, today: dt.date) -> tuple[Catalogue, list[Problem]]:
    """Like :func:`load_catalogue`, and also return the warnings (sorted): things to fix that
    do not break the site."""
    catalogue, files = _checked(root)
    return catalogue, sorted(catalogue_warnings(catalogue, files, today))


def _checked(root: Path) -> tuple[Catalogue, dict[str, list[LoadedFile]]]:
    files, problems = load_tree(root)
    problems += _missing_files(root, files)
    valid, schema_found = _schema_pass(files)
    problems += schema_found
    if all(len(valid[kind]) == 1 and len(files[kind]) == 1 for kind in SINGLE_FILES):
        problems += _cross_pass(root, files, valid)
    if problems:
        raise CatalogueError(problems)
    catalogue = mapping.catalogue(
        taxonomy=files["taxonomie"][0].data,
        competences=files["competences"][0].data["competences"],
        partners=files["partenaires"][0].data["partenaires"],
        personas=[loaded.data for loaded in files["persona"]],
        modules=[loaded.data for loaded in files["module"]],
    )
    return catalogue, files


def _schema_pass(files: dict[str, list[LoadedFile]]) -> tuple[dict[str, list[LoadedFile]], list[Problem]]:
    """The files that follow their schema, and the problems of the others."""
    valid: dict[str, list[LoadedFile]] = {kind: [] for kind in files}
    problems: list[Problem] = []
    for kind, loaded_files in files.items():
        for loaded in loaded_files:
            file_problems = schema_problems(kind, loaded)
            problems += file_problems
            if not file_problems:
                valid[kind].append(loaded)
    return valid, problems


def _cross_pass(root: Path, files: dict[str, list[LoadedFile]], valid: dict[str, list[LoadedFile]]) -> list[Problem]:
    """Cross-file rules on the valid files, and the well-formed references of the others: every
    problem is reported in the same run."""
    checks = CrossChecks(valid, _module_ids(root, files))
    problems = list(checks.run())
    for kind in ("persona", "module"):
        for loaded in files[kind]:
            if loaded not in valid[kind]:
                problems += checks.references_only(kind, loaded)
    return problems


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


# --- JSON Schema, in French -------------------------------------------------------------------


def schema_problems(kind: str, loaded: LoadedFile) -> list[Problem]:
    validator = jsonschema.Draft7Validator(schema(kind))
    errors = sorted(validator.iter_errors(loaded.data), key=lambda e: loaded.where(tuple(e.absolute_path)))
    return [problem for error in errors for problem in _french(error, loaded)]


def _french(error: jsonschema.ValidationError, loaded: LoadedFile) -> Iterator[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    field = _field_name(path)
    value = error.instance
    rule = error.validator_value
    if _is_key(loaded, path, value):  # a « propertyNames » rule: the key itself is refused
        yield loaded.problem((*path, value, "#key"), f"clé « {value} » dans « {field} » : {_key_message(error)}")
        return
    if value is None and error.validator in ("type", "enum", "pattern", "minLength"):
        yield loaded.problem(path, f"« {field} » est vide : {_expected(error.schema)}")
        return
    match error.validator:
        case "required":
            missing = error.message.split("'")[1]
            yield loaded.problem(path, f"champ obligatoire « {missing} » manquant{_where_in(path)}")
        case "additionalProperties":
            known = list(error.schema.get("properties", {}))
            for key in sorted(set(value) - set(known)):
                message = f"clé inconnue « {key} »{_where_in(path)}{suggest(key, known)}"
                yield loaded.problem((*path, key, "#key"), message)
        case "type" if not path:
            message = f"le fichier doit être une table de clés (« id: … », « titre: … »), pas {_show(value)}"
            yield loaded.problem(path, message)
        case "type" if "pattern" in error.schema and isinstance(value, (int, float)) and not isinstance(value, bool):
            yield loaded.problem(path, f"« {field} » : {_number_for_pattern(error.schema['pattern'], value)}")
        case "type":
            expected = _TYPE_NAMES.get(rule, rule)
            yield loaded.problem(path, f"« {field} » : {_show(value)} n'est pas {expected}{_type_hint(rule, value)}")
        case "enum":
            choices = [str(choice) for choice in rule]
            message = f"« {field} » : valeur {_show(value)} inconnue ; valeurs possibles : {', '.join(choices)}"
            yield loaded.problem(path, message + suggest(str(value), choices))
        case "pattern":
            yield loaded.problem(path, f"« {field} » : {_show(value)} {_pattern_message(rule, value)}")
        case "minLength":
            yield loaded.problem(path, f"« {field} » est vide : {_expected(error.schema)}")
        case "maxLength":
            yield loaded.problem(path, f"« {field} » : texte trop long ({len(value)} caractères, {rule} au plus)")
        case "minItems":
            what = "la liste est vide" if not value else f"{len(value)} élément{_s(len(value))} seulement"
            yield loaded.problem(path, f"« {field} » : {what} ; il en faut au moins {rule}")
        case "maxItems":
            yield loaded.problem(path, f"« {field} » : {len(value)} éléments, {rule} au plus")
        case "uniqueItems":
            counts = Counter(json.dumps(item, sort_keys=True) for item in value)
            repeated = sorted({_show(item) for item in value if counts[json.dumps(item, sort_keys=True)] > 1})
            yield loaded.problem(path, f"« {field} » : {', '.join(repeated)} figure plusieurs fois dans la liste")
        case "minimum" | "maximum":
            word = "au moins" if error.validator == "minimum" else "au plus"
            yield loaded.problem(path, f"« {field} » : {value} hors limites ({word} {rule})")
        case _:
            yield loaded.problem(path, f"« {field} » : valeur {_show(value)} refusée ({error.validator})")


def _is_key(loaded: LoadedFile, path: JsonPath, value: Any) -> bool:
    parent = _get(loaded.data, path)
    return isinstance(parent, dict) and isinstance(value, str) and value in parent


def _key_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "maxLength":
        return f"{error.validator_value} caractères au plus"
    return _pattern_message(str(error.validator_value), str(error.instance))


_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "boolean": "un booléen (true ou false)",
    "array": "une liste",
    "object": "une table de clés",
}
URL_RULE = "^https://[^\\s\"'<>\\\\`]+$"
_PATTERN_MESSAGES = {
    ID_RULE: "n'est pas un identifiant valide (lettres minuscules sans accent, chiffres et tirets)",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "n'est pas une date au format AAAA-MM-JJ (par exemple 2026-09-01)",
    "^[A-N][0-9]{4}$": "n'est pas un code ROME (une lettre et quatre chiffres, ex. H1206)",
    "^MET\\.[0-9]+$": "n'est pas un identifiant Onisep (ex. MET.418)",
}


def _number_for_pattern(rule: str, value: int | float) -> str:
    """Such as « id: 404 »: a number where a text of some form is expected. Quoting is the fix
    when the number, as text, has that form; otherwise say what the text looks like."""
    if re.fullmatch(rule, str(value)):
        return f'{value} est un nombre, un texte est attendu : mettez-le entre guillemets ("{value}")'
    return f"{value} {_pattern_message(rule, str(value))}"


def _pattern_message(rule: str, value: str) -> str:
    if rule != URL_RULE:
        return _PATTERN_MESSAGES.get(rule, f"ne suit pas la forme attendue ({rule})")
    if not value.startswith("https://"):
        return "n'est pas un lien accepté : seuls les liens https:// le sont"
    return "n'est pas un lien valide : un lien ne contient ni espace, ni guillemet, ni « < », « > », « \\ » ou « ` »"


def _expected(schema: dict[str, Any]) -> str:
    """What to write in an empty field, from its schema (type and description)."""
    if "enum" in schema:
        return f"valeurs possibles : {', '.join(map(str, schema['enum']))}"
    expected = _TYPE_NAMES.get(schema.get("type", ""), "une valeur")
    description = schema.get("description", "")
    about = f" — {description[:1].lower()}{description[1:]}" if description else ""
    return f"écrivez {expected}{about}"


def _type_hint(expected: str, value: Any) -> str:
    """What the partner most probably meant, for values YAML 1.1 would have silently converted."""
    if expected == "integer" and isinstance(value, str):
        if re.fullmatch(r"0[0-9]+", value):
            return f" ; écrivez {int(value)}, sans zéro en tête"
        if match := re.fullmatch(r"([0-9]+):([0-5][0-9])", value):
            return f" ; écrivez la durée en minutes, sans « : » ({value} → {int(match[1]) * 60 + int(match[2])})"
        if re.fullmatch(r"[0-9]+", value.strip()):
            return " ; retirez les guillemets"
    if expected == "array" and isinstance(value, (str, int)):
        return f" ; écrivez une liste entre crochets : [{value}]"
    if expected == "string" and isinstance(value, (int, bool)):
        return f' ; mettez-le entre guillemets : "{_show(value)}"'
    return ""


def _s(count: int) -> str:
    return "s" if count > 1 else ""


def _field_name(path: JsonPath) -> str:
    keys = [part for part in path if isinstance(part, str)]
    return keys[-1] if keys else "racine"


def _where_in(path: JsonPath) -> str:
    """« dans l'élément 2 de « niveaux » », « dans « contraintes » » or nothing at the root."""
    if not path:
        return ""
    if isinstance(path[-1], int) and len(path) > 1:
        return f" dans l'élément {path[-1] + 1} de « {path[-2]} »"
    return f" dans « {_field_name(path)} »"


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
    folded = {sort_key(choice): choice for choice in choices}
    close = difflib.get_close_matches(sort_key(word), list(folded), n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {folded[close[0]]} » ?" if close else ""


# --- Cross-file rules ---------------------------------------------------------------------------


class CrossChecks:
    """Rules that need more than one file: references, ids, cycles, dates, job titles."""

    def __init__(self, files: dict[str, list[LoadedFile]], module_ids: list[str]) -> None:
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
            "module": module_ids,
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

    def references_only(self, kind: str, loaded: LoadedFile) -> Iterator[Problem]:
        """The references of a file that has other problems, checked where they are well formed,
        so that a partner sees an unknown domain or competence in the same run as a typing error."""
        for pattern, target in _REFERENCE_PATHS[kind]:
            for path in _expand(loaded.data, pattern):
                if ID_PATTERN.match(_get(loaded.data, path)):
                    yield from self._reference(loaded, path, target)

    def _reference(self, loaded: LoadedFile, path: JsonPath, kind: str) -> Iterator[Problem]:
        value = _get(loaded.data, path)
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

    def _taxonomy_references(self) -> Iterator[Problem]:
        for index in range(len(self.taxonomy.data["domaines"])):
            yield from self._reference(self.taxonomy, ("domaines", index, "categorie"), "categorie")
        for index in range(len(self.competences.data["competences"])):
            yield from self._reference(self.competences, ("competences", index, "domaine"), "domaine")
        levels = self.ids["niveau"]
        expected_order = ["acculturation", "fondamentaux", "approfondissement", "expert"]
        if levels != expected_order:
            message = f"« niveaux » : ordre attendu {', '.join(expected_order)}"
            yield self.taxonomy.problem(("niveaux",), message)

    def _persona_rules(self) -> Iterator[Problem]:
        for loaded in self.personas:
            for index in range(len(loaded.data["metiers"])):
                yield from self._reference(loaded, ("metiers", index, "famille"), "famille")
            for index in range(len(loaded.data["besoins"])):
                yield from self._reference(loaded, ("besoins", index, "competence"), "competence")
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
        yield from self._reference(loaded, ("domaine",), "domaine")
        for index in range(len(data["partenaires"])):
            yield from self._reference(loaded, ("partenaires", index), "partenaire")
        for index, prerequisite in enumerate(data.get("prerequis", ())):
            if prerequisite == data["id"]:
                yield loaded.problem(("prerequis", index), "un module ne peut pas être son propre prérequis")
            else:
                yield from self._reference(loaded, ("prerequis", index), "module")
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
            for gain_index in range(len(level["competences"])):
                path = ("niveaux", index, "competences", gain_index, "competence")
                yield from self._reference(loaded, path, "competence")

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
            dates = [_get(loaded.data, (*path, key)) for key in keys]
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


_REFERENCE_NAMES = {
    "categorie": ("catégorie", True),
    "domaine": ("domaine", False),
    "famille": ("famille de métiers", True),
    "competence": ("compétence", True),
    "partenaire": ("partenaire", False),
    "module": ("module prérequis", False),
}


_REFERENCE_PATHS: dict[str, tuple[tuple[JsonPath, str], ...]] = {
    "module": (
        (("domaine",), "domaine"),
        (("partenaires", "*"), "partenaire"),
        (("prerequis", "*"), "module"),
        (("niveaux", "*", "competences", "*", "competence"), "competence"),
    ),
    "persona": ((("metiers", "*", "famille"), "famille"), (("besoins", "*", "competence"), "competence")),
}


def _expand(data: Any, pattern: JsonPath, done: JsonPath = ()) -> Iterator[JsonPath]:
    """Concrete paths matching ``pattern`` (``"*"``: every list item) that lead to a text."""
    if not pattern:
        if isinstance(data, str):
            yield done
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _expand(item, rest, (*done, index))
    elif isinstance(head, str) and head != "*" and isinstance(data, dict) and head in data:
        yield from _expand(data[head], rest, (*done, head))


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
        day = dt.date.fromisoformat(text)
    except ValueError:
        yield loaded.problem(path, f"« {path[-1]} » : « {text} » n'est pas une date du calendrier")
        return
    if not FIRST_DAY <= day <= LAST_DAY:
        message = f"« {path[-1]} » : {text} hors limites (entre {FIRST_DAY} et {LAST_DAY})"
        yield loaded.problem(path, message)


def _reserved(places: list[tuple[LoadedFile, JsonPath]]) -> Iterator[Problem]:
    for loaded, path in places:
        value = _get(loaded.data, path)
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


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data


# --- Warnings: worth fixing, never breaking the site (unless --strict) -------------------------

REVIEW_MONTHS = 18
SCHEMA_LINE = "# yaml-language-server: $schema="
_SCHEMA_FILES = {"taxonomie": "taxonomie", "competences": "competences", "partenaires": "partenaires",
                 "persona": "persona", "module": "module"}  # fmt: skip
_SCHEMA_FOLDERS = {"persona": "../../schemas", "module": "../../schemas"}


def catalogue_warnings(catalogue: Catalogue, files: dict[str, list[LoadedFile]], today: dt.date) -> list[Problem]:
    warnings: list[Problem] = []
    for kind, loaded_files in files.items():
        warnings += [problem for loaded in loaded_files for problem in _schema_line(kind, loaded)]
    used = {step.module_id for path in compute_learning_paths(catalogue).values() for step in path.steps}
    for loaded in files["module"]:
        warnings += _module_warnings(loaded, loaded.data["id"] in used, today)
    return warnings


def _schema_line(kind: str, loaded: LoadedFile) -> Iterator[Problem]:
    """The first line names the file's schema, so that editors complete and check the fields."""
    name = f"{_SCHEMA_FILES[kind]}.schema.json"
    first = loaded.text.split("\n", 1)[0].strip()
    if not (first.startswith(SCHEMA_LINE) and first.endswith(name)):
        line = f"{SCHEMA_LINE}{_SCHEMA_FOLDERS.get(kind, '../schemas')}/{name}"
        message = f"la première ligne ne désigne pas le schéma du fichier : écrivez « {line} »"
        yield Problem(loaded.path, 1, 1, message, warning=True)


def _module_warnings(loaded: LoadedFile, in_a_path: bool, today: dt.date) -> Iterator[Problem]:
    data = loaded.data
    if Status(data["statut"]) is Status.ARCHIVED:
        return
    reviewed = dt.date.fromisoformat(data["derniere_revue"])
    if _add_months(reviewed, REVIEW_MONTHS) < today or reviewed > today:
        if reviewed > today:
            message = f"« derniere_revue » : {reviewed} est dans le futur ; indiquez la date de la dernière revue"
        else:
            message = (
                f"« derniere_revue » : dernière revue le {reviewed}, il y a plus de {REVIEW_MONTHS} mois ; "
                "relisez le module et mettez la date à jour"
            )
        yield loaded.problem(("derniere_revue",), message, warning=True)
    yield from _registration_warnings(loaded, today)
    if not in_a_path:
        message = (
            "le module n'entre dans aucun parcours : aucun persona n'a besoin des compétences qu'il développe "
            "(vérifiez les « competences » de ses niveaux)"
        )
        yield loaded.problem(("id",), message, warning=True)


SESSION_FORMATS = {"presentiel", "classe-virtuelle"}


def _registration_warnings(loaded: LoadedFile, today: dt.date) -> Iterator[Problem]:
    """A level « disponible » that is only given in dated sessions, none of them still open to
    registration: its page offers to register for nothing."""
    if Status(loaded.data["statut"]) is not Status.AVAILABLE:
        return
    sessions = loaded.data.get("sessions") or []
    for index, level in enumerate(loaded.data["niveaux"]):
        if not set(level["formats"]) <= SESSION_FORMATS:
            continue
        own = [s for s in sessions if s["niveau"] == level["niveau"]]
        deadlines = [dt.date.fromisoformat(s["date_limite_inscription"]) for s in own]
        if deadlines and max(deadlines) >= today:
            continue
        closed = f"dernière date limite : {max(deadlines)}" if deadlines else "aucune session datée"
        message = (
            f"« niveau » : « {level['niveau']} » ne se suit qu'en session et aucune n'est ouverte à l'inscription "
            f"({closed}) ; ajoutez une session ou passez le statut du module à « bientôt »"
        )
        yield loaded.problem(("niveaux", index, "niveau"), message, warning=True)


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` months, on the last day of the month when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def published_schemas() -> dict[str, bytes]:
    """The JSON Schemas as published on the site (``/donnees/schemas/``), for editors and tools."""
    return {f"donnees/schemas/{path.name}": path.read_bytes() for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}
