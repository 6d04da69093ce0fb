"""Stage 1: read catalogue YAML files into plain data that remembers where each value came from.

Partner files are untrusted, so the loader is deliberately stricter than YAML 1.1:

* only plain scalars ``true``/``false``, ``null``/``~`` and decimal integers are typed; everything
  else (``no``, ``on``, ``0755``, ``1:30``, ``2026-03-01``…) stays the string that was written, and
  the schema then says what was expected instead of a silent coercion;
* duplicate keys, anchors/aliases (alias bombs), explicit tags, tabs, byte-order marks, non-UTF-8
  bytes and oversized files are reported, never accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # The C parser is much faster; the node marks (line numbers) are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from ads_catalog.problems import Problem

MAX_FILE_BYTES = 256 * 1024
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_NULLS = {"null", "~", ""}
_BOOLS = {"true": True, "false": False}
_ACCEPTED_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq", "int", "float", "bool", "null", "timestamp")
}

Location = tuple[int, int]
"""1-based (line, column) in the source file."""

JsonPath = tuple[str | int, ...]


@dataclass
class LoadedFile:
    """A parsed YAML file: its data and the location of every key and value in it."""

    path: Path
    data: Any
    locations: dict[JsonPath, Location] = field(default_factory=dict)
    text: str = ""

    def where(self, json_path: JsonPath) -> Location:
        """Location of the value at ``json_path``, or of its closest parent that has one."""
        for end in range(len(json_path), -1, -1):
            location = self.locations.get(tuple(json_path[:end]))
            if location:
                return location
        return (1, 1)

    def problem(self, json_path: JsonPath, message: str, *, warning: bool = False) -> Problem:
        line, column = self.where(json_path)
        return Problem(self.path, line, column, message, warning)

    def find(self, needle: str, json_path: JsonPath) -> Location:
        """Location of the first ``needle`` written at or after the value at ``json_path``
        (to point inside a multi-line text), else the value's own location."""
        line, column = self.where(json_path)
        lines = self.text.splitlines()
        for number in range(line, len(lines) + 1):
            start = column - 1 if number == line else 0
            found = lines[number - 1].find(needle, start)
            if found >= 0:
                return (number, found + 1)
        return (line, column)


class _NodeError(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.location = _location(node)
        self.message = message


def _location(node: yaml.Node) -> Location:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def load_file(path: Path, display_path: Path | None = None) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one file. Returns the loaded file, or ``None`` and the problems that prevented it."""
    shown = display_path or path
    raw = path.read_bytes()
    early = _check_bytes(shown, raw)
    if early:
        return None, [early]
    text = raw.decode("utf-8")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(shown, error)]
    except yaml.reader.ReaderError as error:  # control characters: no mark, only a position
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        message = f"caractère invisible U+{error.character:04X} interdit en YAML : retirez-le (copier-coller ?)"
        return None, [Problem(shown, line, column, message)]
    if root is None:
        return None, [Problem(shown, 1, 1, "le fichier est vide : il doit contenir une table de clés YAML")]
    loaded = LoadedFile(shown, None, text=text)
    try:
        loaded.data = _convert(root, (), loaded.locations, set())
    except _NodeError as error:
        return None, [Problem(shown, *error.location, error.message)]
    return loaded, []


def _check_bytes(path: Path, raw: bytes) -> Problem | None:
    if len(raw) > MAX_FILE_BYTES:
        return Problem(path, 1, 1, f"fichier trop volumineux ({len(raw)} octets) : {MAX_FILE_BYTES} octets au plus")
    if raw.startswith(b"\xef\xbb\xbf"):
        message = "marque d'ordre des octets (BOM) en tête du fichier : enregistrez-le en UTF-8 sans BOM"
        return Problem(path, 1, 1, message)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return Problem(path, line, column, "octets non UTF-8 : enregistrez le fichier en UTF-8")
    if not text.strip():
        return Problem(path, 1, 1, "le fichier est vide : il doit contenir une table de clés YAML")
    for number, line_text in enumerate(text.splitlines(), start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent]:
            message = "tabulation dans l'indentation : indentez avec des espaces"
            return Problem(path, number, line_text.index("\t") + 1, message)
    return None


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(error.problem)
    if "found character '\\t'" in problem or "tab character" in problem:
        return Problem(path, line, column, "tabulation interdite en YAML : utilisez des espaces")
    opened = error.context_mark.line + 1 if error.context_mark else line
    detail = next((text for start, text in _SYNTAX_MESSAGES if problem.startswith(start)), None)
    if detail is None:
        detail = "structure YAML invalide (vérifiez l'indentation, les « : » et les guillemets)"
    return Problem(path, line, column, f"erreur de syntaxe YAML : {detail.replace('{ligne}', str(opened))}")


_QUOTE_IT = "mettez la valeur entre guillemets"
_SYNTAX_MESSAGES = (
    ("mapping values are not allowed", f"« : » inattendu ({_QUOTE_IT} si elle contient « : »)"),
    ("could not find expected ':'", "« : » attendu après la clé"),
    ("found unexpected end of stream", "fin de fichier inattendue : guillemet ouvert ligne {ligne} non refermé"),
    ("did not find expected ',' or ']'", "crochet « [ » ouvert ligne {ligne} non refermé par « ] »"),
    ("did not find expected ',' or '}'", "accolade « { » ouverte ligne {ligne} non refermée par « } »"),
    ("did not find expected '-' indicator", "élément de liste mal indenté (alignez les « - » de la liste)"),
    ("expected <block end>, but found '-'", "élément de liste mal indenté (alignez les « - » de la liste)"),
    ("did not find expected key", f"clé mal indentée ou texte en trop (alignez la clé sur les autres, ou {_QUOTE_IT})"),
    ("found character that cannot start any token", f"caractère inattendu en début de valeur ({_QUOTE_IT})"),
    ("found unknown escape character", "« \\ » inconnu entre guillemets doubles (utilisez des guillemets simples)"),
    ("found undefined alias", "les ancres et alias YAML (& et *) ne sont pas acceptés : écrivez la valeur en entier"),
    ("block sequence entries are not allowed", "« - » inattendu : une liste commence à la ligne suivant sa clé"),
    ("but found another document", "un seul document par fichier : retirez la ligne « --- »"),
)


def _convert(node: yaml.Node, json_path: JsonPath, locations: dict[JsonPath, Location], seen: set[int]) -> Any:
    if id(node) in seen:
        raise _NodeError(node, "les ancres et alias YAML (& et *) ne sont pas acceptés : écrivez la valeur en entier")
    seen.add(id(node))
    locations[json_path] = _location(node)
    if node.tag not in _ACCEPTED_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _NodeError(node, f"étiquette YAML « {tag} » non acceptée : retirez-la et écrivez une valeur simple")
    if getattr(node, "anchor", None):
        raise _NodeError(node, "les ancres et alias YAML (& et *) ne sont pas acceptés : écrivez la valeur en entier")
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, json_path, locations, seen)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*json_path, index), locations, seen) for index, item in enumerate(node.value)]
    return _scalar(node)


def _convert_mapping(
    node: yaml.MappingNode, json_path: JsonPath, locations: dict[JsonPath, Location], seen: set[int]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _NodeError(key_node, "une clé doit être un simple mot")
        key = str(key_node.value)
        if key in first_seen:
            raise _NodeError(key_node, f"clé « {key} » en double (déjà définie ligne {first_seen[key]})")
        first_seen[key] = key_node.start_mark.line + 1
        result[key] = _convert(value_node, (*json_path, key), locations, seen)
        locations[(*json_path, key, "#key")] = _location(key_node)
    return result


def _scalar(node: yaml.ScalarNode) -> Any:
    """Type a scalar by our restricted rules: quoted values are always strings."""
    value = node.value
    if node.style:  # quoted or block scalar; plain is None (Python parser) or "" (C parser)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        return int(value)
    return value


CATALOGUE_LAYOUT: tuple[tuple[str, str], ...] = (
    ("taxonomie", "taxonomie.yml"),
    ("competences", "competences.yml"),
    ("partenaires", "partenaires.yml"),
    ("persona", "personas/*.yml"),
    ("module", "modules/*.yml"),
)
"""Each file kind of the catalogue and where its files live below ``catalog/``."""


def catalogue_files(root: Path) -> list[tuple[str, Path]]:
    """Every catalogue file below ``root`` with its kind, in a stable order."""
    return [(kind, path) for kind, pattern in CATALOGUE_LAYOUT for path in sorted(root.glob(pattern))]


def display_path(path: Path) -> Path:
    """The path as a partner would type it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
_NAMED_BY_ID = ("modules", "personas")


def load_tree(root: Path) -> tuple[dict[str, list[LoadedFile]], list[Problem]]:
    """Load every catalogue file below ``root``, grouped by kind, with every problem met."""
    files: dict[str, list[LoadedFile]] = {kind: [] for kind, _ in CATALOGUE_LAYOUT}
    problems: list[Problem] = _file_name_problems(root)
    for kind, path in catalogue_files(root):
        loaded, file_problems = load_file(path, display_path(path))
        problems.extend(file_problems)
        if loaded is not None:
            files[kind].append(loaded)
    return files, problems


def _file_name_problems(root: Path) -> list[Problem]:
    """Files that would be silently skipped (``.yaml``) or could never match their id."""
    problems = []
    for folder in _NAMED_BY_ID:
        for path in sorted((root / folder).glob("*")):
            if path.name.startswith(".") or not path.is_file():
                continue
            if path.suffix != ".yml":
                if path.suffix.lower() in {".yaml", ".yml"}:
                    message = f"extension « {path.suffix} » : nommez le fichier « {path.stem}.yml » pour qu'il soit lu"
                    problems.append(Problem(display_path(path), 1, 1, message))
            elif not ID_PATTERN.match(path.stem):
                message = (
                    f"nom de fichier « {path.name} » invalide : l'identifiant qui le nomme ne contient que des "
                    "lettres minuscules sans accent, des chiffres et des tirets"
                )
                problems.append(Problem(display_path(path), 1, 1, message))
    return problems
