"""Where the MkDocs hooks find the briefing's configuration, shared by them (a hook's folder is on the import path
while it loads): the file named by BRIEFING_CONFIG when set (`briefing --config FILE` passes it on), else
briefing.yml beside mkdocs.yml. It is read and validated by the generator, as `briefing generate` reads it.
"""
from __future__ import annotations

import os
from pathlib import Path


def path(config) -> Path:
    named = os.environ.get("BRIEFING_CONFIG")
    return Path(named) if named else Path(config.config_file_path).parent / "briefing.yml"


def load(config):
    """The briefing's validated configuration (generator.config.Config), or None for a site built without one
    (no BRIEFING_CONFIG and no briefing.yml beside mkdocs.yml). An invalid or missing named file stops the build
    with the generator's message, naming the key."""
    from mkdocs.exceptions import PluginError

    try:
        from generator.incremental.configs import load
        from generator.errors import ConfigError
    except ImportError as exc:
        raise PluginError(f"the briefing generator cannot be imported ({exc}); build with `briefing build`, or "
                          "install it (`pip install -e .`)") from None
    named = os.environ.get("BRIEFING_CONFIG")  # `--config FILE`: it must be there
    where = path(config)
    if not named and not where.is_file():
        return None
    try:
        stamp = (str(where.resolve()), where.stat().st_mtime_ns, where.stat().st_size)
    except OSError:
        stamp = None
    if stamp is not None and stamp in _LOADED:  # both hooks ask; validate once per build
        return _LOADED[stamp]
    cache = os.environ.get("BRIEFING_CACHE")
    try:
        loaded = load(where, Path(cache) if cache else None)
    except ConfigError as exc:
        raise PluginError(str(exc)) from None
    if stamp is not None:
        _LOADED.clear()
        _LOADED[stamp] = loaded
    return loaded


_LOADED: dict = {}
