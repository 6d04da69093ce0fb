"""Serve a built site on loopback and start Debian's Chromium: the one place shared by the browser
tests (``tests/browser/``), the benchmarks (``benchmarks/``) and the Lighthouse audit
(``tools/lighthouse/audit.py``), so all of them measure the same browser in the same conditions.

Import it as ``scripts.local_browser`` with the repository root on ``sys.path``: pytest puts it
there (``pythonpath`` in ``pyproject.toml``); each command-line entry point (``benchmarks/bench_*.py``,
``tools/lighthouse/audit.py``) inserts it first, as ``scripts/build_catalog.py`` does. Modules that
are imported, never run (this one, ``benchmarks/browser_measures.py``), never touch ``sys.path``.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # the machine's network is closed: no background calls
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Text files a production host (GitHub Pages) serves gzip-compressed.
COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"})


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without one log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


class GzipHandler(QuietHandler):
    """Text files gzip-compressed (level 6) when the browser accepts it, as production hosting does.

    Lighthouse's performance figures in BENCHMARKS.md assume it (``make audit``)."""

    def send_head(self) -> Any:
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the base class redirects /folder to /folder/
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, *, compress: bool = False) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) and yield its base URL, ending in ``/``.

    ``compress=True`` gzips text files for browsers that accept it (see :class:`GzipHandler`)."""
    handler = functools.partial(GzipHandler if compress else QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
