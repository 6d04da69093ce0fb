"""Small helpers shared by the stages: dates as read in French and their bounds, the one fold and sort key."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
"""Every date of the catalogue lies between these: far enough from the calendar's ends that a
day after, a few months after (review reminders) or an iCalendar end date can always be written."""

FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_date(day: dt.date) -> str:
    """« 1er mars 2027 », « 14 janvier 2027 »."""
    return f"{day.day}{'er' if day.day == 1 else ''} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def french_dates(start: dt.date, end: dt.date) -> str:
    """A session's days: « 9 février 2027 », or « 9 février 2027 – 11 février 2027 »."""
    return french_date(start) if end == start else f"{french_date(start)} – {french_date(end)}"


_LIGATURES = {"œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE"}


def fold(text: str) -> str:
    """Accents removed and ligatures expanded, case kept: « Cœur, ÉTÉ » → « Coeur, ETE ». The
    search pipeline folds with it (``recherche-fr.js`` does the same in the browser)."""
    if text.isascii():  # nothing to fold (most words and every id): skip both normalisations
        return text
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    for ligature, expansion in _LIGATURES.items():
        bare = bare.replace(ligature, expansion)
    return unicodedata.normalize("NFC", bare)


def sort_key(text: str) -> str:
    """The one key for sorting A–Z and for matching what people type: folded, case-free
    (« Éthique » sorts with the E, not after Z)."""
    return fold(text).casefold()


def is_visible(char: str) -> bool:
    """Printable, or a space of any width. Everything else — controls, format characters
    (zero-width, bidi), surrogates, private use, unassigned code points, U+2028/U+2029 — is
    invisible: refused in partner text, escaped when a message quotes it."""
    return char.isprintable() or unicodedata.category(char) == "Zs"


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by hyphens: « Saint-Étienne » → « saint-etienne »."""
    return re.sub(r"[^a-z0-9]+", "-", sort_key(text)).strip("-") or "x"


def event_key(level_id: str, format_id: str, start: dt.date | str, city: str) -> str:
    """What tells two sessions of one module apart in a calendar (their UIDs are built from it)."""
    return f"{level_id}-{format_id}-{str(start).replace('-', '')}-{slug(city)}"
