"""MkDocs hook: regenerate pages when a catalogue file changes under ``mkdocs serve``, and refuse
any page whose front matter MkDocs could not read.

``make build`` runs the generator itself; under ``mkdocs build`` the regeneration does nothing (and
imports nothing). The generator writes only files whose content changed, so live reload does not
loop on its own output. MkDocs swallows a front-matter error and renders the front matter as
Markdown (attributes and links included): the build fails instead.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.catalog")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config) -> None:
    if not _serving:
        return
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:  # once, not at every rebuild of a long ``mkdocs serve``
        sys.path.insert(0, str(root))
    from ads_catalog.build import Project, build_date, generate, prepare
    from ads_catalog.problems import CatalogueError

    project = Project(root / "catalog", Path(config.docs_dir), Path(config.config_file_path))
    try:
        generate(project, prepare(project, build_date()))
    except CatalogueError as error:
        for problem in error.problems:
            log.error(str(problem))


def on_page_markdown(markdown: str, page, config, files) -> str:
    if markdown.startswith("---\n"):
        raise PluginError(f"{page.file.src_uri}: front matter illisible, la page n'est pas publiée")
    return markdown


def on_serve(server, config, builder):
    if _serving:
        server.watch(str(Path(config.config_file_path).parent / "catalog"))
    return server
