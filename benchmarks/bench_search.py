#!/usr/bin/env python3
"""Search benchmark on the real catalogue: index size, and keystroke-to-results time in Chromium.

Builds the real site (``scripts/build_catalog.py --site .build/bench/site-search``) unless
``--site DIR`` names an already built one, then prints:

* the prebuilt search file (``assets/generated/recherche.json``) raw and gzip -9, and its parts
  (lunr index, vocabulary), plus the vendor scripts (lunr, lunr-languages fr) raw and gzip;
* in headless Chromium (Debian's, via Playwright), on /catalogue/ with the index loaded: the time
  from the *first keystroke* of a query to its results being laid out (keydown ``timeStamp`` →
  end of the explorer's ``input`` handler plus a forced layout) and to the next frame
  (``requestAnimationFrame``), median and p95 over every keystroke of several queries typed
  character by character, over ``--runs`` fresh page loads;
* cold start: navigation to ``/catalogue/?q=…`` → the ranked results are on screen (index
  fetched, loaded by ``lunr.Index.load`` and queried).

    .venv/bin/python benchmarks/bench_search.py [--site site] [--runs 5]
    .venv/bin/python benchmarks/bench_search.py --site site --no-browser   # sizes only, no Chromium
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # an entry point: the repository root, then imports by full name

from scripts.local_browser import chromium, serve  # noqa: E402

QUERIES = ("pharmacovigilence", "donnees de sante", "intelligence artificielle", "telesurv", "visiteur medical")
COLD_QUERY = "donnees de sante"

PROBE = """
(() => {
  const b = (window.__bench = { keys: [], t0: null, navReady: null });
  window.addEventListener("keydown", (e) => { b.t0 = e.timeStamp; }, true);
  window.addEventListener("input", () => {
    void document.body.offsetHeight;
    const key = { start: b.t0, end: performance.now(), frame: null };
    b.keys.push(key);
    requestAnimationFrame(() => { key.frame = performance.now(); });
  });
  new MutationObserver(() => {
    const root = document.getElementById("explorateur");
    if (root && root.getAttribute("data-etat") === "pret" && b.navReady === null) {
      void document.body.offsetHeight;
      b.navReady = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-etat"] });
})();
"""


def build_site(target: Path) -> Path:
    script = REPO / "scripts" / "build_catalog.py"
    subprocess.run([sys.executable, str(script), "--site", str(target)], cwd=REPO, check=True)
    return target


def sizes(site: Path) -> list[tuple[str, int, int]]:
    """(name, raw bytes, gzip -9 bytes) of the search file, its parts and the vendor scripts."""
    search_file = site / "assets" / "generated" / "recherche.json"
    payload = json.loads(search_file.read_text(encoding="utf-8"))
    rows = [_row("recherche.json (total)", search_file.read_bytes())]
    for part in ("index", "documents", "vocabulary", "paths", "settings"):
        rows.append(
            _row(f"  dont {part}", json.dumps(payload[part], ensure_ascii=False, separators=(",", ":")).encode())
        )
    for vendor in sorted((site / "assets" / "vendor").glob("*.js")):
        rows.append(_row(vendor.name, vendor.read_bytes()))
    return rows


def _row(name: str, data: bytes) -> tuple[str, int, int]:
    return (name, len(data), len(gzip.compress(data, compresslevel=9)))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def typing_run(page: Any, base: str) -> dict[str, list[float]]:
    page.goto(base + "catalogue/")
    page.wait_for_selector("#explorateur[data-etat=pret]")
    first, first_frame, every = [], [], []
    for query in QUERIES:
        page.fill("#q", "")
        page.evaluate("window.__bench.keys = []")
        page.focus("#q")
        page.keyboard.type(query, delay=30)
        page.wait_for_function("window.__bench.keys.every(k => k.frame !== null)")
        keys = page.evaluate("window.__bench.keys")
        first.append(keys[0]["end"] - keys[0]["start"])
        first_frame.append(keys[0]["frame"] - keys[0]["start"])
        every.extend(k["end"] - k["start"] for k in keys)
        assert page.locator("#resultats [data-id]").count() > 0, f"no result for {query!r}"
    return {"first": first, "first_frame": first_frame, "every": every}


def cold_run(page: Any, base: str) -> float:
    page.goto(base + "catalogue/?q=" + COLD_QUERY.replace(" ", "%20"))
    page.wait_for_function("window.__bench.navReady !== null")
    return page.evaluate("window.__bench.navReady")


def browser_figures(site: Path, runs: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"first": [], "first_frame": [], "every": [], "cold": []}
    with serve(site) as base, chromium() as browser:
        for _ in range(runs):
            page = browser.new_page()
            page.add_init_script(PROBE)
            for key, values in typing_run(page, base).items():
                figures[key].extend(values)
            figures["cold"].append(cold_run(page, base))
            page.close()
    return figures


def print_tables(rows: list[tuple[str, int, int]], figures: dict[str, list[float]] | None, runs: int) -> None:
    print("\n| Fichier | Brut (octets) | gzip -9 (octets) |\n| --- | ---: | ---: |")
    for name, raw, packed in rows:
        print(f"| {name} | {raw:,} | {packed:,} |".replace(",", "\u202f"))
    if figures is None:
        return
    print(f"\n| Mesure (Chromium headless, {runs} chargements, {len(QUERIES)} requêtes) | médiane (ms) | p95 (ms) |")
    print("| --- | ---: | ---: |")
    labels = {
        "first": "1re frappe → résultats affichés (mise en page faite)",
        "first_frame": "1re frappe → image suivante (requestAnimationFrame)",
        "every": "chaque frappe → résultats affichés",
        "cold": f"ouverture de /catalogue/?q={COLD_QUERY} → résultats (index chargé)",
    }
    for key, label in labels.items():
        values = figures[key]
        print(f"| {label} | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="already built site (default: build the real catalogue)")
    parser.add_argument("--runs", type=int, default=5, help="fresh page loads (default 5)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="file sizes only, no Chromium")
    args = parser.parse_args(argv)
    site = args.site or build_site(REPO / ".build" / "bench" / "site-search")
    if not (site / "assets" / "generated" / "recherche.json").is_file():
        print(f"{site}: pas d'index de recherche (assets/generated/recherche.json)", file=sys.stderr)
        return 1
    figures = browser_figures(site, args.runs) if args.browser else None
    print_tables(sizes(site), figures, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
