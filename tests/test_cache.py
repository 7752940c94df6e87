"""The analysis cache: hits, misses on any change of input, and damaged entries recomputed, never trusted."""
import os
import pickle
import shutil
from dataclasses import replace

import pytest

from generator.incremental.analyses import MAGIC, SUFFIX, AnalysisCache
from generator.models import Analysis, PubDate, RawSource
from generator.pipeline import generate
from tests.conftest import FIXTURES, ROOT, tree


def analysis(path="a.txt", digest="d" * 64, title="A title") -> Analysis:
    raw = RawSource(path, "Some text.", "txt", digest)
    return Analysis(source=raw, title=title, title_generated=False, language="en", date=PubDate(None, "unknown"),
                    blocks=(), summary=("Some text.",), standfirst="Some text.", quotes=(), events=(),
                    keyphrases=(), topics=(), mentions=())


@pytest.fixture
def store(tmp_path):
    return AnalysisCache(tmp_path / "cache", "config-1", code="v1")


def entries(root):
    return sorted(p for p in root.iterdir() if p.name.endswith(SUFFIX))


def test_hit_returns_what_was_stored(store):
    a = analysis()
    key = store.key("a.txt", a.source.digest)
    assert store.get(key, "a.txt", a.source.digest) is None
    store.put(key, a)
    assert store.get(key, "a.txt", a.source.digest) == a
    assert store.counts["hits"] == 1 and store.counts["misses"] == 1


def test_key_changes_with_bytes_path_config_and_version(tmp_path, store):
    key = store.key("a.txt", "d" * 64)
    assert store.key("a.txt", "e" * 64) != key  # the source's bytes
    assert store.key("b.txt", "d" * 64) != key  # its name (titles may come from it)
    assert AnalysisCache(tmp_path / "cache", "config-2", code="v1").key("a.txt", "d" * 64) != key
    assert AnalysisCache(tmp_path / "cache", "config-1", code="v2").key("a.txt", "d" * 64) != key
    assert AnalysisCache(tmp_path / "other", "config-1", code="v1").key("a.txt", "d" * 64) == key


def test_an_entry_stored_under_another_configuration_is_not_found(tmp_path, store):
    a = analysis()
    store.put(store.key("a.txt", a.source.digest), a)
    other = AnalysisCache(tmp_path / "cache", "config-2", code="v1")
    assert other.get(other.key("a.txt", a.source.digest), "a.txt", a.source.digest) is None


def corrupt(case: str, data: bytes, key: str) -> bytes:
    magic, rest = data[: len(MAGIC)], data[len(MAGIC):]
    stored_key, checksum, length, payload = rest.split(b"\n", 3)
    return {
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "one bit flipped in the pickle": data[:-10] + bytes([data[-10] ^ 1]) + data[-9:],
        "garbage": os.urandom(200),
        "wrong magic": b"X" + data[1:],
        "another key in the header": magic + b"\n".join([b"0" * 64, checksum, length, payload]),
        "length lies": magic + b"\n".join([stored_key, checksum, str(int(length) + 1).encode(), payload]),
        "extra bytes": data + b"trailing",
        "checksum of other bytes": magic + b"\n".join([stored_key, b"f" * 64, length, payload]),
    }[case]


CASES = ["truncated", "empty", "one bit flipped in the pickle", "garbage", "wrong magic", "another key in the header",
         "length lies", "extra bytes", "checksum of other bytes"]


@pytest.mark.parametrize("case", CASES)
def test_damaged_entry_is_recomputed_and_removed(store, case):
    a = analysis()
    key = store.key("a.txt", a.source.digest)
    store.put(key, a)
    path = entries(store.root)[0]
    path.write_bytes(corrupt(case, path.read_bytes(), key))
    assert store.get(key, "a.txt", a.source.digest) is None
    assert store.counts["damaged"] == 1
    assert not path.exists()


def test_a_valid_envelope_with_the_wrong_analysis_inside_is_not_trusted(store):
    """An intact entry copied over another key's file, or from a stale layout: checked against the source."""
    a, b = analysis("a.txt"), analysis("b.txt", digest="e" * 64)
    ka, kb = store.key("a.txt", a.source.digest), store.key("b.txt", b.source.digest)
    store.put(kb, b)
    os.replace(store.root / f"{kb}{SUFFIX}", store.root / f"{ka}{SUFFIX}")
    assert store.get(ka, "a.txt", a.source.digest) is None
    # A well-formed envelope around the right key but a payload of another source.
    payload = pickle.dumps(b)
    import hashlib

    (store.root / f"{ka}{SUFFIX}").write_bytes(
        MAGIC + f"{ka}\n{hashlib.sha256(payload).hexdigest()}\n{len(payload)}\n".encode() + payload)
    assert store.get(ka, "a.txt", a.source.digest) is None


def test_writes_are_atomic_and_prune_keeps_only_what_the_run_used(store):
    a, b = analysis("a.txt"), analysis("b.txt", digest="e" * 64)
    ka, kb = store.key("a.txt", a.source.digest), store.key("b.txt", b.source.digest)
    store.put(ka, a)
    store.put(kb, b)
    assert not [p for p in store.root.iterdir() if p.name.endswith(".tmp")]
    stale_tmp = store.root / f".{ka}{SUFFIX}.123.abcd.tmp"
    stale_tmp.write_bytes(b"half")
    os.utime(stale_tmp, (1, 1))
    fresh_tmp = store.root / f".{kb}{SUFFIX}.456.abcd.tmp"  # another run may be writing it right now
    fresh_tmp.write_bytes(b"half")
    removed = store.finish({"a.txt": ka})
    assert removed == 2
    assert entries(store.root) == [store.root / f"{ka}{SUFFIX}"]
    assert fresh_tmp.exists() and not stale_tmp.exists()
    assert store.previous() == {"a.txt": ka}


def test_unwritable_cache_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = AnalysisCache(blocker / "cache", "c", code="v")
    a = analysis()
    store.put(store.key("a.txt", a.source.digest), a)  # logged, not raised
    assert store.get(store.key("a.txt", a.source.digest), "a.txt", a.source.digest) is None
    assert store.finish({}) == 0


# Through the pipeline, with the real analysis.

@pytest.fixture
def project(tmp_path, config):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES / "golden_sources", sources)
    for p in sources.iterdir():
        p.chmod(0o644)
    return tmp_path, config


def run(tmp_path, config, **kw):
    return generate(tmp_path / "sources", tmp_path / "content", config, cache_dir=tmp_path / ".cache", workers=1, **kw)


def test_second_run_analyses_nothing_and_writes_the_same(project, monkeypatch):
    tmp_path, config = project
    first = run(tmp_path, config)
    before = tree(tmp_path / "content")
    calls = []
    import generator.corpus_analysis as corpus_analysis

    real = corpus_analysis.analyse_file
    monkeypatch.setattr(corpus_analysis, "analyse_file", lambda *a: calls.append(a[0].name) or real(*a))
    second = run(tmp_path, config)
    assert calls == []
    assert (first.counts.new, first.counts.analysed) == (7, 7)
    assert (second.counts.new, second.counts.changed, second.counts.analysed) == (0, 0, 0)
    assert tree(tmp_path / "content") == before


def test_only_the_changed_source_is_analysed_again(project, monkeypatch):
    tmp_path, config = project
    run(tmp_path, config)
    path = tmp_path / "sources" / "declared.md"
    path.write_text(path.read_text() + "\nThe talks are expected to resume in the spring.\n")
    calls = []
    import generator.corpus_analysis as corpus_analysis

    real = corpus_analysis.analyse_file
    monkeypatch.setattr(corpus_analysis, "analyse_file", lambda *a: calls.append(a[0].name) or real(*a))
    result = run(tmp_path, config)
    assert calls == ["declared.md"]
    assert (result.counts.new, result.counts.changed, result.counts.analysed) == (0, 1, 1)
    assert len(entries(tmp_path / ".cache" / "analysis")) == 7  # the old entry of declared.md was pruned


def test_configuration_change_analyses_everything_again(project):
    tmp_path, config = project
    run(tmp_path, config)
    changed = replace(config, summary_sentences=2, fingerprint=config.fingerprint + "-edited")
    result = run(tmp_path, changed)
    assert (result.counts.changed, result.counts.analysed) == (7, 7)


def test_every_entry_damaged_gives_the_same_output_as_a_clean_run(project, tmp_path_factory):
    tmp_path, config = project
    run(tmp_path, config)
    before = tree(tmp_path / "content")
    for p in entries(tmp_path / ".cache" / "analysis"):
        data = p.read_bytes()
        p.write_bytes(data[: len(data) - 7])
    (tmp_path / ".cache" / "last-run.json").unlink()  # or the run finds content/ up to date, reading no entry
    result = run(tmp_path, config)
    assert result.counts.analysed == 7 and (result.counts.new, result.counts.changed) == (0, 0)
    assert tree(tmp_path / "content") == before
    again = run(tmp_path, config)
    assert again.counts.analysed == 0


def test_library_call_without_a_cache_dir_writes_no_cache(project):
    tmp_path, config = project
    generate(tmp_path / "sources", tmp_path / "content", config)
    assert not (tmp_path / ".cache").exists()
    assert not (ROOT / "tests" / "golden" / ".cache").exists()


def test_render_only_settings_keep_the_analysis_cache(project):
    tmp_path, config = project
    run(tmp_path, config)
    edited = replace(config, title="Another title", description="Another description.", related_count=1,
                     workers=1, fingerprint=config.fingerprint + "-edited")
    result = run(tmp_path, edited)
    assert (result.counts.analysed, result.counts.changed) == (0, 0)
    assert b"Another title" in (tmp_path / "content" / "index.md").read_bytes()
    assert all(len(s.related) <= 1 for s in result.briefing.sources.values())


def test_the_analysis_sees_render_only_settings_blanked_and_its_fingerprint_follows_the_rest(config):
    from generator.config import NOT_FOR_ANALYSIS, for_analysis

    view = for_analysis(config)
    assert all(getattr(view, name) == blank for name, blank in NOT_FOR_ANALYSIS.items())
    assert view.topics == config.topics and view.summary_sentences == config.summary_sentences
    assert for_analysis(replace(config, title="Other", workers=3)).fingerprint == view.fingerprint
    for changed in (replace(config, summary_sentences=config.summary_sentences % 4 + 1),
                    replace(config, topic_threshold=config.topic_threshold + 1),
                    replace(config, topics=config.topics[1:]), replace(config, detect_languages=("en", "fr"))):
        assert for_analysis(changed).fingerprint != view.fingerprint


def test_earlier_gives_the_last_analysis_of_a_source_only_under_this_configuration(tmp_path, store):
    a = analysis()
    key = store.key("a.txt", a.source.digest)
    store.put(key, a)
    assert store.earlier("a.txt", key) == a
    assert store.earlier("b.txt", key) is None  # the entry is of another source
    assert AnalysisCache(tmp_path / "cache", "config-2", code="v1").earlier("a.txt", key) is None
    assert store.earlier("a.txt", "0" * 64) is None
    assert store.counts["hits"] == 0


def test_an_edited_source_keeps_the_languages_of_its_unchanged_paragraphs(project, monkeypatch):
    """Detecting a short paragraph loads every n-gram model of the detector (seconds), so a re-analysis after an
    edit asks the detector only about the paragraphs that changed, and says the same as a fresh analysis."""
    from generator.analyze import language

    tmp_path, config = project
    run(tmp_path, config)
    path = tmp_path / "sources" / "declared.md"
    path.write_text(path.read_text() + "\nThe talks are expected to resume in the spring, officials said.\n")
    asked = []
    real = language.detect
    monkeypatch.setattr(language, "detect", lambda text, codes: asked.append(text) or real(text, codes))
    edited = next(a for a in run(tmp_path, config).briefing.sources.values()
                  if a.analysis.source.path == "declared.md").analysis
    assert asked == ["The talks are expected to resume in the spring, officials said."]
    fresh = generate(tmp_path / "sources", tmp_path / "fresh", config, workers=1)
    again = next(a for a in fresh.briefing.sources.values() if a.analysis.source.path == "declared.md").analysis
    assert len(asked) > 3  # the fresh analysis asked about every paragraph
    assert edited == again


def test_after_a_configuration_change_no_earlier_analysis_is_read(project, monkeypatch):
    tmp_path, config = project
    run(tmp_path, config)
    cache = AnalysisCache(tmp_path / ".cache" / "analysis", "x")
    assert not cache.same_setup()
    read = []
    real = AnalysisCache.earlier
    monkeypatch.setattr(AnalysisCache, "earlier", lambda self, *a: read.append(a) or real(self, *a))
    run(tmp_path, replace(config, summary_sentences=2, fingerprint=config.fingerprint + "-edited"))
    assert read == []  # every entry was made with the other configuration: none is opened for hints
