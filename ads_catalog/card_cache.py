"""Social cards and QR codes that cost nothing twice: a content-addressed cache on disk, and a
process pool that draws the cards and QR codes the cache does not hold.

An entry's key is the SHA-256 of everything that decides the file's bytes (renderer salt: version,
size, QR options, fonts' bytes; then the job: a card's kind and texts, or "qr" and the URL). An
entry is ``<folder>/<key[:2]>/<key>.card``: a header naming its key and the SHA-256 of the file (a
PNG card or an SVG QR code), then the file. A hit copies the file; an entry that is truncated,
corrupt, foreign (another key) or neither a whole PNG nor a whole SVG is ignored (and redrawn, then
replaced). A miss is drawn and stored atomically (temporary file + ``os.replace``). The cache is a
help, never a need: a folder that is missing, read-only or full only means the cards are drawn.

The folder is ``.cache/cartes`` (relative to where the build runs, gitignored, outside ``site/``
and ``docs/``) or ``$ADS_CARD_CACHE`` (empty or ``off``: no cache). Bounded: after each build the
entries this build did not use are removed, oldest first (a hit refreshes an entry's date), until at
most ``$ADS_CARD_CACHE_MAX`` entries (default 5,000) are left; the build's own entries always stay.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ads_catalog.sealed import folder_from_env, seal, unseal, write_atomically

ENV_DIR, ENV_MAX, ENV_WORKERS = "ADS_CARD_CACHE", "ADS_CARD_CACHE_MAX", "ADS_CARD_WORKERS"
DEFAULT_DIR = Path(".cache") / "cartes"
DEFAULT_MAX = 5000
POOL_MIN = 48  # fewer misses than this are drawn in this process: a pool costs more than it saves
MAGIC = b"ADS-CARTE-1\n"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
SVG_START, SVG_END = b"<?xml ", b"</svg>\n"

Job = tuple[str, ...]


@dataclass
class CardCache:
    folder: Path
    limit: int = DEFAULT_MAX
    writable: bool = True
    hits: int = 0
    misses: int = 0
    used: set[str] = field(default_factory=set)

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.card"

    def get(self, key: str) -> bytes | None:
        """The file (PNG or SVG) stored under ``key``, or None (absent, unreadable, corrupt or foreign)."""
        path = self.entry(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        png = _verified(key, data)
        if png is not None and self.writable:
            try:
                os.utime(path)  # recently used: pruned last
            except OSError:
                self.writable = False
        return png

    def put(self, key: str, png: bytes) -> None:
        """Store atomically: a reader sees the whole entry or none; a failure only loses the entry."""
        if not self.writable:
            return
        if not write_atomically(self.entry(key), seal(_head(key), png)):
            self.writable = False  # read-only or full: build on without storing

    def prune(self) -> int:
        """Remove entries this build did not use, oldest first, down to ``limit``; returns how many."""
        if not self.writable:
            return 0
        entries: list[tuple[float, Path]] = []
        try:
            for sub in os.scandir(self.folder):
                if sub.is_dir(follow_symlinks=False):
                    entries += [(e.stat().st_mtime, Path(e.path)) for e in os.scandir(sub.path) if e.is_file()]
        except OSError:
            return 0
        excess = len(entries) - max(self.limit, len(self.used))
        stale = sorted((mtime, path) for mtime, path in entries if path.stem not in self.used)
        removed = 0
        for _, path in stale[: max(excess, 0)]:
            try:
                path.unlink()
                removed += 1
            except OSError:
                break
        return removed


def from_env() -> CardCache | None:
    """The build's cache, as ``$ADS_CARD_CACHE`` and ``$ADS_CARD_CACHE_MAX`` say (see the module doc)."""
    folder = folder_from_env(ENV_DIR, DEFAULT_DIR)
    if folder is None:
        return None
    limit = os.environ.get(ENV_MAX, "")
    return CardCache(folder, int(limit) if limit.isdigit() else DEFAULT_MAX)


def card_key(salt: str, job: Job) -> str:
    return hashlib.sha256(json.dumps([salt, *job], ensure_ascii=False).encode()).hexdigest()


def _head(key: str) -> bytes:
    return MAGIC + key.encode() + b"\n"


def _verified(key: str, data: bytes) -> bytes | None:
    """The entry's file if it is sealed under ``key`` and is a whole PNG or a whole SVG."""
    content = unseal(_head(key), data)
    if content is None:
        return None
    whole_png = content.startswith(PNG_SIGNATURE) and content.endswith(PNG_END)
    return content if whole_png or (content.startswith(SVG_START) and content.endswith(SVG_END)) else None


def cached_cards(
    jobs: dict[str, Job], salt: str, draw_chunk: Callable[[list[Job]], list[bytes]], cache: CardCache | None
) -> dict[str, bytes]:
    """Every card and QR code of ``jobs`` (output path → job), from the cache or drawn (then stored)."""
    keys = {path: card_key(salt, job) for path, job in jobs.items()}
    found: dict[str, bytes] = {}
    if cache is not None:
        for path, key in keys.items():
            png = cache.get(key)
            if png is not None:
                found[path] = png
        cache.used |= set(keys.values())
    missing = [path for path in jobs if path not in found]
    for path, png in zip(missing, draw_all([jobs[p] for p in missing], draw_chunk), strict=True):
        found[path] = png
        if cache is not None:
            cache.put(keys[path], png)
    if cache is not None:
        cache.hits += len(jobs) - len(missing)
        cache.misses += len(missing)
        cache.prune()
    return {path: found[path] for path in jobs}


def worker_count() -> int:
    configured = os.environ.get(ENV_WORKERS, "")
    if configured.isdigit():
        return max(int(configured), 1)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def draw_all(jobs: Sequence[Job], draw_chunk: Callable[[list[Job]], list[bytes]]) -> list[bytes]:
    """Draw ``jobs`` in order: over the machine's cores in chunks when there are many, else here."""
    workers = min(worker_count(), math.ceil(len(jobs) / POOL_MIN))
    if workers < 2:
        return draw_chunk(list(jobs))
    size = max(POOL_MIN // 4, math.ceil(len(jobs) / (workers * 4)))
    chunks = [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
    try:
        with ProcessPoolExecutor(workers) as pool:
            return [png for part in pool.map(draw_chunk, chunks) for png in part]
    except (OSError, NotImplementedError, BrokenProcessPool):
        return draw_chunk(list(jobs))  # no process pool here (sandbox, no /dev/shm): draw serially
