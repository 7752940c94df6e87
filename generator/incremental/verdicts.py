"""The link stage's verdicts on pairs of sources, kept from one run to the next.

Whether two sources are versions of one report (features.same_report) compares their texts word by word: at 5,000
sources the link stage asks it of about 29,000 candidate pairs, 1.5 s of every run, and an edit changes the
verdicts of a dozen. A verdict is kept under the two sources' analysis keys (analyses.AnalysisCache.key: the
generator's code, the analysis settings, the source's path and bytes), so it is reused exactly where computing it
again would give the same answer; a run keeps only the verdicts it asked for.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

from generator.incremental.store import write_atomic

VERDICTS = "verdicts.json"
FORMAT = 1


class Verdicts:
    """A memo of pair verdicts for link(): `same_report(path_a, path_b, compute)` answers from the last run where
    both sources are unchanged, else computes."""

    def __init__(self, keys: dict[str, str], known: dict[str, bool] | None = None):
        self.keys = keys  # source path -> analysis key
        self.known = known or {}
        self.asked: dict[str, bool] = {}

    def same_report(self, a: str, b: str, compute: Callable[[], bool]) -> bool:
        ka, kb = self.keys.get(a), self.keys.get(b)
        if not ka or not kb:  # a run without a cache keys nothing
            return compute()
        pair = hashlib.sha256("\n".join(sorted((ka, kb))).encode()).hexdigest()[:32]
        verdict = self.known.get(pair)
        if verdict is None:
            verdict = compute()
        self.asked[pair] = verdict
        return verdict


def read(cache_dir: Path, keys: dict[str, str]) -> Verdicts:
    """The last run's verdicts (none when missing or unreadable), for sources with these analysis keys."""
    try:
        data = json.loads((cache_dir / VERDICTS).read_text(encoding="utf-8"))
        known = {str(pair): bool(v) for pair, v in data["verdicts"].items()} if data["format"] == FORMAT else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        known = {}
    return Verdicts(keys, known)


def remember(cache_dir: Path, verdicts: Verdicts) -> None:
    """Keep the verdicts this run asked for."""
    data = json.dumps({"format": FORMAT, "verdicts": dict(sorted(verdicts.asked.items()))}, separators=(",", ":"))
    write_atomic(cache_dir / VERDICTS, data.encode() + b"\n")
