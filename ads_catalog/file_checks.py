"""Stages 1 and 2a for every catalogue file: read, parse (:mod:`~ads_catalog.load`) and check against
its JSON Schema (:mod:`~ads_catalog.validate_schema`), each file at most once per version of its bytes.

What one file gives — its data, where each value was written, the problems of its text and of its
schema — depends only on its kind, its shown path, its bytes, the schemas and the code reading them,
so it is kept in a memo (:mod:`~ads_catalog.work_cache`, « fichiers ») under the SHA-256 of the first
three; the memo's salt covers the rest. A rebuild after one file changed parses and checks that file
only; every file is still read (its bytes are the key), and its problems are reported exactly as
when computed, on every run. The rules across files never come from the memo (:mod:`ads_catalog.validate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ads_catalog.intake import CATALOGUE_LAYOUT, display_path, read_file, scan_catalogue
from ads_catalog.load import PARSER, LoadedFile, load_bytes
from ads_catalog.problems import Problem
from ads_catalog.validate_schema import SCHEMA_DIR, schema_problems
from ads_catalog.work_cache import digest, open_memo, paused_collector, salt

MEMO_NAME = "fichiers"
CODE = ("file_checks", "intake", "load", "validate_schema", "problems", "text", "ids", "work_cache")


@dataclass
class CheckedFiles:
    """Every file that could be parsed, by kind; those that follow their schema; the problems."""

    files: dict[str, list[LoadedFile]] = field(default_factory=lambda: {kind: [] for kind, _ in CATALOGUE_LAYOUT})
    valid: dict[str, list[LoadedFile]] = field(default_factory=lambda: {kind: [] for kind, _ in CATALOGUE_LAYOUT})
    problems: list[Problem] = field(default_factory=list)


@cache
def _salt() -> str:
    versions = (PARSER, version("PyYAML"), version("jsonschema"))
    return salt(CODE, tuple(sorted(SCHEMA_DIR.glob("*.json"))), versions)


def checked_files(root: Path, memo_folder: Path | None = None) -> CheckedFiles:
    """Load and schema-check every file below ``root``; ``memo_folder``: where the memo is (None: none)."""
    with paused_collector(freeze=memo_folder is not None):
        return _checked_files(root, memo_folder)


def _checked_files(root: Path, memo_folder: Path | None) -> CheckedFiles:
    memo = open_memo(memo_folder, MEMO_NAME, _salt())
    checked = CheckedFiles()
    found, checked.problems = scan_catalogue(root)
    for kind, path in found:
        shown = display_path(path)
        raw, early = read_file(path, shown)
        if raw is None:
            checked.problems += [early] if early else []
            continue
        key = digest(kind, shown.as_posix(), raw)
        result = _from_record(memo.get(key), raw, shown)
        if result is None:
            result = _computed(kind, raw, shown)
            if memo.path is not None:
                memo.put(key, _record(*result))
        loaded, problems, schema_found = result
        checked.problems += problems + schema_found
        if loaded is not None:
            checked.files[kind].append(loaded)
            if not schema_found:
                checked.valid[kind].append(loaded)
    memo.save()
    return checked


def _computed(kind: str, raw: bytes, shown: Path) -> tuple[LoadedFile | None, list[Problem], list[Problem]]:
    loaded, problems = load_bytes(raw, shown)
    return loaded, problems, schema_problems(kind, loaded) if loaded is not None else []


def _record(loaded: LoadedFile | None, problems: list[Problem], schema_found: list[Problem]) -> dict[str, Any]:
    """What a file gives, as JSON data (a file that could not be parsed has no ``data``)."""
    record: dict[str, Any] = {"load": [_problem_row(p) for p in problems], "schema": []}
    if loaded is not None:
        record["data"] = loaded.data
        record["locations"] = [[list(path), *location] for path, location in loaded.locations.items()]
        record["schema"] = [_problem_row(p) for p in schema_found]
    return record


def _problem_row(problem: Problem) -> list[Any]:
    return [problem.line, problem.column, problem.message, problem.warning]


def _from_record(record: Any, raw: bytes, shown: Path) -> tuple[LoadedFile | None, list[Problem], list[Problem]] | None:
    """The file, its problems and its schema problems from a record; None if the record is not one
    (absent, or of another shape: it is then computed again, never trusted)."""
    try:
        problems = [Problem(shown, *row) for row in record["load"]]
        schema_found = [Problem(shown, *row) for row in record["schema"]]
        if "data" not in record:
            return None, problems, schema_found
        locations = {tuple(path): (line, column) for path, line, column in record["locations"]}
        return LoadedFile(shown, record["data"], locations, raw.decode("utf-8")), problems, schema_found
    except (KeyError, TypeError, ValueError):
        return None
