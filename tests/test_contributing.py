"""The partners' guides: « Proposer un module » links to the repository (one configured address),
and the site page and CONTRIBUTING.md give the same commands."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ads_catalog.cli import parser
from tests.support import REPO

PAGE = REPO / "docs" / "contribuer.md"


def shell_lines(path: Path) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line]


def depot_url() -> str:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["extra"]["depot_url"]


def test_the_site_page_and_contributing_give_the_same_commands() -> None:
    page, guide = shell_lines(PAGE), shell_lines(REPO / "CONTRIBUTING.md")
    assert ".venv/bin/python scripts/build_catalog.py --check" in page
    missing = [line for line in page if line not in guide]
    assert not missing, f"commands of docs/contribuer.md that CONTRIBUTING.md does not give: {missing}"
    assert not [line for line in page + guide if "npm" in line or line.startswith("make check")]


def test_propose_a_module_links_to_the_repository(mini_project: Path) -> None:
    assert depot_url().startswith("https://")
    html = (mini_project / "site" / "contribuer" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{depot_url()}">dépôt du catalogue</a>' in html
    assert "@depot_url@" not in html
    assert "votre interlocuteur à l'Académie" in html.replace("&#39;", "'").replace("’", "'")


def test_every_command_line_option_is_documented() -> None:
    documented = (REPO / "README.md").read_text(encoding="utf-8") + (REPO / "CONTRIBUTING.md").read_text(
        encoding="utf-8"
    )
    options = [name for action in parser()._actions for name in action.option_strings if name.startswith("--")]
    assert "--diff" in options and "--format" in options
    missing = [name for name in options if not re.search(rf"`[^`]*{re.escape(name)}\b[^`]*`", documented)]
    assert not missing, f"options in neither README.md nor CONTRIBUTING.md: {missing}"
