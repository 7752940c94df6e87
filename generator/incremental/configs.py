"""The last configuration validated, kept in `.cache/config.validated`, sealed with the code fingerprint and the
digest of the merged file: an unchanged configuration is not validated again (pydantic costs about 0.1 s of CPU
at every run, importing it and building the models: much of a run with nothing to do)."""
from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

from generator.config import Config, load_config, merged, validated
from generator.incremental import fingerprint
from generator.incremental.store import open_sealed, seal, write_atomic

VALIDATED = "config.validated"
MAGIC = b"briefing-config 1\n"


def load(path: str | Path, cache_dir: Path | None) -> Config:
    """config.load_config, taking a configuration validated before (same merged content, same generator) from
    the cache folder when there is one."""
    if cache_dir is None:
        return load_config(path)
    path = Path(path)
    data, digest = merged(path)
    key = fingerprint.code() + digest
    try:
        earlier = open_sealed((Path(cache_dir) / VALIDATED).read_bytes(), key, MAGIC)
    except OSError:
        earlier = None
    if isinstance(earlier, Config):
        return replace(earlier, path=str(path))
    config = validated(path, data, digest)
    write_atomic(Path(cache_dir) / VALIDATED, seal(key, pickle.dumps(config), MAGIC))
    return config
