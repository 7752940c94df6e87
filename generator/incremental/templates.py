"""Jinja's compiled templates, kept in `.cache/compiled-templates/`: compiling them all takes a few tenths of a
second, much of a run that finds little to do. Jinja checks each against its template's source."""
from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

FOLDER = "compiled-templates"


def bytecode_cache(cache_dir: Path) -> BytecodeCache | None:
    """The bytecode cache for render, or None when its folder cannot be made (it is an optimisation only)."""
    folder = cache_dir / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))
