"""The validator on bad input: the corpus of broken catalogues, each with its exact messages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ads_catalog.problems import CatalogueError, Problem
from ads_catalog.validate import check_catalogue
from tests.support import FIXTURES, REPO, TODAY, run_cli

CORPUS = REPO / "tests" / "corpus"
MINI = FIXTURES / "mini"
CASE_FILES = ("expected.txt", "absents.txt", "options.txt")


def corpus_cases() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.is_dir())


def make_case(case: Path, root: Path) -> Path:
    """The mini catalogue under ``root/catalog`` with the case's files laid over it."""
    catalog = root / "catalog"
    shutil.copytree(MINI, catalog)
    for source in sorted(case.rglob("*")):
        if source.is_file() and source.name not in CASE_FILES:
            target = catalog / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    absent = case / "absents.txt"
    for name in absent.read_text(encoding="utf-8").split() if absent.exists() else ():
        (catalog / name).unlink()
    return catalog


def test_corpus_is_large_enough() -> None:
    assert len(corpus_cases()) >= 40


@pytest.mark.parametrize("case", corpus_cases(), ids=lambda path: path.name)
def test_corpus_case_gives_its_exact_messages(case: Path, tmp_path: Path) -> None:
    make_case(case, tmp_path)
    options = case / "options.txt"  # e.g. --strict, for a case made of warnings
    result = run_cli(
        "--check", *(options.read_text(encoding="utf-8").split() if options.exists() else ()), cwd=tmp_path
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == (case / "expected.txt").read_text(encoding="utf-8").splitlines()


SHAPES = ("[]", "{}", "", "x", "[{}]", "[[]]", "-1", "99999999999999999999")


@pytest.mark.parametrize("name", sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*.yml")))
def test_any_value_of_any_shape_gives_problems_never_a_crash(name: str, tmp_path: Path) -> None:
    """Every « key: value » line of a mini file, its value replaced by values of other shapes."""
    lines = (MINI / name).read_text(encoding="utf-8").split("\n")
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    for number, line in enumerate(lines):
        key = re.match(r"^(\s*(?:- )?[\w-]+:)", line)
        for shape in SHAPES if key else ():
            variant = [*lines[:number], f"{key[1]} {shape}", *lines[number + 1 :]]
            (catalog / name).write_text("\n".join(variant), encoding="utf-8")
            try:
                check_catalogue(catalog, TODAY)
            except CatalogueError as error:
                assert_located_in_french(error.problems, catalog, name, line)


def assert_located_in_french(problems: list[Problem], catalog: Path, name: str, line: str) -> None:
    """Every problem points into a catalogue file (1-based line and column, within the file) with a
    French message; one of them is in the edited file, or quotes the id the edited line held (an id
    changed in competences.yml is reported where the old one is used)."""
    held = line.split(":", 1)[1].strip()
    for problem in problems:
        lines = problem.path.read_text(encoding="utf-8").count("\n") + 1
        assert problem.path.is_relative_to(catalog) and problem.path.suffix == ".yml", problem
        assert 1 <= problem.line <= lines and problem.column >= 1, problem
        assert re.search(r"[a-zé] ", problem.message) and "Traceback" not in problem.message, problem
    assert any(p.path == catalog / name or f"« {held} »" in p.message for p in problems), [str(p) for p in problems]
