"""Browser measures for the benchmarks, in Debian's headless Chromium driven by Playwright.

Not a benchmark script itself (``make bench`` runs ``bench_*.py`` only): ``bench_build.py`` imports it
as ``benchmarks.browser_measures`` and calls :func:`measure_explorer` and
:func:`measure_material_search` on a built site, served on 127.0.0.1 (``scripts/local_browser.py``).

How each figure is taken (all in the page's own clock, ``performance.now()``):

* explorer first render: navigation start → the explorer script has rendered its form and the
  result cards (``#explorateur`` gets ``data-etat``, recorded by a MutationObserver);
* bytes before the first results: every file the page requested before its first render (the
  page itself, whole, and each resource whose request started earlier), at its gzip size (level 6,
  as a server would send it; the local server does not compress);
* index ready: navigation start → ``data-etat="pret"`` (prebuilt index fetched and loaded);
* first keystroke → results: one key pressed as soon as the explorer has rendered (the index may
  still be loading) → the results for that query are on screen (the input handler has run and
  layout is done, or, if the index was still loading, the render that follows its arrival);
* per keystroke: keydown ``event.timeStamp`` → end of the explorer's synchronous ``input`` handler
  plus a forced style/layout, for every later key typed (queries typed character by character,
  erased with Backspace). Paint is not included: it waits for the next frame. ``typing_p95_ms``:
  the letters only (Backspace comes back to queries the explorer has already answered).
* Material's search: navigation start → its web worker answers ``READY`` (index built in the
  visitor's browser from ``search/search_index.json``).
"""

from __future__ import annotations

import contextlib
import gzip
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scripts.local_browser import chromium, serve

QUERIES = ("pharmacovigilance", "telesurveillance", "donnees de sante", "cybersecurite", "ia generative", "jumeaux")

EXPLORER_PROBE = """
(() => {
  const b = (window.__bench = { keys: [], t0: null, key: null });
  const watch = () => {
    const root = document.getElementById("explorateur");
    if (!root) return;
    const state = root.getAttribute("data-etat");
    if (state && b.firstRender === undefined) b.firstRender = performance.now();
    if (state === "pret" && b.ready === undefined) b.ready = performance.now();
  };
  new MutationObserver(watch).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-etat"],
  });
  window.addEventListener("keydown", (e) => { b.t0 = e.timeStamp; b.key = e.key; }, true);
  window.addEventListener("input", () => {
    void document.body.offsetHeight;
    b.keys.push({ start: b.t0, end: performance.now(), erase: b.key === "Backspace" });
  });
})();
"""

MATERIAL_PROBE = """
(() => {
  window.__searchReady = null;
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 1 && window.__searchReady === null) {
          window.__searchReady = performance.now();
        }
      });
    }
  };
})();
"""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_explorer(site: Path, runs: int = 3) -> dict[str, Any]:
    """Explorer timings (medians over ``runs`` fresh page loads) and a functional check."""
    if not (site / "catalogue" / "index.html").is_file():
        return {"error": "no /catalogue/ page in this build"}
    samples: list[dict[str, Any]] = []
    with serve(site) as base, chromium() as browser:
        for _ in range(runs):
            page = browser.new_page()
            page.add_init_script(EXPLORER_PROBE)
            samples.append(_explorer_run(page, base + "catalogue/", site))
            page.close()
    keys = [latency for sample in samples for latency in sample["keys"]]
    typed = [latency for sample in samples for latency in sample["typed"]]
    return {
        "first_render_ms": statistics.median(s["first_render"] for s in samples),
        "bytes_before_first_render_gzip": max(s["bytes_before"] for s in samples),
        "files_before_first_render": samples[0]["files_before"],
        "index_ready_ms": statistics.median(s["ready"] for s in samples),
        "first_keystroke_ms": statistics.median(s["first_keystroke"] for s in samples),
        "keystroke_median_ms": statistics.median(keys),
        "keystroke_p95_ms": _percentile(keys, 0.95),
        "typing_p95_ms": _percentile(typed, 0.95),
        "keystrokes": len(keys),
        "fcp_ms": statistics.median(s["fcp"] for s in samples),
        "works": all(s["works"] for s in samples),
        "result_counts": samples[0]["counts"],
    }


def _gzip_size(site: Path, url: str) -> int:
    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


REQUESTED_BEFORE = """
(t) => [performance.getEntriesByType("navigation")[0].name].concat(
  performance.getEntriesByType("resource").filter((e) => e.startTime <= t).map((e) => e.name))
"""


def _explorer_run(page: Any, url: str, site: Path) -> dict[str, Any]:
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.__bench && window.__bench.firstRender !== undefined", timeout=120_000)
    first_render = page.evaluate("window.__bench.firstRender")
    before = {u: _gzip_size(site, u) for u in page.evaluate(REQUESTED_BEFORE, first_render)}
    total = int(page.inner_text("#nb-resultats"))
    page.focus("#q")
    page.keyboard.press("c")
    page.wait_for_function("window.__bench.ready !== undefined", timeout=120_000)
    bench = page.evaluate("window.__bench")
    first_key = bench["keys"][0]
    first_keystroke = max(first_key["end"], bench["ready"]) - first_key["start"]
    page.keyboard.press("Backspace")
    counts = {}
    for query in QUERIES:
        page.keyboard.type(query, delay=25)
        counts[query] = int(page.inner_text("#nb-resultats"))
        for _ in query:
            page.keyboard.press("Backspace", delay=10)
    bench = page.evaluate("window.__bench")
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    keys = [k["end"] - k["start"] for k in bench["keys"][2:]]
    typed = [k["end"] - k["start"] for k in bench["keys"][2:] if not k["erase"]]
    return {
        "first_render": bench["firstRender"],
        "bytes_before": sum(before.values()),
        "files_before": {urlsplit(u).path: size for u, size in before.items()},
        "ready": bench["ready"],
        "first_keystroke": first_keystroke,
        "keys": keys,
        "typed": typed,
        "fcp": fcp,
        "counts": counts,
        "works": all(0 < count < total for count in counts.values()),
    }


def measure_material_search(site: Path, runs: int = 3) -> dict[str, Any]:
    """Time until Material's search worker has built its index, on the home page."""
    if not (site / "search" / "search_index.json").is_file():
        return {"error": "no Material search index in this build"}
    times = []
    with serve(site) as base, chromium() as browser:
        for _ in range(runs):
            page = browser.new_page()
            page.add_init_script(MATERIAL_PROBE)
            page.goto(base, wait_until="load")
            with contextlib.suppress(Exception):
                page.wait_for_function("window.__searchReady !== null", timeout=10_000)
            if page.evaluate("window.__searchReady") is None:  # some versions start the worker on focus
                page.click("label[for='__search']", timeout=5_000)
                page.wait_for_function("window.__searchReady !== null", timeout=120_000)
            times.append(page.evaluate("window.__searchReady"))
            page.close()
    return {"index_ready_ms": statistics.median(times), "runs": times}
