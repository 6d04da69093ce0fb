"""A renamed module in Chromium: its old URL and its short link both land on the new page.

A copy of the built mini project (``mini_project``) has its ``ia`` module renamed
``intelligence-artificielle`` with ``redirection:`` in catalog/urls.yml; the site is built again
(``mkdocs build --strict``) and served on 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.local_browser import serve
from tests.support import built_copy, run_cli

NEW_ID = "intelligence-artificielle"


@pytest.fixture(scope="module")
def renamed_site(mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = built_copy(mini_project, tmp_path_factory.mktemp("renomme") / "projet")
    catalog = root / "catalog"
    text = (catalog / "modules" / "ia.yml").read_text(encoding="utf-8").replace("id: ia\n", f"id: {NEW_ID}\n")
    (catalog / "modules" / "ia.yml").unlink()
    (catalog / "modules" / f"{NEW_ID}.yml").write_text(text, encoding="utf-8")
    registry = catalog / "urls.yml"
    registry.write_text(
        re.sub(r"(\n  ia:\n(?:    .*\n)*)", rf"\1    redirection: {NEW_ID}\n", registry.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    result = run_cli("--site", "site", cwd=root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("old_path", ["modules/ia/", "m/3/"])
def test_old_url_and_short_link_lead_to_the_new_page(page, renamed_site: str, old_path: str) -> None:
    page.goto(renamed_site + old_path)
    page.wait_for_url(f"**/modules/{NEW_ID}/", timeout=10_000)
    assert page.url == f"{renamed_site}modules/{NEW_ID}/"
    assert page.locator("h1").first.inner_text() == "L'IA en santé"


def test_the_new_page_has_its_own_short_link(page, renamed_site: str) -> None:
    page.goto(f"{renamed_site}modules/{NEW_ID}/")
    short = page.locator(".ads-partage a").first
    assert short.inner_text() == "https://ads.leem.org/m/5/"
    short.click()
    page.wait_for_url(f"**/modules/{NEW_ID}/", timeout=10_000)
    assert page.url == f"{renamed_site}modules/{NEW_ID}/"


def test_a_path_short_link_leads_to_the_path(page, renamed_site: str) -> None:
    page.goto(renamed_site + "p/2/")
    page.wait_for_url("**/parcours/terrain/", timeout=10_000)
    assert "Force terrain" in page.locator("h1").first.inner_text()
