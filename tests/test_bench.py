"""The benchmark's corpus is deterministic and varied; the benchmark itself runs end to end (no timing checks)."""
import os
import subprocess
import sys

import pytest

from bench.corpus import change_one, make_corpus
from tests.conftest import ROOT, tree


def test_corpus_is_deterministic_and_varied(tmp_path):
    make_corpus(tmp_path / "a", 80, ROOT / "briefing.yml", seed=3)
    make_corpus(tmp_path / "b", 80, ROOT / "briefing.yml", seed=3)
    make_corpus(tmp_path / "c", 80, ROOT / "briefing.yml", seed=4)
    a = tree(tmp_path / "a")
    assert a == tree(tmp_path / "b")
    assert a != tree(tmp_path / "c")
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
                     "| clean build (MkDocs and search index): time |",
                     "| whole `site` after one more source changed (generate, build, search index): time |",
                     "| anchor: mkdocs-material with its search plugin, the same number of plain pages: time |", "| search index (site/pagefind/) size |", "| source page HTML (median) |",
                     "20 sources (20 new, 0 changed, 0 failed) → ", "20 sources (0 new, 0 changed, 0 failed) → ",
                     "20 sources (0 new, 1 changed, 0 failed) → "):
        assert expected in report, expected
    assert "| measure | N = 20 |" in run.stdout
    assert (tmp_path / "out" / "n20" / "site" / "pagefind" / "bundles.json").exists()
    anchor = tmp_path / "out" / "anchor-n20"
    assert len(list((anchor / "docs").glob("page-*.md"))) == 20
    assert (anchor / "site" / "search" / "search_index.json").exists()  # the anchor pays for its search index


def test_the_stress_corpora_are_what_their_scenarios_say(tmp_path):
    import re

    from bench.corpus import acronym_flood, escape_heavy, near_identical

    paths = near_identical(tmp_path / "n", 30, ROOT / "briefing.yml")
    texts = [p.read_text() for p in paths]
    assert len(texts) == 30 and len(set(texts)) == 30  # no two identical
    paragraphs = [{line for line in t.splitlines() if len(line) > 100} for t in texts]
    assert all(len(paragraphs[0] & other) >= 0.5 * len(paragraphs[0]) for other in paragraphs[1:])  # one story
    heavy = escape_heavy(20_000)
    body = heavy.split("\n\n", 1)[1]
    assert abs(len(heavy) - 20_000) < 100 and "\n" not in body.strip()  # one paragraph
    assert sum(body.count(ch) for ch in "*.#(_[`)]!-+") > len(body) / 4  # 3 in 10 characters
    flood = acronym_flood(20_000)
    acronyms = re.findall(r"\(([A-Z]+)\)", flood)
    assert len(acronyms) == len(set(acronyms)) > 500 and abs(len(flood) - 20_000) < 1_500
    assert escape_heavy(5_000) == escape_heavy(5_000) and acronym_flood(5_000) == acronym_flood(5_000)


def test_the_bounded_cost_section_replaces_its_previous_figures_and_keeps_the_rest():
    from bench.stress import HEADING, previous_section_of, with_section

    report = "# Benchmark results\n\n## Results\n\n| a |\n\n<details>raw</details>\n"
    first = with_section(report, f"{HEADING}\n\nold figures\n")
    assert first.index("## Results") < first.index(HEADING) < first.index("<details>")
    second = with_section(first, f"{HEADING}\n\nnew figures\n")
    assert "old figures" not in second and "new figures" in second and second.count(HEADING) == 1
    assert previous_section_of(second) == f"{HEADING}\n\nnew figures\n"
    assert with_section("# Benchmark results\n\n<details>raw</details>\n", previous_section_of(second)).count(
        "new figures") == 1


def test_a_run_of_the_sizes_keeps_the_sections_it_does_not_measure(tmp_path):
    from bench.__main__ import KEPT_SECTIONS
    from bench.stress import previous_section, with_section

    old = tmp_path / "RESULTS.md"
    old.write_text("# Benchmark results\n\n## Results\n\nold table\n\n<details>raw</details>\n\n"
                   + "".join(f"{h}\n\nfigures of {h}\n\n" for h in KEPT_SECTIONS), encoding="utf-8")
    report = "# Benchmark results\n\n## Results\n\nnew table\n\n<details>raw</details>\n"
    for heading in KEPT_SECTIONS:
        report = with_section(report, previous_section(old, heading), heading)
    assert "new table" in report and "old table" not in report
    assert all(report.count(f"figures of {h}") == 1 for h in KEPT_SECTIONS)
    assert with_section(report, "", "## Nothing") == report


def test_a_run_of_the_sizes_keeps_the_search_figures(tmp_path):
    from bench.search import BEGIN, END, kept_block
    from bench.stress import HEADING, previous_section_of

    old = tmp_path / "RESULTS.md"
    old.write_text(f"# Benchmark results\n\n{HEADING}\n\ncost\n\n{BEGIN}\n## Search (Pagefind)\n\nsizes\n{END}\n",
                   encoding="utf-8")
    assert previous_section_of(old.read_text(encoding="utf-8")) == f"{HEADING}\n\ncost\n"
    report = kept_block(old, "# Benchmark results\n\nnew\n")
    assert report.count(BEGIN) == report.count(END) == 1 and "sizes" in report
    assert kept_block(old, report) == report
