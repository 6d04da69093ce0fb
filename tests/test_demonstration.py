"""The demonstration switch (mkdocs.yml ``extra: demonstration``): on, every page of the built real
site shows the banner and the open data says so; off, nothing does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support import run_cli

BANNER = re.compile(r'<section\b[^>]*aria-label="Catalogue de démonstration"[^>]*>(.*?)</section>', re.DOTALL)


def pages(site: Path) -> list[Path]:
    """Every HTML page a visitor reads: not the redirect stubs of renamed pages and short links,
    which send the browser on at once (the page they lead to has the banner)."""
    return [p for p in sorted(site.rglob("*.html")) if 'http-equiv="refresh"' not in p.read_text("utf-8")]


def test_every_page_shows_the_banner_with_a_link_to_what_is_illustrative(real_project: Path) -> None:
    site = real_project / "site"
    found = pages(site)
    assert any(p.parent.name == "parcours" and p.parent.parent.name == "integrer" for p in found)
    assert site / "404.html" in found
    missing = []
    for page in found:
        banner = BANNER.search(page.read_text("utf-8"))
        if not (banner and "illustratifs" in banner.group(1) and "/a-propos/#illustratif" in banner.group(1)):
            missing.append(str(page.relative_to(site)))
    assert not missing, missing
    assert 'id="illustratif"' in (site / "a-propos" / "index.html").read_text("utf-8")


def test_the_open_data_says_it_is_a_demonstration(real_project: Path) -> None:
    data = real_project / "site" / "donnees"
    catalogue = json.loads((data / "catalogue.json").read_text("utf-8"))
    assert "illustratifs" in catalogue["avertissement"]
    calendar = (data / "sessions.ics").read_text("utf-8").replace("\r\n ", "")
    assert re.search(r"^X-WR-CALDESC:Catalogue de démonstration", calendar, re.MULTILINE)
    events = calendar.count("BEGIN:VEVENT")
    assert events and calendar.count("DESCRIPTION:Session illustrative") == events
    assert "démonstration" in (data / "nouveautes.atom").read_text("utf-8").split("</subtitle>")[0]


@pytest.fixture(scope="module")
def switched_off(mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalogue built with ``demonstration: false``."""
    from tests.support import built_copy

    root = built_copy(mini_project, tmp_path_factory.mktemp("sans-demonstration") / "projet")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  demonstration: true\n" in text
    config.write_text(text.replace("  demonstration: true\n", "  demonstration: false\n"), "utf-8")
    result = run_cli("--site", "site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_switched_off_no_page_and_no_file_mentions_the_demonstration(switched_off: Path, mini_project: Path) -> None:
    assert BANNER.search((mini_project / "site" / "index.html").read_text("utf-8"))  # on before
    shown = [str(p.relative_to(switched_off)) for p in pages(switched_off) if BANNER.search(p.read_text("utf-8"))]
    assert not shown
    assert len(pages(switched_off)) > 5
    assert "avertissement" not in json.loads((switched_off / "donnees" / "catalogue.json").read_text("utf-8"))
    for name in ("sessions.ics", "nouveautes.atom"):
        assert "démonstration" not in (switched_off / "donnees" / name).read_text("utf-8")
