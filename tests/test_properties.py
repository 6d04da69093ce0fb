"""Property-based tests (Hypothesis): whatever a partner writes in a module file or in the URL
registry, ``--check`` answers in French without a traceback; when it accepts the catalogue, the
build succeeds, writes only below ``docs/`` and ``site/``, and publishes no partner script.

Profiles, chosen with ``HYPOTHESIS_PROFILE``:

* ``ci`` (default, ``make test``): fixed seed, a modest number of examples, no shrinking (a failure
  is reported as drawn, so a broken build cannot make the suite crawl), nothing saved on disk;
* ``fuzz`` (``make fuzz``): thousands of random examples, failures shrunk to a minimal input, for a
  night run. Each failure found becomes a case of ``tests/corpus/``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import icalendar
import markdown
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from mkdocs.utils.meta import get_data

from ads_catalog import build, cli
from ads_catalog.build import Project
from ads_catalog.site import GENERATED_DIRS, SITE_URL, page_url
from tests.strategies import MINI, MODULES, ModuleCase, module_cases, plausible_cases, registry_texts
from tests.support import REPO, copy_project

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=40,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=_SLOW_IS_FINE,
    print_blob=True,
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, database=None, suppress_health_check=_SLOW_IS_FINE, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
PLAUSIBLE = max(15, settings.default.max_examples // 4)
"""Examples made to be accepted (each builds every page in memory, about a second): 15 in ``ci``."""
REAL_BUILDS = max(3, settings.default.max_examples // 50)
"""Examples of the full build (``mkdocs build --strict``, seconds each): 3 in ``ci``."""

EPOCH = "1795000000"  # 2026-11-17
PROBLEM_LINE = re.compile(r"[^:\n]+:\d+:\d+: .+")
COUNT_LINE = re.compile(r"\d+ problèmes? : corrigez-(le|les) puis relancez\.")
NOT_FRENCH = ("Traceback", "Error", "Exception")
CHECK_SECONDS = 5
"""A partner waits for ``--check``: under half a second of CPU on the mini catalogue, so 5 s means a
quadratic loop (38,000 keywords once took 10 s)."""


# --- Running the generator in-process ---------------------------------------------------------------


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run from ``folder`` (as a partner runs from the repository root), on a fixed build date."""
    previous_dir, previous_epoch = Path.cwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.chdir(folder)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        os.chdir(previous_dir)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


def run_cli(*args: str) -> tuple[int, str, str]:
    """``build_catalog.py`` in-process: exit code, stdout, stderr. An exception is a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def prepared_files(project: Project, today: dt.date) -> dict[str, str | bytes]:
    """Every file the build would write, computed in memory, keyed by its path under ``docs/``."""
    return build.prepare(project, today).files


def lay_out(root: Path, case: ModuleCase | None, registry: str | None) -> Path:
    """The mini catalogue under ``root/catalog`` (if not there yet), with the module file and the
    registry of the example laid over it."""
    catalog = root / "catalog"
    if not catalog.exists():
        shutil.copytree(MINI, catalog)
    if case is not None:
        _place_module(root, catalog / "modules", case)
    if registry is not None:
        (catalog / "urls.yml").write_bytes(registry.encode("utf-8"))
    return catalog


def _place_module(root: Path, modules: Path, case: ModuleCase) -> None:
    data = case.text.encode("utf-8")
    target = modules / case.name
    match case.layout:
        case "folder":
            target.mkdir()
        case "symlink":
            (root / "ailleurs.yml").write_bytes(data)
            target.symlink_to(root / "ailleurs.yml")
        case "dangling-symlink":
            target.symlink_to(root / "absent.yml")
        case "symlink-dir":
            target.symlink_to(root)
        case "yaml-extension":
            target.with_suffix(".yaml").write_bytes(data)
        case "subfolder":
            (modules / "sous-dossier").mkdir()
            (modules / "sous-dossier" / case.name).write_bytes(data)
        case _:
            target.write_bytes(data)


# --- Invariant 1: --check answers in French, one located line per problem -----------------------------


def assert_french_answer(code: int, out: str, err: str) -> None:
    assert code in (0, 1), (code, err)
    lines = err.split("\n")[:-1] if err else []
    assert not err or err.endswith("\n"), err
    if code == 1:
        assert lines and COUNT_LINE.fullmatch(lines[-1]), err
        assert out == "", out
        lines = lines[:-1]
        assert lines, err
    else:
        assert out.startswith("Catalogue valide"), out
    for line in lines:
        assert PROBLEM_LINE.fullmatch(line), f"not « path:line:column: message »: {line!r}"
        assert not any(word in line for word in NOT_FRENCH), line


def check_answers(root: Path) -> int:
    """Invariant 1 from ``root``; returns the exit code of ``--check``."""
    started = time.process_time()  # CPU time: a busy machine does not make it fail
    with inside(root):
        code, out, err = run_cli("--check")
    assert_french_answer(code, out, err)
    seconds = time.process_time() - started
    assert seconds < CHECK_SECONDS, f"--check took {seconds:.1f} s of CPU on files of at most 256 KB"
    return code


# --- Invariant 2: what the build generates is confined, well formed and script-free ---------------------

SEGMENT = re.compile(r"[a-z0-9][a-z0-9._-]*")
NAME_MAX = 255
FORMULA_SIGNS = ("=", "+", "-", "@")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_INVISIBLE = dict.fromkeys([*range(0x21), 0x7F])
HANDWRITTEN_PAGES = {
    page_url(path.relative_to(REPO / "docs").as_posix())
    for path in (REPO / "docs").rglob("*.md")
    if not path.relative_to(REPO / "docs").as_posix().startswith(tuple(f"{d}/" for d in GENERATED_DIRS))
}


def assert_confined(doc_path: str) -> None:
    """A relative POSIX path below ``docs/``, each part lower-case ASCII and short enough for a disk."""
    parts = PurePosixPath(doc_path).parts
    assert not doc_path.startswith("/") and "\\" not in doc_path and "//" not in doc_path, doc_path
    for part in parts:
        assert part not in (".", "..") and SEGMENT.fullmatch(part), f"path part {part!r} in {doc_path!r}"
        assert len(part.encode("utf-8")) <= NAME_MAX, f"name too long in {doc_path[:80]!r}…"


class _Attributes(HTMLParser):
    """Every (tag, attribute, value) of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def assert_no_script(doc_path: str, html_text: str) -> None:
    parser = _Attributes()
    parser.feed(html_text)
    parser.close()
    for tag, name, value in parser.found:
        assert not name.startswith("on"), f"{doc_path}: <{tag} {name}={value!r}>"
        if name in ("href", "src", "action", "formaction", "xlink:href"):
            url = value.translate(_INVISIBLE).lower()
            if tag == "link" and url == "data:,":  # the generator's empty favicon: no content, no script
                continue
            assert not url.startswith(SCRIPT_SCHEMES), f"{doc_path}: <{tag} {name}={value!r}>"


def assert_markdown_page(doc_path: str, text: str) -> None:
    """Front matter that MkDocs reads as data (never rendered as text), and a script-free body."""
    body, meta = get_data(text)
    if text.startswith("---"):
        assert meta and isinstance(meta.get("title"), str), f"{doc_path}: front matter not read: {_why(text)}"
        assert not body.startswith("---"), f"{doc_path}: front matter left in the page"
        for key, value in meta.items():  # Material writes page meta unescaped into <head>
            assert "<" not in str(value), f"{doc_path}: « < » in front matter « {key} »"
    rendered = markdown.markdown(body, extensions=["attr_list", "md_in_html", "toc"])
    assert_no_script(doc_path, rendered)
    assert_no_script(doc_path, body)


def _why(page: str) -> str:
    """What PyYAML (MkDocs' front-matter reader) says about the front matter of ``page``."""
    try:
        yaml.safe_load(page.split("\n---", 1)[0].removeprefix("---"))
    except yaml.YAMLError as error:
        return " ".join(str(error).split())[:200]
    return "not a mapping with a « title »"


def _leading_ignored(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def assert_csv(doc_path: str, text: str) -> None:
    """OWASP: a cell a spreadsheet could read as a formula starts with « ' »."""
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"):
        for cell in row:
            start = 0
            while start < len(cell) and _leading_ignored(cell[start]):
                start += 1
            if unicodedata.normalize("NFKC", cell[start:]).startswith(FORMULA_SIGNS):
                assert cell.startswith("'"), f"{doc_path}: formula cell {cell[:60]!r}"


def assert_ics(doc_path: str, text: str) -> None:
    """Parses as iCalendar, one UID per event, no raw line break or control character in a line."""
    unfolded = text.replace("\r\n", "")
    bad = [char for char in unfolded if unicodedata.category(char) == "Cc" and char != "\t"]
    bad += [char for char in unfolded if char in "\u2028\u2029"]
    assert not bad, f"{doc_path}: raw {sorted(set(bad))!r}"
    uids = [str(event["UID"]) for event in icalendar.Calendar.from_ical(text).walk("VEVENT")]
    assert len(uids) == len(set(uids)), f"{doc_path}: UID used twice: {sorted(u for u in uids if uids.count(u) > 1)}"


def assert_links_resolve(files: dict[str, str | bytes]) -> None:
    """Every URL ``catalogue.json`` gives for a page leads to a generated or hand-written file."""
    pages = {page_url(path) for path in files if path.endswith(".md")} | HANDWRITTEN_PAGES

    def walk(data: Any) -> Iterator[str]:
        if isinstance(data, dict):
            for key, value in data.items():
                if key in ("url", "lien_court", "calendrier") and isinstance(value, str):
                    yield value
                yield from walk(value)
        elif isinstance(data, list):
            for item in data:
                yield from walk(item)

    text = files.get("donnees/catalogue.json")
    for url in walk(json.loads(text)) if isinstance(text, str) else ():
        if url.startswith(SITE_URL):
            site_path = url.removeprefix(SITE_URL)
            found = site_path in pages or f"{site_path}index.html" in files or site_path in files
            assert found, f"catalogue.json links to {url}, which no file serves"


FILE_CHECKS: dict[str, Callable[[str, str], object]] = {
    ".md": assert_markdown_page,
    ".html": assert_no_script,
    ".csv": assert_csv,
    ".ics": assert_ics,
    ".json": lambda doc_path, text: json.loads(text),
    ".atom": lambda doc_path, text: ET.fromstring(text.encode("utf-8")),
    ".svg": lambda doc_path, text: ET.fromstring(text.encode("utf-8")),
}
_PASSED: set[int] = set()
"""Hashes of generated files already checked: most pages are the same from one example to the next."""


def assert_generated(files: dict[str, str | bytes]) -> None:
    for doc_path, content in files.items():
        assert_confined(doc_path)
        check = FILE_CHECKS.get(PurePosixPath(doc_path).suffix)
        if check is None or not isinstance(content, str) or hash((doc_path, content)) in _PASSED:
            continue
        check(doc_path, content)
        _PASSED.add(hash((doc_path, content)))
    assert_links_resolve(files)


def check_in_a_fresh_folder(module: ModuleCase | None, registry: str | None) -> None:
    """Lay the case over a fresh copy of the mini catalogue, then :func:`check_then_prepare`."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        lay_out(root, module, registry)
        check_then_prepare(root)


def check_then_prepare(root: Path) -> int:
    """Invariants 1 and 2: ``--check`` answers; if it accepted, the in-memory build succeeds."""
    code = check_answers(root)
    if code == 0:
        with inside(root):
            files = prepared_files(Project(), build.build_date())
        assert_generated(files)
    return code


# --- The properties ------------------------------------------------------------------------------------


@given(module_cases())
def test_any_module_file_gets_a_french_answer_and_an_accepted_one_builds(case: ModuleCase) -> None:
    check_in_a_fresh_folder(case, None)


@given(registry_texts([*MODULES]))
def test_any_url_registry_gets_a_french_answer_and_an_accepted_one_builds(registry: str) -> None:
    check_in_a_fresh_folder(None, registry)


@settings(max_examples=PLAUSIBLE)
@given(plausible_cases())
def test_a_plausible_catalogue_gets_a_french_answer_and_an_accepted_one_builds(case: tuple[ModuleCase, str]) -> None:
    """Inputs made to pass ``--check`` (markup in every text, edges of each rule), so that the
    generated pages, exports and paths are checked on many accepted catalogues."""
    module, registry = case
    check_in_a_fresh_folder(module, registry)


@settings(max_examples=REAL_BUILDS)
@given(plausible_cases())
def test_a_catalogue_check_accepts_builds_inside_its_project(case: tuple[ModuleCase, str]) -> None:
    """Invariant 3: ``--check`` exit 0 ⇒ ``mkdocs build --strict`` succeeds, and nothing is written
    outside ``docs/`` and ``site/``."""
    module, registry = case
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(MINI, Path(folder) / "projet")
        lay_out(project, module, registry)
        assume(check_answers(project) == 0)
        before = {path.name for path in project.iterdir()}
        with inside(project):
            code, _, err = run_cli("--site", "site")
        assert code == 0, err
        assert sorted(path.name for path in Path(folder).iterdir()) == ["projet"]
        assert {path.name for path in project.iterdir()} - before == {"site"}
        assert not (project / "docs" / "index.html").exists()
