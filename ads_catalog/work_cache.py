"""Work the generator does not redo from one build to the next: memos on disk, verified on read.

A memo is one JSON file, ``<folder>/<name>.json``, mapping keys (the SHA-256 of an input: a YAML
file's bytes, a text to index) to what was computed from that input. Its header names the memo's
*salt* — the SHA-256 of everything else the results depend on: the code computing them (its source
files' bytes), data files, library versions — and the SHA-256 of the JSON that follows. A memo whose
salt differs, or that is truncated, corrupt or not JSON is ignored: every result is computed again.
After a build the memo is rewritten with exactly the entries that build used (so it never grows
with old versions of the files), atomically (temporary file + ``os.replace``), and only if it
changed. JSON rather than pickle or marshal: reading it can only give data, never run code or crash
the interpreter, whoever wrote the file.

The folder is ``.cache/generateur`` (relative to where the build runs, gitignored) or
``$ADS_WORK_CACHE`` (empty or ``off``: no memo, everything computed). A memo is a help, never a
need: a missing, read-only or full folder only means the work is done again.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ads_catalog import sealed
from ads_catalog.sealed import seal, unseal, write_atomically

ENV_DIR = "ADS_WORK_CACHE"
DEFAULT_DIR = Path(".cache") / "generateur"
MAGIC = b"ADS-MEMO-1\n"
PACKAGE_DIR = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """SHA-256 of ``parts``, each length-prefixed (no two different lists of parts collide)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(f"{len(data)}:".encode())
        hashed.update(data)
    return hashed.hexdigest()


def salt(modules: tuple[str, ...], files: tuple[Path, ...] = (), versions: tuple[str, ...] = ()) -> str:
    """What results depend on besides their input: the named ``ads_catalog`` modules' source, data
    ``files`` and library ``versions`` (and Python's): editing any of them invalidates the memo."""
    sources = [(PACKAGE_DIR / f"{module}.py").read_bytes() for module in modules]
    return digest(sys.version, *versions, *sources, *(path.read_bytes() for path in files))


@dataclass
class Memo:
    """The entries of one memo: those read from disk, and those this build used or computed."""

    path: Path | None
    salt: str
    stored: dict[str, Any] = field(default_factory=dict)
    used: dict[str, Any] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def get(self, key: str) -> Any | None:
        value = self.stored.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Write the entries this build used, if they differ from the stored ones."""
        if self.path is None or self.used == self.stored:
            return
        payload = json.dumps(self.used, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.path, seal(_head(self.salt), payload))  # refused: the next build computes again


def _head(memo_salt: str) -> bytes:
    return MAGIC + memo_salt.encode() + b"\n"


def open_memo(folder: Path | None, name: str, memo_salt: str) -> Memo:
    """The memo ``name`` in ``folder`` (None: an empty memo that is never written)."""
    if folder is None:
        return Memo(None, memo_salt)
    path = folder / f"{name}.json"
    try:
        data = path.read_bytes()
    except OSError:
        return Memo(path, memo_salt)
    return Memo(path, memo_salt, _verified(data, memo_salt))


def _verified(data: bytes, memo_salt: str) -> dict[str, Any]:
    payload = unseal(_head(memo_salt), data)
    if payload is None:
        return {}
    try:
        entries = json.loads(payload)
    except ValueError:
        return {}
    return entries if isinstance(entries, dict) else {}


@contextlib.contextmanager
def paused_collector(freeze: bool) -> Iterator[None]:
    """The cyclic garbage collector paused while many lasting objects are made at once (a memo
    read, every catalogue file parsed): it would otherwise walk the growing heap again and again —
    at 10,000 modules, 2 to 3 s of the 3 to 4 s of reading a memo. With ``freeze`` (a build with
    memos), what is alive is then frozen (``gc.freeze``): it lasts the whole build, and later
    collections no longer walk it (a warm rebuild's stages at 10,000: 34 → 21 s of CPU). Frozen
    objects are still freed by reference counting; only cyclic garbage alive then is kept."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def folder_from_env() -> Path | None:
    """Where the memos live, as ``$ADS_WORK_CACHE`` says (see the module doc); None: no memo."""
    return sealed.folder_from_env(ENV_DIR, DEFAULT_DIR)
