"""Installed versions of Python distributions, read from the names of their .dist-info folders on sys.path (one
listing per folder: importlib.metadata takes a few hundred ms for the same answer)."""
from __future__ import annotations

import os
import re
import sys


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    """normal_name(name) -> version of each of these distributions that is installed."""
    wanted = {normal_name(n) for n in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for name in listing:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                key = normal_name(project)
                if key in wanted and key not in found:
                    found[key] = version
    return found


def normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
