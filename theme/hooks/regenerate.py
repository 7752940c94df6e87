"""MkDocs hook for `briefing serve`: sources/ and briefing.yml are watched too, and content/ is regenerated
before each rebuild, so saving a source or the configuration updates the preview.

Active only when the `briefing serve` command sets BRIEFING_SERVE=1; `mkdocs build` is unaffected.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.briefing")
_serving = {"on": False}


def on_startup(command, dirty):
    _serving["on"] = command == "serve" and os.environ.get("BRIEFING_SERVE") == "1"


def on_serve(server, config, builder):
    if _serving["on"]:
        server.watch(os.environ["BRIEFING_SOURCES"])
        server.watch(os.environ["BRIEFING_CONFIG"])
    return server


def on_pre_build(config):
    if not _serving["on"]:
        return
    from generator.incremental.configs import load
    from generator.errors import BriefingError
    from generator.pipeline import generate

    try:
        result = generate(Path(os.environ["BRIEFING_SOURCES"]), Path(os.environ["BRIEFING_CONTENT"]),
                          load(os.environ["BRIEFING_CONFIG"], Path(os.environ["BRIEFING_CACHE"])),
                          Path(os.environ["BRIEFING_CACHE"]))
    except BriefingError as exc:  # a bad edit keeps the last good content on screen
        log.error("briefing: %s", exc)
        return
    for warning in result.warnings:
        log.warning("briefing: %s", warning)
    for failure in result.failures:
        log.warning("briefing: %s: %s", failure.path, failure.reason)
