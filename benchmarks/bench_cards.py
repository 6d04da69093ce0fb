#!/usr/bin/env python3
"""Social card and QR code benchmark: CPU cost of the social stage on a synthetic catalogue of N
modules, cards and QR codes apart: before (the drawing and encoding of ``BEFORE``, the start of
session 3: Pillow renders each text, QR codes evaluate the eight masks) and now: cold in one process,
cold over a process pool (filling the cache), warm (everything a cache hit) and warm after one
module's title changed (one card drawn, the rest read from the cache).

    .venv/bin/python benchmarks/bench_cards.py --sizes 300,1000

CPU time is user + system of this process and of its children (the pool's processes), so it does
not depend on the machine's load the way wall time does. Results in BENCHMARKS.md, « Cartes et QR
codes, session 3 ».
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # an entry point: the repository root, then imports by full name

from ads_catalog import card_cache, social  # noqa: E402
from ads_catalog.build import site_files  # noqa: E402
from ads_catalog.card_cache import CardCache  # noqa: E402
from ads_catalog.learning_paths import compute_learning_paths  # noqa: E402
from ads_catalog.problems import CatalogueError  # noqa: E402
from ads_catalog.validate import load_catalogue  # noqa: E402
from scripts.synthetic_catalog import write_catalogue  # noqa: E402

BEFORE = "4cd56f5"  # the last commit with the former drawing (Pillow text, PNG by Pillow, QR masks evaluated)


def cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, time.perf_counter()


def measured(run: Callable[[], dict]) -> tuple[float, float, dict]:
    cpu0, wall0 = cpu()
    result = run()
    cpu1, wall1 = cpu()
    return cpu1 - cpu0, wall1 - wall0, result


def former_social() -> Any | None:
    """``social`` as of commit :data:`BEFORE`, or None when the history does not hold it (a shallow clone)."""
    shown = subprocess.run(
        ["git", "show", f"{BEFORE}:ads_catalog/social.py"], capture_output=True, text=True, check=False, cwd=REPO
    )
    if shown.returncode != 0:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as out:
        out.write(shown.stdout)
    spec = importlib.util.spec_from_file_location("former_social", out.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def card_jobs(modules: int, workdir: Path) -> dict[str, card_cache.Job]:
    """The cards and QR codes of a synthetic catalogue of ``modules`` modules (output path → job).
    Modules the build refuses (the generator sometimes writes two identical sessions, or ids whose
    derived short codes collide) are dropped: a few out of 1,000 change nothing per card."""
    root = workdir / f"catalog-{modules}"
    write_catalogue(root, modules)
    jobs: dict[str, card_cache.Job] = {}
    real = card_cache.cached_cards
    card_cache.cached_cards = lambda cards, *_: jobs.update(cards) or {}
    try:
        for _ in range(5):
            try:
                catalogue = load_catalogue(root)
                site_files(catalogue, compute_learning_paths(catalogue), dt.date(2026, 1, 1), vendor=False)
                break
            except CatalogueError as error:
                for problem in error.problems:
                    (root / str(problem).split(":", 1)[0]).unlink(missing_ok=True)  # absolute stays absolute
    finally:
        card_cache.cached_cards = real
    return jobs


def bench(modules: int, workdir: Path) -> None:
    jobs = card_jobs(modules, workdir)
    cores = len(os.sched_getaffinity(0))
    for name, kind in (("cartes", lambda job: job[0] != "qr"), ("QR codes", lambda job: job[0] == "qr")):
        part = {path: job for path, job in jobs.items() if kind(job)}
        rows = bench_part(part, workdir / f"cache-{modules}-{name[:2]}", cores)
        print(f"\nN = {modules} modules, {len(part)} {name}")
        print("| cas | CPU | ms CPU / fichier | temps mur | taille moyenne |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for case, cpu_s, wall, result in rows:
            size = sum(map(len, result.values())) / len(result) / 1024
            print(f"| {case} | {cpu_s:.2f} s | {cpu_s / len(part) * 1000:.2f} | {wall:.2f} s | {size:.1f} KiB |")


def bench_part(jobs: dict[str, card_cache.Job], folder: Path, cores: int) -> list[tuple]:
    salt = social.renderer_salt()

    def run(cache: card_cache.CardCache | None, workers: int, some: dict | None = None) -> dict[str, bytes]:
        os.environ[card_cache.ENV_WORKERS] = str(workers)
        return card_cache.cached_cards(some or jobs, salt, social.draw_chunk, cache)

    rows = []
    former = former_social()
    if former is not None:
        draw, qr = social.draw_card, social.qr_svg
        social.draw_card, social.qr_svg = former.draw_card, former.qr_svg
        rows.append((f"avant ({BEFORE}), 1 processus", *measured(lambda: run(None, 1))))
        social.draw_card, social.qr_svg = draw, qr
    else:
        print(f"(commit {BEFORE} absent de l'historique : pas de mesure « avant »)")
    rows.append(("à froid, 1 processus", *measured(lambda: run(None, 1))))
    rows.append((f"à froid, {cores} processus, remplit le cache", *measured(lambda: run(CardCache(folder), cores))))
    rows.append(("à chaud : tout vient du cache", *measured(lambda: run(CardCache(folder), cores))))
    changed = dict(jobs)
    path, job = next((p, j) for p, j in jobs.items() if j[0] in ("modules", "qr"))
    changed[path] = (*job[:-1], job[-1] + "-modifié")  # a card's footer or a QR code's URL
    rows.append(("à chaud, un module modifié", *measured(lambda: run(CardCache(folder), cores, changed))))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300")
    args = parser.parse_args()
    print(os.popen("uptime").read().strip(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    with tempfile.TemporaryDirectory() as workdir:
        for size in (int(n) for n in args.sizes.split(",")):
            bench(size, Path(workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
