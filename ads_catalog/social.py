"""Sharing images: social cards (OpenGraph/Twitter) for every module and learning path, and the
QR codes printed on path pages.

Cards are drawn by Pillow with the Lato font shipped by the ``font-lato`` package: no network, no
system font. They are generated on every build (about 30 PNG files, well under a second).
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files as package_files

import segno
from PIL import Image, ImageDraw, ImageFont

from ads_catalog.learning_paths import format_minutes
from ads_catalog.model import Module, Persona, Status
from ads_catalog.site import DEFAULT_CARD, HOST, Site, absolute

CARD_SIZE = (1200, 630)
INK, PAPER, ACCENT, MUTED = "#1a237e", "#ffffff", "#00897b", "#c5cae9"


def social_files(site: Site) -> dict[str, str | bytes]:
    """Cards and QR codes, keyed by path under ``docs/``."""
    catalogue = site.catalogue
    files: dict[str, str | bytes] = {DEFAULT_CARD: site_card(site)}
    for module in catalogue.modules.values():
        files[site.card("modules", module.id)] = module_card(site, module)
        files[site.qr("modules", module.id)] = qr_svg(absolute(site.short("modules", module.id)))
    for persona in catalogue.personas.values():
        files[site.card("parcours", persona.id)] = path_card(site, persona)
        files[site.qr("parcours", persona.id)] = qr_svg(absolute(site.short("parcours", persona.id)))
    return files


# --- cards --------------------------------------------------------------------------------------


@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = package_files("font_lato") / "files" / f"Lato-{weight}.ttf"
    return ImageFont.truetype(str(path), size)


def level_range(site: Site, level_ids: list[str]) -> str:
    levels = site.catalogue.levels
    ranked = sorted({levels[i].rank: levels[i].title.lower() for i in level_ids}.items())
    if not ranked:
        return ""
    first, last = ranked[0][1], ranked[-1][1]
    return f"niveau {first}" if first == last else f"niveaux {first} à {last}"


def module_card(site: Site, m: Module) -> bytes:
    levels = len(m.levels)
    facts = [
        f"{levels} niveau{'x' if levels > 1 else ''}",
        format_minutes(m.duration_minutes),
        level_range(site, [lvl.level_id for lvl in m.levels]),
    ]
    label = {Status.ARCHIVED: "Module archivé", Status.SOON: "Module · bientôt disponible"}.get(m.status, "Module")
    footer = f"{site.catalogue.domains[m.domain_id].title} · {HOST}{site.short('modules', m.id)}"
    return draw_card(label, m.title, " · ".join(facts), footer)


def path_card(site: Site, persona: Persona) -> bytes:
    footer = f"Parcours par métier · {HOST}{site.short('parcours', persona.id)}"
    return draw_card("Parcours", persona.title, path_card_facts(site, persona), footer)


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


def site_card(site: Site) -> bytes:
    c = site.catalogue
    facts = f"{len(c.modules)} modules · {len(c.personas)} parcours · {len(c.job_titles)} métiers"
    return draw_card("Catalogue de formation", "Le numérique en santé, métier par métier", facts, HOST.rstrip("/"))


def draw_card(label: str, title: str, facts: str, footer: str) -> bytes:
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 86), fill=INK)
    draw.text((60, 43), "Académie du Digital en Santé", font=font("Bold", 34), fill=PAPER, anchor="lm")
    draw.rectangle((0, height - 16, width, height), fill=ACCENT)
    draw.text((60, 140), label.upper(), font=font("Bold", 30), fill=ACCENT, anchor="ls")
    title_font, lines = _fit(title, width - 120)
    y = 170
    for line in lines:
        draw.text((60, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.18)
    draw.text((60, height - 150), facts, font=font("Regular", 38), fill="#263238", anchor="ls")
    draw.line((60, height - 118, width - 60, height - 118), fill=MUTED, width=2)
    draw.text((60, height - 60), footer, font=font("Regular", 30), fill="#455a64", anchor="ls")
    out = io.BytesIO()  # a 64-colour palette: a third of the size, and faster to encode
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


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
        if lines and face.getlength(candidate) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


# --- QR codes ---------------------------------------------------------------------------------


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, title=url, dark="#000000")
    return out.getvalue().decode("utf-8")
