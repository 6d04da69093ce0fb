"""Sharing images: social cards (OpenGraph/Twitter) for every module and learning path, and the
QR codes printed on path pages.

Cards are drawn by Pillow with the Lato font shipped by the ``font-lato`` package: no network, no
system font. A card or QR code made before comes from the card cache (:mod:`ads_catalog.card_cache`,
keyed by its texts or URL, size, fonts, QR options and :data:`RENDERER_VERSION`); the others are
made over the machine's cores. Drawing copies a background drawn once per process (bars, header,
rule), sets only the texts from glyphs rasterised once per process (:mod:`ads_catalog.glyphs`),
maps the coverage to a fixed palette (each text colour blended with its background in 49 steps)
and deflates only the bands of rows that differ from the background (:mod:`ads_catalog.card_png`).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable
from xml.sax.saxutils import escape

import segno
from PIL import Image, ImageColor, ImageDraw, ImageFont

from ads_catalog import card_cache, card_png, glyphs
from ads_catalog.learning_paths import format_minutes
from ads_catalog.model import Module, Persona, Status
from ads_catalog.site import DEFAULT_CARD, HOST, Site, absolute

CARD_SIZE = (1200, 630)
INK, PAPER, ACCENT, MUTED = "#1a237e", "#ffffff", "#00897b", "#c5cae9"
FACTS, FOOTER = "#263238", "#455a64"
FONTS = ("Black", "Bold", "Regular")
# Change it whenever the drawing changes: every cached card is then drawn anew.
RENDERER_VERSION = "3"
PNG_COMPRESS_LEVEL = 3  # zlib level: 6 (Pillow's default) costs twice as much for 20 % fewer bytes
BLEND_STEPS = 50  # anti-aliasing shades between a text colour and its background


def social_files(site: Site, cache: card_cache.CardCache | None = None) -> dict[str, str | bytes]:
    """Cards and QR codes, keyed by path under ``docs/``; both come from ``cache`` when it has them."""
    catalogue = site.catalogue
    jobs: dict[str, card_cache.Job] = {DEFAULT_CARD: ("site", *site_card(site))}
    for module in catalogue.modules.values():
        jobs[site.card("modules", module.id)] = ("modules", *module_card(site, module))
        jobs[site.qr("modules", module.id)] = ("qr", absolute(site.short("modules", module.id)))
    for persona in catalogue.personas.values():
        jobs[site.card("parcours", persona.id)] = ("parcours", *path_card(site, persona))
        jobs[site.qr("parcours", persona.id)] = ("qr", absolute(site.short("parcours", persona.id)))
    made = card_cache.cached_cards(jobs, renderer_salt(), draw_chunk, cache)
    return {path: data.decode("utf-8") if jobs[path][0] == "qr" else data for path, data in made.items()}


def draw_chunk(jobs: list[card_cache.Job]) -> list[bytes]:
    """Draw cards given as (kind, label, title, facts, footer) and QR codes given as ("qr", url):
    the unit of work of a pool process."""
    return [qr_svg(job[1]).encode("utf-8") if job[0] == "qr" else draw_card(*job[1:]) for job in jobs]


@cache
def renderer_salt() -> str:
    """What every card's and QR code's bytes depend on besides their texts: renderer version, size,
    PNG level, QR options and segno's version, fonts' bytes."""
    qr = f"{QR_OPTIONS} {QR_SCALE} {QR_BORDER} segno {segno.__version__}"
    options = f"{RENDERER_VERSION} {CARD_SIZE} {PNG_COMPRESS_LEVEL} {qr}"
    digest = hashlib.sha256(options.encode())
    for weight in FONTS:
        digest.update(_font_path(weight).read_bytes())
    return digest.hexdigest()


# --- cards --------------------------------------------------------------------------------------


def _font_path(weight: str) -> Traversable:
    return package_files("font_lato") / "files" / f"Lato-{weight}.ttf"


@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_path(weight)), size)


def level_range(site: Site, level_ids: list[str]) -> str:
    levels = site.catalogue.levels
    ranked = sorted({levels[i].rank: levels[i].title.lower() for i in level_ids}.items())
    if not ranked:
        return ""
    first, last = ranked[0][1], ranked[-1][1]
    return f"niveau {first}" if first == last else f"niveaux {first} à {last}"


def module_card(site: Site, m: Module) -> tuple[str, str, str, str]:
    levels = len(m.levels)
    facts = [
        f"{levels} niveau{'x' if levels > 1 else ''}",
        format_minutes(m.duration_minutes),
        level_range(site, [lvl.level_id for lvl in m.levels]),
    ]
    label = {Status.ARCHIVED: "Module archivé", Status.SOON: "Module · bientôt disponible"}.get(m.status, "Module")
    footer = f"{site.catalogue.domains[m.domain_id].title} · {HOST}{site.short('modules', m.id)}"
    return label, m.title, " · ".join(facts), footer


def path_card(site: Site, persona: Persona) -> tuple[str, str, str, str]:
    footer = f"Parcours par métier · {HOST}{site.short('parcours', persona.id)}"
    return "Parcours", persona.title, path_card_facts(site, persona), footer


def path_card_facts(site: Site, persona: Persona) -> str:
    """« 12 étapes · 18 h 30 · niveaux … » : the step count and total the path page shows (a step is
    one level of one module, so a module taken at two levels counts twice, as on the page)."""
    path = site.learning_paths[persona.id]
    steps = len(path.steps)
    facts = [
        f"{steps} étape{'s' if steps > 1 else ''}",
        format_minutes(path.total_minutes),
        level_range(site, [s.level_id for s in path.steps]),
    ]
    return " · ".join(f for f in facts if f)


def site_card(site: Site) -> tuple[str, str, str, str]:
    c = site.catalogue
    facts = f"{len(c.modules)} modules · {len(c.personas)} parcours · {len(c.job_titles)} métiers"
    return "Catalogue de formation", "Le numérique en santé, métier par métier", facts, HOST.rstrip("/")


def draw_card(label: str, title: str, facts: str, footer: str) -> bytes:
    width, height = CARD_SIZE
    image = _background().copy()  # palette indices, see _palette()
    _text(image, (60, 140), label.upper(), font("Bold", 30), ACCENT, "ls")
    title_font, lines = _fit(title, width - 120)
    y = 170
    for line in lines:
        _text(image, (60, y), line, title_font, INK, "la")
        y += int(title_font.size * 1.18)
    _text(image, (60, height - 150), facts, font("Regular", 38), FACTS, "ls")
    _text(image, (60, height - 60), footer, font("Regular", 30), FOOTER, "ls")
    return _encoder().encode(image)  # palette indices + the palette: a "P" PNG


@cache
def _encoder() -> card_png.BandEncoder:
    return card_png.BandEncoder(_background(), bytes(_palette()), PNG_COMPRESS_LEVEL)


# Text colour → background: a card's texts never overlap, each lies on one flat colour.
PAIRS = {PAPER: INK, ACCENT: PAPER, INK: PAPER, FACTS: PAPER, FOOTER: PAPER}
FLATS = (INK, PAPER, ACCENT, MUTED, FACTS, FOOTER)


@cache
def _palette() -> list[int]:
    """The flat colours, then each text colour blended with its background in ``BLEND_STEPS``
    steps (the anti-aliased edges): 251 colours, exact up to 1 % of a step."""
    colours = [ImageColor.getrgb(c) for c in FLATS]
    for ink, paper in PAIRS.items():
        fg, bg = ImageColor.getrgb(ink), ImageColor.getrgb(paper)
        for step in range(1, BLEND_STEPS):
            colours.append(tuple(round(b + (f - b) * step / BLEND_STEPS) for f, b in zip(fg, bg, strict=True)))
    return [channel for colour in colours for channel in colour]


@cache
def _shades(ink: str) -> tuple[list[int], list[int]]:
    """For a text colour: coverage (0–255) → palette index, and coverage → paste mask."""
    first = len(FLATS) + list(PAIRS).index(ink) * (BLEND_STEPS - 1) - 1
    steps = [round(a * BLEND_STEPS / 255) for a in range(256)]
    lut = [FLATS.index(PAIRS[ink]) if s == 0 else FLATS.index(ink) if s == BLEND_STEPS else first + s for s in steps]
    return lut, [255 if a else 0 for a in range(256)]


def _text(
    image: Image.Image, xy: tuple[int, int], text: str, face: ImageFont.FreeTypeFont, ink: str, anchor: str
) -> None:
    """Draw ``text`` into the index image: set from cached glyphs, mapped to the ink's shades."""
    _paste(image, xy, glyphs.coverage(face, text, anchor), ink)


def _paste(image: Image.Image, xy: tuple[int, int], text: tuple[Image.Image, tuple[int, int]] | None, ink: str) -> None:
    if text is None:
        return
    coverage, offset = text
    lut, mask = _shades(ink)
    x, y = xy[0] + offset[0], xy[1] + offset[1]
    core = coverage.im  # Pillow's core: its point() and paste() skip the per-call list and checks
    image.im.paste(core.point(lut, "L"), (x, y, x + coverage.width, y + coverage.height), core.point(mask, "L"))


@cache
def _background() -> Image.Image:
    """What every card shares, drawn once per process, as palette indices (an "L" image)."""
    width, height = CARD_SIZE
    image = Image.new("L", CARD_SIZE, FLATS.index(PAPER))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 86), fill=FLATS.index(INK))
    core, offset = font("Bold", 34).getmask2("Académie du Digital en Santé", mode="L", anchor="lm")
    _paste(image, (60, 43), (Image.Image()._new(core), offset), PAPER)
    draw.rectangle((0, height - 16, width, height), fill=FLATS.index(ACCENT))
    draw.line((60, height - 118, width - 60, height - 118), fill=FLATS.index(MUTED), width=2)
    return image


def _fit(text: str, max_width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose wrapped text holds in three lines (ellipsis as a last resort)."""
    for size in (72, 64, 56, 48):
        lines = _wrap(text, font("Black", size), max_width)
        if len(lines) <= 3:
            return font("Black", size), lines
    lines = _wrap(text, font("Black", 48), max_width)
    return font("Black", 48), [*lines[:2], lines[2].rstrip(" ,;:") + " …"]


def _wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and glyphs.length(face, candidate) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


# --- QR codes ---------------------------------------------------------------------------------


# Error correction at least M (segno raises it to Q when the version has room: it does for our short
# links, version 3), smallest version that holds the URL, and ONE data mask. ISO/IEC 18004 lets the
# encoder choose any of the eight masks; the penalty evaluation only avoids patterns that are harder
# to read, and costs 85 % of the encoding in pure Python. Mask 0 (checkerboard, (i + j) mod 2 = 0) is
# the one the evaluation picks most often for our links and the closest to the best on average
# (BENCHMARKS.md, « Cartes et QR codes, session 3 »).
QR_OPTIONS = {"error": "m", "mask": 0, "micro": False}
QR_SCALE, QR_BORDER = 4, 2  # pixels per module, modules of quiet zone
DARK_RUNS = re.compile(rb"\x01+")


def qr_svg(url: str) -> str:
    """The SVG segno writes (``kind="svg", scale=4, border=2, dark="#000", title=url``), a fifth
    cheaper: one path of horizontal runs of dark modules, in relative moves."""
    matrix = segno.make(url, **QR_OPTIONS).matrix
    size = (len(matrix) + 2 * QR_BORDER) * QR_SCALE
    moves: list[str] = []
    x0, y0 = 0, 0.0
    for row, modules in enumerate(matrix):
        y = QR_BORDER + 0.5 + row  # the middle of the row: a stroke one module wide
        for run in DARK_RUNS.finditer(bytes(modules)):
            x, dy = QR_BORDER + run.start(), y - y0
            moves.append(f"{'m' if moves else 'M'}{x - x0} {int(dy) if dy.is_integer() else dy}h{len(run[0])}")
            x0, y0 = x + len(run[0]), y
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" class="segno">'
        f'<title>{escape(url)}</title><path transform="scale({QR_SCALE})" class="qrline" stroke="#000" '
        f'd="{"".join(moves)}"/></svg>\n'
    )
