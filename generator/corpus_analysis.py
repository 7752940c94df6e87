"""The analysis of a corpus: every source analysed (cache hits excepted) by the executor it is handed, one
failure never stopping the others, with the counts the run reports.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator import collector, executor, ingest, parallel
from generator.analyze import language
from generator.incremental.analyses import AnalysisCache
from generator.config import Config
from generator.errors import SourceError
from generator.models import Analysis, RawSource, SourceFailure

log = logging.getLogger(__name__)

INTERNAL = "internal error while analysing"  # a failure that is the generator's, not the source's
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
                background: Callable[[], None] | None = None) -> Analysed:
    """Analyse every source (cache hits excepted) where `workers` says (see executor.of); one failure never stops
    the others. `background()` is other work for this process that does not need the analyses (loading what the
    next stages use): it runs while worker processes analyse, or after the analysis when it runs here."""
    found = found or survey(sources, config, cache)
    run = executor.of(config.workers if workers is None else workers)
    outcomes = Outcomes(len(found.jobs), cache, {rel: key for rel, key in found.keys.items() if key}, progress)
    stored = [rel for _path, rel in found.jobs if rel in outcomes.keys and cache.has(outcomes.keys[rel])]
    known = set(stored)
    todo = sorted((job for job in found.jobs if job[1] not in known), key=_size, reverse=True)  # longest first
    # Reading many cached analyses takes a while: the sources to analyse go to worker processes meanwhile.
    overlap = bool(todo) and run.spare() and (len(todo) >= parallel.SERIAL_BELOW or len(stored) >= OVERLAP_MIN)
    log.debug("%d sources, %d in the cache, %d to analyse", len(found.jobs), len(stored), len(todo))
    if not overlap:
        outcomes.read(stored, found.digests)
    hints = _hints(todo, found, cache) if cache else {}
    warm_up = functools.partial(_warm_up, config, todo) if len(todo) >= parallel.SERIAL_BELOW else None
    alongside = functools.partial(_in_turn, outcomes.read, stored, found.digests, background) if overlap else None
    run.map(_analyse_job, todo, (found.root, config, hints, cache), outcomes.taker(todo), _crashed, warm_up=warm_up,
            background=alongside)
    damaged = [job for job in found.jobs if job[1] not in outcomes.found]  # stored, but unusable: analysed now
    run.map(_analyse_job, damaged, (found.root, config, {}, cache), outcomes.taker(damaged), _crashed)
    if background and not overlap:
        background()
    left_out = tuple((rel, f"{reason}; its sources are left out") for rel, reason in found.listing.unreadable)
    analyses, failures = _collect(found.jobs, outcomes.found, found.listing.refused + left_out)
    counts = counts_of(found, outcomes.keys, len(failures), len(todo) + len(damaged))
    return Analysed(analyses, failures, list(found.listing.notices), outcomes.keys, counts)


@dataclass
class Outcomes:
    """What analyse_all gathers: each source's analysis or failure, and the cache key of each analysis."""
    total: int
    cache: AnalysisCache | None
    keys: dict[str, str]  # source path -> cache key
    progress: Progress | None
    found: dict[str, Analysis | SourceFailure] = field(default_factory=dict)

    def read(self, stored: list[str], digests: dict[str, str]) -> None:
        """The cached analyses of these sources (a damaged entry is left out: analysed again)."""
        with collector.paused():  # the heap grows by the whole corpus here: no full collection at every step
            for rel in stored:
                hit = self.cache.get(self.keys[rel], rel, digests[rel])
                if hit is not None:
                    self.found[rel] = hit
        self._report()

    def taker(self, jobs: list[tuple[Path, str]]) -> Callable[[int, object], None]:
        """The executor's done(i, outcome) for these jobs."""
        return functools.partial(self.take, jobs)

    def take(self, jobs: list[tuple[Path, str]], i: int, outcome) -> None:
        rel = jobs[i][1]
        if isinstance(outcome, Stored):  # a worker process stored it: read back as from the cache
            self.keys[rel] = outcome.key
            self.cache.counts["stored"] += 1
            outcome = pickle.loads(outcome.payload)
        elif self.cache and isinstance(outcome, Analysis):
            self.keys[rel] = self.cache.key(rel, outcome.source.digest)  # the bytes actually analysed
            self.cache.put(self.keys[rel], outcome)
        self.found[rel] = outcome
        self._report()

    def _report(self) -> None:
        if self.progress:
            self.progress("analyse", len(self.found), self.total)


def _in_turn(read: Callable, stored: list[str], digests: dict[str, str], then: Callable[[], None] | None) -> None:
    read(stored, digests)
    if then is not None:
        then()


def counts_of(found: Survey, keys: dict[str, str], failed: int, analysed: int) -> Counts:
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
