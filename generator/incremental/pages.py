"""Page memos: for each page of the last run, the digest of its inputs and the sha256 of the bytes written.

Render computes each page's digest (the page, what it shows of the others, the configuration); a page whose digest
is the last run's, whose file is still what that run wrote, is that file: render is handed `Memos` to ask, and
never sees this record. The record holds the code fingerprint it was made under: another generator's memos
are not used.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.incremental import fingerprint
from generator.incremental.store import write_atomic

PAGES = "pages.json"
FORMAT = 2


@dataclass(frozen=True)
class PageMemo:
    digest: str  # of the page's inputs
    sha256: str  # of the bytes written


@dataclass(frozen=True)
class Memos:
    """The last run's page memos and a reader of the files it generated; picklable, for render's workers."""
    memos: dict[str, PageMemo]
    read: Callable[[str], bytes | None]

    def __call__(self, path: str, digest: str) -> bytes | None:
        """The last run's file for this page when its inputs had this digest and the file is still what that run
        wrote; None otherwise."""
        memo = self.memos.get(path)
        if memo is None or memo.digest != digest:
            return None
        old = self.read(path)
        return old if old is not None and hashlib.sha256(old).hexdigest() == memo.sha256 else None


def read(cache_dir: Path, read_file: Callable[[str], bytes | None]) -> Memos:
    """The last run's memos (none when missing, unreadable, or made by another generator)."""
    try:
        data = json.loads((cache_dir / PAGES).read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["generator"] != fingerprint.code():
            return Memos({}, read_file)
        memos = {str(path): PageMemo(str(m["digest"]), str(m["sha256"])) for path, m in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        memos = {}
    return Memos(memos, read_file)


def remember(cache_dir: Path, digests: dict[str, str], files: dict[str, bytes]) -> None:
    """Record this run's pages: path -> the digest of its inputs (render's), with the sha256 of its bytes."""
    pages = {path: {"digest": digest, "sha256": hashlib.sha256(files[path]).hexdigest()}
             for path, digest in sorted(digests.items())}
    data = json.dumps({"format": FORMAT, "generator": fingerprint.code(), "pages": pages}, sort_keys=True, indent=0)
    write_atomic(cache_dir / PAGES, data.encode() + b"\n")
