"""Sharing: social card images (OpenGraph/Twitter), QR codes for printed paths, embeddable path
snippets, and :class:`Share`, the per-page sharing data the page templates read.

Cards are drawn by Pillow with the Lato font shipped by the ``font-lato`` package: no network, no
system font. They are generated on every build (about 30 PNG files, well under a second).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files

import segno
from markupsafe import Markup
from PIL import Image, ImageDraw, ImageFont

from ads_catalog.export import SiteData, ics_path, module_jsonld, path_jsonld
from ads_catalog.learning_paths import LearningPath, format_minutes
from ads_catalog.model import Catalogue, Module, Persona, Status
from ads_catalog.sanitize import script_json, yaml_scalar
from ads_catalog.urls import SITE_URL, absolute, initial_registry

CARDS_DIR = "assets/generated/cartes"
DEFAULT_CARD = f"{CARDS_DIR}/site.png"
QR_DIR = "assets/generated/qr"
EMBED_DIR = "integrer"
CARD_SIZE = (1200, 630)
INK, PAPER, ACCENT, MUTED = "#1a237e", "#ffffff", "#00897b", "#c5cae9"
HOST = SITE_URL.split("://", 1)[1]


@dataclass(frozen=True)
class Share(SiteData):
    """Sharing data of each module and path page (used by the page templates)."""

    @classmethod
    def fresh(cls, catalogue: Catalogue, paths: dict[str, LearningPath], today: dt.date) -> Share:
        """Sharing data as a first build would publish it (no URL registry yet)."""
        return cls(catalogue, paths, today, initial_registry(catalogue, today))

    def card(self, kind: str, item_id: str) -> str:
        return f"{CARDS_DIR}/{kind}/{item_id}.png"

    def short(self, kind: str, item_id: str) -> str:
        """Site path of the short link, e.g. ``m/3/``."""
        return self.registry.short_path(kind, item_id)

    def ics(self, kind: str, item_id: str) -> str:
        return ics_path(kind, item_id)

    def embed(self, persona_id: str) -> str:
        return f"{EMBED_DIR}/parcours/{persona_id}.html"

    def qr(self, persona_id: str) -> str:
        return f"{QR_DIR}/parcours/{persona_id}.svg"

    def module_jsonld(self, module: Module) -> Markup:
        """Front-matter scalar: the JSON-LD, safe inside ``<script>``, quoted for YAML."""
        return yaml_scalar(script_json(module_jsonld(self, module)))

    def path_jsonld(self, persona: Persona) -> Markup:
        return yaml_scalar(script_json(path_jsonld(self, persona)))

    def embed_code(self, persona: Persona) -> str:
        """The ``<iframe>`` an intranet pastes (shown as text on the path page)."""
        src, title = absolute(self.embed(persona.id)), html.escape(f"Parcours {persona.title}")
        height = 160 + 48 * len(self.paths[persona.id].steps)
        return f'<iframe src="{src}" title="{title}" width="480" height="{height}" style="border:0"></iframe>'

    def embed_fragment(self, persona: Persona) -> str:
        return embed_fragment(self, persona)


def social_files(share: Share) -> dict[str, str | bytes]:
    """Cards, QR codes and embeddable snippets, keyed by path under ``docs/``."""
    c = share.catalogue
    files: dict[str, str | bytes] = {DEFAULT_CARD: site_card(share)}
    for module in c.modules.values():
        files[share.card("modules", module.id)] = module_card(share, module)
    for persona in c.personas.values():
        files[share.card("parcours", persona.id)] = path_card(share, persona)
        files[share.qr(persona.id)] = qr_svg(absolute(share.short("parcours", persona.id)))
        files[share.embed(persona.id)] = embed_page(share, persona)
    return files


# --- cards --------------------------------------------------------------------------------------


@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = package_files("font_lato") / "files" / f"Lato-{weight}.ttf"
    return ImageFont.truetype(str(path), size)


def level_range(share: Share, level_ids: list[str]) -> str:
    levels = share.catalogue.levels
    ranked = sorted({levels[i].rank: levels[i].title.lower() for i in level_ids}.items())
    if not ranked:
        return ""
    first, last = ranked[0][1], ranked[-1][1]
    return f"niveau {first}" if first == last else f"niveaux {first} à {last}"


def module_card(share: Share, m: Module) -> bytes:
    levels = len(m.levels)
    facts = [
        f"{levels} niveau{'x' if levels > 1 else ''}",
        format_minutes(m.duration_minutes),
        level_range(share, [lvl.level_id for lvl in m.levels]),
    ]
    label = {Status.ARCHIVED: "Module archivé", Status.SOON: "Module · bientôt disponible"}.get(m.status, "Module")
    footer = f"{share.catalogue.domains[m.domain_id].title} · {HOST}{share.short('modules', m.id)}"
    return draw_card(label, m.title, " · ".join(facts), footer)


def path_card(share: Share, persona: Persona) -> bytes:
    path = share.paths[persona.id]
    modules = len({step.module_id for step in path.steps})
    facts = [
        f"{modules} module{'s' if modules > 1 else ''}",
        format_minutes(path.total_minutes),
        level_range(share, [s.level_id for s in path.steps]),
    ]
    footer = f"Parcours par métier · {HOST}{share.short('parcours', persona.id)}"
    return draw_card("Parcours", persona.title, " · ".join(f for f in facts if f), footer)


def site_card(share: Share) -> bytes:
    c = share.catalogue
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


# --- QR codes and embeddable snippets -----------------------------------------------------------


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, title=url, dark="#000000")
    return out.getvalue().decode("utf-8")


EMBED_STYLES = {
    "box": "font-family:system-ui,-apple-system,Roboto,sans-serif;max-width:460px;border:1px solid #c5cae9;"
    "border-radius:8px;padding:16px;background:#fff;color:#1a1a1a;line-height:1.4",
    "kicker": "margin:0 0 4px;font-size:13px;color:#00695c;text-transform:uppercase;letter-spacing:.04em",
    "title": "margin:0 0 8px;font-size:20px;font-weight:700",
    "para": "margin:0 0 8px",
    "list": "margin:0 0 12px;padding-left:22px;font-size:15px",
    "item": "margin:0 0 4px",
    "detail": "color:#546e7a",
    "link": "color:#1a237e",
}


def embed_fragment(share: Share, persona: Persona) -> str:
    """A self-contained HTML fragment (inline styles, no script) that an intranet can paste."""
    e, st = html.escape, EMBED_STYLES
    c, path = share.catalogue, share.paths[persona.id]
    link = f'href="{e(share.path_url(persona.id))}" target="_blank" rel="noopener" style="{st["link"]}"'
    items = []
    for step in path.steps:
        detail = f"{c.levels[step.level_id].title.lower()}, {c.formats[step.format_id].title.lower()}, "
        detail += format_minutes(step.duration_minutes)
        title = c.modules[step.module_id].title
        items.append(f'<li style="{st["item"]}">{e(title)} <span style="{st["detail"]}">— {e(detail)}</span></li>')
    steps = "".join(f"{item}\n" for item in items)
    count = len(path.steps)
    totals = f"{count} étape{'s' if count > 1 else ''} · {format_minutes(path.total_minutes)} au total"
    return (
        f'<div class="ads-integration" style="{st["box"]}">\n'
        f'<p style="{st["kicker"]}">Académie du Digital en Santé · parcours</p>\n'
        f'<p style="{st["title"]}"><a {link}>{e(persona.title)}</a></p>\n'
        f'<p style="{st["para"]}">{e(totals)}</p>\n'
        f'<ol style="{st["list"]}">\n{steps}</ol>\n'
        f'<p style="margin:0"><a {link}>Voir le parcours complet</a></p>\n'
        "</div>"
    )


def embed_page(share: Share, persona: Persona) -> str:
    """The snippet as a page of its own, for an ``<iframe>``."""
    title = html.escape(f"Parcours {persona.title} — Académie du Digital en Santé")
    return (
        f'<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'  # no /favicon.ico request from an intranet's iframe
        f'<link rel="canonical" href="{html.escape(share.path_url(persona.id))}">\n</head>\n'
        f'<body style="margin:0;padding:8px">\n{embed_fragment(share, persona)}\n</body>\n</html>\n'
    )
