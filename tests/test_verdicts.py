"""The link stage's verdicts on pairs of sources, kept from one run to the next (incremental/verdicts.py): reused
where both sources are unchanged, asked again where one changed, and invisible in what a run writes (the last is
test_page_reuse's: after each change a cached run writes what a fresh run writes)."""
import json

from bench.corpus import change_one, make_corpus
from generator.incremental import verdicts
from generator.pipeline import generate
from tests.conftest import ROOT


def test_a_known_verdict_is_reused_and_an_unknown_one_computed(tmp_path):
    memo = verdicts.Verdicts({"a.txt": "ka", "b.txt": "kb", "c.txt": "kc"})
    calls = []
    assert memo.same_report("a.txt", "b.txt", lambda: calls.append(1) or True) is True
    verdicts.remember(tmp_path, memo)
    again = verdicts.read(tmp_path, {"a.txt": "ka", "b.txt": "kb", "c.txt": "kc"})
    assert again.same_report("b.txt", "a.txt", lambda: calls.append(2) or False) is True  # either order
    assert calls == [1]
    # A changed source has another analysis key: its pairs are asked again.
    changed = verdicts.read(tmp_path, {"a.txt": "ka2", "b.txt": "kb"})
    assert changed.same_report("a.txt", "b.txt", lambda: calls.append(3) or False) is False
    assert calls == [1, 3]
    # A source without a key (no cache) is always asked.
    assert verdicts.Verdicts({}).same_report("a.txt", "b.txt", lambda: calls.append(4) or True)
    assert calls == [1, 3, 4]


def test_a_run_keeps_only_the_verdicts_it_asked_for_and_a_damaged_record_is_none(tmp_path):
    memo = verdicts.Verdicts({"a.txt": "ka", "b.txt": "kb"}, {"stale": True})
    memo.same_report("a.txt", "b.txt", lambda: False)
    verdicts.remember(tmp_path, memo)
    assert list(json.loads((tmp_path / verdicts.VERDICTS).read_text())["verdicts"].values()) == [False]
    (tmp_path / verdicts.VERDICTS).write_text("{not json")
    assert verdicts.read(tmp_path, {}).known == {}


def test_the_next_run_answers_from_the_last_runs_verdicts(tmp_path, config):
    sources, content, cache = tmp_path / "sources", tmp_path / "content", tmp_path / ".cache"
    make_corpus(sources, 12, ROOT / "briefing.yml", seed=5)
    first = generate(sources, content, config, cache_dir=cache, workers=1).briefing
    record = json.loads((cache / verdicts.VERDICTS).read_text())
    assert record["verdicts"] and not all(record["verdicts"].values())
    grouped = sum(1 for e in first.sources.values() if e.duplicate_of)
    # Told that every pair it compared last time is one report, the next run (one other source edited) groups them.
    record["verdicts"] = {pair: True for pair in record["verdicts"]}
    (cache / verdicts.VERDICTS).write_text(json.dumps(record))
    change_one(sorted(p for p in sources.rglob("*.txt"))[-1])
    second = generate(sources, content, config, cache_dir=cache, workers=1).briefing
    assert sum(1 for e in second.sources.values() if e.duplicate_of) > grouped
