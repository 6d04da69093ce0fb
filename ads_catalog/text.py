"""Small helpers shared by the stages: dates as read in French and their bounds, comparable strings."""

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


def comparable(text: str) -> str:
    """Case and accents removed, for sorting A–Z and for matching what people type."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by hyphens: « Saint-Étienne » → « saint-etienne »."""
    return re.sub(r"[^a-z0-9]+", "-", comparable(text)).strip("-") or "x"


def event_key(level_id: str, format_id: str, start: dt.date | str, city: str) -> str:
    """What tells two sessions of one module apart in a calendar (their UIDs are built from it)."""
    return f"{level_id}-{format_id}-{str(start).replace('-', '')}-{slug(city)}"
