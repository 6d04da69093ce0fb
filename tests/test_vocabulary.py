"""The vocabulary has one source: statuses in the model, levels (and their order) in taxonomie.yml.
The JSON Schemas partners' editors read must say the same."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ads_catalog.model import Status
from tests.support import REPO

SCHEMAS = REPO / "schemas"
LEVEL_IDS = [
    level["id"] for level in yaml.safe_load((REPO / "catalog" / "taxonomie.yml").read_text("utf-8"))["niveaux"]
]


def enums(node: Any, where: str = "") -> Iterator[tuple[str, list[object]]]:
    """Every ``enum`` of a schema, with the property that holds it."""
    if isinstance(node, dict):
        if "enum" in node:
            yield where, node["enum"]
        for key, child in node.items():
            yield from enums(child, key if key not in ("items", "properties") else where)
    elif isinstance(node, list):
        for child in node:
            yield from enums(child, where)


@pytest.mark.parametrize("schema", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda path: path.name)
def test_schema_enums_of_levels_and_statuses_follow_their_source(schema: Path) -> None:
    for field, values in enums(json.loads(schema.read_text(encoding="utf-8"))):
        if field == "statut":
            assert values == [status.value for status in Status], schema.name
        elif set(values) & set(LEVEL_IDS) or field in ("niveau", "niveau_cible"):
            assert values == LEVEL_IDS, (schema.name, field)


def test_levels_are_enumerated_in_the_module_schema() -> None:
    module_enums = dict(enums(json.loads((SCHEMAS / "module.schema.json").read_text(encoding="utf-8"))))
    assert module_enums["niveau"] == LEVEL_IDS
    assert module_enums["statut"] == [status.value for status in Status]
