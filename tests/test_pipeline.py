"""The pipeline: parallel analysis gives what a serial run gives, one bad source costs only itself, and a
regeneration touches only the output files whose bytes change."""
import json
import os
import shutil
import signal
import sys

import pytest

import generator.analyze.source as analysis
import generator.pipeline as pipeline
from bench.corpus import change_one, make_corpus
from generator import corpus_analysis, interrupt, parallel
from generator.pipeline import generate
from generator.writer import MANIFEST
from tests.conftest import FIXTURES, ROOT, tree

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker crash test relies on fork")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A dozen synthetic sources (English, French, .txt/.md/.html): enough for the parallel path."""
    dest = tmp_path_factory.mktemp("corpus") / "sources"
    make_corpus(dest, 12, ROOT / "briefing.yml", seed=7)
    return dest


@pytest.fixture
def sources(tmp_path, corpus):
    dest = tmp_path / "sources"
    shutil.copytree(corpus, dest)
    return dest


def test_parallel_run_gives_the_same_output_as_a_serial_run(tmp_path, sources, config, monkeypatch):
    pools = []
    real_pool = parallel._pool
    monkeypatch.setattr(parallel, "_pool", lambda *a, **k: pools.append(a[4]) or real_pool(*a, **k))
    serial = generate(sources, tmp_path / "serial", config, workers=1)
    assert pools == []
    par = generate(sources, tmp_path / "parallel", config, workers=2)
    assert pools == [2]  # really ran in two worker processes
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    assert serial.failures == par.failures
    assert [a.analysis.source.path for a in serial.briefing.sources.values()] == \
        [a.analysis.source.path for a in par.briefing.sources.values()]


@needs_fork
def test_worker_processes_store_their_analyses_and_a_second_run_reads_them_back(tmp_path, sources, config,
                                                                                monkeypatch):
    from generator.incremental.analyses import AnalysisCache

    stored_here = []
    real_put = AnalysisCache.put
    monkeypatch.setattr(AnalysisCache, "put", lambda self, *a: stored_here.append(a[0]) or real_put(self, *a))
    cache = tmp_path / ".cache"
    first = generate(sources, tmp_path / "content", config, cache, workers=2)
    assert stored_here == []  # stored by the workers (their calls are theirs), none pickled again here
    entries = sorted((cache / "analysis").glob("*.analysis"))
    assert first.counts.analysed == len(entries) == len(first.briefing.sources) + len(first.failures)
    second = generate(sources, tmp_path / "again", config, cache, workers=2)  # another folder: not up to date
    assert second.counts.analysed == 0  # every analysis read back from what the workers stored
    serial = generate(sources, tmp_path / "serial", config, workers=1)
    assert tree(tmp_path / "again") == tree(tmp_path / "content") == tree(tmp_path / "serial")


def test_few_sources_are_analysed_here_and_many_in_processes():
    assert parallel.worker_count(0, parallel.SERIAL_BELOW - 1) == 1
    assert parallel.worker_count(4, 100) == 4
    assert parallel.worker_count(4, 9) == 4
    assert parallel.worker_count(64, 10) == 10
    assert parallel.worker_count(0, 1000) >= 1


def _add_bad_sources(sources):
    bad = sources / "zz-bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (bad / "boom.txt").write_text("A perfectly ordinary paragraph that the analysis will choke on, by design.\n")
    first = sorted((sources / "wire").iterdir())[0]
    shutil.copy(first, bad / "zz-copy.txt")
    return first.relative_to(sources).as_posix()


@pytest.mark.parametrize("workers", [1, 2])
def test_failures_are_reported_per_file_and_the_others_are_built(tmp_path, sources, config, monkeypatch, workers):
    original = _add_bad_sources(sources)
    real = analysis.analyze_source

    def analyze(raw, cfg, known=None):
        if raw.path.endswith("boom.txt"):
            raise RuntimeError("kaboom")
        return real(raw, cfg, known)

    monkeypatch.setattr(analysis, "analyze_source", analyze)  # before the fork, so the workers see it too
    result = generate(sources, tmp_path / "content", config, workers=workers)
    reasons = {f.path: f.reason for f in result.failures}
    assert sorted(reasons) == ["zz-bad/boom.txt", "zz-bad/empty.txt", "zz-bad/image.txt", "zz-bad/zz-copy.txt"]
    assert reasons["zz-bad/boom.txt"] == "internal error while analysing: RuntimeError: kaboom"
    assert reasons["zz-bad/empty.txt"].startswith("empty file")
    assert reasons["zz-bad/image.txt"].startswith("binary content")
    assert reasons["zz-bad/zz-copy.txt"] == f"identical to {original}, skipped"
    assert len(result.briefing.sources) == 12
    assert result.counts.failed == 4 and result.counts.sources == 16
    pages = [p for p in (tmp_path / "content" / "sources").glob("*.md") if p.name != "index.md"]
    assert len(pages) == 12


@needs_fork
def test_a_source_that_kills_its_worker_costs_only_itself(tmp_path, sources, config, monkeypatch):
    (sources / "crash.txt").write_text("This paragraph makes the worker process die in the middle of its work.\n")
    real = analysis.analyze_source

    def analyze(raw, cfg, known=None):
        if raw.path == "crash.txt":
            os._exit(13)  # like a segfault in native code or the OOM killer
        return real(raw, cfg, known)

    monkeypatch.setattr(analysis, "analyze_source", analyze)
    result = generate(sources, tmp_path / "content", config, workers=2)
    assert [(f.path, f.reason) for f in result.failures] == [
        ("crash.txt", "internal error while analysing: the analysis crashed its worker process")]
    assert len(result.briefing.sources) == 12


def _pid_and_square(item, offset):
    return os.getpid(), item * item + offset


def _interrupted_square(item, offset):
    os.kill(os.getpid(), signal.SIGINT)  # the terminal's Ctrl-C reaches every process of the group
    return item * item + offset


@needs_fork
@pytest.mark.parametrize("handler", ["default", "the run's"])
def test_a_worker_leaves_ctrl_c_to_the_parent(handler, monkeypatch):
    """Only the parent stops the run and says what it kept: a worker that raised would print its own traceback
    after that last line (the parent's handler is inherited by fork)."""
    if handler == "the run's":
        interrupt.install()
    try:
        seen = {}
        parallel.run(_interrupted_square, list(range(parallel.SERIAL_BELOW)), (1,), 2, seen.__setitem__,
                     lambda item, reason: pytest.fail(reason))
        assert seen == {i: i * i + 1 for i in range(parallel.SERIAL_BELOW)}
        assert not interrupt.pending()
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@needs_fork
def test_background_work_runs_here_while_even_one_item_runs_in_a_worker():
    seen, order = {}, []
    parallel.run(_pid_and_square, [3], (1,), 1, lambda i, out: order.append("done") or seen.update({i: out}),
                 lambda item, reason: pytest.fail(reason), background=lambda: order.append(("here", os.getpid())))
    (pid, value), = seen.values()
    assert value == 10 and pid != os.getpid()
    assert order == [("here", os.getpid()), "done"]  # the outcome is taken after the background work
    order.clear()
    parallel.run(_pid_and_square, [], (1,), 2, lambda i, out: pytest.fail("no item"), None,
                 background=lambda: order.append("here"))
    assert order == ["here"]


@needs_fork
@pytest.mark.parametrize("damage", [False, True])
def test_changed_sources_analysed_in_a_worker_while_the_cache_is_read_give_a_serial_runs_output(
        tmp_path, sources, config, monkeypatch, damage):
    cache = tmp_path / ".cache"
    for content, cache_dir in (("content", cache), ("serial", None)):  # "What's new" compares with the last run
        generate(sources, tmp_path / content, config, cache_dir, workers=1)
    victim = sorted((sources / "wire").iterdir())[0]
    change_one(victim)
    if damage:  # an entry of an unchanged source is unreadable: analysed again, after the others
        keys = json.loads((cache / "analysis" / "index.json").read_text(encoding="utf-8"))["sources"]
        unchanged = next(key for rel, key in sorted(keys.items()) if rel != victim.relative_to(sources).as_posix())
        entry = cache / "analysis" / f"{unchanged}.analysis"
        entry.write_bytes(entry.read_bytes()[:100])
    pools, prepared = [], []
    real_pool, real_prepare = parallel._pool, pipeline._prepare
    monkeypatch.setattr(parallel, "_pool", lambda *a, **k: pools.append(a[4]) or real_pool(*a, **k))
    monkeypatch.setattr(pipeline, "_prepare", lambda *a: prepared.append(len(pools)) or real_prepare(*a))
    monkeypatch.setattr(corpus_analysis, "OVERLAP_MIN", 4)
    overlapped = generate(sources, tmp_path / "content", config, cache)
    assert pools[0] == 1 and prepared == [1]  # one worker process, and the preparation while it ran
    assert overlapped.counts.analysed == 1 + damage and overlapped.counts.changed == 1
    serial = generate(sources, tmp_path / "serial", config, workers=1)
    assert tree(tmp_path / "content") == tree(tmp_path / "serial")
    assert overlapped.failures == serial.failures


@pytest.fixture
def golden_project(tmp_path):
    dest = tmp_path / "sources"
    shutil.copytree(FIXTURES / "golden_sources", dest)
    for p in dest.iterdir():
        p.chmod(0o644)
    return tmp_path


def _snapshot(root):
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _age(root):
    """Set every file's modification time in the past, so that a rewrite cannot go unnoticed."""
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))


def test_after_one_change_every_unrelated_file_keeps_its_bytes_and_mtime(golden_project, config):
    content, cache = golden_project / "content", golden_project / ".cache"
    first = generate(golden_project / "sources", content, config, cache_dir=cache, workers=1)
    _age(content)
    before = _snapshot(content)
    changed_source = "003_3d8f307ad409dae6.txt"
    slug = next(s for s, e in first.briefing.sources.items() if e.analysis.source.path == changed_source)
    change_one(golden_project / "sources" / changed_source)
    second = generate(golden_project / "sources", content, config, cache_dir=cache, workers=1)
    after = _snapshot(content)
    assert second.counts.analysed == 1 and second.counts.changed == 1
    assert set(after) == set(before)
    rewritten = {p for p in after if after[p][0] != before[p][0]}
    assert f"sources/{slug}.md" in rewritten
    for path in after:
        if path not in rewritten:  # same bytes: the very same file, untouched (the writer's manifest too)
            assert after[path][1:] == before[path][1:], path
    assert MANIFEST in after and MANIFEST not in rewritten
    assert second.stats == {"written": len(rewritten), "unchanged": len(after) - len(rewritten) - 1, "removed": 0}
    b = second.briefing
    linked = {s for s, e in b.sources.items()
              if slug in {r.slug for r in e.related} | set(e.translations) | set(e.versions) | {e.duplicate_of}}
    unrelated = [f"sources/{s}.md" for s in b.sources if s != slug and s not in linked]
    unrelated += [f"topics/{t.topic.slug}.md" for t in b.topics if slug not in t.sources]
    unrelated += [f"entities/{k}.md" for k, e in b.entities.items() if slug not in e.sources]
    assert len(unrelated) > 20
    assert not rewritten & set(unrelated), sorted(rewritten & set(unrelated))


def test_removing_a_source_removes_its_page_and_nothing_else(golden_project, config):
    content, cache = golden_project / "content", golden_project / ".cache"
    first = generate(golden_project / "sources", content, config, cache_dir=cache, workers=1)
    before = set(tree(content))
    slug = next(s for s, e in first.briefing.sources.items() if e.analysis.source.path == "wire.html")
    (golden_project / "sources" / "wire.html").unlink()
    second = generate(golden_project / "sources", content, config, cache_dir=cache, workers=1)
    after = set(tree(content))
    # ...and the page of its outlet, of which it was the only source, and of the entities only it named.
    alone = {f"entities/{k}.md" for k, e in first.briefing.entities.items() if set(e.sources) == {slug}}
    assert before - after == {f"sources/{slug}.md", "outlets/example-wire.md"} | alone
    assert after - before == set()
    assert second.stats["removed"] == 2 + len(alone) and second.counts.analysed == 0
    assert len(list((cache / "analysis").glob("*.analysis"))) == 6  # its cache entry was pruned


def test_a_render_that_fails_after_staging_some_pages_leaves_content_as_it_was(golden_project, config, monkeypatch):
    from generator.render import pages

    content, cache = golden_project / "content", golden_project / ".cache"
    generate(golden_project / "sources", content, config, cache_dir=cache, workers=1)
    before = tree(content)
    change_one(golden_project / "sources" / "003_3d8f307ad409dae6.txt")
    real, calls = pages._item_page, []

    def fails_late(kind, *args):
        calls.append(kind)
        if kind == "source":
            raise RuntimeError("a template bug")
        return real(kind, *args)

    monkeypatch.setattr(pages, "_item_page", fails_late)
    staged, put = [], pipeline.writer.Staging.put
    monkeypatch.setattr(pipeline.writer.Staging, "put",
                        lambda self, rel, data: staged.append(rel) or put(self, rel, data))
    with pytest.raises(RuntimeError, match="a template bug"):
        generate(golden_project / "sources", content, config, cache_dir=cache, workers=1)
    assert staged and "source" in calls  # files were staged before the failure
    assert tree(content) == before
    assert not (golden_project / "content.staging").exists()
