"""No request leaves the site's own origin (no Google Fonts, CDN or analytics), on any page type.

Every request the browser makes is recorded, page and worker alike; requests to another origin
are recorded and aborted (the test machine has no internet, and a visit must not depend on it).
A static scan of the built files backs this up for pages or states the browser walk misses.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.explorer_page import READY
from tests.browser.page_types import PAGES

TRACKER_HOSTS = (
    "googletagmanager.com", "google-analytics.com", "matomo", "plausible.io", "hotjar", "facebook.net", "gravatar.com",
)  # fmt: skip
CDN_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com")
"""Checked in HTML and CSS only: Material's script bundle names unpkg.com for Mermaid, which it loads
only on a page with a Mermaid diagram (there is none; the browser walk would catch the request)."""
REMOTE_IN_HTML = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|preload|prefetch|preconnect|dns-prefetch|modulepreload|icon)\b)"
    r"[^>]*\bhref=[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
REMOTE_IN_CSS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])(?:https?:)?//", re.IGNORECASE)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Recorder:
    """Every request of a browser context; those leaving ``own`` are aborted."""

    def __init__(self, own: str) -> None:
        self.own = own
        self.requests: list[str] = []
        self.outside: list[str] = []

    def route(self, route, request) -> None:
        if request.url.startswith(("data:", "blob:")) or origin(request.url) == self.own:
            route.continue_()
        else:
            self.outside.append(
                f"{request.resource_type} {request.url} (from {request.frame.url if request.frame else '?'})"
            )
            route.abort()

    def seen(self, request) -> None:
        self.requests.append(request.url)
        if not request.url.startswith(("data:", "blob:")) and origin(request.url) != self.own:
            self.outside.append(f"{request.resource_type} {request.url}")


@pytest.fixture
def page(isolated_page: object) -> object:
    """The recorder routes a whole browser context: these tests get one of their own."""
    return isolated_page


@pytest.fixture
def recorder(page, site_url: str) -> Recorder:
    recorder = Recorder(origin(site_url))
    page.context.route("**/*", recorder.route)
    page.context.on("request", recorder.seen)
    return recorder


def visit(page, url: str, idle: bool = True) -> None:
    page.goto(url, wait_until="load")
    page.mouse.wheel(0, 20_000)  # lazy images, sticky elements
    if page.query_selector("#explorateur"):
        page.wait_for_selector(READY)
    if idle:
        page.wait_for_load_state("networkidle")


def test_every_page_type_stays_on_the_site_origin(page, open_tab, site_url: str, recorder: Recorder) -> None:
    """One tab per page type, all left open until every one is idle: their waits overlap."""
    tabs = [page, *(open_tab() for _ in range(len(PAGES) - 1))]
    for tab, path in zip(tabs, PAGES.values(), strict=True):
        visit(tab, site_url + path, idle=False)
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    assert len(recorder.requests) > len(PAGES), "the walk recorded no requests: the recorder is not wired"
    assert not sorted(set(recorder.outside)), "requests outside the site:\n" + "\n".join(sorted(set(recorder.outside)))


def test_searching_stays_on_the_site_origin(page, site_url: str, recorder: Recorder) -> None:
    """The explorer's index and the header search box load only from the site."""
    visit(page, site_url + "catalogue/")
    page.fill("#q", "donnees de sante")
    page.wait_for_load_state("networkidle")
    visit(page, site_url)
    page.fill("#ads-q-site", "pharmacovigilance")
    page.keyboard.press("Enter")
    page.wait_for_url("**/catalogue/?q=pharmacovigilance")
    page.wait_for_selector(READY)
    page.wait_for_load_state("networkidle")
    assert any("catalogue" in url for url in recorder.requests)
    assert not recorder.outside, "requests outside the site:\n" + "\n".join(sorted(set(recorder.outside)))


def test_built_files_load_nothing_from_another_host(built_site: Path) -> None:
    found = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        pattern = REMOTE_IN_CSS if path.suffix == ".css" else REMOTE_IN_HTML if path.suffix == ".html" else None
        if pattern and (match := pattern.search(text)):
            found.append(f"{path.relative_to(built_site)}: {text[match.start() : match.start() + 120]!r}")
        hosts = TRACKER_HOSTS if path.suffix == ".js" else TRACKER_HOSTS + CDN_HOSTS
        found += [f"{path.relative_to(built_site)}: mentions {host}" for host in hosts if host in text]
    assert not found, "\n".join(found[:30])
