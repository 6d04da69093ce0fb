"""``--diff <ref>``: the change report of the working tree against a git ref, for reviewers.

The ref's catalogue folder is read with ``git archive`` into a temporary folder (the working tree
is never checked out or touched); both catalogues go through the same validation, learning paths
and URL registry as a build, then :mod:`ads_catalog.change_report` compares them.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ads_catalog.change_report import Snapshot, change_report, invalid_after_report, invalid_before_report
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.problems import CatalogueError
from ads_catalog.urls import updated_registry
from ads_catalog.validate import validated


class RefError(Exception):
    """The ref cannot be read; the message says why, in French."""


def snapshot(catalog_dir: Path, today: dt.date) -> Snapshot:
    """The catalogue below ``catalog_dir`` as a build sees it; raises :class:`CatalogueError`."""
    checked = validated(catalog_dir)
    registry = updated_registry(catalog_dir, checked.catalogue, today, checked.files)
    return Snapshot(checked.catalogue, compute_learning_paths(checked.catalogue), registry)


def diff_report(ref: str, catalog_dir: Path, today: dt.date) -> tuple[int, str]:
    """(exit code, Markdown): 0 with the report, 1 when the working tree's catalogue is invalid."""
    with tempfile.TemporaryDirectory(prefix="ads-diff-") as folder:
        old_dir = Path(folder) / "catalog"
        _extract(ref, catalog_dir, old_dir)
        try:
            after = snapshot(catalog_dir, today)
        except CatalogueError as error:
            return 1, invalid_after_report(ref, error.problems)
        try:
            before = snapshot(old_dir, today)
        except CatalogueError as error:
            return 0, invalid_before_report(ref, error.problems, f"{old_dir}/")
    return 0, change_report(ref, before, after)


def _git(catalog_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(catalog_dir), *args], capture_output=True, check=False)


def _extract(ref: str, catalog_dir: Path, target: Path) -> None:
    """The ref's version of ``catalog_dir`` into ``target`` (regular files only, confined)."""
    if ref.startswith("-") or not ref.strip():
        raise RefError(f"référence git « {ref} » invalide")
    found = _git(catalog_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if found.returncode != 0:
        raise RefError(f"référence git « {ref} » introuvable (récupérez-la d'abord : git fetch)")
    prefix = _git(catalog_dir, "rev-parse", "--show-prefix").stdout.decode("utf-8").strip()
    top = Path(_git(catalog_dir, "rev-parse", "--show-toplevel").stdout.decode("utf-8").strip())
    commit = found.stdout.decode("ascii").strip()
    archive = _git(top, "archive", "--format=tar", f"{commit}:{prefix}" if prefix else commit)
    target.mkdir(parents=True)
    if archive.returncode != 0:  # no catalogue folder in that commit: compare with an empty one
        return
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
