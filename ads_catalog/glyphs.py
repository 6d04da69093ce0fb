"""Text set from cached glyphs, as Pillow's FreeType rendering (raqm layout) sets it, at a fraction
of its cost: each glyph of a face is rasterised once per process (its coverage mask, offset and
advance), each kerning pair measured once; a text is then its glyphs pasted at their pen positions.

Pillow lays out a text with HarfBuzz (pairwise kerning for Lato, positions in 1/64 pixel), puts
each glyph at its pen position rounded half up, and lays a glyph over its neighbour as white pasted
through the glyph's coverage: doing the same gives the same pixels (checked on every card of the
synthetic catalogue, BENCHMARKS.md « Cartes et QR codes, session 3 »). Lato's ligatures « fi » and
« fl » (its only ones: every other pair of the French alphabet, digits and punctuation renders as
its two glyphs) are set as one unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image, ImageFont

MARKS = "[\u0300-\u036f]"  # combining accents
UNITS = re.compile(f"f[il](?!{MARKS})|.{MARKS}*", re.DOTALL)  # a ligature, else a character and its accents


@dataclass(frozen=True)
class Glyph:
    mask: Any  # coverage 0–255 (Pillow's core image, pasted without the wrapper's checks); None: blank
    size: tuple[int, int]
    offset: tuple[int, int]  # top-left corner from the pen position on the baseline
    advance: float  # in pixels, a multiple of 1/64


@cache
def _glyph(face: ImageFont.FreeTypeFont, unit: str) -> Glyph:
    core, offset = face.getmask2(unit, mode="L", anchor="ls")
    return Glyph(core if all(core.size) else None, core.size, offset, face.getlength(unit))


@cache
def _kerning(face: ImageFont.FreeTypeFont, left: str, right: str) -> float:
    return face.getlength(left + right) - _glyph(face, left).advance - _glyph(face, right).advance


def _set(face: ImageFont.FreeTypeFont, text: str) -> tuple[list[tuple[Glyph, float]], float]:
    """Each glyph of ``text`` with its pen position, and the text's advance width."""
    placed: list[tuple[Glyph, float]] = []
    x, previous = 0.0, ""
    for unit in UNITS.findall(text):
        if previous:
            x += _kerning(face, previous, unit)
        glyph = _glyph(face, unit)
        placed.append((glyph, x))
        x += glyph.advance
        previous = unit
    return placed, x


def length(face: ImageFont.FreeTypeFont, text: str) -> float:
    """What ``face.getlength(text)`` says, from cached advances and kerning pairs."""
    return _set(face, text)[1]


def coverage(face: ImageFont.FreeTypeFont, text: str, anchor: str) -> tuple[Image.Image, tuple[int, int]] | None:
    """The text's coverage (0–255) and its top-left corner from the anchor point (``ls``: left of
    the baseline, ``la``: left of the ascender line), or None for a blank text."""
    baseline = {"ls": 0, "la": face.getmetrics()[0]}[anchor]
    placed = [(g, math.floor(x + 0.5) + g.offset[0], g.offset[1]) for g, x in _set(face, text)[0] if g.mask]
    if not placed:
        return None
    left, top = min(p[1] for p in placed), min(p[2] for p in placed)
    right, bottom = max(p[1] + p[0].size[0] for p in placed), max(p[2] + p[0].size[1] for p in placed)
    out = Image.new("L", (right - left, bottom - top))
    for glyph, x, y in placed:
        width, height = glyph.size
        out.im.paste(255, (x - left, y - top, x - left + width, y - top + height), glyph.mask)
    return out, (left, top + baseline)
