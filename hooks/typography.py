"""MkDocs hook: French typography at the root, on the HTML of every page (``on_post_page``) and of
the theme's own pages such as 404 (``on_post_template``); the static HTML pages the generator writes
(embeddable snippets, redirects) are typeset when they are rendered (``render.html_pages``). Text
nodes only; the rules and what is never touched (code, scripts, attribute values) are in
``ads_catalog/typography.py``, imported from beside mkdocs.yml (``mkdocs serve`` does not put that
folder on the import path).
"""

from __future__ import annotations

import sys
from pathlib import Path


def on_config(config):
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    return config


def _typeset_html(html: str) -> str:
    from ads_catalog.typography import typeset_html

    return typeset_html(html)


def on_post_page(output: str, page, config) -> str:
    return _typeset_html(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return _typeset_html(output_content) if template_name.endswith(".html") else output_content
