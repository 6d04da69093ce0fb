"""MkDocs hook for ``mkdocs serve`` only: regenerate pages when a catalogue file changes.

``make build`` runs the generator itself; under ``mkdocs build`` this hook does nothing. The
generator writes only files whose content changed, so live reload does not loop.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ads_catalog.build import Project, build_date, generate  # noqa: E402
from ads_catalog.problems import CatalogueError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.catalog")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config) -> None:
    if not _serving:
        return
    root = Path(config.config_file_path).parent
    project = Project(root / "catalog", Path(config.docs_dir), Path(config.config_file_path))
    try:
        generate(project, build_date())
    except CatalogueError as error:
        for problem in error.problems:
            log.error(str(problem))


def on_serve(server, config, builder):
    server.watch(str(Path(config.config_file_path).parent / "catalog"))
    return server
