"""The stages, in order: ingest, analyze, link, render, write. Reads like the list it is.

Analysis is per source (corpus_analysis.py): with a cache, only new or changed sources are analysed, on several
cores when there are enough of them. Linking, rendering and writing always run over the whole corpus.
"""
from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from generator import collector, executor, interrupt, locking, safeguard, writer
from generator.config import Config, for_analysis
from generator.corpus_analysis import INTERNAL, Analysed, Counts, Progress, Survey, analyse_all, counts_of, survey
from generator.incremental import analyses, pages as page_memos, runs, templates, verdicts as pair_verdicts
from generator.incremental.analyses import AnalysisCache
from generator.link import link, prepare as prepare_link
from generator.models import Briefing, SourceFailure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    briefing: Briefing | None  # None when content/ was already up to date and the corpus stages did not run
    failures: tuple[SourceFailure, ...]
    notices: tuple[str, ...]
    stats: dict  # the writer's: written, unchanged, removed
    counts: Counts = field(default_factory=Counts)
    warnings: tuple[str, ...] = ()  # "path: what of the source was set aside" (a declared date refused)


def generate(sources: Path, content: Path, config: Config, cache_dir: Path | None = None,
             workers: int | None = None, progress: Progress | None = None, allow_lost: bool = False,
             lock_wait: float = locking.LOCK_WAIT) -> Result:
    """sources -> content. With cache_dir, analyses are reused from (and stored in) that folder, and a run whose
    inputs are those of the last run, finding content/ as that run left it, returns at once (incremental/runs.py).

    A run that would lose the sources of a folder it cannot read, or publish nothing where the last run published
    something, raises safeguard.LostSourcesError and writes nothing, unless allow_lost."""
    start = time.monotonic()
    sources, workers = sources.resolve(), config.workers if workers is None else workers
    analysis_config = for_analysis(config)
    cache = analyses.in_folder(cache_dir, analysis_config.fingerprint) if cache_dir else None
    with locking.lock(content, lock_wait):
        found = survey(sources, analysis_config, cache)
        if not allow_lost:
            safeguard.check_folders(found.listing.unreadable, found.previous, content)
        hand_written = writer.hand_written(content)
        inputs = _inputs_fingerprint(found, config, content, hand_written) if cache_dir else None
        record = runs.unchanged(cache_dir, content, inputs) if cache_dir else None
        if record is not None:
            return _up_to_date(found, record, start)
        done = analyse_all(sources, analysis_config, cache, workers, progress, found,
                           background=functools.partial(_prepare, config, cache_dir))
        if not allow_lost:
            safeguard.check_not_empty(len(done.analyses), done.failures, content)
        with collector.long_lived():  # the analyses stay to the end: the collector need not walk them again
            _stage(progress, "link", start)
            verdicts = pair_verdicts.read(cache_dir, done.keys) if cache_dir else None
            briefing = link(done.analyses, config, done.failures, hand_written, verdicts)
            _stage(progress, "render", start)
            files, digests, staging = _render(briefing, content, hand_written, cache_dir, workers,
                                              functools.partial(_stage, progress, "write", start))
            if cache_dir:
                runs.forget(cache_dir)  # content/ changes now: the old record must not look valid
            stats = staging.commit()
        counts = replace(done.counts, pages=sum(1 for p in files if p.endswith(".md")))
        warnings = tuple(f"{a.source.path}: {w}" for a in done.analyses for w in a.warnings)
        if cache_dir:
            _remember(cache_dir, cache, content, inputs, done, files, digests, runs.Summary(
                counts.pages, tuple((f.path, f.reason) for f in done.failures), warnings), verdicts)
    return Result(briefing, tuple(done.failures), tuple(done.notices), stats,
                  replace(counts, seconds=time.monotonic() - start), warnings)


def _inputs_fingerprint(found: Survey, config: Config, content: Path, hand_written: list[str]) -> str:
    listing = found.listing
    return runs.fingerprint(content, config.fingerprint, found.keys, listing.refused + listing.unreadable,
                            listing.notices, hand_written)


def _render(briefing: Briefing, content: Path, hand_written: list[str], cache_dir: Path | None, workers: int,
            then: Callable[[], None]) -> tuple[dict[str, bytes], dict[str, str], writer.Staging]:
    """Render every file, each staged beside content/ as it comes while the others are rendered; content/ itself
    changes only when the staged tree is swapped in (Staging.commit), after `then()`, the last chance to stop."""
    from generator import render

    previous = writer.previous_output(content)
    staging = writer.Staging(content, render.output_paths(briefing))
    try:
        files, digests = render.render_pages(briefing, tuple(p for p in hand_written if p.endswith(".md")),
                                             content / "briefing.json", executor.of(workers),
                                             page_memos.read(cache_dir, previous) if cache_dir else None,
                                             sink=staging.put)
        then()
    except BaseException:
        staging.abort()
        raise
    return files, digests, staging


def _remember(cache_dir: Path, cache: AnalysisCache, content: Path, inputs: str, done: Analysed,
              files: dict[str, bytes], digests: dict[str, str], summary: runs.Summary,
              verdicts: pair_verdicts.Verdicts) -> None:
    """What the next run reuses: the analyses used (the others are pruned), the link stage's verdicts, the page
    memos and the run record."""
    pruned = cache.finish(done.keys)
    log.debug("cache: %s, %d pruned", cache.counts, pruned)
    pair_verdicts.remember(cache_dir, verdicts)
    page_memos.remember(cache_dir, digests, files)
    if not any(f.reason.startswith(INTERNAL) for f in done.failures):  # a crash may not happen again
        runs.remember(cache_dir, content, inputs, [*files, writer.MANIFEST], summary)


def _prepare(config: Config, cache_dir: Path | None = None) -> None:
    """Load what linking and rendering use (their libraries, the LSH bands, the compiled templates): work that
    does not need the analyses, done while they are made. Rendering's modules are imported here, not at the
    top: the analysis workers, forked earlier, have no use for them."""
    prepare_link(config)
    from generator import render

    render.prepare(templates.bytecode_cache(cache_dir) if cache_dir else None, config.language)


def _up_to_date(found: Survey, record: runs.RunRecord, start: float) -> Result:
    """The result of a run that found nothing to do: its counts and failures are the last run's."""
    failures = tuple(SourceFailure(path, reason) for path, reason in record.summary.failures)
    counts = replace(counts_of(found, found.keys, len(failures), 0), pages=record.summary.pages,
                     seconds=time.monotonic() - start)
    stats = {"written": 0, "unchanged": len(record.files) - 1, "removed": 0}
    return Result(None, failures, tuple(found.listing.notices), stats, counts, record.summary.warnings)


def _stage(progress: Progress | None, name: str, start: float) -> None:
    interrupt.check()  # the last chance before "write" to keep the previous output
    log.debug("%.2f s: %s", time.monotonic() - start, name)
    if progress:
        progress(name, 0, 0)
