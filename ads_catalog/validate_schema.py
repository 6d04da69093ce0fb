"""Validation, part 1: each file against the JSON Schema of its kind (``schemas/``), every error
worded in French for partners, located on the value (or the key) in the file."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from ads_catalog.ids import ID_RULE
from ads_catalog.load import JsonPath, LoadedFile, get
from ads_catalog.problems import Problem
from ads_catalog.text import sort_key

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def schema_problems(kind: str, loaded: LoadedFile) -> list[Problem]:
    """Every JSON Schema error of a file as a French problem, in the order of the file."""
    validator = jsonschema.Draft7Validator(schema(kind))
    errors = sorted(validator.iter_errors(loaded.data), key=lambda e: loaded.where(tuple(e.absolute_path)))
    return [problem for error in errors for problem in _french(error, loaded)]


def invalid_paths(kind: str, data: Any) -> set[JsonPath]:
    """Where ``data`` breaks its schema: each wrong value, and each missing required key (an
    unknown key harms nothing else). The rules across files skip every value at or below them."""
    paths: set[JsonPath] = set()
    for error in jsonschema.Draft7Validator(schema(kind)).iter_errors(data):
        path: JsonPath = tuple(error.absolute_path)
        if error.validator == "required":
            paths |= {(*path, key) for key in error.validator_value}
        elif error.validator != "additionalProperties":
            paths.add(path)
    return paths


def _french(error: jsonschema.ValidationError, loaded: LoadedFile) -> Iterator[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    value = error.instance
    if _is_key(loaded, path, value):  # a « propertyNames » rule: the key itself is refused
        message = f"clé « {value} » dans « {_field_name(path)} » : {_key_message(error)}"
        yield loaded.problem((*path, value, "#key"), message)
    elif value is None and error.validator in ("type", "enum", "pattern", "minLength"):
        yield loaded.problem(path, f"« {_field_name(path)} » est vide : {_expected(error.schema)}")
    elif error.validator == "additionalProperties":
        yield from _unknown_keys(error, loaded, path)
    else:
        message = _KEYWORD_MESSAGES.get(error.validator, _other)(error, path)
        yield loaded.problem(path, message)


def _unknown_keys(error: jsonschema.ValidationError, loaded: LoadedFile, path: JsonPath) -> Iterator[Problem]:
    known = list(error.schema.get("properties", {}))
    for key in sorted(set(error.instance) - set(known)):
        message = f"clé inconnue « {key} »{_where_in(path)}{suggest(key, known)}"
        yield loaded.problem((*path, key, "#key"), message)


# One function per JSON Schema keyword: (error, path of the value) → the French message.


def _required(error: jsonschema.ValidationError, path: JsonPath) -> str:
    missing = error.message.split("'")[1]
    return f"champ obligatoire « {missing} » manquant{_where_in(path)}"


def _type(error: jsonschema.ValidationError, path: JsonPath) -> str:
    value, rule, field = error.instance, error.validator_value, _field_name(path)
    if not path:
        return f"le fichier doit être une table de clés (« id: … », « titre: … »), pas {_show(value)}"
    if "pattern" in error.schema and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"« {field} » : {_number_for_pattern(error.schema['pattern'], value)}"
    return f"« {field} » : {_show(value)} n'est pas {_TYPE_NAMES.get(rule, rule)}{_type_hint(rule, value, field)}"


def _enum(error: jsonschema.ValidationError, path: JsonPath) -> str:
    choices = [str(choice) for choice in error.validator_value]
    field, value = _field_name(path), _show(error.instance)
    return f"« {field} » : valeur {value} inconnue ; valeurs possibles : {', '.join(choices)}" + suggest(
        str(error.instance), choices
    )


def _pattern(error: jsonschema.ValidationError, path: JsonPath) -> str:
    rule = _pattern_message(error.validator_value, error.instance)
    return f"« {_field_name(path)} » : {_show(error.instance)} {rule}"


def _min_length(error: jsonschema.ValidationError, path: JsonPath) -> str:
    return f"« {_field_name(path)} » est vide : {_expected(error.schema)}"


def _max_length(error: jsonschema.ValidationError, path: JsonPath) -> str:
    count = len(error.instance)
    return f"« {_field_name(path)} » : texte trop long ({count} caractères, {error.validator_value} au plus)"


def _min_items(error: jsonschema.ValidationError, path: JsonPath) -> str:
    value = error.instance
    what = "la liste est vide" if not value else f"{len(value)} élément{_plural_s(len(value))} seulement"
    return f"« {_field_name(path)} » : {what} ; il en faut au moins {error.validator_value}"


def _max_items(error: jsonschema.ValidationError, path: JsonPath) -> str:
    return f"« {_field_name(path)} » : {len(error.instance)} éléments, {error.validator_value} au plus"


def _unique_items(error: jsonschema.ValidationError, path: JsonPath) -> str:
    """Counted once (a quadratic count froze on tens of thousands of items)."""
    counts = Counter(json.dumps(item, sort_keys=True) for item in error.instance)
    repeated = sorted({_show(item) for item in error.instance if counts[json.dumps(item, sort_keys=True)] > 1})
    return f"« {_field_name(path)} » : {', '.join(repeated)} figure plusieurs fois dans la liste"


def _bound(error: jsonschema.ValidationError, path: JsonPath) -> str:
    word = "au moins" if error.validator == "minimum" else "au plus"
    return f"« {_field_name(path)} » : {error.instance} hors limites ({word} {error.validator_value})"


def _other(error: jsonschema.ValidationError, path: JsonPath) -> str:
    return f"« {_field_name(path)} » : valeur {_show(error.instance)} refusée ({error.validator})"


_KEYWORD_MESSAGES: dict[str, Callable[[jsonschema.ValidationError, JsonPath], str]] = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "maxItems": _max_items,
    "uniqueItems": _unique_items,
    "minimum": _bound,
    "maximum": _bound,
}


def _is_key(loaded: LoadedFile, path: JsonPath, value: Any) -> bool:
    parent = get(loaded.data, path)
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


def _type_hint(expected: str, value: Any, field: str = "") -> str:
    """What the partner most probably meant, for values YAML 1.1 would have silently converted."""
    if expected == "integer" and isinstance(value, str):
        if re.fullmatch(r"0[0-9]+", value):
            return f" ; écrivez {int(value)}, sans zéro en tête"
        if match := re.fullmatch(r"([0-9]+):([0-5][0-9])", value):
            return f" ; écrivez la durée en minutes, sans « : » ({value} → {int(match[1]) * 60 + int(match[2])})"
        if field.endswith("_minutes") and (minutes := _duration_minutes(value)) is not None:
            return f" ; écrivez la durée en minutes, en chiffres seulement ({value.strip()} → {minutes})"
        if re.fullmatch(r"[0-9]+", value.strip()):
            return " ; retirez les guillemets"
    if expected == "array" and isinstance(value, (str, int)):
        return f" ; écrivez une liste entre crochets : [{value}]"
    if expected == "string" and isinstance(value, (int, bool)):
        return f' ; mettez-le entre guillemets : "{_show(value)}"'
    return ""


_HOURS = re.compile(r"([0-9]{1,3})\s*h(?:eures?)?\s*(?:([0-5]?[0-9])\s*(?:min(?:utes?)?|mn)?)?", re.IGNORECASE)
_MINUTES = re.compile(r"([0-9]{1,5})\s*(?:min(?:utes?)?|mn)\.?", re.IGNORECASE)


def _duration_minutes(value: str) -> int | None:
    """Minutes meant by a duration written with units: « 1h30 », « 1 h 30 », « 2h », « 90 min »."""
    text = value.strip()
    if match := _HOURS.fullmatch(text):
        return int(match[1]) * 60 + int(match[2] or 0)
    if match := _MINUTES.fullmatch(text):
        return int(match[1])
    return None


def _plural_s(count: int) -> str:
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
