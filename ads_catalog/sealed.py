"""Files the build keeps between runs (card cache, generator memos): each one *sealed* — a header
naming what it holds, then the SHA-256 of its payload — so that a truncated, altered or foreign file
is recognised and ignored; written atomically, so that a reader sees a whole file or none.

A cache on disk is a help, never a need: every function here answers None or False instead of
raising when the disk says no (missing, read-only, full).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

OFF = ("", "0", "off", "non")


def folder_from_env(variable: str, default: Path) -> Path | None:
    """The folder ``$variable`` names, ``default`` when it is unset; None when it says off."""
    value = os.environ.get(variable)
    if value is not None and value.strip().lower() in OFF:
        return None
    return Path(value) if value else default


def seal(head: bytes, payload: bytes) -> bytes:
    """``head``, the payload's SHA-256 (hex) on its own line, then the payload."""
    return head + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def unseal(head: bytes, data: bytes) -> bytes | None:
    """The payload of ``data`` if it was sealed with ``head`` and is whole; otherwise None."""
    start = len(head) + 65
    if not data.startswith(head) or len(data) < start:
        return None
    payload = data[start:]
    return payload if hashlib.sha256(payload).hexdigest().encode() == data[len(head) : start - 1] else None


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` at ``path`` through a temporary file and a rename; False if the disk refused."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
