"""The one Jinja environment every page and HTML file is rendered with: auto-escaping on, strict
about undefined names, the filters that turn partner text into safe HTML or front matter.

Partner text only ever enters a page as data through these templates (or :mod:`ads_catalog.sanitize`),
never as a template.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markdown.extensions.toc import slugify
from markupsafe import Markup

from ads_catalog.demonstration import ABOUT_PATH
from ads_catalog.learning_paths import format_minutes
from ads_catalog.model import Status
from ads_catalog.sanitize import front_matter_value, markdown_html
from ads_catalog.site import (
    FACETS,
    FACETS_BY_FOLDER,
    JOBS_DATA,
    JOBS_PAGE,
    PAGE_SIZE,
    absolute,
    doc,
    index_doc,
    page_path,
)
from ads_catalog.text import french_date, french_dates

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("ads_catalog", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=(), disabled_extensions=("yml.j2",), default=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
TEMPLATES.filters.update(
    fm=front_matter_value, markdown=markdown_html, minutes=format_minutes, date=french_date,
    as_code=lambda html: str.__str__(html),  # HTML shown as code: escaped again where it is placed
)  # fmt: skip
TEMPLATES.filters["dates"] = lambda session: french_dates(session.start, session.end)  # a session's days
TEMPLATES.globals.update(
    Status=Status, FACETS=FACETS, FACETS_BY_FOLDER=FACETS_BY_FOLDER, page=doc, index=index_doc,
    absolute=absolute, page_path=page_path,
)  # fmt: skip
TEMPLATES.globals.update(JOBS_DATA=JOBS_DATA, JOBS_PAGE=JOBS_PAGE)  # the job finder (_trouver_metier.j2)
TEMPLATES.globals.update(ABOUT_PATH=ABOUT_PATH)  # where the demonstration notice says what is illustrative
TEMPLATES.globals.update(PAGE_SIZE=PAGE_SIZE)  # the most items a listing or an embedded path shows (site.paginate)


def heading(title: str) -> Markup:
    """A section heading of a generated page: ``<h2>`` with the id Python-Markdown's ``toc`` gives
    ``## title`` (MkDocs lists these headings in the page's table of contents: hooks/html_body.py)."""
    return Markup('<h2 id="{}">{}</h2>').format(slugify(title, "-"), title)


TEMPLATES.globals.update(h2=heading)


def render(template: str, **context: Any) -> str:
    return TEMPLATES.get_template(template).render(**context)
