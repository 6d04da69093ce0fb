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

import bisect
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


def typeset(text: str) -> str:
    """``text`` with French spacing: see the module docstring."""
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
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")


def typeset_html(html: str) -> str:
    """``html`` with :func:`typeset` applied to its text nodes only: never inside a tag (attribute
    values), a comment, nor the content of ``<code>``, ``<pre>``, ``<script>``, ``<style>``,
    ``<textarea>``, ``<kbd>``, ``<samp>``. Entities are left as they are."""
    parts = _SPLIT.split(html)  # text, tag, text, tag, …, text: the loops below stay in C for most nodes
    opened = [i for i in range(1, len(parts), 2) if _SKIPPED_TAG.match(parts[i]) and not parts[i].endswith("/>")]
    depths, depth = [], 0  # how many skipped elements are open after each of them
    for index in opened:
        depth = max(0, depth - 1) if parts[index].startswith("</") else depth + 1
        depths.append(depth)
    for index in [i for i in range(0, len(parts), 2) if _TRIGGERS.search(parts[i])]:
        before = bisect.bisect_left(opened, index)
        if not before or not depths[before - 1]:
            parts[index] = typeset(parts[index])
    return "".join(parts)


_SPLIT = re.compile(f"({_TOKENS.pattern})", re.DOTALL)
_SKIPPED_TAG = re.compile(
    "</?(?:" + "|".join("".join(f"[{c.upper()}{c}]" for c in name) for name in _SKIPPED) + r")(?![^\s/>])"
)
"""A tag whose name, in any case, is one of :data:`_SKIPPED` (as ``_TAG_NAME`` then ``lower()``)."""
