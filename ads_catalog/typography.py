"""French typography, applied at the root: the spaces the Imprimerie nationale's rules call for,
in plain text (:func:`typeset`) and in the text nodes of an HTML page (:func:`typeset_html`).

* before « ; ! ? » and « : », and inside « », a narrow no-break space (U+202F, « espace fine
  insécable »): the space is then kept with its word at a line break and has the width the rules
  give it (the Imprimerie nationale asks for a full-width space before « : »; narrow everywhere is
  the usual screen practice, and one rule is easier to keep than two);
* between groups of three digits (« 100 000 »), a narrow no-break space as well;
* after « n° », a no-break space (U+00A0): it is a word space that must not break.

Only a space that is already there is changed (« 9:30 », « http:// », « ;) » are left alone: the
mark must be followed by a space or the end of the text), except a guillemet with no space inside,
which gets one. Pure functions: no I/O, same input, same output.
"""

from __future__ import annotations

import functools
import re

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

_SPACE = r"[ \t\n\r\u00a0\u202f]+"
_NO_SPACE_BEFORE = r"(?<![ \t\n\r\u00a0\u202f])"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # a space before « : » or « ; » followed by a space or the end (not « :) », « 9 :30 »)
    (re.compile(rf"{_SPACE}([:;])(?=\s|$)"), NARROW_NBSP + r"\1"),
    # a space before « ! » or « ? », followed by a space, the end or closing punctuation (« ?! », « ?) »)
    (re.compile(rf"{_SPACE}([!?])(?=\s|$|[!?)\]»….,])"), NARROW_NBSP + r"\1"),
    # inside guillemets: the space there becomes narrow, a missing one is added
    (re.compile(rf"«(?:{_SPACE})?"), "«" + NARROW_NBSP),
    (re.compile(rf"(?:{_SPACE})»|{_NO_SPACE_BEFORE}»"), NARROW_NBSP + "»"),
    # « n° 1356 »
    (re.compile(r"\b([nN]°)[ \u202f](?=\w)"), r"\1" + NBSP),
)
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d.,]?\d)")
"""« 100 000 », « 1 234 567 »: groups of three after a first group of one to three digits."""


_TRIGGERS = re.compile(r"[:;!?«»°]|\d[ \u00a0]\d")
"""What every rule needs to find in a text (a sign, or a digit, a space and a digit): most text nodes
of a page have none, and one search is much cheaper than the rules (hooks/typography.py runs this
on every page of the site)."""


@functools.lru_cache(maxsize=1 << 16)
def typeset(text: str) -> str:
    """``text`` with French spacing: see the module docstring. Cached: the same labels, banner and
    headings come back on every page."""
    if not _TRIGGERS.search(text):
        return text
    for (pattern, replacement), signs in zip(_RULES, _RULE_SIGNS, strict=True):
        if any(sign in text for sign in signs):
            text = pattern.sub(replacement, text)
    if not _DIGIT_PAIR.search(text):
        return text
    return _DIGIT_GROUPS.sub(lambda m: re.sub("[ \u00a0]", NARROW_NBSP, m.group(0)), text)


_RULE_SIGNS = (":;", "!?", "«", "»", "°")
"""The signs each rule of :data:`_RULES` needs, one of them at least (no rule adds any)."""
_DIGIT_PAIR = re.compile(r"\d[ \u00a0]\d")


_SKIPPED = ("code", "pre", "script", "style", "textarea", "kbd", "samp")
_TOKENS = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|</?[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL,
)
_SPLIT = re.compile(f"({_TOKENS.pattern})", re.DOTALL)
_SEPARATOR = "\0"
_SKIPPED_TAG = re.compile(
    _SEPARATOR + "</?(?:" + "|".join("".join(f"[{c.upper()}{c}]" for c in name) for name in _SKIPPED) + r")(?![^\s/>])"
)
"""A tag whose name, in any case, is one of :data:`_SKIPPED`, at the start of a token (after the
separator :func:`_indices` puts before each)."""


def typeset_html(html: str) -> str:
    """``html`` with :func:`typeset` applied to its text nodes only: never inside a tag (attribute
    values), a comment, nor the content of ``<code>``, ``<pre>``, ``<script>``, ``<style>``,
    ``<textarea>``, ``<kbd>``, ``<samp>``. Entities are left as they are.

    The hook runs this on every page of the site: the page is split into text, tag, text, tag, …
    by one regex; the skipped elements' tags are found by one search over the joined tags, and only
    the text nodes outside them are searched for a sign (a page's scripts alone hold hundreds of
    colons; most text nodes are blank)."""
    if _SEPARATOR in html or not _TRIGGERS.search(html):
        return html  # a NUL character is a parse error in HTML: such a page is left as it is
    parts = _SPLIT.split(html)
    texts, search = parts[0::2], _TRIGGERS.search
    for start, stop in _outside_skipped(parts[1::2], len(texts)):
        signed = [offset for offset, text in enumerate(texts[start:stop]) if text.strip() and search(text)]
        for offset in signed:
            parts[2 * (start + offset)] = typeset(texts[start + offset])
    return "".join(parts)


def _outside_skipped(tags: list[str], text_count: int) -> list[tuple[int, int]]:
    """Ranges of text nodes outside any skipped element (text node ``k`` follows tag ``k - 1``)."""
    ranges, start, depth = [], 0, 0
    for index in _indices(tags, _SKIPPED_TAG):
        if tags[index].endswith("/>"):
            continue
        if tags[index].startswith("</"):
            if depth == 1:
                start = index + 1
            depth = max(0, depth - 1)
        else:
            if depth == 0:
                ranges.append((start, index + 1))
            depth += 1
    if depth == 0:
        ranges.append((start, text_count))
    return ranges


def _indices(nodes: list[str], pattern: re.Pattern[str]) -> list[int]:
    """Which of ``nodes`` ``pattern`` finds something in (in order, each once), with one search over
    the nodes joined, each after a separator none of them contains."""
    joined = _SEPARATOR + _SEPARATOR.join(nodes)
    found, node, position = [], -1, 0
    for match in pattern.finditer(joined):
        node += joined.count(_SEPARATOR, position, match.start() + 1)
        position = match.start() + 1
        if not found or found[-1] != node:
            found.append(node)
    return found
