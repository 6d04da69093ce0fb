"""Turn untrusted partner text into HTML that cannot carry script, whatever it contains."""

from __future__ import annotations

import html
import json
from typing import Any

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https", "mailto"}


def markdown_html(text: str) -> Markup:
    """Partner Markdown rendered, then cleaned by an allow-list (links: https and mailto only).

    Raw HTML in the source is escaped before rendering, so it shows as text instead of vanishing.
    """
    rendered = markdown.markdown(html.escape(text, quote=False), output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


_MARKDOWN_SIGNS = {ord(sign): f"&#{ord(sign)};" for sign in "&<>\"'\\`*_{}[]()#+!|~"}


def markdown_text(text: str) -> Markup:
    """Plain text placed in Markdown (a ``##`` heading): HTML-escaped, and every sign Markdown or
    attr_list would interpret (``[…](javascript:…)``, ``{: onclick=…}``, ``*``…) written as an entity."""
    return Markup(text.translate(_MARKDOWN_SIGNS))  # one pass: the entities themselves stay intact


def front_matter_value(text: str) -> Markup:
    """A YAML front-matter scalar for MkDocs: HTML-escaped (Material writes page meta unescaped
    into ``<head>`` and ``<h1>``), then JSON-quoted (JSON strings are valid YAML)."""
    return Markup(json.dumps(html.escape(text), ensure_ascii=False))


def script_json(data: Any) -> Markup:
    """JSON safe to place inside ``<script>``: no ``<``, ``>`` or ``&`` can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
