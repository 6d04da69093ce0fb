"""The validator on bad input: the corpus of broken catalogues, each with its exact messages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from ads_catalog import cli
from ads_catalog.problems import CatalogueError
from ads_catalog.validate import check_catalogue

CORPUS = Path(__file__).resolve().parent / "corpus"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CASE_FILES = ("expected.txt", "absents.txt")


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


def run_check(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    """``build_catalog.py --check`` run from ``root`` as a partner would, in-process for speed."""
    monkeypatch.chdir(root)
    code = cli.main(["--check", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_corpus_is_large_enough() -> None:
    assert len(corpus_cases()) >= 40


@pytest.mark.parametrize("case", corpus_cases(), ids=lambda path: path.name)
def test_corpus_case_gives_its_exact_messages(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_case(case, tmp_path)
    code, out, err = run_check(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.splitlines() == (case / "expected.txt").read_text(encoding="utf-8").splitlines()


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
                check_catalogue(catalog, dt.date(2026, 11, 28))
            except CatalogueError as error:
                assert error.problems, (number, shape)
