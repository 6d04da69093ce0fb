"""Every command the README documents works: each one runs here in a small mode (or at least starts),
so a refactor cannot silently break one.

The commands are read from the README (the block at the top and the "Other commands" table); a
documented command without a row in ``TESTED`` fails ``test_every_readme_command_has_a_test``.
Make targets run with ``-o setup`` (the virtual environment and node_modules are not reinstalled)
in a copy of the project around the small fixture catalogue (``tests/fixtures/mini``), the
repository's ``.venv`` and code linked into it; scripts run as separate processes, as a user runs
them, without the test's ``sys.path``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import FIXTURES, REPO, TODAY, copy_project, epoch

README = REPO / "README.md"
MODULE = "ia"  # a module of the mini catalogue
LINKED = (".venv", "scripts", "ads_catalog", "benchmarks", "tools")  # what the Makefile's recipes use
# The environment of every command: « today » pinned, no PYTHONPATH, no flags of an outer make.
ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}},
    "SOURCE_DATE_EPOCH": epoch(TODAY),
}
# The quick mode of each benchmark script `make bench` runs ({work}: a scratch folder).
BENCH_QUICK = {
    "bench_build.py": [
        "--sizes",
        "20",
        "--no-browser",
        "--repeat",
        "1",
        "--workdir",
        "{work}",
        "--json",
        "{work}/build.json",
    ],
    "bench_search.py": ["--site", "{work}/ours-20/site", "--no-browser"],  # the site bench_build.py just built
    "bench_cards.py": ["--sizes", "20"],
}


def readme_commands() -> list[str]:
    """The commands of the README: its first ``sh`` block, then the first column of "Other commands"."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert block, "README.md: the ```sh block of the two main commands is gone"
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    table = text.partition("Other commands:")[2].strip().split("\n\n", 1)[0]
    assert table.startswith("|"), "README.md: the 'Other commands:' table is gone"
    rows = [row.split("|")[1].strip() for row in table.splitlines()[2:]]
    commands += [row.strip("`") for row in rows]
    return [command for command in commands if command]


def run(command: str | list[str], cwd: Path = REPO, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command) if isinstance(command, str) else command
    return subprocess.run(argv, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout, check=False)


def make(*args: str, cwd: Path = REPO, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    assert shutil.which("make"), "make is needed (apt-get install make)"
    return run(["make", "--no-print-directory", "-o", "setup", "-o", "setup-python", *args], cwd=cwd, timeout=timeout)


def recipe(target: str, cwd: Path = REPO) -> list[str]:
    """The lines ``make target`` would run (a dry run: it resolves, nothing is executed)."""
    result = make("-n", target, cwd=cwd)
    assert result.returncode == 0, f"make -n {target}:\n{result.stderr}"
    return result.stdout.splitlines()


def documented(command: str, **values: str) -> list[str]:
    """A README command as argv: ``python`` is this interpreter, ``<name>`` placeholders are filled."""
    argv = [sys.executable if word == "python" else word for word in shlex.split(command)]
    return [values.get(word.strip("<>"), word) if word.startswith("<") else word for word in argv]


def readme_row(name: str) -> str:
    """The README's command that contains ``name`` (e.g. ``--new-module``), exactly as written."""
    (command,) = [c for c in readme_commands() if name in c]
    return command


def link_repository(root: Path) -> Path:
    for name in LINKED:
        if not (root / name).exists():  # copy_project links ads_catalog already
            (root / name).symlink_to(REPO / name)
    return root


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project around the mini catalogue, with the repository's Makefile, code and .venv."""
    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("commandes") / "projet")
    shutil.copy2(REPO / "Makefile", root / "Makefile")
    return link_repository(root)


@pytest.fixture(scope="module")
def built(workspace: Path) -> Path:
    """``make build`` run in the workspace (the real recipe, setup left out): its ``site/``."""
    result = make("build", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    return workspace / "site"


# --- the two main commands -----------------------------------------------------------------------


def test_make_build(workspace: Path, built: Path) -> None:
    assert any("scripts/build_catalog.py --site" in line for line in recipe("build", workspace))
    assert (built / "index.html").is_file()
    assert (built / "modules" / MODULE / "index.html").is_file()


def test_make_test() -> None:
    """Dry run only (the suite is not run inside itself): pytest, with the plugins its options need."""
    (line,) = [line for line in recipe("test") if " pytest" in line]
    argv = shlex.split(line)
    assert Path(REPO / argv[0]).is_file(), line
    if "-n" in argv:
        result = run([argv[0], "-c", "import xdist"])
        assert result.returncode == 0, f"`make test` uses -n: pytest-xdist is needed\n{result.stderr}"


# --- Other commands ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def serving(workspace: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """``make serve`` started in the workspace on a free loopback port; stopped (its whole group) after."""
    config = workspace / "mkdocs.yml"
    port = free_port()
    original = config.read_text(encoding="utf-8")
    config.write_text(original + f"\ndev_addr: 127.0.0.1:{port}\n", encoding="utf-8")
    site_url = re.search(r"^site_url:\s*(\S+)", original, re.MULTILINE)
    base_path = urlsplit(site_url.group(1)).path if site_url else "/"  # mkdocs serve mounts the site there
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", "setup", "serve"],
            cwd=workspace,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, Python and mkdocs in one process group, stopped together
        )
    try:
        yield process, f"http://127.0.0.1:{port}{base_path or '/'}", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        config.write_text(original, encoding="utf-8")


def fetch(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> str:
    """The page at ``url`` once the server answers (it builds the site first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve stopped (code {process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"make serve did not answer on {url} within {timeout} s:\n{log.read_text(errors='replace')}")


def test_make_serve(workspace: Path, serving: tuple[subprocess.Popen[bytes], str, Path]) -> None:
    assert any("mkdocs serve" in line for line in recipe("serve", workspace))
    process, url, log = serving
    assert "<html" in fetch(url, process, log)
    assert 'lang="fr"' in fetch(f"{url}modules/{MODULE}/", process, log)  # generated by the recipe's first line


def test_make_check(workspace: Path) -> None:
    assert any("--check" in line for line in recipe("check", workspace))
    result = make("check", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Catalogue valide : 4 modules" in result.stdout


def test_make_check_needs_python_only(tmp_path: Path) -> None:
    """From a fresh clone (nothing installed), ``make check`` sets up the venv and never runs npm:
    a partner validates a YAML file without Node.js."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "package.json", "package-lock.json"):
        shutil.copy2(REPO / name, tmp_path / name)
    result = run(["make", "--no-print-directory", "-n", "check"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pip install" in result.stdout and "--check" in result.stdout
    assert "npm" not in result.stdout, result.stdout
    assert "npm ci" in run(["make", "--no-print-directory", "-n", "build"], cwd=tmp_path).stdout


def test_new_module(tmp_path: Path) -> None:
    root = tmp_path / "projet"
    root.mkdir()
    link_repository(root)
    shutil.copytree(FIXTURES / "mini", root / "catalog")
    result = run(documented(readme_row("--new-module"), id="essai-commande"), cwd=root)
    assert result.returncode == 0, result.stderr
    created = root / "catalog" / "modules" / "essai-commande.yml"
    assert created.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    check = run([sys.executable, "scripts/build_catalog.py", "--check"], cwd=root)
    assert check.returncode == 1, "the template's empty fields are problems to fill in"
    assert "catalog/modules/essai-commande.yml:" in check.stderr


def test_check_strict(workspace: Path) -> None:
    """The mini catalogue is valid with warnings (a level its « Force terrain » path rules out):
    ``--check`` passes, ``--strict`` fails on them and counts them."""
    assert "Catalogue valide" in run([sys.executable, "scripts/build_catalog.py", "--check"], cwd=workspace).stdout
    result = run(documented(readme_row("--strict")), cwd=workspace)
    warnings = [line for line in result.stderr.splitlines() if ": avertissement : " in line]
    assert result.returncode == 1 and warnings, result.stdout + result.stderr
    last = f"{len(warnings)} avertissements et --strict : corrigez-les puis relancez."
    assert result.stderr.splitlines()[-1] == last


def test_check_format_github(workspace: Path) -> None:
    result = run(documented(readme_row("--format github")), cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    annotations = result.stdout.splitlines()[:-1]
    assert annotations and all(line.startswith("::warning file=catalog/") for line in annotations), result.stdout
    assert "make check CHECK_FORMAT=github" in README.read_text(encoding="utf-8")
    dry_run = make("-n", "check", "CHECK_FORMAT=github", cwd=workspace)
    assert "--check --format github" in dry_run.stdout, dry_run.stdout + dry_run.stderr


def test_diff(tmp_path: Path) -> None:
    """In a git clone: the working tree adds a module; the report against HEAD names it."""
    root = tmp_path / "projet"
    root.mkdir()
    link_repository(root)
    shutil.copytree(FIXTURES / "mini", root / "catalog")
    identity = ["-c", "user.name=ADS", "-c", "user.email=ads@example.org"]
    for command in (["init", "-q"], ["add", "catalog"], [*identity, "commit", "-q", "-m", "main"]):
        assert run(["git", *command], cwd=root).returncode == 0
    module = (root / "catalog" / "modules" / "cyber.yml").read_text(encoding="utf-8")
    (root / "catalog" / "modules" / "cyber-bis.yml").write_text(module.replace("id: cyber", "id: cyber-bis"))
    result = run(documented(readme_row("--diff"), ref="HEAD"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Changements du catalogue par rapport à `HEAD`")
    assert "(`cyber-bis`)" in result.stdout


def test_make_lint() -> None:
    """Each recipe line runs; 0 or 1 (findings, which test_lint.py reports), never a crash (2)."""
    lines = recipe("lint")
    assert any("ruff check" in line for line in lines) and any("ruff format --check" in line for line in lines)
    for line in lines:
        result = run(line)
        assert result.returncode in (0, 1), f"{line}\n{result.stderr}"


def test_make_fuzz() -> None:
    """Dry run, then its pytest command collects its tests with the profile it names (not run: a night run)."""
    (line,) = [line for line in recipe("fuzz") if " pytest" in line]
    files = [word for word in shlex.split(line) if word.startswith("tests/")]
    assert files and all((REPO / name).is_file() for name in files), line
    result = run(["sh", "-c", f"{line} --collect-only -q"], timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_bench(tmp_path: Path) -> None:
    """``make bench`` runs every ``benchmarks/bench_*.py``; each runs here in its quick mode, for real."""
    assert any("benchmarks/bench_*.py" in line for line in recipe("bench"))
    scripts = sorted(path.name for path in (REPO / "benchmarks").glob("bench_*.py"))
    assert scripts == sorted(BENCH_QUICK), "every benchmark needs a quick mode in BENCH_QUICK (and only those)"
    for name, args in BENCH_QUICK.items():  # in order: bench_search.py reads the site bench_build.py built
        argv = [sys.executable, f"benchmarks/{name}", *(a.format(work=tmp_path) for a in args)]
        result = run(argv, timeout=180)
        assert result.returncode == 0, f"{shlex.join(argv)}\n{result.stdout}\n{result.stderr}"
        assert "| --- |" in result.stdout, result.stdout  # it printed its tables


def test_make_audit(built: Path, tmp_path: Path) -> None:
    """``audit.py`` starts and serves each audited page gzip-compressed; Lighthouse itself is not run
    (``make audit`` installs it in tools/lighthouse/, ``make test`` does not)."""
    (line,) = [line for line in recipe("audit") if "tools/lighthouse/audit.py" in line]
    script = shlex.split(line)[1]
    help_ = run([sys.executable, script, "--help"])
    assert help_.returncode == 0 and "--site" in help_.stdout, help_.stderr
    result = run([sys.executable, script, "--site", str(built), "--out", str(tmp_path), "--dry-run"])
    assert result.returncode == 0, result.stdout + result.stderr
    rows = result.stdout.splitlines()[2:]  # after the table's header and rule
    assert len(rows) >= 5 and all(row.endswith("| 200 gzip |") for row in rows), result.stdout


TESTED: dict[str, Callable[..., None]] = {
    "make build": test_make_build,
    "make test": test_make_test,
    "make serve": test_make_serve,
    "make check": test_make_check,
    "python scripts/build_catalog.py --new-module <id>": test_new_module,
    "python scripts/build_catalog.py --check --strict": test_check_strict,
    "python scripts/build_catalog.py --check --format github": test_check_format_github,
    "python scripts/build_catalog.py --diff <ref>": test_diff,
    "make lint": test_make_lint,
    "make fuzz": test_make_fuzz,
    "make bench": test_make_bench,
    "make audit": test_make_audit,
}


def test_every_readme_command_has_a_test() -> None:
    documented_commands = readme_commands()
    missing = [command for command in documented_commands if command not in TESTED]
    assert not missing, f"README commands without a test in tests/test_commands.py (add them to TESTED): {missing}"
    stale = [command for command in TESTED if command not in documented_commands]
    assert not stale, f"tested commands the README no longer documents: {stale}"
