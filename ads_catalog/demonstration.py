"""The demonstration switch: ``extra: demonstration: true`` in mkdocs.yml.

While it is on, every page shows a banner (``overrides/main.html``), and the open data says the
same where its format has a place for it (``catalogue.json``, iCalendar, Atom; CSV has none):
the partners of each module, its sessions, dates, places and registration links are illustrative.
This module reads the switch for the generator; the templates read ``config.extra.demonstration``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

NOTICE = (
    "Catalogue de démonstration : les partenaires associés aux modules, les sessions, leurs dates, "
    "leurs places et les liens d'inscription sont illustratifs et ne constituent pas l'offre officielle "
    "de l'Académie du Digital en Santé ni du Leem."
)
"""The same words as the banner of the pages, for the open data."""
ABOUT_PATH = "a-propos/"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (``!ENV``, ``!!python/name:``): read them as nothing."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def enabled(config_file: Path) -> bool:
    """Whether ``extra.demonstration`` is true in the MkDocs configuration (false without one)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except OSError:
        return False
    extra = config.get("extra") if isinstance(config, dict) else None
    return isinstance(extra, dict) and extra.get("demonstration") is True
