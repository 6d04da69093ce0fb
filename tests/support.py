"""Helpers shared by the tests: where things are, the pinned build date, running the command line
or Node, skipping what this machine cannot run, copying a project.

Import them with ``from tests.support import ...``: conftest files are not modules to import."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from ads_catalog import cli
from ads_catalog.site import GENERATED_DIRS

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "catalog"
FIXTURES = REPO / "tests" / "fixtures"
SCRIPT = REPO / "scripts" / "build_catalog.py"
NODE_MODULES = REPO / "node_modules"

TODAY = dt.date(2026, 11, 28)
"""The build date of every test that does not choose its own: no test reads the clock, so none
fails a few months from now. The fixture catalogues have past and upcoming sessions around it."""


def epoch(day: dt.date) -> str:
    """``SOURCE_DATE_EPOCH`` for ``day`` (midnight UTC): what the build reads as « today »."""
    return str(int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()))


# --- the command line ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path = REPO, day: dt.date = TODAY, process: bool = False) -> CliResult:
    """``scripts/build_catalog.py *args`` run from ``cwd``, « today » being ``day``.

    In-process by default (``ads_catalog.cli.main`` with the working folder, environment and
    standard streams swapped, then restored): a fresh Python costs about half a second per call.
    ``process=True`` runs the real script in a subprocess, for what only a process shows: the entry
    point itself, its exit status, the absence of a traceback."""
    env = {"SOURCE_DATE_EPOCH": epoch(day)}
    if process:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            cwd=cwd,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.chdir(cwd)
        for name, value in env.items():
            patch.setenv(name, value)
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse: --help, usage errors
            code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
    return CliResult(code, out.getvalue(), err.getvalue())


# --- tools this machine may lack ----------------------------------------------------------------


def unavailable(reason: str) -> NoReturn:
    """Skip a test whose tool is missing here; under ``CI=true``, where everything must run, fail."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def run_node(script: str, *args: str, stdin: object = None, needs: tuple[str, ...] = ()) -> str:
    """Run the JavaScript ``script`` (``node -e``) with ``args``, ``stdin`` sent as JSON; its stdout.

    ``needs`` names the packages of ``node_modules/`` the script requires (installed by ``npm ci``)."""
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js is needed (apt-get install nodejs)")
    missing = [name for name in needs if not (NODE_MODULES / name).is_dir()]
    if missing:
        unavailable(f"node_modules/{', '.join(missing)} missing (npm ci)")
    done = subprocess.run(
        [node, "-e", script, *args],
        input=None if stdin is None else json.dumps(stdin),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# --- projects -----------------------------------------------------------------------------------


def copy_project(catalog: Path, target: Path) -> Path:
    """A copy of the site's sources (config, hand-written docs, overrides, hooks) around ``catalog``;
    ``ads_catalog`` is linked, as hooks/typography.py imports it from beside mkdocs.yml."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides", "hooks", "schemas", "node_modules", "ads_catalog"):
        source = REPO / name
        if source.is_dir():
            if name in ("node_modules", "ads_catalog"):
                (target / name).symlink_to(source)
            else:
                shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    ignore = shutil.ignore_patterns(*[g.split("/")[-1] for g in GENERATED_DIRS])
    shutil.copytree(REPO / "docs", target / "docs", ignore=ignore)
    shutil.copytree(catalog, target / "catalog")
    return target


def built_once(name: str, catalog: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project around ``catalog`` built with ``--site site`` at the tests' build date, once per
    test run: pytest-xdist workers share it through their temporary folders' common parent and a
    lock. Tests only read it; one that changes a project works on a copy (``built_copy``)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root = shared / name
        if not (root / "site" / "index.html").is_file():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(catalog, root)
            result = run_cli("--site", "site", cwd=root)
            assert result.returncode == 0, f"build of {catalog} failed:\n{result.stdout}\n{result.stderr}"
    return root


def built_copy(built: Path, target: Path) -> Path:
    """A writable copy of a built project (a copy costs far less than a build)."""
    shutil.copytree(built, target, symlinks=True)
    return target
