"""The stages, in order: ingest, analyze, link, render, write. Reads like the list it is."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from generator import ingest, render, writer
from generator.analyze import analyze_source
from generator.config import Config
from generator.errors import SourceError
from generator.link import Briefing, link
from generator.models import Analysis, SourceFailure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    briefing: Briefing
    failures: tuple[SourceFailure, ...]
    notices: tuple[str, ...]
    stats: dict


def analyse_file(path: Path, sources: Path, config: Config) -> Analysis:
    raw = ingest.read_source(path, sources, config.max_file_bytes)
    return analyze_source(raw, config)


def analyse_all(sources: Path, config: Config) -> tuple[list[Analysis], list[SourceFailure], list[str]]:
    listing = ingest.discover(sources)
    failures = [SourceFailure(rel, reason) for rel, reason in listing.refused]
    analyses: list[Analysis] = []
    digests: dict[str, str] = {}
    for path in listing.files:
        rel = path.relative_to(sources.resolve() if path.is_absolute() else sources).as_posix()
        try:
            a = analyse_file(path, sources, config)
        except SourceError as exc:
            failures.append(SourceFailure(exc.path, exc.reason))
            continue
        except Exception as exc:  # a bug on one odd source must not cost the others
            log.debug("analysis of %s failed", rel, exc_info=True)
            failures.append(SourceFailure(rel, f"internal error while analysing: {type(exc).__name__}: {exc}"))
            continue
        if a.source.digest in digests:
            failures.append(SourceFailure(a.source.path, f"identical to {digests[a.source.digest]}, skipped"))
            continue
        digests[a.source.digest] = a.source.path
        analyses.append(a)
        log.debug("analysed %s", rel)
    return analyses, sorted(failures, key=lambda f: f.path), list(listing.notices)


def generate(sources: Path, content: Path, config: Config) -> Result:
    sources = sources.resolve()
    analyses, failures, notices = analyse_all(sources, config)
    briefing = link(analyses, config, failures)
    with writer.lock(content):
        files = render.render(briefing, tuple(p for p in writer.hand_written(content) if p.endswith(".md")))
        stats = writer.write_tree(content, files)
    return Result(briefing, tuple(failures), tuple(notices), stats)
