"""The architecture document's rules, checked (ARCHITECTURE.md): output stages never import one
another, modules and functions stay short, generated folders are all gitignored and nowhere else."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
import yaml

from ads_catalog.site import FACETS, GENERATED_DIRS
from tests.support import REPO

sys.path.insert(0, str(REPO / "scripts"))
from import_graph import crossed_stages, import_graph

PACKAGE = REPO / "ads_catalog"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def test_no_output_stage_imports_another() -> None:
    assert crossed_stages(import_graph(PACKAGE)) == []


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_modules_and_functions_stay_short(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long_functions = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno >= MAX_FUNCTION_LINES
    ]
    assert long_functions == []


def test_generated_folders_are_exactly_the_gitignored_docs_folders() -> None:
    ignored = re.findall(r"(?m)^docs/(.+)/$", (REPO / ".gitignore").read_text(encoding="utf-8"))
    assert sorted(ignored) == sorted(GENERATED_DIRS)


def test_every_facet_index_is_in_the_navigation() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    browse = next(item["Parcourir"] for item in config["nav"] if isinstance(item, dict) and "Parcourir" in item)
    pages = {page for entry in browse for page in entry.values()}
    assert {f"{facet.folder}/index.md" for facet in FACETS} <= pages


def test_comments_point_inside_the_repository() -> None:
    sources = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2"), *(REPO / "docs" / "assets").rglob("*.js")]
    outside = [path.name for path in sources if "DESIGN.md" in path.read_text(encoding="utf-8")]
    assert outside == []
