"""MkDocs hook: a generated page whose front matter says ``corps: html`` is already HTML from top to
bottom, so Python-Markdown does not read it.

The generator renders every page of the catalogue with its own templates (escaped, links already
relative to the page). Run through Markdown, that HTML cost MkDocs two thirds of its build: its
raw-HTML parser walks every tag of every page only to hand the blocks back unchanged. Here the body
is set aside before Markdown runs and put back as the page's content, with what Markdown would have
given MkDocs and the theme: the table of contents (every ``<h2 id="…">`` of the page, as ``## …``
gave before; none on a page that hides it) and the page's anchors (for MkDocs' check of links to ``page.md#anchor``).
Hand-written pages in ``docs/`` are Markdown and go through Markdown as before.
"""

from __future__ import annotations

import html
import re

from mkdocs.structure.toc import get_toc

FLAG = ("corps", "html")
_TOC_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ANCHOR = re.compile(r'\s(?:id|name)="([^"]+)"')
_bodies: dict[str, str] = {}


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.meta.get(FLAG[0]) != FLAG[1]:
        return markdown
    _bodies[page.file.src_uri] = markdown
    return ""


def on_page_content(content: str, page, config, files) -> str:
    body = _bodies.pop(page.file.src_uri, None)
    if body is None:
        return content
    if "toc" not in page.meta.get("hide", ()):  # as Markdown gave none for headings in raw HTML
        page.toc = get_toc([_toc_token(match) for match in _TOC_HEADING.finditer(body)])
    page.present_anchor_ids = {html.unescape(anchor) for anchor in _ANCHOR.findall(body)}
    return body


def _toc_token(match: re.Match[str]) -> dict:
    title = _TAG.sub("", match.group(2)).strip()
    return {"level": 2, "id": html.unescape(match.group(1)), "name": title, "children": []}
