"""Stage 1: read catalogue YAML files into plain data that remembers where each value came from.

Partner files are untrusted, so the loader is deliberately stricter than YAML 1.1:

* only plain scalars ``true``/``false``, ``null``/``~`` and decimal integers are typed; everything
  else (``no``, ``on``, ``0755``, ``1:30``, ``2026-03-01``…) stays the string that was written, and
  the schema then says what was expected instead of a silent coercion;
* duplicate keys, anchors/aliases (alias bombs), explicit tags, tabs, byte-order marks, non-UTF-8
  bytes and oversized files are reported, never accepted;
* every text holds printable characters only: control, format (zero-width, bidi), private-use,
  unassigned and line-separator characters are refused with their code point, so nothing that a
  YAML reader (MkDocs' front matter among them), a spreadsheet or a calendar chokes on gets further;
* nesting depth and integer size are bounded (which files are read, and how: :mod:`ads_catalog.intake`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # The C parser is much faster; the node marks (line numbers) are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from ads_catalog.intake import MAX_FILE_BYTES, read_file, too_large
from ads_catalog.problems import Problem
from ads_catalog.text import is_visible

PARSER = _Loader.__name__
"""Which parser reads the files (what they give is memoised per parser: :mod:`ads_catalog.file_checks`)."""

MAX_DEPTH = 20
"""Nesting levels of lists and tables; the deepest real structure (a module's level gains) has 5.
libyaml's composer stops at 1,000 levels itself; the converter, which recurses, stops here."""
_DEPTH_MESSAGE = f"structure trop imbriquée : {MAX_DEPTH} niveaux de listes et de tables au plus"
MAX_INTEGER_DIGITS = 15
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


def get(data: Any, json_path: JsonPath) -> Any:
    """The value at ``json_path`` in loaded data."""
    for part in json_path:
        data = data[part]
    return data


def expand(data: Any, pattern: JsonPath, done: JsonPath = ()) -> Iterator[JsonPath]:
    """Concrete paths matching ``pattern`` (``"*"``: every list item) that lead to a text."""
    if not pattern:
        if isinstance(data, str):
            yield done
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from expand(item, rest, (*done, index))
    elif isinstance(head, str) and head != "*" and isinstance(data, dict) and head in data:
        yield from expand(data[head], rest, (*done, head))


class _NodeError(Exception):
    def __init__(self, node: yaml.Node | None, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.location = location or (_location(node) if node else (1, 1))
        self.message = message


def _location(node: yaml.Node) -> Location:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def load_file(path: Path, display_path: Path | None = None) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one file. Returns the loaded file (``None`` when it could not be read at all) and the
    problems met: a file with problems in its values is still returned, so that the schema checks
    run on it in the same pass."""
    shown = display_path or path
    raw, early = read_file(path, shown)
    if raw is None:
        return None, [early] if early else []
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: Path) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse the bytes of one file shown as ``shown`` in problems (see :func:`load_file`)."""
    early = _check_bytes(shown, raw)
    if early:
        return None, [early]
    text = raw.decode("utf-8")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(shown, error)]
    if root is None:
        return None, [Problem(shown, 1, 1, "le fichier est vide : il doit contenir une table de clés YAML")]
    loaded = LoadedFile(shown, None, text=text)
    converter = _Converter(loaded)
    try:
        loaded.data = converter.convert(root, ())
    except _NodeError as error:
        return None, [Problem(shown, *error.location, error.message)]
    return loaded, converter.problems


def invisible_message(code_point: int, column: int | None = None) -> str:
    where = f" à la colonne {column}" if column else ""
    return f"caractère invisible U+{code_point:04X}{where} : retirez-le (copier-coller ?)"


def _check_bytes(path: Path, raw: bytes) -> Problem | None:
    if len(raw) > MAX_FILE_BYTES:
        return too_large(path, len(raw))
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
    invisible = _first_invisible(text)
    if invisible:
        return Problem(path, *invisible)
    for number, line_text in enumerate(text.splitlines(), start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent]:
            message = "tabulation dans l'indentation : indentez avec des espaces"
            return Problem(path, number, line_text.index("\t") + 1, message)
    return None


def _first_invisible(text: str) -> tuple[int, int, str] | None:
    """Line, column and message of the first invisible character written as it is in the file
    (before the parser, which would take U+2028 or NEL for a line break)."""
    for number, line_text in enumerate(text.split("\n"), start=1):
        char = invisible_char(line_text.removesuffix("\r"))
        if char:
            column = line_text.index(char) + 1
            return number, column, invisible_message(ord(char), column)
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


_ALIAS_MESSAGE = "les ancres et alias YAML (& et *) ne sont pas acceptés : écrivez la valeur en entier"
_ALLOWED_CONTROLS = {"\t", "\n"}
"""Invisible, yet part of written text."""


class _Converter:
    """Nodes to plain data, recording where each value is and what is wrong in its text."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.seen: set[int] = set()
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node, json_path: JsonPath) -> Any:
        if id(node) in self.seen:
            raise _NodeError(node, _ALIAS_MESSAGE)
        self.seen.add(id(node))
        self.loaded.locations[json_path] = _location(node)
        if node.tag not in _ACCEPTED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _NodeError(node, f"étiquette YAML « {tag} » non acceptée : retirez-la et écrivez une valeur simple")
        if getattr(node, "anchor", None):
            raise _NodeError(node, _ALIAS_MESSAGE)
        if isinstance(node, yaml.CollectionNode) and len(json_path) >= MAX_DEPTH:
            raise _NodeError(node, _DEPTH_MESSAGE)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, json_path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*json_path, index)) for index, item in enumerate(node.value)]
        self._check_text(node)
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, json_path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NodeError(key_node, "une clé doit être un simple mot")
            self._check_text(key_node)
            key = str(key_node.value)
            if key in first_seen:
                raise _NodeError(key_node, f"clé « {key} » en double (déjà définie ligne {first_seen[key]})")
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, (*json_path, key))
            self.loaded.locations[(*json_path, key, "#key")] = _location(key_node)
        return result

    def _check_text(self, node: yaml.ScalarNode) -> None:
        """A scalar holding an invisible character written as an escape (``"\\u0080"``): raw ones
        were refused before parsing."""
        char = invisible_char(node.value)
        if char is not None:
            line, column = _location(node)
            self.problems.append(Problem(self.loaded.path, line, column, invisible_message(ord(char), column)))


def invisible_char(text: str) -> str | None:
    """The first character of ``text`` that is neither printable nor a space, tab or line break:
    C0/C1 controls, DEL, format characters (zero-width, bidi, soft hyphen), surrogates, private use,
    unassigned code points (U+FFFE…) and the U+2028/U+2029 separators."""
    if text.isprintable():  # fast path, in C; spaces other than U+0020 are "not printable" too
        return None
    for char in text:
        if char not in _ALLOWED_CONTROLS and not is_visible(char):
            return char
    return None


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
        digits = len(value.lstrip("+-"))
        if digits > MAX_INTEGER_DIGITS:
            message = f"nombre de {digits} chiffres : {MAX_INTEGER_DIGITS} au plus (un texte se met entre guillemets)"
            raise _NodeError(node, message)
        return int(value)
    return value
