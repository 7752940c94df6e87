"""The analysis cache: one file per analysed source, so that a run analyses only new or changed sources.

An entry's key is a hash of everything its analysis depends on: the source's bytes (sha256) and relative path
(the title may come from the file name, the format from the extension), the settings the analysis can read
(`config.for_analysis(config).fingerprint`) and the generator (fingerprint.code()). Change any of these and the
key changes, so a stale entry is never found. An entry is the pickled analysis sealed under its key (store.py):
a damaged or truncated entry is recomputed, never trusted. Any problem reading or writing the cache is logged and
the run goes on as if the entry were missing.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import time
from pathlib import Path

from generator.incremental import fingerprint
from generator.incremental.store import open_sealed, seal, unlink, write_atomic
from generator.models import Analysis

log = logging.getLogger(__name__)

FOLDER = "analysis"  # in the cache folder
MAGIC = b"briefing-analysis-cache 1\n"
SUFFIX = ".analysis"
INDEX = "index.json"
TEMP_MAX_AGE = 3600.0  # seconds; an older temporary file was left by a killed run


def in_folder(cache_dir: Path, settings: str) -> AnalysisCache:
    """The analysis cache of a cache folder, for analyses made with these settings (their fingerprint)."""
    return AnalysisCache(cache_dir / FOLDER, settings)


class AnalysisCache:
    """Analyses on disk under root, keyed by source, configuration and generator."""

    def __init__(self, root: Path, settings: str, code: str | None = None):
        """`settings`: the fingerprint of the settings the analysis reads; `code`: of the generator (default:
        fingerprint.code())."""
        self.root = Path(root)
        self.setup = f"{code if code is not None else fingerprint.code()}\n{settings}\n"
        self.counts = {"hits": 0, "misses": 0, "damaged": 0, "stored": 0}

    def key(self, rel: str, digest: str) -> str:
        return hashlib.sha256(f"{self.setup}{rel}\n{digest}\n".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under key (counted as a miss when not; get() tells whether it is usable)."""
        if self._path(key).is_file():
            return True
        self.counts["misses"] += 1
        return False

    def get(self, key: str, rel: str, digest: str) -> Analysis | None:
        """The cached analysis of the source rel with these bytes, or None (missing, damaged, stale)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.counts["misses"] += 1
            return None
        except OSError as exc:
            log.debug("cache: cannot read %s: %s", path, exc)
            self.counts["misses"] += 1
            return None
        value = open_sealed(data, key, MAGIC)
        if not isinstance(value, Analysis) or value.source.path != rel or value.source.digest != digest:
            log.info("cache: entry %s for %s is damaged or stale; analysing the source again", path.name, rel)
            self.counts["damaged"] += 1
            self.counts["misses"] += 1
            unlink(path)
            return None
        self.counts["hits"] += 1
        return value

    def _setup_digest(self) -> str:
        return hashlib.sha256(self.setup.encode()).hexdigest()

    def same_setup(self) -> bool:
        """Whether the last run used this configuration and generator: otherwise none of its entries can serve
        as earlier(), and reading them would be wasted."""
        try:
            return json.loads((self.root / INDEX).read_text(encoding="utf-8")).get("setup") == self._setup_digest()
        except (OSError, ValueError, AttributeError):
            return False

    def earlier(self, rel: str, key: str) -> Analysis | None:
        """What is stored under key, a key the last run used for rel, when it is an analysis of rel made with
        this configuration and generator (of other bytes, since rel changed); None otherwise. Never counted:
        it is a hint for the new analysis, not a hit."""
        try:
            value = open_sealed(self._path(key).read_bytes(), key, MAGIC)
        except OSError:
            return None
        if isinstance(value, Analysis) and value.source.path == rel and self.key(rel, value.source.digest) == key:
            return value
        return None

    def put(self, key: str, analysis: Analysis) -> bytes | None:
        """Store the analysis under key; returns it pickled as stored (None when it could not be stored)."""
        try:
            payload = pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable value is a bug to report, not a reason to stop the run
            log.warning("cache: cannot store the analysis of %s: %s", analysis.source.path, exc)
            return None
        if not write_atomic(self._path(key), seal(key, payload, MAGIC)):
            return None
        self.counts["stored"] += 1
        return payload

    def previous(self) -> dict[str, str]:
        """Source path -> key, as the last completed run left them (empty when unknown)."""
        try:
            data = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
            sources = data["sources"]
            return {str(k): str(v) for k, v in sources.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def finish(self, current: dict[str, str]) -> int:
        """Record this run's sources and delete every entry it did not use; returns how many were deleted."""
        index = json.dumps({"format": 1, "setup": self._setup_digest(), "sources": dict(sorted(current.items()))},
                           indent=0).encode() + b"\n"
        write_atomic(self.root / INDEX, index)
        return self.prune(set(current.values()))

    def prune(self, keep: set[str]) -> int:
        removed = 0
        try:
            names = sorted(os.listdir(self.root))
        except OSError:
            return 0
        now = time.time()
        for name in names:
            path = self.root / name
            if name.endswith(SUFFIX) and name[: -len(SUFFIX)] not in keep:
                removed += unlink(path)
            elif name.endswith(".tmp") and name.startswith("."):
                try:
                    if now - path.stat().st_mtime > TEMP_MAX_AGE:
                        removed += unlink(path)
                except OSError:
                    pass
        return removed
