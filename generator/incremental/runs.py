"""The run record: is content/ already what this run would write? Then the corpus stages need not run at all.

Linking and rendering are pure functions of the analyses (named by their cache keys), the configuration, the
generator (fingerprint.code()), the hand-written pages found in content/ and the previous briefing.json, which is
the generator's own output. A run records a fingerprint of all of these, with the size, modification time and
inode of every file it left in content/. The next run with the same fingerprint, finding every one of those files
as it was left, has nothing to do: a run with nothing changed takes about a second instead of relinking and
rerendering the whole corpus.

The record is an optimisation, never trusted beyond it: a missing, unreadable or foreign record, a file touched
in content/ by anyone, or any other difference means a full run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from stat import S_ISREG

from generator.incremental import fingerprint as code_fingerprint
from generator.incremental.store import write_atomic

log = logging.getLogger(__name__)

RECORD = "last-run.json"


@dataclass(frozen=True)
class Summary:
    """What a run reports, for the run that finds nothing to do to report it again."""
    pages: int
    failures: tuple[tuple[str, str], ...]  # (source path, reason)
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class RunRecord:
    fingerprint: str  # of the run's inputs (see fingerprint())
    files: dict[str, tuple[int, int, int]]  # path in content/ -> (size, modification time in ns, inode)
    summary: Summary


def fingerprint(content: Path, config_fingerprint: str, keys: dict[str, str], failures: list[tuple[str, str]],
                notices: list[str], hand_written: list[str]) -> str:
    """What the corpus stages' output depends on, as one hash."""
    state = {"generator": code_fingerprint.code(), "config": config_fingerprint, "content": str(content.resolve()),
             "sources": sorted(keys.items()), "failures": sorted(failures), "notices": list(notices),
             "hand_written": sorted(hand_written)}
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def file_stat(path: Path) -> tuple[int, int, int] | None:
    """(size, modification time (ns), inode) of a regular file; None for anything else, or when missing. What
    says, without reading it, that a file is as a run left it; never written into content/."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino) if S_ISREG(st.st_mode) else None


def read(cache_dir: Path) -> RunRecord | None:
    """The last run's record; None when missing, unreadable or not in the expected shape."""
    try:
        data = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
        summary = data["summary"]
        return RunRecord(str(data["fingerprint"]),
                         {str(rel): tuple(int(n) for n in stat) for rel, stat in data["files"].items()},
                         Summary(int(summary["pages"]), tuple((str(p), str(r)) for p, r in summary["failures"]),
                                 tuple(str(w) for w in summary["warnings"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def unchanged(cache_dir: Path, content: Path, run_fingerprint: str) -> RunRecord | None:
    """The record of the last run when it had this fingerprint and left content/ exactly as it is now."""
    record = read(cache_dir)
    if record is None or record.fingerprint != run_fingerprint or not record.files:
        return None
    for rel, stat in record.files.items():
        if file_stat(content / rel) != stat:
            log.debug("content/%s differs from what the last run left; running in full", rel)
            return None
    return record


def remember(cache_dir: Path, content: Path, run_fingerprint: str, generated: list[str], summary: Summary) -> None:
    """Record this run: its fingerprint, the files it generated (with their stat) and its summary."""
    files = {rel: file_stat(content / rel) for rel in generated}
    if any(stat is None for stat in files.values()):
        forget(cache_dir)
        return
    data = json.dumps(asdict(RunRecord(run_fingerprint, files, summary)), sort_keys=True)
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
