#!/usr/bin/env python3
"""Build benchmark: our full build against a plain ``mkdocs build`` of N equivalent pages.

For each N (default 100, 1,000 and 10,000) it writes a synthetic catalogue
(``scripts/synthetic_catalog.py``), builds the whole site with ``scripts/build_catalog.py --site``
in a throw-away copy of the project, then builds N equivalent plain Markdown pages with the same
Material theme and a bounded nav, and prints: generator time, build times and their ratio, size
of the site, bytes per module page, search index bytes (raw and gzip). With ``--browser`` (the
default) it also measures, in headless Chromium, the explorer (first render, first keystroke,
per-keystroke latency) and the time Material's own search needs to build its index, for each N.

    .venv/bin/python benchmarks/bench_build.py                      # 100, 1,000, 10,000
    .venv/bin/python benchmarks/bench_build.py --sizes 100,1000 --no-browser

Results are printed as Markdown tables and written as JSON (``--json``, default
``.build/bench/build.json``). Nothing here is a pass/fail test: the targets are in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # an entry point: the repository root, then imports by full name

from ads_catalog.site import GENERATED_DIRS as GENERATED  # noqa: E402
from benchmarks.browser_measures import measure_explorer, measure_material_search  # noqa: E402
from scripts.synthetic_catalog import dump, write_catalogue  # noqa: E402

PROJECT_FILES = ("mkdocs.yml", "overrides", "hooks", "schemas")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Our build ----------------------------------------------------------------------------------


def make_project(root: Path, modules: int) -> tuple[Path, float]:
    """A copy of the project around a fresh synthetic catalogue; returns it and the generator time."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy2(source, root / name)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    ignore = shutil.ignore_patterns(*{g.split("/")[-1] for g in GENERATED})
    shutil.copytree(REPO / "docs", root / "docs", ignore=ignore)
    started = time.perf_counter()
    write_catalogue(root / "catalog", modules)
    return root, time.perf_counter() - started


def build_ours(project: Path) -> tuple[float, float]:
    command = [sys.executable, str(REPO / "scripts" / "build_catalog.py"), "--site", "site"]
    return _timed(command, project)


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and its children) of ``command``.

    CPU time is the figure to compare on a busy machine: wall time also counts waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# --- Plain MkDocs build of equivalent pages ------------------------------------------------------


def make_plain_project(root: Path, catalog: Path) -> Path:
    """N Markdown pages with the same content as the module pages, same theme, bounded nav."""
    if root.exists():
        shutil.rmtree(root)
    (root / "docs" / "modules").mkdir(parents=True)
    config = _plain_config()
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Catalogue\n\n[Tous les modules](modules/index.md)\n", encoding="utf-8")
    links = []
    for path in sorted((catalog / "modules").glob("*.yml")):
        module = yaml.safe_load(path.read_text(encoding="utf-8"))
        (root / "docs" / "modules" / f"{module['id']}.md").write_text(_plain_page(module), encoding="utf-8")
        links.append(f"- [{module['titre']}]({module['id']}.md) — {module['resume']}")
    index = "# Tous les modules\n\n" + "\n".join(links) + "\n"
    (root / "docs" / "modules" / "index.md").write_text(index, encoding="utf-8")
    return root


def _plain_config() -> dict[str, Any]:
    class Tolerant(yaml.SafeLoader):
        pass

    Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    ours = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Tolerant)
    theme = {key: value for key, value in ours["theme"].items() if key != "custom_dir"}
    return {
        "site_name": ours["site_name"],
        "site_url": ours.get("site_url"),
        "theme": theme,
        "markdown_extensions": ["attr_list", {"toc": {"permalink": False}}],
        "plugins": [{"search": {"lang": "fr"}}],
        "validation": {"nav": {"omitted_files": "info"}},
        "nav": [{"Accueil": "index.md"}, {"Modules": "modules/index.md"}],
    }


def _plain_page(module: dict[str, Any]) -> str:
    lines = [f"# {module['titre']}", "", module["resume"], "", module["description"], ""]
    lines += [f"Domaine : {module['domaine']} · Partenaires : {', '.join(module['partenaires'])}", ""]
    for level in module["niveaux"]:
        lines += [f"## {level['niveau'].capitalize()}", ""]
        lines += [f"- {objective}" for objective in level["objectifs"]]
        gains = ", ".join(gain["competence"] for gain in level["competences"])
        lines += ["", f"Durée : {level['duree_minutes']} min · Formats : {', '.join(level['formats'])}", ""]
        lines += [f"Compétences : {gains}", ""]
    sessions = module.get("sessions", [])
    if sessions:
        lines += ["## Sessions", "", "| Niveau | Format | Ville | Dates | Places |", "| --- | --- | --- | --- | --- |"]
        for s in sessions:
            lines.append(
                f"| {s['niveau']} | {s['format']} | {s['ville']} | {s['debut']} – {s['fin']} | {s['places']} |"
            )
    lines += ["", f"[S'inscrire]({module['inscription']})", ""]
    return "\n".join(lines)


def build_plain(project: Path) -> tuple[float, float]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"]
    return _timed(command, project)


def build_mkdocs_alone(project: Path) -> tuple[float, float]:
    """``mkdocs build`` of the pages our build left in ``project/docs``, same config and hooks, into
    another folder: the MkDocs share of our build, the floor a rebuild cannot go under."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site-mkdocs"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # hooks/typography.py imports ads_catalog, as in build.py
    return _timed(command, project, env)


# --- Warm rebuild: one module changed on top of a built site, caches kept --------------------------


def change_one_module(catalog: Path) -> str:
    """Edit one module as a partner's pull request would: its title and one level's duration."""
    files = sorted((catalog / "modules").glob("*.yml"))
    path = files[len(files) // 2]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["titre"] += " (mis à jour)"
    data["niveaux"][0]["duree_minutes"] += 15
    dump(path, data, "../../schemas/module.schema.json")
    return path.name


def bench_warm(modules: int, workdir: Path) -> dict[str, Any]:
    """On a copy of the built project (site/, generated docs/, caches), change one module and
    rebuild with our command; then MkDocs alone on the same pages. CPU times compared."""
    built, warm = workdir / f"ours-{modules}", workdir / f"warm-{modules}"
    if warm.exists():
        shutil.rmtree(warm)
    shutil.copytree(built, warm, symlinks=True)
    changed = change_one_module(warm / "catalog")
    log(f"N={modules}: warm rebuild after changing {changed}")
    load_before = os.getloadavg()[0]
    warm_s, warm_cpu = build_ours(warm)
    mkdocs_s, mkdocs_cpu = build_mkdocs_alone(warm)
    log(f"N={modules}: warm rebuild {warm_cpu:.1f} s CPU, MkDocs alone on the same pages {mkdocs_cpu:.1f} s CPU")
    return {
        "changed": changed,
        "warm_build_s": warm_s,
        "warm_build_cpu_s": warm_cpu,
        "mkdocs_alone_s": mkdocs_s,
        "mkdocs_alone_cpu_s": mkdocs_cpu,
        "warm_cpu_ratio": warm_cpu / mkdocs_cpu,
        "load_average": [load_before, os.getloadavg()[0]],
    }


def _median_ratio(warm_rounds: list[dict[str, Any]]) -> float:
    return statistics.median(w["warm_cpu_ratio"] for w in warm_rounds)


# --- Measures of a built site --------------------------------------------------------------------


def tree_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def module_page_bytes(site: Path) -> dict[str, float]:
    sizes = [page.stat().st_size for page in (site / "modules").glob("*/index.html")]
    if not sizes:
        return {"pages": 0, "mean": 0.0, "median": 0.0}
    return {"pages": len(sizes), "mean": statistics.fmean(sizes), "median": statistics.median(sizes)}


def search_index_bytes(site: Path) -> dict[str, dict[str, int]]:
    """Raw and gzip size of every generated JSON file (our prebuilt index) and Material's index."""
    found = {}
    candidates = [*sorted((site / "assets" / "generated").glob("*.json")), site / "search" / "search_index.json"]
    for path in candidates:
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = {"raw": len(data), "gzip": len(gzip.compress(data, 6))}
    return found


def largest_pages(site: Path, count: int = 3) -> list[tuple[str, int]]:
    """The heaviest HTML pages (issue #13: none over 300 KB at 10,000 modules), path and bytes."""
    sizes = [(page.relative_to(site).as_posix(), page.stat().st_size) for page in site.rglob("*.html")]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def page_bytes(site: Path, relative: str) -> int:
    page = site / relative
    return page.stat().st_size if page.is_file() else 0


# --- One size -----------------------------------------------------------------------------------


def cold_round(modules: int, workdir: Path) -> dict[str, Any]:
    """One cold comparison: a fresh project (no card cache) built by our command, MkDocs alone on
    the pages it generated, and N plain pages built by MkDocs."""
    log(f"N={modules}: writing the synthetic catalogue")
    project, generator_s = make_project(workdir / f"ours-{modules}", modules)
    log(f"N={modules}: catalogue written in {generator_s:.1f} s; building our site")
    ours_s, ours_cpu = build_ours(project)
    log(f"N={modules}: our build took {ours_s:.1f} s ({ours_cpu:.1f} s CPU); MkDocs alone on our pages")
    _, alone_cpu = build_mkdocs_alone(project)
    log(f"N={modules}: MkDocs alone on our pages {alone_cpu:.1f} s CPU; building {modules} plain MkDocs pages")
    plain = make_plain_project(workdir / f"plain-{modules}", project / "catalog")
    plain_s, plain_cpu = build_plain(plain)
    log(f"N={modules}: plain build took {plain_s:.1f} s ({plain_cpu:.1f} s CPU)")
    return {
        "project": project,
        "plain": plain,
        "generator_s": generator_s,
        "build_s": ours_s,
        "build_cpu_s": ours_cpu,
        "mkdocs_alone_cpu_s": alone_cpu,
        "plain_build_s": plain_s,
        "plain_build_cpu_s": plain_cpu,
    }


def bench_size(modules: int, workdir: Path, browser: bool, warm: bool, repeat: int = 1) -> dict[str, Any]:
    """Measures of one size; with ``repeat`` > 1 the cold builds are run that many times, alternately,
    and their medians reported (CPU times drift by ±20 % on a shared machine)."""
    load_before = os.getloadavg()[0]
    rounds = [cold_round(modules, workdir) for _ in range(repeat)]
    project, plain = rounds[-1]["project"], rounds[-1]["plain"]
    timed = ("generator_s", "build_s", "build_cpu_s", "mkdocs_alone_cpu_s", "plain_build_s", "plain_build_cpu_s")
    median = {key: statistics.median(r[key] for r in rounds) for key in timed}
    generator_s, ours_s, ours_cpu, alone_cpu, plain_s, plain_cpu = (median[key] for key in timed)
    site, plain_site = project / "site", plain / "site"
    result: dict[str, Any] = {
        "modules": modules,
        "generator_s": generator_s,
        "build_s": ours_s,
        "plain_build_s": plain_s,
        "ratio": ours_s / plain_s,
        "build_cpu_s": ours_cpu,
        "plain_build_cpu_s": plain_cpu,
        "cpu_ratio": ours_cpu / plain_cpu,
        "mkdocs_alone_cpu_s": alone_cpu,
        "cold_cpu_ratio": ours_cpu / alone_cpu,
        "load_average": [load_before, os.getloadavg()[0]],
        "rounds": [{key: r[key] for key in timed} for r in rounds],
        "cpus": os.cpu_count(),
        "site_bytes": tree_bytes(site),
        "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
        "plain_site_bytes": tree_bytes(plain_site),
        "module_page": module_page_bytes(site),
        "plain_module_page": module_page_bytes(plain_site),
        "explorer_page_bytes": page_bytes(site, "catalogue/index.html"),
        "largest_pages": largest_pages(site),
        "indexes": search_index_bytes(site),
        "plain_indexes": search_index_bytes(plain_site),
    }
    if warm:
        warm_rounds = [bench_warm(modules, workdir) for _ in range(repeat)]
        result["warm"] = min(warm_rounds, key=lambda w: abs(w["warm_cpu_ratio"] - _median_ratio(warm_rounds)))
        result["warm"]["ratios"] = [w["warm_cpu_ratio"] for w in warm_rounds]
    if browser:
        log(f"N={modules}: measuring in headless Chromium")
        result["explorer"] = measure_explorer(site)
        result["material_search_plain"] = measure_material_search(plain_site)
    return result


# --- Report -------------------------------------------------------------------------------------


def kib(value: float) -> str:
    return f"{value / 1024:,.1f} KiB"


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        "| N | generator | our build (CPU) | plain MkDocs (CPU) | ours / plain (CPU) | site/ | files "
        "| module page (mean) | plain page | load avg |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['modules']:,} | {r['generator_s']:.1f} s | {r['build_s']:.1f} s ({r['build_cpu_s']:.1f} s) "
            f"| {r['plain_build_s']:.1f} s ({r['plain_build_cpu_s']:.1f} s) | {r['ratio']:.2f} ({r['cpu_ratio']:.2f}) "
            f"| {r['site_bytes'] / 2**20:,.1f} MiB | {r['site_files']:,} "
            f"| {kib(r['module_page']['mean'])} | {kib(r['plain_module_page']['mean'])} "
            f"| {r['load_average'][0]:.1f}–{r['load_average'][1]:.1f} on {r['cpus']} CPUs |"
        )
    lines += ["", "| N | index file | raw | gzip | explorer page HTML |", "| ---: | --- | ---: | ---: | ---: |"]
    for r in results:
        for name, size in {**r["indexes"], **{f"plain: {k}": v for k, v in r["plain_indexes"].items()}}.items():
            explorer = kib(r["explorer_page_bytes"])
            lines.append(f"| {r['modules']:,} | `{name}` | {kib(size['raw'])} | {kib(size['gzip'])} | {explorer} |")
    lines += _scaling(results)
    lines += _warm_table(results)
    lines += _browser_table(results)
    return "\n".join(lines)


def _scaling(results: list[dict[str, Any]]) -> list[str]:
    by_n = {r["modules"]: r for r in results}
    lines = [""]
    if 1000 in by_n and 10000 in by_n:
        big, small = by_n[10000], by_n[1000]
        lines.append(
            f"- t(10,000) / t(1,000) = {big['build_s'] / small['build_s']:.1f} wall, "
            f"{big['build_cpu_s'] / small['build_cpu_s']:.1f} CPU (target ≤ 10.5, issue #13)"
        )
    for r in results:
        heaviest = ", ".join(f"`{path}` {size / 1000:,.0f} KB" for path, size in r["largest_pages"])
        lines.append(f"- N={r['modules']:,}: largest HTML pages {heaviest} (target ≤ 300 KB at 10,000)")
    pages = [r["module_page"]["mean"] for r in results if r["module_page"]["pages"]]
    if len(pages) > 1:
        lines.append(f"- module page size spread: {(max(pages) / min(pages) - 1) * 100:.1f} % (target ≤ 10 %)")
    lines += [
        f"- N={r['modules']:,}: ours / plain = {r['ratio']:.2f} wall, {r['cpu_ratio']:.2f} CPU (issue #13: ≤ 3)"
        for r in results
    ]
    for r in results:
        if len(r["rounds"]) > 1:
            each = ", ".join(f"{x['build_cpu_s'] / x['plain_build_cpu_s']:.2f}" for x in r["rounds"])
            lines.append(f"- N={r['modules']:,}: ours / plain CPU in each round: {each} (median of each build above)")
        if len(r.get("warm", {}).get("ratios", [])) > 1:
            each = ", ".join(f"{ratio:.2f}" for ratio in r["warm"]["ratios"])
            lines.append(f"- N={r['modules']:,}: warm ratio in each round: {each} (the median round below)")
    return lines


def _warm_table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "| N | cold: ours (CPU) | MkDocs alone, our pages (CPU) | cold ratio | warm: one module changed (CPU) "
        "| MkDocs alone (CPU) | warm ratio | load avg |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        w = r.get("warm")
        warm = "– | – | –"
        if w:
            warm = f"{w['warm_build_cpu_s']:.1f} s | {w['mkdocs_alone_cpu_s']:.1f} s | {w['warm_cpu_ratio']:.2f}"
        load = w["load_average"] if w else r["load_average"]
        cold = f"{r['build_cpu_s']:.1f} s | {r['mkdocs_alone_cpu_s']:.1f} s | {r['cold_cpu_ratio']:.2f}"
        lines.append(f"| {r['modules']:,} | {cold} | {warm} | {load[0]:.1f}–{load[1]:.1f} |")
    return lines


def _browser_table(results: list[dict[str, Any]]) -> list[str]:
    rows = [r for r in results if "explorer" in r]
    if not rows:
        return []
    lines = [
        "",
        "| N | explorer first render | index ready | first keystroke → results | keystroke median | keystroke p95 "
        "| Material search index ready (plain site) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        e, m = r["explorer"], r["material_search_plain"]
        lines.append(
            f"| {r['modules']:,} | {_ms(e.get('first_render_ms'))} | {_ms(e.get('index_ready_ms'))} "
            f"| {_ms(e.get('first_keystroke_ms'))} | {_ms(e.get('keystroke_median_ms'))} "
            f"| {_ms(e.get('keystroke_p95_ms'))} "
            f"| {_ms(m.get('index_ready_ms'))} |"
        )
    return lines


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f} ms"


def remeasure(sizes: list[int], workdir: Path, json_path: Path) -> int:
    """Browser measures again on the sites an earlier run left in ``workdir`` (e.g. on a quieter machine)."""
    results = json.loads(json_path.read_text(encoding="utf-8"))
    for result in results:
        if result["modules"] in sizes:
            log(f"N={result['modules']}: measuring in headless Chromium")
            result["explorer"] = measure_explorer(workdir / f"ours-{result['modules']}" / "site")
            result["material_search_plain"] = measure_material_search(workdir / f"plain-{result['modules']}" / "site")
            result["browser_load_average"] = os.getloadavg()[0]
    json_path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated module counts")
    parser.add_argument("--workdir", type=Path, default=REPO / ".build" / "bench", help="scratch folder")
    parser.add_argument("--json", type=Path, default=REPO / ".build" / "bench" / "build.json")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Chromium measures")
    parser.add_argument("--warm", default="1000", help="sizes also rebuilt warm, one module changed ('' for none)")
    parser.add_argument("--repeat", type=int, default=3, help="cold and warm builds per size; medians reported")
    parser.add_argument(
        "--repeat-up-to", type=int, default=1000, help="sizes above this are built once (10,000 takes minutes)"
    )
    parser.add_argument(
        "--browser-only", action="store_true", help="re-measure in Chromium the sites of an earlier run (same --json)"
    )
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    if args.browser_only:
        return remeasure(sizes, args.workdir, args.json)
    results = []
    for modules in sizes:
        warm = modules in {int(size) for size in args.warm.split(",") if size.strip()}
        repeat = args.repeat if modules <= args.repeat_up_to else 1
        results.append(bench_size(modules, args.workdir, args.browser, warm, repeat))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    log(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
