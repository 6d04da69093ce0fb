"""A renamed module in Chromium: its old URL and its short link both land on the new page.

A copy of the built mini project (``mini_project``) has its ``ia`` module renamed
``intelligence-artificielle``, and the entry a rename needs in catalog/urls.yml (the old id, its
published short code, ``redirection:``); the site is built again (``mkdocs build --strict``) and
served on 127.0.0.1. Short codes of the pages the registry does not list are derived from their ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ads_catalog.urls import derived_code
from scripts.local_browser import serve
from tests.support import built_copy, run_cli

NEW_ID = "intelligence-artificielle"
OLD_CODE = derived_code("ia", set())  # the short link the mini site published for « ia »


@pytest.fixture(scope="module")
def renamed_site(mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = built_copy(mini_project, tmp_path_factory.mktemp("renomme") / "projet")
    catalog = root / "catalog"
    text = (catalog / "modules" / "ia.yml").read_text(encoding="utf-8").replace("id: ia\n", f"id: {NEW_ID}\n")
    (catalog / "modules" / "ia.yml").unlink()
    (catalog / "modules" / f"{NEW_ID}.yml").write_text(text, encoding="utf-8")
    entry = f"  ia:\n    code: {OLD_CODE}\n    publie_le: 2026-01-05\n    redirection: {NEW_ID}\n"
    (catalog / "urls.yml").write_text(f"modules:\n{entry}parcours: {{}}\n", encoding="utf-8")
    result = run_cli("--site", "site", cwd=root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("old_path", ["modules/ia/", f"m/{OLD_CODE}/"])
def test_old_url_and_short_link_lead_to_the_new_page(page, renamed_site: str, old_path: str) -> None:
    page.goto(renamed_site + old_path)
    page.wait_for_url(f"**/modules/{NEW_ID}/", timeout=10_000)
    assert page.url == f"{renamed_site}modules/{NEW_ID}/"
    assert page.locator("h1").first.inner_text() == "L'IA en santé"


def test_the_new_page_has_its_own_short_link(page, renamed_site: str) -> None:
    page.goto(f"{renamed_site}modules/{NEW_ID}/")
    short = page.locator(".ads-partage a").first
    assert short.inner_text() == f"https://ads.leem.org/m/{derived_code(NEW_ID, {OLD_CODE})}/"
    short.click()
    page.wait_for_url(f"**/modules/{NEW_ID}/", timeout=10_000)
    assert page.url == f"{renamed_site}modules/{NEW_ID}/"


def test_a_path_short_link_leads_to_the_path(page, renamed_site: str) -> None:
    page.goto(renamed_site + f"p/{derived_code('terrain', set())}/")
    page.wait_for_url("**/parcours/terrain/", timeout=10_000)
    assert "Force terrain" in page.locator("h1").first.inner_text()
