"""The generator's memos (ads_catalog.work_cache): a rebuild reports exactly what a first build
reports, parses only the files that changed, and never trusts a memo it cannot verify."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from ads_catalog import file_checks, sanitize, search, work_cache
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.problems import CatalogueError
from ads_catalog.validate import validated
from ads_catalog.validate_warnings import catalogue_warnings
from tests.support import FIXTURES, TODAY, run_cli
from tests.test_validate import corpus_cases, make_case

MINI = FIXTURES / "mini"
MINI_FILES = len(list(MINI.rglob("*.yml")))


def report(catalog: Path, memo: Path | None) -> list[str]:
    """What ``--check --strict`` would print: the problems, or else the warnings."""
    try:
        checked = validated(catalog, memo)
    except CatalogueError as error:
        return [str(p) for p in error.problems]
    warnings = catalogue_warnings(checked.files, compute_learning_paths(checked.catalogue), TODAY)
    return [str(p) for p in warnings]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files parsed (not taken from the memo), in order."""
    seen: list[Path] = []
    real = file_checks.load_bytes

    def counting(raw: bytes, shown: Path):
        seen.append(shown)
        return real(raw, shown)

    monkeypatch.setattr(file_checks, "load_bytes", counting)
    return seen


@pytest.mark.parametrize("case", corpus_cases(), ids=lambda path: path.name)
def test_a_memo_reports_every_problem_as_computed(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[Path]
) -> None:
    monkeypatch.chdir(tmp_path)  # problems show paths relative to the working folder
    make_case(case, tmp_path)
    expected = report(Path("catalog"), None)
    assert expected  # every case of the corpus has something to report
    parsed.clear()
    assert report(Path("catalog"), tmp_path / "memo") == expected
    first = len(parsed)
    assert report(Path("catalog"), tmp_path / "memo") == expected
    assert first > 0 and len(parsed) == first  # the second run parsed no file again


def mini_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINI, tmp_path / "catalog")
    return Path("catalog")


def test_a_changed_file_is_parsed_again_and_only_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[Path]
) -> None:
    catalog = mini_copy(tmp_path, monkeypatch)
    memo = tmp_path / "memo"
    report(catalog, memo)
    assert len(parsed) == MINI_FILES
    edited = catalog / "modules" / "ia.yml"
    edited.write_text(edited.read_text(encoding="utf-8") + "couleur: bleu\n", encoding="utf-8")
    parsed.clear()
    problems = report(catalog, memo)
    assert parsed == [edited]
    assert any(p.startswith("catalog/modules/ia.yml:") and "clé inconnue « couleur »" in p for p in problems)
    assert problems == report(catalog, None)


def _wrong_records(data: bytes) -> bytes:
    """The memo with every record replaced by a value of another shape, under a valid checksum."""
    magic, salt, _checksum, payload = data.split(b"\n", 3)
    payload = json.dumps({key: ["not", "a", "record"] for key in json.loads(payload)}).encode()
    return b"\n".join([magic, salt, hashlib.sha256(payload).hexdigest().encode(), payload])


CORRUPTIONS = {
    "truncated": lambda data: data[: len(data) // 2],
    "one byte changed": lambda data: data[:-10] + bytes([data[-10] ^ 1]) + data[-9:],
    "not JSON": lambda data: data.split(b"\n", 3)[0] + b"\n" + b"x" * 10,
    "records of another shape": _wrong_records,
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_a_corrupt_memo_is_never_trusted(
    corruption: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[Path]
) -> None:
    catalog = mini_copy(tmp_path, monkeypatch)
    (catalog / "modules" / "ia.yml").write_text("id: ia\ncouleur: bleu\n", encoding="utf-8")  # problems to report
    memo = tmp_path / "memo"
    expected = report(catalog, None)
    report(catalog, memo)
    stored = memo / f"{file_checks.MEMO_NAME}.json"
    stored.write_bytes(CORRUPTIONS[corruption](stored.read_bytes()))
    parsed.clear()
    assert report(catalog, memo) == expected
    assert len(parsed) == MINI_FILES  # every file parsed again…
    parsed.clear()
    assert report(catalog, memo) == expected
    assert parsed == []  # …and the memo written back whole


def test_the_memo_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINI, tmp_path / "catalog")
    monkeypatch.setenv(work_cache.ENV_DIR, "off")
    off = run_cli("--check", cwd=tmp_path)
    assert off.returncode == 0 and not (tmp_path / ".cache" / "generateur").exists()
    monkeypatch.delenv(work_cache.ENV_DIR)
    first, second = run_cli("--check", cwd=tmp_path), run_cli("--check", cwd=tmp_path)
    assert (tmp_path / ".cache" / "generateur" / f"{file_checks.MEMO_NAME}.json").is_file()
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    assert (off.stdout, off.stderr) == (first.stdout, first.stderr)


def test_the_search_index_from_the_memo_is_the_computed_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = validated(MINI).catalogue
    expected = search.search_json(catalogue)
    assert search.search_json(catalogue, tmp_path) == expected

    def no_analysis(text: str) -> list[str]:
        raise AssertionError(f"analysed again: {text[:40]}")

    monkeypatch.setattr(search, "analyse", no_analysis)
    assert search.search_json(catalogue, tmp_path) == expected


def test_descriptions_rendered_by_an_earlier_build_are_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = mini_copy(tmp_path, monkeypatch)
    renders: list[str] = []
    real = sanitize._RENDERER.convert
    monkeypatch.setattr(sanitize._RENDERER, "convert", lambda source: renders.append(source) or real(source))
    monkeypatch.setattr(sanitize, "_rendered", {})  # each build below as in a new process
    computed = validated(catalog, None).catalogue
    expected = {m.id: sanitize.markdown_html(m.description) for m in computed.modules.values()}
    monkeypatch.setattr(sanitize, "_rendered", {})
    validated(catalog, tmp_path / "memo")
    assert len(renders) >= 2 * len(expected)  # every description, in both builds
    monkeypatch.setattr(sanitize, "_rendered", {})
    renders.clear()
    remembered = validated(catalog, tmp_path / "memo").catalogue
    assert {m.id: sanitize.markdown_html(m.description) for m in remembered.modules.values()} == expected
    assert renders == []
