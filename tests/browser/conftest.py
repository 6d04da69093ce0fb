"""Browser fixtures: the real site, built once per session and served on 127.0.0.1, and Debian's
Chromium driven by Playwright (never a downloaded browser).

- ``built_site``: folder of the built site. ``ADS_SITE_DIR`` points at an already built site
  (e.g. ``site/`` after ``make build``); otherwise it is the site of ``real_project``
  (tests/conftest.py): the real catalogue built once per run, shared with the other test files.
- ``site_url``: base URL (ending in ``/``) of that site, served by ``http.server`` in a thread.
- ``page``: a fresh tab that fails the test on any console error or uncaught exception; tabs of
  one test module share a browser context (``isolated_page``: a context of its own).
- ``page_without_js``: the same with JavaScript disabled, in a context of its own.
- ``open_tab``: opens another tab in ``page``'s context, its errors failing the test as ``page``'s do.
- ``reused_page``: one page per test module, for tests that only load and read pages.

If Chromium cannot start, browser tests are skipped, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts.local_browser import CHROMIUM, CHROMIUM_ARGS, serve
from tests.support import unavailable


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> Path:
    given = os.environ.get("ADS_SITE_DIR")
    if given:
        site = Path(given).resolve()
        assert (site / "index.html").is_file(), f"ADS_SITE_DIR={given} is not a built site"
        return site
    return request.getfixturevalue("real_project") / "site"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:  # any launch failure means "no browser here"
        manager.stop()
        unavailable(f"Chromium did not start: {error}")
    try:
        yield chromium
    finally:
        chromium.close()
        manager.stop()


def _describe(msg: object) -> str:
    where = msg.location.get("url", "") if msg.location else ""
    return f"console.{msg.type}: {msg.text} ({where})"


def _watch(page: object) -> list[str]:
    """Collect the page's console errors and uncaught exceptions (also as ``page.console_errors``)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(_describe(msg)) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.console_errors = errors
    return errors


def _fail_on(errors: list[str]) -> None:
    if errors:
        pytest.fail("JavaScript errors on the page:\n" + "\n".join(errors))


def _watched(page: object) -> Iterator[object]:
    errors = _watch(page)
    try:
        yield page
    finally:
        page.close()
    _fail_on(errors)


@pytest.fixture(scope="module")
def _module_context(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="fr-FR")
    yield context
    context.close()


@pytest.fixture
def page(_module_context: object) -> Iterator[object]:
    """A new tab, in a browser context shared by the test module: a context per test would start a
    renderer process each time. A test that sets routes or storage takes ``isolated_page``."""
    yield from _watched(_module_context.new_page())


@pytest.fixture
def isolated_page(browser: object) -> Iterator[object]:
    """A page in a browser context of its own (routes, request listeners, storage)."""
    context = browser.new_context(locale="fr-FR")
    try:
        yield from _watched(context.new_page())
    finally:
        context.close()


@pytest.fixture
def page_without_js(browser: object) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        yield from _watched(context.new_page())
    finally:
        context.close()


@pytest.fixture
def open_tab(page: object) -> Iterator[Callable[[], object]]:
    """Open another tab of ``page``'s context (same routes and listeners), for walks that load many
    pages side by side so that their waits overlap; its JavaScript errors are ``page``'s."""
    tabs: list[object] = []

    def open_one() -> object:
        tab = page.context.new_page()
        tab.on("console", lambda msg: page.console_errors.append(_describe(msg)) if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc} ({tab.url})"))
        tabs.append(tab)
        return tab

    yield open_one
    for tab in tabs:
        tab.close()


@pytest.fixture(scope="module")
def _module_page(_module_context: object) -> object:
    page = _module_context.new_page()
    _watch(page)
    return page


@pytest.fixture
def reused_page(_module_page: object) -> Iterator[object]:
    """One page shared by the tests of a module that only load and read pages (no init script, no
    history, no route): even a new tab costs a renderer start. Media emulation is reset; JavaScript
    errors still fail the test during which they occur."""
    page = _module_page
    page.emulate_media(media="null")
    page.console_errors.clear()
    yield page
    _fail_on(list(page.console_errors))
