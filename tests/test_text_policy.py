"""publish.text: how much of an article's own text the site republishes (full, excerpt, none), on the pages, in
the search index, the feed and briefing.json."""
import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from generator import offline_index
from generator.analyze import sentences
from generator.config import load_config
from generator.errors import ConfigError
from generator.models import BODY, HEADING, Block
from generator.pipeline import generate
from generator.text_policy import excerpt, published_blocks
from tests import pagefind_bundle
from tests.conftest import FIXTURES, ROOT

A = "The council met on Monday in the capital to discuss the budget for the coming year and its priorities."
B = "Members disagreed on the share of spending for roads, which the opposition says is far too small."
C = "A vote is expected next month, after a round of consultations with the regional assemblies."


def test_full_publishes_every_heading_and_paragraph_and_none_nothing():
    blocks = [Block("Title", "title"), Block(A, BODY), Block("Roads", HEADING), Block(B, BODY), Block("x", "comment")]
    assert published_blocks(blocks, "full", 100) == [blocks[1], blocks[2], blocks[3]]
    assert published_blocks(blocks, "none", 10_000) == []


def test_an_excerpt_is_the_opening_paragraphs_that_fit():
    blocks = [Block(A, BODY), Block("Roads", HEADING), Block(B, BODY), Block(C, BODY)]
    assert excerpt(blocks, len(A) + len(B) + 1) == [blocks[0], blocks[2]]
    assert excerpt(blocks, len(A)) == [blocks[0]]
    # A later paragraph that does not fit is left out whole, not cut.
    assert excerpt(blocks, len(A) + 20) == [blocks[0]]


def test_a_long_first_paragraph_is_cut_at_a_sentence_end_or_a_word_end():
    long = f"{A} {B} {C}"
    cut = excerpt([Block(long, BODY)], len(A) + len(B) + 10)
    assert [b.text for b in cut] == [f"{A} {B}"]
    one = excerpt([Block(A, BODY)], 60)[0].text
    assert one.endswith(" …") and len(one) <= 62 and A.startswith(one[:-2])


def test_the_default_is_excerpt_and_a_bad_value_is_named(tmp_path):
    path = tmp_path / "briefing.yml"
    path.write_text("site: {title: T, description: D}\n")
    config = load_config(path)
    assert (config.publish_text, config.excerpt_chars) == ("excerpt", 600)
    path.write_text("site: {title: T, description: D}\npublish: {text: everything, excerpt_chars: 5, pages: 1}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert "publish.text: must be 'full', 'excerpt' or 'none', got 'everything'" in message
    assert "publish.excerpt_chars: must be greater than or equal to 100, got 5" in message
    assert "publish.pages: unknown key" in message


def test_publishing_settings_keep_the_cached_analyses(tmp_path):
    from generator.config import for_analysis

    path = tmp_path / "briefing.yml"
    path.write_text("site: {title: T, description: D}\npublish: {text: full}\n")
    full = for_analysis(load_config(path))
    path.write_text("site: {title: T, description: D}\npublish: {text: none, excerpt_chars: 300}\n")
    assert for_analysis(load_config(path)).fingerprint == full.fingerprint


def test_an_excerpt_page_shows_the_opening_and_links_the_rest(tmp_path, config):
    src = tmp_path / "sources"
    src.mkdir()
    text = (f"---\ntitle: Council budget talks\ndate: 2024-03-04\nurl: https://council.example/budget\n"
            f"publisher: Council News\n---\n{A}\n\n{B}\n\n{C}\n")
    (src / "budget.md").write_text(text)
    result = generate(src, tmp_path / "content", replace(config, publish_text="excerpt", excerpt_chars=len(A) + 5))
    slug = next(iter(result.briefing.sources))
    page = (tmp_path / "content" / "sources" / f"{slug}.md").read_text()
    body = page[page.index("## Opening of the article"):]
    assert _visible(A) in _visible(body) and _visible(C) not in _visible(body)
    assert 'is not republished in this briefing: <a class="bf-original" href="https://council.example/budget"' in body


# ---------------------------------------------------------------- the whole site, publish.text: none


def _visible(text: str) -> str:
    """Text as a reader sees it, whatever the file: tags dropped, entities and Markdown escapes undone."""
    text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)\s]*\)", r"\1", re.sub(r"<[^>]+>", " ", text))  # the generator's links
    return " ".join(html.unescape(re.sub(r"\\(.)", r"\1", text)).split())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _readable(path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        raw = " ".join(_strings(json.loads(raw)))
    return _visible(raw)


def _middle_sentences(briefing) -> list[str]:
    """Sentences from the middle paragraphs of each article that the policy keeps out: none of the summary, the
    quotations, the dated events, the sentence that put it in a topic, or the title."""
    out = []
    for entry in briefing.sources.values():
        a = entry.analysis
        shown = _visible(" ".join([a.title, a.standfirst, *a.summary, *(q.text for q in a.quotes),
                                   *(e.sentence for e in a.events), *(t.evidence for t in a.topics)]))
        paragraphs = [b.text for b in a.blocks if b.kind == BODY]
        for paragraph in paragraphs[1:-1] or paragraphs:
            for sentence in sentences.split(paragraph, a.language):
                words = _visible(sentence).split()
                fragment = " ".join(words[2:12])  # from its middle: a shared opening is not the sentence
                if len(words) >= 14 and fragment not in shown:
                    out.append(fragment)
    return out


@pytest.mark.slow
def test_with_none_no_article_text_is_anywhere_in_the_site(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    yml = (ROOT / "briefing.yml").read_text(encoding="utf-8")
    assert "  text: full\n" in yml
    (project / "briefing.yml").write_text(yml.replace("  text: full\n", "  text: none\n"), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(FIXTURES / "golden_sources", project / "sources")
    run = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=project, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr

    config = load_config(project / "briefing.yml")
    assert config.publish_text == "none"
    full = generate(project / "sources", tmp_path / "full", replace(config, publish_text="full")).briefing
    middle = _middle_sentences(full)
    assert len(middle) >= 10
    # The check can fail: with full, the source pages carry every one of them.
    full_pages = " ".join(_readable(p) for p in (tmp_path / "full" / "sources").glob("*.md"))
    assert [fragment for fragment in middle if fragment not in full_pages] == []

    files = [p for folder in ("content", "site") for p in sorted((project / folder).rglob("*"))
             if p.is_file() and p.suffix in (".md", ".html", ".json", ".xml", ".txt")]
    assert project / "site" / "feed.xml" in files and project / "site" / "briefing.json" in files
    # The search index, its page fragments decompressed (tests/pagefind_bundle.py).
    indexed = pagefind_bundle.fragments(project / "site" / "pagefind")
    searchable = _visible(" ".join(f["content"] for f in indexed.values()))
    # The index for a site opened from disk (generator/offline_index.py), its texts as the page shows them.
    offline = project / "site" / offline_index.FOLDER / offline_index.SCRIPT
    offline_data = json.loads(offline.read_text(encoding="utf-8").split(" = ", 1)[1].rstrip().rstrip(";"))
    offline_text = " ".join(p["title"] + " " + p["text"] for p in offline_data["pages"])
    for path, text in [*((p, _readable(p)) for p in files), (project / "site" / "pagefind", searchable),
                       (offline, offline_text)]:
        leaked = [fragment for fragment in middle if fragment in text]
        assert not leaked, f"{path.relative_to(project)} holds article text: {leaked[:2]}"
    # What is published is there: the summaries (a standfirst cut short, as lists show it, is the opening of the
    # summary its source page holds), and the links to the originals.
    assert all(_visible(s.analysis.standfirst).removesuffix("…") in searchable for s in full.sources.values())
    assert all(" ".join(_visible(s.analysis.standfirst).removesuffix("…").split()) in offline_text
               for s in full.sources.values())
    page = (project / "site" / "sources" / "mali-and-algeria-a-declared-title-with-colons" / "index.html").read_text()
    assert 'href="https://ledger.example/news/2024/01/26/algiers-agreement-ends?ref=feed&amp;page=1"' in page
