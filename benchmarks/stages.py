"""CPU time of each stage of our build, in one process, on a project folder (``--project``).

    .venv/bin/python benchmarks/stages.py --project .build/bench/ours-1000

Stages: load + validate, learning paths (and warnings, registry), then each producer of
``build.site_files`` (render, html pages, explorer, export, social cards, finder), the front-matter
checks, writing ``docs/``; MkDocs itself is measured by ``bench_build.py`` (a child process).
Process CPU time (user + system) per stage, printed as a Markdown table. ``--memo FOLDER`` gives
the generator its memos (``ads_catalog.work_cache``); ``--warm`` builds once (another process) to
fill them, changes one module (as ``bench_build.py --warm`` does: edits the project's catalogue)
and reports a second run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # an entry point: the repository root, then imports by full name

from ads_catalog import build, demonstration, explorer, export, finder, render, social  # noqa: E402
from ads_catalog.learning_paths import compute_learning_paths  # noqa: E402
from ads_catalog.site import Site  # noqa: E402
from ads_catalog.urls import updated_registry  # noqa: E402
from ads_catalog.validate import validated  # noqa: E402
from ads_catalog.validate_warnings import catalogue_warnings  # noqa: E402
from benchmarks.bench_build import change_one_module  # noqa: E402


def stage_times(
    project: Path, digest: Path | None = None, cards: bool = True, memo: Path | None = None
) -> dict[str, float]:
    """CPU seconds per stage of a build of ``project`` (its ``docs/`` is written, as a build does);
    ``memo``: the generator's memo folder (``ads_catalog.work_cache``; None: no memo)."""
    os.chdir(project)
    times: dict[str, float] = {}

    def timed(name, function, *args):
        started = time.process_time()
        value = function(*args)
        times[name] = times.get(name, 0.0) + time.process_time() - started
        return value

    paths = build.Project()
    today = build.build_date()
    checked = timed("load + validate", validated, paths.catalog_dir, memo)
    learning = timed("learning paths", compute_learning_paths, checked.catalogue)
    timed("warnings", catalogue_warnings, checked.files, learning, today)
    registry = timed("url registry", updated_registry, paths.catalog_dir, checked.catalogue, today, checked.files)
    demo = demonstration.enabled(paths.config_file)
    site = timed("site index", Site, checked.catalogue, learning, today, registry, demo, memo)
    files: dict = {}
    files.update(timed("render (Markdown pages)", render.render_pages, site))
    files.update(timed("render (HTML pages)", render.html_pages, site))
    files.update(timed("explorer", explorer.explorer_files, site, True))
    files.update(timed("export", export.export_files, site))
    if cards:
        files.update(timed("social cards", social.social_files, site))
    files.update(timed("finder", finder.finder_files, site))
    timed("front-matter checks", build.check_files, files)
    timed("write docs/", build.write_pages, paths.docs_dir, files)
    if digest:  # to compare two versions of the generator: same digest, same bytes
        lines = [f"{hashlib.sha256(_bytes(c)).hexdigest()}  {path}" for path, c in sorted(files.items())]
        digest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return times


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True, help="a project copy with a catalog/ (bench_build.py)")
    parser.add_argument("--digest", type=Path, help="write the SHA-256 of every generated file here")
    parser.add_argument("--no-cards", dest="cards", action="store_false", help="skip the social cards")
    parser.add_argument("--memo", type=Path, help="the generator's memo folder (default: none, all computed)")
    parser.add_argument(
        "--warm", action="store_true", help="run once (fills the memo), change one module, report a second run"
    )
    args = parser.parse_args(argv)
    digest = args.digest.resolve() if args.digest else None
    memo = args.memo.resolve() if args.memo else None
    if args.warm:  # a partner's pull request on top of a built main, the memo restored; the first
        # build in another process, so that no memo of this one (stems, Markdown) is warm
        first = [sys.executable, __file__, "--project", str(args.project.resolve())]
        first += [*(["--memo", str(memo)] if memo else []), *([] if args.cards else ["--no-cards"])]
        subprocess.run(first, check=True, stdout=subprocess.DEVNULL)
        print(f"changed: {change_one_module(args.project.resolve() / 'catalog')}", file=sys.stderr)
    times = stage_times(args.project.resolve(), digest, args.cards, memo)
    print("| stage | CPU |\n| --- | ---: |")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} s |")
    print(f"| **total** | {sum(times.values()):.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
