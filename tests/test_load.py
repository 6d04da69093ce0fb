"""The strict YAML loader: what each scalar becomes, where each value was written, what is refused."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from ads_catalog.load import MAX_FILE_BYTES, load_file
from ads_catalog.problems import CatalogueError
from ads_catalog.validate import check_catalogue
from tests.support import FIXTURES, TODAY


def load_text(tmp_path: Path, text: str | bytes) -> tuple[object, list[str]]:
    path = tmp_path / "f.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    loaded, problems = load_file(path, Path("f.yml"))
    return (loaded.data if loaded else None), [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"), ("on", "on"), ("yes", "yes"), ("off", "off"), ("y", "y"),
        ("0755", "0755"), ("1:30", "1:30"), ("2026-03-01", "2026-03-01"), ("1.5", "1.5"), ("1e3", "1e3"),
        (".inf", ".inf"), ("0x1F", "0x1F"), ("true", True), ("false", False), ("null", None), ("~", None),
        ("", None), ("42", 42), ("-7", -7), ("0", 0), ("'42'", "42"), ('"true"', "true"), ("'no'", "no"),
    ],
)  # fmt: skip
def test_only_plain_true_false_null_and_decimal_integers_are_typed(tmp_path: Path, written: str, value: object) -> None:
    data, problems = load_text(tmp_path, f"cle: {written}\n")
    assert problems == []
    assert data == {"cle": value}
    assert type(data["cle"]) is type(value)  # type: ignore[index]


def test_locations_of_keys_and_values(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("# commentaire\nid: x\nniveaux:\n  - niveau: expert\n    formats: [a, b]\n", encoding="utf-8")
    loaded, _ = load_file(path)
    assert loaded is not None
    assert loaded.where(("id",)) == (2, 5)
    assert loaded.where(("niveaux", 0, "niveau")) == (4, 13)
    assert loaded.where(("niveaux", 0, "formats", 1)) == (5, 18)
    assert loaded.where(("niveaux", 0, "formats", "#key")) == (5, 5)
    assert loaded.where(("niveaux", 0, "absent")) == (4, 5)  # closest parent


def test_find_points_inside_a_multi_line_text(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("id: x\ndescription: |\n  ligne un\n  voir [ici](javascript:x)\n", encoding="utf-8")
    loaded, _ = load_file(path)
    assert loaded is not None
    assert loaded.find("javascript:x", ("description",)) == (4, 14)


def test_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    """A billion laughs: refused on the first ``&``, never expanded (speed is for benchmarks/)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    data, problems = load_text(tmp_path, "\n".join(lines) + "\n")
    assert data is None
    assert problems == [
        "f.yml:1:4: les ancres et alias YAML (& et *) ne sont pas acceptés : écrivez la valeur en entier"
    ]


def test_file_at_the_size_limit_is_read_one_byte_more_is_not(tmp_path: Path) -> None:
    head = "texte: "
    _, problems = load_text(tmp_path, head + "x" * (MAX_FILE_BYTES - len(head) - 1) + "\n")
    assert problems == []
    _, problems = load_text(tmp_path, head + "x" * (MAX_FILE_BYTES - len(head)) + "\n")
    assert problems == [
        f"f.yml:1:1: fichier trop volumineux ({MAX_FILE_BYTES + 1} octets) : {MAX_FILE_BYTES} octets au plus"
    ]


def test_tab_inside_a_value_is_fine_but_not_in_indentation(tmp_path: Path) -> None:
    assert load_text(tmp_path, "cle: a\tb\n") == ({"cle": "a\tb"}, [])
    assert load_text(tmp_path, "cle:\n\t- a\n")[1] == [
        "f.yml:2:1: tabulation dans l'indentation : indentez avec des espaces"
    ]


def test_non_utf8_byte_is_located(tmp_path: Path) -> None:
    assert load_text(tmp_path, "a: b\ncle: caf\xe9\n".encode("latin-1"))[1] == [
        "f.yml:2:9: octets non UTF-8 : enregistrez le fichier en UTF-8"
    ]


def test_explicit_tags_are_refused(tmp_path: Path) -> None:
    assert load_text(tmp_path, "cle: !!binary aGVsbG8=\n")[1] == [
        "f.yml:1:6: étiquette YAML « !!binary » non acceptée : retirez-la et écrivez une valeur simple"
    ]


@pytest.mark.parametrize("name", ["modules/rgpd.yml", "personas/terrain.yml", "taxonomie.yml"])
def test_random_edits_give_problems_never_a_crash(tmp_path: Path, name: str) -> None:
    """Characters that mean something to YAML inserted, deleted or swapped anywhere in a file."""
    mini = FIXTURES / "mini"
    catalog = tmp_path / "catalog"
    shutil.copytree(mini, catalog)
    original = (mini / name).read_text(encoding="utf-8")
    signs = ":-[]{}\"'&*!|>?%@`#,\t\x00\x07\x85\ufeff\u2028\n "
    chance = random.Random(20261128)
    for _ in range(400):
        text = list(original)
        for _edit in range(chance.randint(1, 3)):
            where = chance.randrange(len(text))
            match chance.randrange(3):
                case 0:
                    text.insert(where, chance.choice(signs))
                case 1:
                    del text[where]
                case _:
                    text[where] = chance.choice(signs)
        (catalog / name).write_text("".join(text), encoding="utf-8")
        try:
            check_catalogue(catalog, TODAY)
        except CatalogueError as error:
            assert all(problem.line >= 1 and problem.column >= 1 for problem in error.problems)
