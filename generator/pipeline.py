"""The stages, in order: ingest, analyze, link, render, write. Reads like the list it is.

Analysis is per source: with a cache, only new or changed sources are analysed, on several cores when there
are enough of them. Linking, rendering and writing always run over the whole corpus.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import pickle
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from generator import executor, ingest, interrupt, parallel, safeguard, uptodate, writer
from generator.analyze import language
from generator.cache import AnalysisCache
from generator.config import Config, for_analysis
from generator.errors import SourceError
from generator.link import Briefing, link, prepare as prepare_link
from generator.models import Analysis, RawSource, SourceFailure

log = logging.getLogger(__name__)

INTERNAL = "internal error while analysing"  # a failure that is the generator's, not the source's
BASIS = "changes.basis"  # in the cache folder: what the next run compares with (see changes.py)
OVERLAP_MIN = 64  # cached analyses worth reading while a worker process analyses the new and changed sources

# progress(stage, done, total): "analyse" as sources finish, then "link", "render", "write" once each.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Counts:
    sources: int = 0  # files found, including those that failed
    new: int = 0  # not in the cache's record of the last run
    changed: int = 0  # in it, but their bytes, the configuration or the generator changed
    failed: int = 0
    analysed: int = 0  # analysed in this run (the others came from the cache)
    pages: int = 0  # Markdown pages generated
    seconds: float = 0.0


@dataclass(frozen=True)
class Result:
    briefing: Briefing | None  # None when content/ was already up to date and the corpus stages did not run
    failures: tuple[SourceFailure, ...]
    notices: tuple[str, ...]
    stats: dict  # the writer's: written, unchanged, removed
    counts: Counts = field(default_factory=Counts)
    warnings: tuple[str, ...] = ()  # "path: what of the source was set aside" (a declared date refused)


@dataclass(frozen=True)
class Analysed:
    analyses: list[Analysis]  # sorted by path, duplicates left out
    failures: list[SourceFailure]  # sorted by path
    notices: list[str]
    keys: dict[str, str]  # source path -> cache key, for the cache's record of this run
    counts: Counts


def analyse_file(path: Path, sources: Path, config: Config, known: dict[str, str | None] | None = None) -> Analysis:
    # Imported here: a run whose analyses come from the cache needs none of the analysis's libraries.
    from generator.analyze.source import analyze_source

    raw = ingest.read_source(path, sources, config.max_file_bytes)
    return analyze_source(raw, config, known)


@dataclass(frozen=True)
class Survey:
    """The sources found, before any analysis: what a run will work on, and under which cache keys."""
    root: Path
    listing: ingest.Listing
    jobs: list[tuple[Path, str]]  # (path, path relative to the sources folder), in path order
    digests: dict[str, str]  # source path -> sha256 of its bytes (readable sources; empty without a cache)
    keys: dict[str, str]  # source path -> cache key ("" when unreadable; empty without a cache)
    previous: dict[str, str]  # the cache's record of the last run: source path -> key


def survey(sources: Path, config: Config, cache: AnalysisCache | None = None) -> Survey:
    root = sources.resolve()
    listing = ingest.discover(sources)
    jobs = [(path, path.relative_to(root).as_posix()) for path in listing.files]
    digests: dict[str, str] = {}
    keys: dict[str, str] = {}
    if cache:
        for path, rel in jobs:
            digest = _digest(path, config.max_file_bytes)
            if digest:
                digests[rel] = digest
            keys[rel] = cache.key(rel, digest) if digest else ""
    return Survey(root, listing, jobs, digests, keys, cache.previous() if cache else {})


def analyse_all(sources: Path, config: Config, cache: AnalysisCache | None = None, workers: int | None = None,
                progress: Progress | None = None, found: Survey | None = None,
                meanwhile: Callable[[], None] | None = None) -> Analysed:
    """Analyse every source (cache hits excepted); one failure never stops the others.

    `meanwhile()` is work for this process that does not need the analyses (loading what the next stages use):
    it runs while worker processes analyse, or after the analysis when it runs here."""
    found = found or survey(sources, config, cache)
    root, listing, jobs = found.root, found.listing, found.jobs
    outcomes: dict[str, Analysis | SourceFailure] = {}
    keys = {rel: key for rel, key in found.keys.items() if key}
    stored = [rel for _path, rel in jobs if rel in keys and cache.has(keys[rel])]
    known = set(stored)
    todo = sorted((job for job in jobs if job[1] not in known), key=_size, reverse=True)  # longest first
    configured = config.workers if workers is None else workers

    def read_stored() -> None:
        with _no_collection():  # unpickling makes no garbage: no collector passes over the growing heap
            for rel in stored:
                hit = cache.get(keys[rel], rel, found.digests[rel])
                if hit is not None:
                    outcomes[rel] = hit
        if progress:
            progress("analyse", len(outcomes), len(jobs))

    def done(rel: str, outcome) -> None:
        if isinstance(outcome, Stored):  # a worker process stored it: read back as from the cache
            keys[rel] = outcome.key
            cache.counts["stored"] += 1
            outcome = pickle.loads(outcome.payload)
        elif cache and isinstance(outcome, Analysis):
            keys[rel] = cache.key(rel, outcome.source.digest)  # the bytes actually analysed
            cache.put(keys[rel], outcome)
        outcomes[rel] = outcome
        if progress:
            progress("analyse", len(outcomes), len(jobs))

    n = parallel.worker_count(configured, len(todo))
    # Reading many cached analyses takes a while: the sources to analyse go to a worker process meanwhile, when
    # more than one core may be used.
    overlap = bool(todo) and (n > 1 or (len(stored) >= OVERLAP_MIN and executor.of(configured).spare()))
    log.debug("%d sources, %d in the cache, %d to analyse in %s", len(jobs), len(stored), len(todo),
              f"{n} worker process(es)" if overlap else "this process")
    hints = _hints(todo, found, cache) if cache else {}
    if not overlap:
        read_stored()
    warm_up = (lambda: _warm_up(config, todo)) if len(todo) >= parallel.SERIAL_BELOW else None
    parallel.run(_analyse_job, todo, (root, config, hints, cache), n, lambda i, outcome: done(todo[i][1], outcome),
                 _crashed, warm_up=warm_up, background=_both(read_stored, meanwhile) if overlap else None)
    damaged = [job for job in jobs if job[1] not in outcomes]  # stored, but not a usable analysis: analysed now
    parallel.run(_analyse_job, damaged, (root, config, {}, cache), parallel.worker_count(configured, len(damaged)),
                 lambda i, outcome: done(damaged[i][1], outcome), _crashed)
    if meanwhile and not overlap:
        meanwhile()
    left_out = tuple((rel, f"{reason}; its sources are left out") for rel, reason in listing.unreadable)
    analyses, failures = _collect(jobs, outcomes, listing.refused + left_out)
    counts = _counts(found, keys, len(failures), len(todo) + len(damaged))
    return Analysed(analyses, failures, list(listing.notices), keys, counts)


@contextmanager
def _no_collection():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Inside parallel.long_lived() (the analyses read while workers analyse), what was just made is as
        # long-lived as what is frozen: frozen too, or the collector would walk all of it (0.1 s for a thousand
        # analyses) at its first chance once enabled again. The block's end unfreezes it with the rest.
        if gc.get_freeze_count():
            gc.freeze()
        if enabled:
            gc.enable()


def _both(first: Callable[[], None], then: Callable[[], None] | None) -> Callable[[], None]:
    def both() -> None:
        first()
        if then is not None:
            then()
    return both


def _counts(found: Survey, keys: dict[str, str], failed: int, analysed: int) -> Counts:
    previous = found.previous
    return Counts(sources=len(found.jobs) + len(found.listing.refused),
                  new=sum(rel not in previous for _p, rel in found.jobs),
                  changed=sum(rel in previous and keys.get(rel) != previous[rel] for _p, rel in found.jobs),
                  failed=failed, analysed=analysed)


def _collect(jobs, outcomes, refused) -> tuple[list[Analysis], list[SourceFailure]]:
    """Outcomes in path order: analyses, and failures (identical files reported as duplicates of the first)."""
    failures = [SourceFailure(rel, reason) for rel, reason in refused]
    analyses: list[Analysis] = []
    digests: dict[str, str] = {}
    for _path, rel in jobs:
        a = outcomes[rel]
        if isinstance(a, SourceFailure):
            failures.append(a)
        elif a.source.digest in digests:
            failures.append(SourceFailure(a.source.path, f"identical to {digests[a.source.digest]}, skipped"))
        else:
            digests[a.source.digest] = a.source.path
            analyses.append(a)
    return analyses, sorted(failures, key=lambda f: f.path)


def _hints(todo, found: Survey, cache: AnalysisCache) -> dict[str, dict[str, str | None]]:
    """For each changed source the last run analysed with this configuration: its paragraphs' languages."""
    out: dict[str, dict[str, str | None]] = {}
    if not any(rel in found.previous for _path, rel in todo) or not cache.same_setup():
        return out
    for _path, rel in todo:
        key = found.previous.get(rel)
        earlier = cache.earlier(rel, key) if key else None
        if earlier is not None:
            out[rel] = language.known_languages(earlier)
    return out


@dataclass(frozen=True)
class Stored:
    """An analysis that a worker process stored in the cache, in the pickled form stored. The worker pickles it
    once, for both the cache and the way back; this process unpickles it, as it would have anyway, instead of
    pickling it again to store it (work that took cores from the workers)."""
    key: str
    payload: bytes


def _analyse_job(job: tuple[Path, str], root: Path, config: Config, hints: dict | None = None,
                 cache: AnalysisCache | None = None) -> Analysis | SourceFailure | Stored:
    """One source to its analysis or its failure; runs in a worker process, so it returns rather than raises.
    With a cache, a worker process stores the analysis itself (see Stored)."""
    path, rel = job
    try:
        outcome = analyse_file(path, root, config, (hints or {}).get(rel))
        if cache is not None and parallel.in_worker():
            key = cache.key(rel, outcome.source.digest)
            payload = cache.put(key, outcome)
            if payload is not None:
                return Stored(key, payload)
        return outcome
    except SourceError as exc:
        return SourceFailure(exc.path, exc.reason)
    except Exception as exc:  # a bug on one odd source must not cost the others
        log.debug("analysis of %s failed", rel, exc_info=True)
        return SourceFailure(rel, f"{INTERNAL}: {type(exc).__name__}: {exc}")


def _crashed(job: tuple[Path, str], reason: str) -> SourceFailure:
    return SourceFailure(job[1], f"{INTERNAL}: {reason}")


def _digest(path: Path, max_bytes: int) -> str | None:
    """sha256 of the file's bytes, or None when it cannot be read (its analysis will report why)."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _size(job: tuple[Path, str]) -> int:
    try:
        return job[0].stat().st_size
    except OSError:
        return 0


# Short and long paragraphs in the briefing languages: the language detector loads different models for each.
_WARM_UP = {
    "en": ("Ministers met in the capital on Monday to discuss the border.\n\nThe two governments agreed on "
           "Tuesday to resume talks on security, trade and the return of refugees, officials said after a "
           "meeting that lasted most of the day. \"We want peace,\" the minister said."),
    "fr": ("Les ministres se sont réunis lundi dans la capitale.\n\nLes deux gouvernements ont convenu mardi de "
           "reprendre les discussions sur la sécurité, le commerce et le retour des réfugiés, ont indiqué des "
           "responsables après une réunion. « Nous voulons la paix », a déclaré le ministre."),
}


def _warm_up(config: Config, todo) -> None:
    """Load the analysis's libraries and models once, here, before the worker processes are forked."""
    from generator.analyze.source import analyze_source

    start = time.monotonic()
    try:
        models = language.preload(config.detect_languages)
    except Exception:  # no thread to spare: the models load as detection asks for them
        models = None
    for lang in dict.fromkeys((*config.languages, "en", "fr")):
        text = _WARM_UP.get(lang)
        if text:
            try:  # the language given: the rest of the analysis warms up while the models load
                analyze_source(RawSource(f"warm-up.{lang}.txt", text, "txt", "0" * 64), config,
                               {p: lang for p in text.split("\n\n")})
            except Exception:  # warming up is an optimisation; the real analysis will report any problem
                log.debug("warm-up in %s failed", lang, exc_info=True)
    if any(job[0].suffix.lower() in (".html", ".htm") for job in todo):
        try:
            ingest.parse_bytes(b"<html><body><article><p>Warm up.</p></article></body></html>", "w.html", "html")
        except Exception:
            pass
    if models is not None:
        models.join()  # before the workers are forked: a lock held by a thread would stay held in them
    log.debug("warm-up took %.1f s", time.monotonic() - start)


def generate(sources: Path, content: Path, config: Config, cache_dir: Path | None = None,
             workers: int | None = None, progress: Progress | None = None, allow_lost: bool = False,
             lock_wait: float = writer.LOCK_WAIT) -> Result:
    """sources -> content. With cache_dir, analyses are reused from (and stored in) that folder, and a run whose
    inputs are those of the last run, finding content/ as that run left it, returns at once (see uptodate).

    A run that would lose the sources of a folder it cannot read, or publish nothing where the last run published
    something, raises safeguard.LostSourcesError and writes nothing, unless allow_lost."""
    start = time.monotonic()
    sources = sources.resolve()
    workers = config.workers if workers is None else workers
    analysis_config = for_analysis(config)
    cache = AnalysisCache(cache_dir / "analysis", analysis_config.fingerprint) if cache_dir else None
    with writer.lock(content, lock_wait):
        found = survey(sources, analysis_config, cache)
        if not allow_lost:
            safeguard.check_folders(found.listing.unreadable, found.previous, content)
        hand_written = writer.hand_written(content)
        run = None
        if cache_dir:
            run = uptodate.fingerprint(content, config.fingerprint, found.keys,
                                       found.listing.refused + found.listing.unreadable,
                                       found.listing.notices, hand_written)
            record = uptodate.unchanged(cache_dir, content, run)
            if record is not None:
                return _up_to_date(found, record, start)
        done = analyse_all(sources, analysis_config, cache, workers, progress, found,
                           meanwhile=lambda: _prepare(config, cache_dir))
        if not allow_lost:
            safeguard.check_not_empty(len(done.analyses), done.failures, content)
        # The analyses live until the run ends: the garbage collector need not walk them again and again.
        with parallel.long_lived():
            _stage(progress, "link", start)
            extra_pages = tuple(p for p in hand_written if p.endswith(".md"))
            briefing = link(done.analyses, config, done.failures, hand_written)
            _stage(progress, "render", start)
            from generator import render

            # Each file is staged beside content/ as it comes, while the other pages are rendered; content/
            # itself changes only when the staged tree is swapped in, after the last chance to stop. The staging
            # is set up when the first file comes: this process has nothing else to do then.
            staged: list[writer.Staging] = []

            def stage(rel: str, data: bytes | None) -> None:
                if not staged:
                    staged.append(writer.Staging(content, render.output_paths(briefing)))
                staged[0].put(rel, data)

            try:
                files, pages = render.render_pages(briefing, extra_pages, content / "briefing.json",
                                                   writer.previous_output(content), executor.of(workers),
                                                   uptodate.read_pages(cache_dir) if cache_dir else None,
                                                   cache_dir / BASIS if cache_dir else None, sink=stage,
                                                   code=uptodate.generator_hash())
                _stage(progress, "write", start)
            except BaseException:
                if staged:
                    staged[0].abort()
                raise
            staging = staged[0] if staged else writer.Staging(content, ())
            if cache_dir:
                uptodate.forget(cache_dir)
            stats = staging.commit()
            if cache_dir:
                uptodate.remember_pages(cache_dir, pages, content)
            counts = replace(done.counts, pages=sum(1 for p in files if p.endswith(".md")))
            warnings = tuple(f"{a.source.path}: {w}" for a in done.analyses for w in a.warnings)
            if cache:
                pruned = cache.finish(done.keys)
                log.debug("cache: %s, %d pruned", cache.counts, pruned)
                if not any(f.reason.startswith(INTERNAL) for f in done.failures):  # a crash may not happen again
                    summary = {"pages": counts.pages, "failures": [[f.path, f.reason] for f in done.failures],
                               "warnings": list(warnings)}
                    uptodate.remember(cache_dir, content, run, [*files, writer.MANIFEST], summary)
    return Result(briefing, tuple(done.failures), tuple(done.notices), stats,
                  replace(counts, seconds=time.monotonic() - start), warnings)


def _prepare(config: Config, cache_dir: Path | None = None) -> None:
    """Load what linking and rendering use (their libraries, the LSH bands, the compiled templates): work that
    does not need the analyses, done while they are made. Rendering's modules are imported here, not at the
    top: the analysis workers, forked earlier, have no use for them."""
    prepare_link(config)
    from generator import render

    render.prepare(cache_dir / "templates" if cache_dir else None, config.language)


def _up_to_date(found: Survey, record: dict, start: float) -> Result:
    """The result of a run that found nothing to do: its counts and failures are the last run's."""
    summary = record.get("summary") or {}
    failures = tuple(SourceFailure(str(p), str(r)) for p, r in summary.get("failures", []))
    counts = replace(_counts(found, found.keys, len(failures), 0), pages=int(summary.get("pages", 0)),
                     seconds=time.monotonic() - start)
    stats = {"written": 0, "unchanged": len(record["files"]) - 1, "removed": 0}
    return Result(None, failures, tuple(found.listing.notices), stats, counts,
                  tuple(str(w) for w in summary.get("warnings", [])))


def _stage(progress: Progress | None, name: str, start: float) -> None:
    interrupt.check()  # the last chance before "write" to keep the previous output
    log.debug("%.2f s: %s", time.monotonic() - start, name)
    if progress:
        progress(name, 0, 0)
