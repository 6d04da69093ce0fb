"""Hypothesis strategies for hostile partner input: module files and URL registries, written as YAML
text the way a partner could write it (plain, quoted, escaped, block scalars, flow).

A strategy draws plain Python data first (a valid module from the schema, with the mini catalogue's
ids), then mutates it (wrong types, missing and extra keys, every kind of Unicode, huge numbers, deep
nesting, calendar bounds, very long lists, ids that collide with generated folders), then writes it.
Used by tests/test_properties.py.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _ids(name: str, key: str) -> list[str]:
    """The ids of one list of a mini catalogue file (a trusted fixture: plain PyYAML is fine)."""
    data = yaml.safe_load((MINI / name).read_text(encoding="utf-8"))
    return [item["id"] for item in data[key]]


DOMAINS = _ids("taxonomie.yml", "domaines")
LEVELS = _ids("taxonomie.yml", "niveaux")
FORMATS = _ids("taxonomie.yml", "formats")
PARTNERS = _ids("partenaires.yml", "partenaires")
COMPETENCES = _ids("competences.yml", "competences")
MODULES = sorted(path.stem for path in (MINI / "modules").glob("*.yml"))
PERSONAS = sorted(path.stem for path in (MINI / "personas").glob("*.yml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/module.schema.json\n"

HOSTILE_IDS = (
    "index", "404", "assets", "m", "p", "catalogue", "donnees", "modules", "parcours", "integrer",
    "nouveautes", "..", "a/b", ".", "Index", "", " ", "-", "a--b", "é", "x" * 61, "../../x", "../../../x",
)  # fmt: skip
"""Ids and registry keys that would name a generated page or folder, or a path outside ``docs/``."""
OLD_IDS = ("ancien-nom", "vieux-module", "m2", "rgpd-2024")
"""Plausible ids of renamed pages, for registry entries that redirect."""

FRAGMENTS = (
    "\x00", "\x07", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\u00a0", "\u200b", "\u200e", "\u202e", "\u2028",
    "\u2029", "\u2060", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "＝", "＋", "－", "＠", "\t", "\r", "\n",
    "\r\n", " ", "<", ">", "&", '"', "'", "`", "\\", "{", "}", "[", "]", "(", ")", ":", ": ", " #", "- ", "* ",
    "> ", "---", "...", "=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"https://x\")", "&#106;", "%0a",
    "javascript:alert(1)", "[x](javascript:alert(1))", "[x](  JaVa\tscript:alert(1))", "<javascript:alert(1)>",
    "{: autofocus onfocus=alert(1) }", "{ onclick=alert(1) }", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "data:text/html,<b>",
    "vbscript:msgbox", "![i](https://x/i.png)", "[r]: javascript:alert(1)\n\n[x][r]", "title: x", "true",
    "null", "~", "0755", "1:30", "2026-02-30", "é", "e\u0301", "ǅ", "İ", "ß",
)  # fmt: skip
"""Characters and snippets that have broken (or could break) a reader, a renderer or an export."""

ESCAPED_TEXTS = (
    r'"a\x7fb"', r'"a\u2028b"', r'"a\u2029b"', r'"a\x85b"', r'"a\ufffeb"', r'"a\uffffb"', r'"a\x9fb"',
    r'"a\x00b"', r'"a\eb"', r'"a\Nb"', r'"a\Lb"', r'"a\Pb"', r'"a\_b"', r'"a\ud800b"', r'"\udfff"',
    r'"\x7f{: autofocus onfocus=alert(1) }"', r'"\x85[x](javascript:alert(1))"', r'"\ufeff---"',
)  # fmt: skip
"""Double-quoted texts with YAML escapes: characters a raw file could not carry, written as escapes."""

BOUND_DATES = (
    "0001-01-01", "0001-01-02", "1969-12-31", "1970-01-01", "2038-01-19", "9998-12-31", "9999-12-30", "9999-12-31",
)  # fmt: skip


@dataclass(frozen=True)
class Raw:
    """YAML written by hand, put as it is where a value goes: escapes, deep flow nesting, huge numbers."""

    text: str


class Styled(str):
    """A text and the YAML scalar style a partner chose for it (PyYAML falls back when it cannot)."""

    style: str | None

    def __new__(cls, text: str, style: str | None) -> Styled:
        styled = super().__new__(cls, text)
        styled.style = style
        return styled


# --- Writing YAML -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    Styled, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=data.style)
)


def double_quoted(text: str, escape_all: bool) -> str:
    """A double-quoted YAML scalar written by hand: every non-ASCII or control character as an
    escape (``"\\x7f"``, ``"\\u2028"``), or only quotes and backslashes escaped and the rest raw."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif not escape_all or 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


TEXT_STYLES = (None, None, None, "'", '"', "|", ">", "escaped", "raw")


def styled(text: str, rng: random.Random) -> object:
    """``text`` as one of the ways a partner could write it."""
    style = rng.choice(TEXT_STYLES)
    if style == "escaped":
        return Raw(double_quoted(text, escape_all=True))
    if style == "raw":
        return Raw(double_quoted(text, escape_all=False))
    return Styled(text, style)


def _with_styles(data: Any, rng: random.Random, raws: dict[str, str]) -> Any:
    """Copy of ``data`` with texts styled and :class:`Raw` values replaced by plain placeholders."""
    if isinstance(data, Raw):
        token = f"zzraw{len(raws)}zz"
        raws[token] = data.text
        return token
    if isinstance(data, dict):
        return {key: _with_styles(value, rng, raws) for key, value in data.items()}
    if isinstance(data, list):
        short = len(data) <= 50  # a long list keeps PyYAML's choice: no draw per item
        return [_with_styles(item, rng if short else random.Random(0), raws) for item in data]
    if isinstance(data, str) and not isinstance(data, Styled) and data and rng.random() < 0.3:
        return _with_styles(styled(data, rng), rng, raws)
    return data


def write_yaml(data: Any, rng: random.Random, header: str = "") -> str:
    """YAML text for ``data``: block or flow collections, styled scalars, raw snippets."""
    raws: dict[str, str] = {}
    prepared = _with_styles(data, rng, raws)
    text = yaml.dump(
        prepared,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=rng.choice((False, None)),
        width=rng.choice((80, 10**6)),
    )
    for token in sorted(raws, key=len, reverse=True):  # zzraw12zz before zzraw1zz
        text = text.replace(token, raws[token])
    return header + text


# --- Values ---------------------------------------------------------------------------------------


def hostile_text(max_size: int = 12) -> st.SearchStrategy[str]:
    """Text from every Unicode category (controls, format characters, separators, non-characters…)
    mixed with snippets that mean something to YAML, Markdown, HTML, CSV or iCalendar."""
    piece = st.one_of(st.characters(), st.characters(codec="ascii"), st.sampled_from(FRAGMENTS))
    return st.lists(piece, min_size=1, max_size=max_size).map("".join)


def safe_text(max_size: int = 30) -> st.SearchStrategy[str]:
    alphabet = st.characters(categories=("L", "N"), max_codepoint=0x17F) | st.sampled_from(" ,.'’-")
    return st.text(alphabet, min_size=1, max_size=max_size).filter(str.strip)


def _printable(fragment: str) -> bool:
    return all(unicodedata.category(char)[0] in "LMNPS" or char == " " for char in fragment)


PRINTABLE_FRAGMENTS = tuple(fragment for fragment in FRAGMENTS if _printable(fragment))


def markup_text(max_size: int = 8) -> st.SearchStrategy[str]:
    """Printable text only (what a validator must accept), full of Markdown, HTML, attribute-list,
    link and formula syntax: what must reach every page and export as inert text."""
    printable = st.characters(categories=("L", "M", "N", "P", "S"))
    piece = st.one_of(printable, st.just(" "), st.sampled_from(PRINTABLE_FRAGMENTS))
    return st.lists(piece, min_size=1, max_size=max_size).map("".join).filter(str.strip)


def text(max_size: int = 30) -> st.SearchStrategy[str]:
    """A text field's value: plain, or printable with markup (any character at all: ``targeted``)."""
    return st.one_of(safe_text(max_size), markup_text(max(1, max_size // 8)))


def huge_integer() -> st.SearchStrategy[Raw]:
    """A plain integer of hundreds to thousands of digits, written as digits (no ``int`` in between)."""
    digits = st.sampled_from((300, 4301, 5000, 20000))
    return st.builds(lambda count, sign: Raw(sign + "9" * count), digits, st.sampled_from(("", "-")))


def deep_nesting() -> st.SearchStrategy[Raw]:
    """Flow collections nested hundreds of levels deep."""

    def nest(depth: int, kind: str) -> Raw:
        if kind == "list":
            return Raw("[" * depth + "x" + "]" * depth)
        return Raw("{a: " * depth + "x" + "}" * depth)

    return st.builds(nest, st.sampled_from((100, 300, 600, 1200)), st.sampled_from(("list", "map")))


def markdown_nesting() -> st.SearchStrategy[str]:
    """Markdown nested hundreds of levels: lists, quotes, emphasis, links."""
    marks = st.sampled_from(("- ", "> ", "* ", "1. ", "- > ", "[", "*", "_", "`"))
    return st.builds(lambda mark, depth: mark * depth + "x", marks, st.sampled_from((50, 200, 400, 1000, 2000)))


def long_list() -> st.SearchStrategy[list[str]]:
    """Very long lists of short words, some with duplicates (38,000 keywords fit in 256 KB)."""

    def build(size: int, distinct: int) -> list[str]:
        return [f"{index % distinct:x}" for index in range(size)]

    return st.builds(build, st.sampled_from((31, 101, 5000, 38000)), st.sampled_from((10**9, 1000, 2)))


def wrong_value() -> st.SearchStrategy[object]:
    """Any value of any shape, for any key."""
    return st.one_of(
        st.sampled_from((None, True, False, 0, -1, 7, 4300, "", " ", "x", [], {}, [[]], [{}], {"a": 1}, ["x"])),
        st.sampled_from((Raw("1.5"), Raw("1e3"), Raw(".inf"), Raw("0x1F"), Raw("0o17"), Raw("~"), Raw("''"))),
        st.integers(),
        st.sampled_from(ESCAPED_TEXTS).map(Raw),
        hostile_text(),
        huge_integer(),
        deep_nesting(),
        long_list(),
        st.sampled_from(BOUND_DATES),
    )


def date_text() -> st.SearchStrategy[str]:
    """A calendar date as ``AAAA-MM-JJ``, often at the ends of the calendar."""
    days = st.dates(dt.date(2020, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat)
    return st.one_of(days, st.sampled_from(BOUND_DATES))


# --- A valid module, from the schema --------------------------------------------------------------


@st.composite
def _level(draw: st.DrawFn, level: str) -> dict[str, Any]:
    duration = draw(st.integers(5, 6000))
    entry: dict[str, Any] = {
        "niveau": level,
        "objectifs": draw(st.lists(text(60), min_size=1, max_size=3)),
        "duree_minutes": duration,
    }
    if draw(st.booleans()):
        entry["seance_max_minutes"] = draw(st.integers(5, min(480, duration)))
    entry["formats"] = draw(st.lists(st.sampled_from(FORMATS), min_size=1, max_size=4, unique=True))
    gains = st.fixed_dictionaries({"competence": st.sampled_from(COMPETENCES), "niveau": st.sampled_from(LEVELS)})
    entry["competences"] = draw(st.lists(gains, min_size=1, max_size=3))
    return entry


@st.composite
def _session(draw: st.DrawFn, levels: list[dict[str, Any]]) -> dict[str, Any]:
    level = draw(st.sampled_from(levels))
    start = draw(st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(0, 3)))
    deadline = start - dt.timedelta(days=draw(st.integers(0, 30)))
    return {
        "niveau": level["niveau"],
        "format": draw(st.sampled_from(level["formats"])),
        "ville": draw(text(40)),
        "debut": start.isoformat(),
        "fin": end.isoformat(),
        "places": draw(st.integers(1, 500)),
        "date_limite_inscription": deadline.isoformat(),
    }


def _session_key(session: dict[str, Any]) -> tuple[str, ...]:
    return (session["niveau"], session["format"], session["ville"], session["debut"])


NEW_IDS = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True).filter(lambda i: i not in MODULES)


@st.composite
def valid_module(draw: st.DrawFn) -> dict[str, Any]:
    """A module that follows the schema and the cross-file rules over the mini catalogue; its texts
    may hold any character YAML can carry."""
    levels = sorted(draw(st.sets(st.sampled_from(LEVELS), min_size=1, max_size=4)), key=LEVELS.index)
    module: dict[str, Any] = {
        "id": draw(NEW_IDS),
        "titre": draw(text(160)),
        "resume": draw(text(200)),
        "description": draw(text(400)),
        "domaine": draw(st.sampled_from(DOMAINS)),
        "partenaires": draw(st.lists(st.sampled_from(PARTNERS), min_size=1, max_size=2, unique=True)),
        "langue": draw(st.sampled_from(("fr", "en"))),
        "statut": draw(st.sampled_from(("disponible", "bientôt", "archivé"))),
        "derniere_revue": draw(st.dates(dt.date(2024, 1, 1), dt.date(2026, 11, 17)).map(dt.date.isoformat)),
        "inscription": "https://ads.example/" + draw(st.sampled_from(("x", "inscription?a=1&b=2", "é#x"))),
    }
    if draw(st.booleans()):
        module["prerequis"] = draw(st.lists(st.sampled_from(MODULES), max_size=2, unique=True))
    if draw(st.booleans()):
        module["mots_cles"] = draw(st.lists(text(20), max_size=5, unique=True))
    module["niveaux"] = [draw(_level(level)) for level in levels]
    sessions = draw(st.lists(_session(module["niveaux"]), max_size=3, unique_by=_session_key))
    if sessions:
        module["sessions"] = sessions
    return module


# --- Mutations ------------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def value_paths(data: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every path to a value below ``data`` (only the first items of a long list)."""
    paths: list[Path_] = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            paths += value_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data[:5]):
            paths += value_paths(value, (*prefix, index))
    return paths


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _parent(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _set(data: dict[str, Any], path: Path_, value: object) -> None:
    _parent(data, path)[path[-1]] = value


def _delete(data: dict[str, Any], path: Path_) -> None:
    parent = _parent(data, path)
    del parent[path[-1]]


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with one mutation: a value replaced, a key removed or added."""
    path = draw(st.sampled_from(value_paths(data)))
    action = draw(st.sampled_from(("set", "set", "delete", "extra")))
    if action == "set":
        _set(data, path, draw(wrong_value()))
    elif action == "delete":
        _delete(data, path)
    else:
        target = _parent(data, path)
        if isinstance(target, dict):  # a key of no schema, a near miss of a real one, or any text
            key = draw(st.one_of(hostile_text(4), st.sampled_from(("Titre", "titre ", "niveaux2", "onclick"))))
            target[key] = draw(wrong_value())
    return data


def free_text_paths(module: dict[str, Any]) -> list[Path_]:
    """Paths of the free texts of a module: title, summary, description, keywords, objectives, cities."""
    return [
        path
        for path in value_paths(module)
        if isinstance(_get(module, path), str)
        and (path[0] in ("titre", "resume", "description", "mots_cles") or "objectifs" in path or "ville" in path)
    ]


@st.composite
def targeted(draw: st.DrawFn, module: dict[str, Any]) -> dict[str, Any]:
    """A mutation that keeps the module valid by the schema but pushes one value to an edge."""
    edges = ("review", "session", "twins", "id", "markdown", "keywords", "escapes", "url", "text", "text")
    edge = draw(st.sampled_from(edges))
    if edge == "review":
        module["derniere_revue"] = draw(st.sampled_from(BOUND_DATES))
    elif edge == "session" and module.get("sessions"):
        session = module["sessions"][0]
        start = draw(st.sampled_from(BOUND_DATES))
        session["debut"] = session["date_limite_inscription"] = start
        session["fin"] = draw(st.sampled_from([d for d in BOUND_DATES if d >= start]))
    elif edge == "twins" and module.get("sessions"):  # same level, format, city and day: one event?
        module["sessions"].append({**module["sessions"][0], "places": module["sessions"][0]["places"] % 500 + 1})
    elif edge == "url":
        module["inscription"] = "https://ads.example/" + draw(st.sampled_from(("\x7f", "\x85", "a\u2028b", "＝")))
    elif edge == "id":
        module["id"] = draw(st.sampled_from(HOSTILE_IDS))
    elif edge == "markdown":
        module["description"] = draw(markdown_nesting())
    elif edge == "keywords":
        module["mots_cles"] = draw(long_list())
    elif edge == "escapes":
        module[draw(st.sampled_from(("titre", "resume", "description")))] = Raw(draw(st.sampled_from(ESCAPED_TEXTS)))
    elif edge == "text":
        _set(module, draw(st.sampled_from(free_text_paths(module))), draw(hostile_text()))
    return module


@dataclass(frozen=True)
class ModuleCase:
    """One partner module file: its name below ``catalog/modules/``, its text and how it is laid out."""

    name: str
    text: str
    layout: str = "file"


LAYOUTS = ("file",) * 12 + ("folder", "symlink", "dangling-symlink", "yaml-extension", "subfolder", "symlink-dir")
"""How the module reaches ``catalog/modules/``: mostly a regular file."""


def file_stem(module_id: object) -> str:
    """A partner names the file after the id, when the id can name a file."""
    if isinstance(module_id, str) and module_id and "/" not in module_id and module_id not in (".", ".."):
        return module_id
    return "nouveau"


@st.composite
def module_cases(draw: st.DrawFn, mutations: int = 3) -> ModuleCase:
    """A module file a partner could write: valid, pushed to an edge, or broken in up to
    ``mutations`` ways."""
    module = draw(valid_module())
    for _ in range(draw(st.integers(0, 2))):
        module = draw(targeted(module))
    for _ in range(draw(st.integers(0, mutations))):
        module = draw(mutated(module))
    rng = draw(st.randoms(use_true_random=False))
    header = SCHEMA_LINE if draw(st.booleans()) else ""
    text = write_yaml(module, rng, header)
    return ModuleCase(file_stem(module.get("id")) + ".yml", text, draw(st.sampled_from(LAYOUTS)))


@st.composite
def plausible_cases(draw: st.DrawFn) -> tuple[ModuleCase, str]:
    """A module valid by the schema (markup in its texts, maybe one value at an edge) and a registry
    whose extra keys redirect to real pages: inputs ``--check`` may well accept, to build."""
    module = draw(valid_module())
    if draw(st.booleans()):
        module = draw(targeted(module))
    rng = draw(st.randoms(use_true_random=False))
    registry = draw(registry_texts([*MODULES, module["id"]], wild=False))
    return ModuleCase(file_stem(module["id"]) + ".yml", write_yaml(module, rng, SCHEMA_LINE)), registry


# --- URL registries (catalog/urls.yml) --------------------------------------------------------------


def _code() -> st.SearchStrategy[object]:
    return st.one_of(
        st.sampled_from((True, False, 0, -1, -(10**20), None, "12", "", [], {})),
        st.sampled_from((Raw("1" + "0" * 300), Raw("9" * 5000), Raw("0x10"), Raw("1.0"))),
        st.integers(1, 10**6),
    )


def _published() -> st.SearchStrategy[object]:
    return st.one_of(
        date_text(),
        st.sampled_from(("10000-01-01", "2026-02-30", "0000-01-01", "2026-1-1", "20261117", "", None, True, 20261117)),
    )


@st.composite
def _entry(draw: st.DrawFn, code: int, targets: list[str], wild: bool) -> dict[str, Any]:
    """A registry entry for a page that is gone, so (unless ``wild`` says otherwise) a redirection."""
    published = st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 17)).map(dt.date.isoformat)
    entry: dict[str, Any] = {"code": code, "publie_le": draw(date_text() if wild else published)}
    if not wild or draw(st.integers(0, 3)) > 0:
        entry["redirection"] = draw(st.sampled_from(targets))
    return entry


@st.composite
def registries(draw: st.DrawFn, module_ids: list[str], wild: bool = True) -> object:
    """A registry whose entries name existing pages (or redirect to one), then pushed to its edges:
    keys that are paths or reserved names, codes that are booleans or huge, dates out of range; and
    when ``wild``, any key at all and sections or entries of the wrong kind."""
    data: dict[str, Any] = {}
    for kind, ids in (("modules", module_ids), ("parcours", PERSONAS)):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        data[kind] = {item: {"code": code, "publie_le": "2026-01-05"} for code, item in enumerate(chosen, start=1)}
    keys = st.one_of(st.sampled_from(HOSTILE_IDS), hostile_text(3) if wild else st.sampled_from(OLD_IDS))
    for _ in range(draw(st.integers(0, 3 if wild else 2))):
        kind = draw(st.sampled_from(("modules", "parcours")))
        targets = module_ids if kind == "modules" else PERSONAS
        data[kind][draw(keys)] = draw(_entry(len(data[kind]) + 1, targets, wild))
    for _ in range(draw(st.sampled_from((0, 1, 2) if wild else (0, 0, 1)))):
        data = draw(_registry_mutation(data, module_ids, wild))
    return data


@st.composite
def _registry_mutation(draw: st.DrawFn, data: Any, module_ids: list[str], shapes: bool) -> Any:
    kind = draw(st.sampled_from(("modules", "parcours")))
    section = data.get(kind) if isinstance(data, dict) else None
    kinds = ("code", "code", "date", "date", "target") + (("section", "root", "entry") if shapes else ())
    what = draw(st.sampled_from(kinds))
    if what in ("code", "date", "entry", "target") and isinstance(section, dict) and section:
        entry = section[draw(st.sampled_from(list(section)))]
        if not isinstance(entry, dict):
            return data
        if what == "code":
            entry["code"] = draw(_code())
        elif what == "date":
            entry["publie_le"] = draw(_published())
        elif what == "entry":
            entry[draw(st.sampled_from(("redirection", "remplace_par", "Code", "autre")))] = draw(wrong_value())
        else:
            key = draw(st.sampled_from(("redirection", "remplace_par")))
            entry[key] = draw(st.sampled_from([*module_ids, *PERSONAS, *HOSTILE_IDS]))
    elif what == "section" and isinstance(data, dict):
        data[kind] = draw(st.sampled_from((None, [], "", "x", ["a", "b"], 3, [{"code": 1}])))
    elif what == "root" and isinstance(data, dict):
        data = draw(st.sampled_from((None, [], "modules", [{"modules": {}}], {**data, "autres": {}})))
    return data


@st.composite
def registry_texts(draw: st.DrawFn, module_ids: list[str], wild: bool = True) -> str:
    rng = draw(st.randoms(use_true_random=False))
    return write_yaml(draw(registries(module_ids, wild)), rng)
