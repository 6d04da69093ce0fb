"""Turn untrusted partner text into HTML that cannot carry script, whatever it contains."""

from __future__ import annotations

import contextlib
import html
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from ads_catalog.work_cache import Memo, digest, open_memo, salt

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https", "mailto"}


MAX_NESTING = 8
"""Levels of lists and quotes a description may nest: Python-Markdown recurses a few frames per
level, so a bound far below the recursion limit keeps rendering safe wherever it is called from."""
_CONTAINER = re.compile(r"(?:>|[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)[ \t]*")
_VALIDATION_MARGIN = 200
"""Stack frames fewer than the renderer will have that a description must render within when it is
validated, so that whatever passes validation renders from the deeper stack of a template."""


class MarkdownTooDeepError(ValueError):
    """The Markdown nests deeper than the renderer can follow."""


def markdown_nesting(text: str) -> tuple[int, str] | None:
    """The nesting depth and text of the first line that nests lists or quotes (by markers or by
    indentation) deeper than :data:`MAX_NESTING`, or ``None``."""
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" \t"))
        position, markers = indent, 0
        while match := _CONTAINER.match(line, position):
            position, markers = match.end(), markers + 1
        depth = markers + indent // 2
        if depth > MAX_NESTING:
            return depth, line
    return None


def raw_markdown_html(text: str, *, margin: int = _VALIDATION_MARGIN) -> str:
    """Partner Markdown as HTML before cleaning, raw HTML in the source escaped (shown as text
    instead of vanishing). Raises :class:`MarkdownTooDeepError` if it cannot be rendered with
    ``margin`` frames less than the stack allows."""
    done = _rendered.get(text)
    if done is not None and done[0] >= margin:  # rendered already, with as few frames or fewer
        return done[1]
    stored = _memo.get(digest(text)) if _memo is not None and margin <= _VALIDATION_MARGIN else None
    if isinstance(stored, str):  # rendered by an earlier build within the validation margin
        _rendered[text] = (_VALIDATION_MARGIN, stored)
        return stored
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit - margin)
    try:
        rendered = _RENDERER.reset().convert(html.escape(text, quote=False))
    except RecursionError as error:
        raise MarkdownTooDeepError(str(error)) from None
    finally:
        sys.setrecursionlimit(limit)
    if len(_rendered) > _RENDERED_MAX:  # a long ``mkdocs serve`` session
        _rendered.clear()
    _rendered[text] = (margin, rendered)
    if _memo is not None and margin >= _VALIDATION_MARGIN:
        _memo.put(digest(text), rendered)
    return rendered


@contextlib.contextmanager
def remembered_renders(memo_folder: Path | None) -> Iterator[None]:
    """Partner Markdown an earlier build rendered is not rendered again (memo « markdown »,
    :mod:`ads_catalog.work_cache`): it keeps the texts that rendered within the validation margin,
    which any later render (with a smaller margin) may reuse. Validation renders every description."""
    global _memo
    versions = (f"markdown {markdown.__version__}",)
    _memo = open_memo(memo_folder, "markdown", salt(("sanitize",), versions=versions) if memo_folder else "")
    try:
        yield
    finally:
        _memo.save()
        _memo = None


_RENDERER = markdown.Markdown(output_format="html")
"""One renderer, reset before each text: building one per call cost a third of the rendering."""
_rendered: dict[str, tuple[int, str]] = {}
"""Text → (margin it rendered within, HTML): validation renders every description, then its page."""
_RENDERED_MAX = 100_000
_memo: Memo | None = None
"""The memo of :func:`remembered_renders`, while one is open."""


def markdown_html(text: str) -> Markup:
    """Partner Markdown rendered, then cleaned by an allow-list (links: https and mailto only)."""
    rendered = raw_markdown_html(text, margin=0)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


_YAML_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r"}
_YAML_ESCAPES |= {"\x1b": "e", "\x85": "N", "\u2028": "L", "\u2029": "P"}
_YAML_UNSAFE = re.compile("[\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]")
"""What PyYAML's emitter escapes in a double-quoted scalar with ``allow_unicode``
(``Emitter.write_double_quoted``), but for ``"`` and ``\\``, escaped first by plain replacements
(JSON-LD is full of them: one callback each cost more than the rest of the escaping)."""


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _YAML_ESCAPES:
        return "\\" + _YAML_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def yaml_scalar(text: str) -> Markup:
    """``text`` as a double-quoted YAML scalar on one line, escaped exactly as PyYAML's own emitter
    does (``yaml.dump(text, default_style='"', allow_unicode=True, width=sys.maxsize)``, without its
    cost: the pure-Python emitter took a quarter of the generator's time on JSON-LD at 1,000 modules):
    any string (control characters, U+2028, astral characters…) reads back identically with the
    pure-Python loader MkDocs uses for front matter, which never falls back to showing it as text."""
    quoted = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return Markup('"' + _YAML_UNSAFE.sub(_yaml_escape, quoted) + '"')


def front_matter_value(text: str) -> Markup:
    """A YAML front-matter scalar for MkDocs: HTML-escaped (Material writes page meta unescaped
    into ``<head>`` and ``<h1>``), then quoted by :func:`yaml_scalar`."""
    return yaml_scalar(html.escape(text))


def script_json(data: Any) -> Markup:
    """JSON safe to place inside ``<script>``: no ``<``, ``>`` or ``&`` can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
