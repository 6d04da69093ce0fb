"""Small French text helpers shared by the stages: dates as read in French, comparable strings."""

from __future__ import annotations

import datetime as dt
import unicodedata

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
