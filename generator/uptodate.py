"""Is content/ already what this run would write? Then the corpus stages need not run at all.

Linking and rendering are pure functions of the analyses (named by their cache keys), the configuration, the
generator (its code, templates and data, and the libraries it calls), the hand-written pages found in content/
and the previous briefing.json, which is the generator's own output. A run records a fingerprint of all of these
in the cache folder, with the size and modification time of every file it left in content/. The next run with
the same fingerprint, finding every one of those files as it was left, has nothing to do: that is how a warm run
with nothing changed takes about a second instead of relinking and rerendering the whole corpus.

The record is an optimisation, never trusted beyond it: a missing, unreadable or foreign record, a file touched
in content/ by anyone, or any other difference means a full run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from stat import S_ISREG
from functools import lru_cache
from pathlib import Path

from generator.cache import LIBRARIES as ANALYSIS_LIBRARIES, code_digest, write_atomic

log = logging.getLogger(__name__)

RECORD = "last-run.json"
PAGES = "pages.json"  # per page: the digest of its inputs and of its bytes, for render to skip unchanged pages
PACKAGE = Path(__file__).resolve().parent
# The analysis's libraries, and those whose version can change what the link, render or chart stages write, with
# everything they require (tests/test_uptodate.py checks this against the installed metadata).
LIBRARIES = ANALYSIS_LIBRARIES + ("contourpy", "cycler", "feedgen", "fonttools", "Jinja2", "kiwisolver", "MarkupSafe",
                                  "matplotlib", "networkx", "orjson", "packaging", "pillow", "pyparsing",
                                  "python-frontmatter", "Markdown")  # Markdown: heading_ids.py, for MkDocs


@lru_cache(maxsize=1)
def generator_hash() -> str:
    """Every file of the package (code, templates, data) and the versions of the libraries it calls."""
    files = sorted(p for p in PACKAGE.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    return code_digest(files, LIBRARIES, PACKAGE)


def fingerprint(content: Path, config_fingerprint: str, keys: dict[str, str], failures: list[tuple[str, str]],
                notices: list[str], hand_written: list[str]) -> str:
    """What the corpus stages' output depends on, as one hash."""
    state = {"generator": generator_hash(), "config": config_fingerprint, "content": str(content.resolve()),
             "sources": sorted(keys.items()), "failures": sorted(failures), "notices": list(notices),
             "hand_written": sorted(hand_written)}
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def file_stat(path: Path) -> list[int] | None:
    """[size, modification time (ns), inode] of a regular file; None for anything else, or when missing. What
    says, without reading it, that a file is as a run left it; never written into content/."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino] if S_ISREG(st.st_mode) else None


def read(cache_dir: Path) -> dict:
    try:
        data = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unchanged(cache_dir: Path, content: Path, run_fingerprint: str) -> dict | None:
    """The record of the last run when it had this fingerprint and left content/ exactly as it is now."""
    record = read(cache_dir)
    files = record.get("files")
    if record.get("fingerprint") != run_fingerprint or not isinstance(files, dict) or not files:
        return None
    for rel, stat in files.items():
        if not isinstance(rel, str) or file_stat(content / rel) != stat:
            log.debug("content/%s differs from what the last run left; running in full", rel)
            return None
    return record


def remember(cache_dir: Path, content: Path, run_fingerprint: str, generated: list[str], summary: dict) -> None:
    """Record this run: its fingerprint, the files it generated (with their stat) and its summary counts."""
    files = {rel: file_stat(content / rel) for rel in generated}
    if any(stat is None for stat in files.values()):
        forget(cache_dir)
        return
    data = json.dumps({"fingerprint": run_fingerprint, "files": files, "summary": summary}, sort_keys=True)
    if not write_atomic(cache_dir / RECORD, data.encode() + b"\n"):
        forget(cache_dir)


def forget(cache_dir: Path) -> None:
    """A run that changes content/ without recording it must not leave an old record looking valid."""
    try:
        os.unlink(cache_dir / RECORD)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot remove %s: %s", cache_dir / RECORD, exc)


def read_pages(cache_dir: Path) -> dict:
    """The last run's record of its pages (see render.render_pages); empty when missing or unreadable."""
    try:
        data = json.loads((cache_dir / PAGES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("pages", {}) if isinstance(data, dict) and isinstance(data.get("pages"), dict) else {}


def remember_pages(cache_dir: Path, pages: dict) -> None:
    """Record this run's pages (path -> [digest of the inputs, sha256 of the bytes])."""
    data = json.dumps({"format": 1, "pages": pages}, sort_keys=True, indent=0)
    write_atomic(cache_dir / PAGES, data.encode() + b"\n")
