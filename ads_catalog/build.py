"""Orchestration: catalogue → generated pages in ``docs/`` → ``mkdocs build --strict`` → ``site/``.

:func:`prepare` does everything but MkDocs, in memory (``--check`` stops there); the build then
writes the pages, builds the site into a temporary folder next to the target and swaps it in only
when MkDocs succeeded, so a failed build leaves the previous ``site/`` exactly as it was. The URL
registry (``catalog/urls.yml``) is read, never written.
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

from ads_catalog import card_cache, demonstration, work_cache
from ads_catalog.explorer import explorer_files
from ads_catalog.export import export_files
from ads_catalog.finder import finder_files
from ads_catalog.ids import confined
from ads_catalog.learning_paths import LearningPath, compute_learning_paths
from ads_catalog.model import Catalogue, Registry
from ads_catalog.problems import Problem
from ads_catalog.render import html_pages, render_pages
from ads_catalog.site import GENERATED_DIRS, Site
from ads_catalog.social import social_files
from ads_catalog.urls import initial_registry, updated_registry
from ads_catalog.validate import validated
from ads_catalog.validate_warnings import catalogue_warnings


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
    catalogue: Catalogue,
    learning_paths: dict[str, LearningPath],
    today: dt.date,
    registry: Registry | None = None,
    demonstration_mode: bool = False,
    vendor: bool = True,
    cards: card_cache.CardCache | None = None,
    memo_folder: Path | None = None,
) -> dict[str, str | bytes]:
    """Every generated file, keyed by its path under ``docs/``: one entry per producing stage.
    Without a registry, short links are derived from ids; ``vendor=False`` leaves out the third-party
    scripts copied from ``node_modules`` (only a build that writes the site needs them); ``cards``
    is the social card cache (none: every card is drawn); ``memo_folder`` holds the generator's memos
    (:mod:`ads_catalog.work_cache`; none: everything is computed)."""
    registry = registry or initial_registry(catalogue, today)
    site = Site(catalogue, learning_paths, today, registry, demonstration_mode, memo_folder)
    files: dict[str, str | bytes] = {}
    files.update(render_pages(site))
    files.update(html_pages(site))
    files.update(explorer_files(site, vendor))
    files.update(export_files(site))
    files.update(social_files(site, cards))
    files.update(finder_files(site))
    return files


@dataclass(frozen=True)
class Prepared:
    """Everything a build writes, computed in memory, and the warnings met on the way."""

    catalogue: Catalogue
    learning_paths: dict[str, LearningPath]
    registry: Registry
    files: dict[str, str | bytes]
    warnings: list[Problem]


def prepare(project: Project, today: dt.date, vendor: bool = True) -> Prepared:
    """Validate the catalogue, compute the learning paths (once), check the URL registry and
    produce every generated file in memory, each checked as MkDocs will read it. Whatever passes
    here builds: only MkDocs itself is left. ``vendor=False`` (``--check``) needs no ``node_modules``."""
    memo_folder = work_cache.folder_from_env()  # .cache/generateur, or $ADS_WORK_CACHE
    checked = validated(project.catalog_dir, memo_folder)
    learning_paths = compute_learning_paths(checked.catalogue)
    warnings = catalogue_warnings(checked.files, learning_paths, today)
    registry = updated_registry(project.catalog_dir, checked.catalogue, today, checked.files)
    demonstration_mode = demonstration.enabled(project.config_file)
    cards = card_cache.from_env()  # .cache/cartes, or $ADS_CARD_CACHE
    files = site_files(
        checked.catalogue, learning_paths, today, registry, demonstration_mode, vendor, cards, memo_folder
    )
    check_files(files)
    return Prepared(checked.catalogue, learning_paths, registry, files, warnings)


def check_files(files: dict[str, str | bytes]) -> None:
    """Every generated path stays below ``docs/`` and every page's front matter reads as MkDocs reads it."""
    for doc_path, content in files.items():
        confined(doc_path)
        if doc_path.endswith(".md") and isinstance(content, str):
            _check_front_matter(doc_path, content)


def _check_front_matter(doc_path: str, text: str) -> None:
    """MkDocs shows a page whose front matter it cannot read as text (attributes and links live):
    a generated page must never be one."""
    if text.startswith("---\n") and not get_data(text)[1]:
        raise OutputError(f"{doc_path} : l'en-tête YAML de la page générée est illisible pour MkDocs")


def generate(project: Project, prepared: Prepared) -> int:
    """Write the generated files (``mkdocs serve``); returns how many files changed. The URL registry
    is never written: a new page's short code is derived from its id (:mod:`ads_catalog.urls`)."""
    return write_pages(project.docs_dir, prepared.files)


def build_site(project: Project, site_dir: Path, prepared: Prepared) -> None:
    """Write the pages, build with MkDocs into a staging folder and swap it in."""
    write_pages(project.docs_dir, prepared.files)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", dir=site_dir.parent))
    try:
        _mkdocs_build(project.config_file, staging)
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_pages(docs_dir: Path, pages: dict[str, str | bytes], owned_dirs: tuple[str, ...] = GENERATED_DIRS) -> int:
    """Write pages that changed (so ``mkdocs serve`` reloads only for real changes) and delete
    stale files from the generator's folders. Returns how many files were written."""
    written = 0
    for doc_path, content in pages.items():
        target = docs_dir / confined(doc_path)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    expected = {docs_dir / doc_path for doc_path in pages}
    for folder in owned_dirs:
        for stale in sorted((docs_dir / folder).rglob("*"), reverse=True):
            if stale.is_file() and stale not in expected:
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()):
                stale.rmdir()
    return written


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
    # hooks/typography.py imports ads_catalog: the package running this build, wherever the project is
    paths = [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
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
