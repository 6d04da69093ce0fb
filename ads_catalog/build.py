"""Orchestration: catalogue → generated pages in ``docs/`` → ``mkdocs build --strict`` → ``site/``.

The site is built into a temporary folder next to the target and swapped in only when MkDocs
succeeded, so a failed build leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from ads_catalog.explorer import explorer_files
from ads_catalog.export import export_files
from ads_catalog.ids import confined
from ads_catalog.learning_paths import LearningPath, compute_learning_paths
from ads_catalog.model import Catalogue
from ads_catalog.render import GENERATED_DIRS, render_pages, write_pages
from ads_catalog.social import Share, social_files
from ads_catalog.urls import Registry, redirect_files, updated_registry, write_registry
from ads_catalog.validate import load_catalogue


@dataclass(frozen=True)
class Project:
    """Where a build reads and writes; defaults are the repository layout."""

    catalog_dir: Path = Path("catalog")
    docs_dir: Path = Path("docs")
    config_file: Path = Path("mkdocs.yml")


class SiteBuildError(Exception):
    """MkDocs refused the generated pages; its output says why."""


class OutputError(Exception):
    """A generated file that MkDocs would misread: a bug of the generator, reported, never written."""


def build_date() -> dt.date:
    """Today, or the day given by ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def site_files(
    catalogue: Catalogue, paths: dict[str, LearningPath], today: dt.date, registry: Registry | None = None
) -> dict[str, str | bytes]:
    """Every generated file, keyed by its path under ``docs/``: one entry per producing stage."""
    share = Share(catalogue, paths, today, registry) if registry else Share.fresh(catalogue, paths, today)
    files: dict[str, str | bytes] = {}
    files.update(render_pages(catalogue, paths, today, share))
    files.update(explorer_files(catalogue, paths, today))
    files.update(export_files(share))
    files.update(social_files(share))
    files.update(redirect_files(share.registry, catalogue))
    return files


@dataclass(frozen=True)
class Prepared:
    """Everything a build writes, computed in memory: ``--check`` stops here, the build writes it."""

    catalogue: Catalogue
    paths: dict[str, LearningPath]
    registry: Registry
    files: dict[str, str | bytes]


def prepare(project: Project, today: dt.date, catalogue: Catalogue | None = None) -> Prepared:
    """Validate the catalogue (unless the caller just did and passes it), check the URL registry and
    produce every generated file in memory, each checked as MkDocs will read it. Whatever passes
    here builds: only MkDocs itself is left."""
    catalogue = catalogue or load_catalogue(project.catalog_dir)
    paths = compute_learning_paths(catalogue)
    registry = updated_registry(project.catalog_dir, catalogue, today)
    files = site_files(catalogue, paths, today, registry)
    for doc_path, content in files.items():
        confined(doc_path)
        if doc_path.endswith(".md") and isinstance(content, str):
            _check_front_matter(doc_path, content)
    return Prepared(catalogue, paths, registry, files)


def _check_front_matter(doc_path: str, text: str) -> None:
    """MkDocs shows a page whose front matter it cannot read as text (attributes and links live):
    a generated page must never be one."""
    if text.startswith("---\n") and not get_data(text)[1]:
        raise OutputError(f"{doc_path} : l'en-tête YAML de la page générée est illisible pour MkDocs")


def generate(project: Project, today: dt.date, catalogue: Catalogue | None = None) -> tuple[Prepared, int]:
    """Prepare, (re)write the generated files and the URL registry (``mkdocs serve``); returns how
    many files changed."""
    prepared = prepare(project, today, catalogue)
    written = write_pages(project.docs_dir, prepared.files, GENERATED_DIRS)
    write_registry(project.catalog_dir, prepared.registry)
    return prepared, written


def build_site(project: Project, site_dir: Path, today: dt.date, catalogue: Catalogue | None = None) -> None:
    """Prepare, write the pages, build with MkDocs into a staging folder and swap it in; the URL
    registry is written last, only when all of that succeeded."""
    prepared = prepare(project, today, catalogue)
    write_pages(project.docs_dir, prepared.files, GENERATED_DIRS)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", dir=site_dir.parent))
    try:
        _mkdocs_build(project.config_file, staging)
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_registry(project.catalog_dir, prepared.registry)


def _mkdocs_build(config_file: Path, out_dir: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",  # no --quiet: it hides warnings from --strict, which then never fails
        "--config-file",
        str(config_file),
        "--site-dir",
        str(out_dir),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).strip().splitlines()
        problems = [line for line in output if line.startswith(("WARNING", "ERROR", "Error", "Config"))]
        problems += [line for line in output if line.startswith("Aborted")]
        raise SiteBuildError("\n".join(problems or output))


def _swap(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames (no moment without a full site)."""
    old = staging.with_name(staging.name + ".old")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
