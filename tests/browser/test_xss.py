"""Hostile partner text stays text: the site built from tests/fixtures/xss, whose every free-text
field carries script payloads, opened page by page in Chromium.

Each payload, if it ever ran, would open a dialog or set ``window.__xss``; template injections
(``{{ 1234*5 }}``, ``{{ '7'*7 }}``) would show 6170 or 7777777.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scripts.local_browser import serve
from tests.support import FIXTURES, built_once

SEARCH_BOXES = {"catalogue/": "#q"}
TABS = 10
"""Pages loaded side by side in the walk."""
SHORT_LINKS = ("m/", "p/")
REDIRECT_TAGS = ["html", "head", "meta", "title", "meta", "link", "link", "meta", "body", "p", "a"]
REFLECTED = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D30%3E"
"""A query string the explorer shows back (« aucun résultat pour … »): reflected XSS."""
URL_STATES = [
    f"catalogue/?q={REFLECTED}",
    f"catalogue/?q=xss&domaine={REFLECTED}&niveau=expert&parcours={REFLECTED}",
    f"catalogue/?categorie=javascript%3Awindow.__xss%3D31&format={REFLECTED}",
]

FINDINGS = """() => {
  const bad = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.toLowerCase().replace(/[\\u0000-\\u0020]/g, "");
      const where = `<${element.tagName.toLowerCase()} ${name}="${attribute.value.slice(0, 60)}">`;
      if (name.startsWith("on") || name === "srcdoc") bad.push(where);
      const ownBlankIcon = element.matches('link[rel="icon"]') && attribute.value === "data:,";  // no favicon request
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(value) && !ownBlankIcon) bad.push(where);
    }
  }
  for (const frame of document.querySelectorAll("iframe, object, embed")) bad.push(frame.outerHTML.slice(0, 80));
  const text = document.body.innerText;
  for (const evaluated of ["6170", "7777777"]) {
    if (text.includes(evaluated)) bad.push("template evaluated: " + evaluated);
  }
  return {ran: window.__xss ?? null, bad};
}"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the hostile fixture (it must pass validation: payloads are valid text);
    at the tests' build date, the fixture has a past and an upcoming session."""
    return built_once("xss", FIXTURES / "xss", tmp_path_factory) / "site"


@pytest.fixture(scope="module")
def xss_url(xss_site: Path) -> Iterator[str]:
    with serve(xss_site) as url:
        yield url


def site_pages(site: Path) -> list[str]:
    """Every page of the built site (paths relative to its root, directory style), and the HTML
    pages that are files of their own (embeddable path snippets, 404)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if path.name != "index.html":
            pages.append(relative)
        else:
            pages.append(relative.removesuffix("index.html"))
    return pages


def test_every_page_type_is_built_from_the_hostile_fixture(xss_site: Path) -> None:
    pages = site_pages(xss_site)
    for expected in (
        "",
        "catalogue/",
        "modules/",
        "modules/ia/",
        "parcours/",
        "parcours/terrain/",
        "metiers/",
        "competences/",
        "nouveautes/",
        "integrer/parcours/terrain.html",
    ):
        assert expected in pages
    for facet in ("categories", "domaines", "niveaux", "formats", "partenaires"):
        assert f"{facet}/" in pages
        assert any(page.startswith(f"{facet}/") and page != f"{facet}/" for page in pages)


def test_no_payload_runs_on_any_page(xss_site: Path, xss_url: str, page: object, open_tab) -> None:
    """Pages are loaded side by side, a batch of tabs at a time, and checked once all are loaded."""
    dialogs: list[str] = []
    paths = [path for path in [*site_pages(xss_site), *URL_STATES] if not path.startswith(SHORT_LINKS)]
    # Short links redirect to pages of the walk; their own HTML: test_redirect_pages_hold_no_markup.
    tabs = [page, *(open_tab() for _ in range(TABS - 1))]
    for tab in tabs:
        tab.on("dialog", lambda dialog, tab=tab: (dialogs.append(f"{tab.url}: {dialog.message}"), dialog.dismiss()))
    problems: list[str] = []
    for start in range(0, len(paths), TABS):
        batch = list(zip(tabs, paths[start : start + TABS], strict=False))
        for tab, path in batch:
            tab.goto(xss_url + path, wait_until="load")
        page.wait_for_timeout(100)  # autofocus and error handlers fire around the load event
        for tab, path in batch:
            problems += payload_problems(tab, path)
    assert dialogs == []
    assert problems == []


def payload_problems(page: object, path: str) -> list[str]:
    """What a loaded page shows of the payloads: a script that ran, a live attribute, an evaluated template."""
    if path.startswith("catalogue/"):
        page.wait_for_load_state("networkidle")  # the explorer fetches its index
    if path in SEARCH_BOXES and page.locator(SEARCH_BOXES[path]).count():
        _type_payload_words(page, SEARCH_BOXES[path])
    found = page.evaluate(FINDINGS)
    problems = [f"/{path}: {item}" for item in found["bad"]]
    if found["ran"] is not None:
        problems.insert(0, f"/{path}: injected script ran (window.__xss = {found['ran']})")
    return problems


def test_redirect_pages_hold_no_markup_from_partner_text(xss_site: Path) -> None:
    """Short links are meta-refresh pages showing the title of the page they lead to, escaped."""
    pages = [page for page in site_pages(xss_site) if page.startswith(SHORT_LINKS)]
    assert pages
    for path in pages:
        tags = TagsAndAttributes()
        tags.feed((xss_site / path / "index.html").read_text(encoding="utf-8"))
        assert [tag for tag, _ in tags.seen] == REDIRECT_TAGS, path
        for tag, attributes in tags.seen:
            assert not any(name.startswith("on") for name, _ in attributes), (path, tag)
            assert not any((value or "").startswith("javascript:") for _, value in attributes), (path, tag)


class TagsAndAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


def _type_payload_words(page: object, selector: str) -> None:
    """Search for words of the payloads, so that results built in the browser show hostile text."""
    box = page.locator(selector).first
    if not box.is_visible():
        page.keyboard.press("s")  # Material opens its search box on « s »
    for query in ("module", "script", "xss"):
        box.fill(query)
        page.wait_for_timeout(400)
