#!/usr/bin/env python3
"""Lighthouse audit of the built site (``make audit``): home, explorer, a module page, a path page, « Ma sélection ».

The site is served on 127.0.0.1 and audited with the pinned Lighthouse of this folder
(``npm ci`` here; never a browser download) in Debian's Chromium, with Lighthouse's default
mobile settings (emulated phone, simulated slow 4G and CPU throttling). Text files are served
gzip-compressed, as production hosting (GitHub Pages) serves them. Prints the scores as a
Markdown table, writes each report to ``.build/audit/``, and exits 1 when a page misses a target:
performance ≥ 95, accessibility, best practices and SEO = 100.

    .venv/bin/python tools/lighthouse/audit.py --site site
    .venv/bin/python tools/lighthouse/audit.py --site site --dry-run   # serve and check, no Lighthouse
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))  # an entry point: the repository root, then imports by full name

from scripts.local_browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def first_page(site: Path, folder: str) -> str:
    """The first detail page of ``folder`` in the built site (e.g. a module or a path page)."""
    pages = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
    if not pages:
        raise SystemExit(f"{site}/{folder}/ has no page: build the site first (make build)")
    return f"{folder}/{pages[0]}/"


def audited_pages(site: Path) -> dict[str, str]:
    return {
        "accueil": "",
        "explorateur": "catalogue/",
        "module": first_page(site, "modules"),
        "parcours": first_page(site, "parcours"),
        "ma-selection": "ma-selection/",
    }


def run_lighthouse(url: str, report: Path) -> dict[str, int]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}


def served(url: str) -> str:
    """How ``url`` is served to a browser that accepts gzip: ``"200 gzip"`` is what Lighthouse gets."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return f"{response.status} {response.headers.get('Content-Encoding', 'identity')}"


def failed_audits(report: Path) -> list[str]:
    """Audits below a perfect score in the categories other than performance (to explain a miss)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = []
    for name in CATEGORIES[1:]:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{name}: {audit['id']} — {audit['title']}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse scores of the built site.")
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--out", type=Path, default=REPO / ".build" / "audit")
    parser.add_argument(
        "--dry-run", action="store_true", help="serve the site and check each audited page answers, without Lighthouse"
    )
    args = parser.parse_args(argv)
    if args.dry_run:
        lines = ["| page | served (no Lighthouse: --dry-run) |", "| --- | --- |"]
    else:
        if not LIGHTHOUSE.exists():
            raise SystemExit(f"{LIGHTHOUSE} is missing: npm ci --prefix tools/lighthouse (make audit does it)")
        args.out.mkdir(parents=True, exist_ok=True)
        lines = ["| page | performance | accessibility | best practices | SEO |", "| --- | ---: | ---: | ---: | ---: |"]
    misses = []
    with serve(args.site.resolve(), compress=True) as base:
        for name, path in audited_pages(args.site).items():
            if not (args.site / path / "index.html").is_file():
                lines.append(f"| {name} (`/{path}`) | absent from this build | | | |")
                misses.append(f"{name}: /{path} is not in the build")
                continue
            if args.dry_run:
                answer = served(base + path)
                lines.append(f"| {name} (`/{path}`) | {answer} |")
                if answer != "200 gzip":
                    misses.append(f"{name}: /{path} answered {answer}, not 200 gzip")
                continue
            report = args.out / f"{name}.json"
            scores = run_lighthouse(base + path, report)
            lines.append(f"| {name} (`/{path}`) | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
            missed = [c for c in CATEGORIES if scores[c] < TARGETS[c]]
            if missed:
                misses.append(f"{name}: {', '.join(missed)}")
                misses += [f"    {audit}" for audit in failed_audits(report)]
    print("\n".join(lines))
    if misses:
        title = "Not served as Lighthouse needs it" if args.dry_run else "Targets missed (performance ≥ 95, others 100)"
        print(f"\n{title}:\n" + "\n".join(misses))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
