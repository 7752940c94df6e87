"""The benchmark's corpus is deterministic and varied; the benchmark itself runs end to end (no timing checks)."""
import os
import subprocess
import sys

import pytest

from bench.corpus import change_one, make_corpus
from tests.conftest import ROOT


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic_and_varied(tmp_path):
    make_corpus(tmp_path / "a", 80, ROOT / "briefing.yml", seed=3)
    make_corpus(tmp_path / "b", 80, ROOT / "briefing.yml", seed=3)
    make_corpus(tmp_path / "c", 80, ROOT / "briefing.yml", seed=4)
    a = _tree(tmp_path / "a")
    assert a == _tree(tmp_path / "b")
    assert a != _tree(tmp_path / "c")
    assert len(a) == 80 and len(set(a.values())) == 80  # no two identical
    names = sorted(a)
    assert {n.rsplit(".", 1)[1] for n in names} == {"txt", "md", "html"}
    assert {n.rsplit("-", 1)[1].split(".")[0] for n in names} == {"en", "fr"}
    md = next(v.decode() for n, v in a.items() if n.endswith(".md"))
    assert md.startswith("---\ntitle: ") and "\nlanguage: " in md
    text = "\n".join(v.decode() for v in a.values())
    for expected in ("Ahmed Attaf", "Algérie", "«", "Share this article", "Partager cet article", "Update "):
        assert expected in text


def test_change_one_edits_a_paragraph(tmp_path):
    path = make_corpus(tmp_path / "s", 3, ROOT / "briefing.yml")[0]
    before = path.read_text()
    change_one(path)
    assert path.read_text() != before and "Officials later confirmed the figures." in path.read_text()


@pytest.mark.slow
def test_bench_runs_end_to_end_and_writes_its_report(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = tmp_path / "RESULTS.md"
    run = subprocess.run([sys.executable, "-m", "bench", "--sizes", "20", "--runs", "1", "--out", str(tmp_path / "out"),
                          "--results", str(results)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    report = results.read_text()
    for expected in ("## Machine", "- CPU:", "- RAM:", "- Python", "| measure | N = 20 |", "| cold generation: time |",
                     "| warm generation, nothing changed: ms per source |", "| regeneration, one source changed: peak RSS |",
                     "| MkDocs build: time |", "| search index (site/pagefind/) size |", "| source page HTML (median) |",
                     "20 sources (20 new, 0 changed, 0 failed) → ", "20 sources (0 new, 0 changed, 0 failed) → ",
                     "20 sources (0 new, 1 changed, 0 failed) → "):
        assert expected in report, expected
    assert "| measure | N = 20 |" in run.stdout
    assert (tmp_path / "out" / "n20" / "site" / "pagefind" / "pagefind-entry.json").exists()
