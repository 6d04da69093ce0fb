"""« Ma sélection » (``/ma-selection/``): the facts the page's script needs about every module,
computed at build time.

The visitor's selection lives in their browser (``docs/assets/javascripts/selection.js``, nothing
is sent anywhere); this module only writes what the page shows of each module, compactly (one
short-keyed object per module, level and format titles given once), so that the file stays small
for a catalogue of thousands of modules. Upcoming sessions are those :meth:`Site.upcoming`
classifies at build time: the script never compares dates with today.

JSON keys (English, read by the script): ``levels`` and ``formats`` (id → title), ``statuses``
(slug → label, for modules not plainly available) and ``modules`` (id → ``t`` title, ``m``
total minutes, ``l`` level ids, ``f`` format ids, ``x`` status slug
when not available, ``s`` upcoming sessions as ``[start ISO date, dates as shown, level id,
format id, city]``, by start date).
"""

from __future__ import annotations

from typing import Any

from ads_catalog.model import Module, Session, Status
from ads_catalog.sanitize import script_json
from ads_catalog.site import Site
from ads_catalog.text import french_dates


def selection_json(site: Site) -> str:
    """``assets/generated/selection.json``: compact, deterministic, safe even inside ``<script>``."""
    catalogue = site.catalogue
    data: dict[str, Any] = {
        "levels": {level_id: level.title for level_id, level in catalogue.levels.items()},
        "formats": {format_id: fmt.title for format_id, fmt in catalogue.formats.items()},
        "statuses": {status.slug: status.label for status in Status if status is not Status.AVAILABLE},
        "modules": {module.id: _module(site, module) for module in site.all_modules()},
    }
    return str(script_json(data)) + "\n"


def _module(site: Site, module: Module) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "t": module.title,
        "m": module.duration_minutes,
        "l": [level.level_id for level in module.levels],
        "f": list(module.format_ids),
        "s": [_session(s) for s in sorted(site.upcoming(module), key=lambda s: (s.start, s.level_id, s.city))],
    }
    if module.status is not Status.AVAILABLE:
        facts["x"] = module.status.slug
    return facts


def _session(session: Session) -> list[str]:
    dates = french_dates(session.start, session.end)
    return [session.start.isoformat(), dates, session.level_id, session.format_id, session.city]
