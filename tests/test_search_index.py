"""The search index in bundles (generator/search_index.py): every indexed page in exactly one bundle, a source page
in the same bundle from one build to the next, and a bundle whose pages did not change taken from the last site,
the index being the one a clean run makes."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator import search_index
from generator.errors import BriefingError
from tests import pagefind_bundle

PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title></head>
<body><nav>Menu</nav><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"""

# Bundles of a few pages, as a large site's are of hundreds.
SMALL = search_index.Layout(bundle_pages=3, bundles_per_language=3)


def _page(site: Path, rel: str, title: str, text: str, lang: str = "en") -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(lang=lang, title=title, text=text), encoding="utf-8")


def _site(root: Path, sources: int = 12) -> Path:
    site = root / "site"
    for i in range(sources):
        lang = "fr" if i % 3 == 0 else "en"
        _page(site, f"sources/source-{i:02d}/index.html", f"Source {i}", f"report number {i} on the Sahel", lang)
    _page(site, "entities/mali/index.html", "Mali", "a country of the Sahel")
    _page(site, "topics/cemoc/index.html", "Cemoc", "the joint staff committee")
    (site / "timeline").mkdir()
    (site / "timeline" / "index.html").write_text("<html><body>not indexed: no body marker</body></html>")
    return site


def test_a_small_site_is_one_bundle_holding_every_page(tmp_path):
    site = _site(tmp_path)
    search_index.index_site(site)
    index = site / search_index.BUNDLE
    assert list(pagefind_bundle.bundles(index)) == ["0"]
    pages = pagefind_bundle.fragments(index)
    assert len(pages) == 14 and "/timeline/" not in pages
    manifest = json.loads((index / search_index.MANIFEST).read_text())
    assert manifest["bundles"][0]["languages"] == ["en", "fr"]


def test_one_bundle_per_language_keeps_one_index_at_any_size(tmp_path):
    site = _site(tmp_path)
    (whole,) = search_index.plan(site, search_index.Layout(bundle_pages=3, bundles_per_language=1))
    assert whole.name == "0" and whole.pages == ()
    # 8 English pages in 2 bundles of 4, and the 4 French ones in 1 of that size: bundle 0 and 3 more.
    assert len(search_index.plan(site, search_index.Layout(bundle_pages=3, bundles_per_language=2))) == 4


def test_a_large_site_shares_each_languages_source_pages_among_bundles(tmp_path):
    site = _site(tmp_path)
    plan = search_index.plan(site, layout=SMALL)
    assert plan[0].name == "0"
    assert plan[0].pages == ("entities/mali/index.html", "topics/cemoc/index.html")
    shared = [rel for b in plan[1:] for rel in b.pages]
    assert sorted(shared) == [f"sources/source-{i:02d}/index.html" for i in range(12)]  # each once
    french = {f"sources/source-{i:02d}/index.html" for i in range(0, 12, 3)}
    for bundle in plan[1:]:  # one language each: a query asks a bundle only in its language
        language, number = bundle.name.split("-")
        assert {rel in french for rel in bundle.pages} == {language == "fr"}
        assert 1 <= int(number) <= SMALL.bundles_per_language
    # A page added elsewhere leaves every source page in its bundle.
    _page(site, "sources/source-99/index.html", "Source 99", "another report")
    again = {rel: b.name for b in search_index.plan(site, layout=SMALL) for rel in b.pages}
    assert all(again[rel] == b.name for b in plan for rel in b.pages)
    search_index.index_site(site, layout=SMALL)
    index = site / search_index.BUNDLE
    assert len(pagefind_bundle.fragments(index)) == 15
    manifest = json.loads((index / search_index.MANIFEST).read_text())
    assert {b["path"]: b["languages"] for b in manifest["bundles"]} == \
        {f"{b.name}/": [b.name.split("-")[0] if b.name != "0" else "en"] for b in search_index.plan(site, SMALL)}


def test_only_the_bundles_whose_pages_changed_are_indexed_again(tmp_path):
    last = _site(tmp_path / "last")
    search_index.index_site(last, layout=SMALL)
    # The next build's site: the same pages (hard links, as the incremental build stages them), one edited.
    new = tmp_path / "new" / "site"
    for path in last.rglob("*.html"):
        target = new / path.relative_to(last)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    edited = "sources/source-05/index.html"
    (new / edited).unlink()
    _page(new, edited, "Source 5", "report number 5 on the Sahel, corrected")
    search_index.index_site(new, last, layout=SMALL)
    plan = {rel: b.name for b in search_index.plan(new, layout=SMALL) for rel in b.pages}
    for name, folder in pagefind_bundle.bundles(new / search_index.BUNDLE).items():
        linked = os.path.samefile(folder / "pagefind.js", last / search_index.BUNDLE / name / "pagefind.js")
        assert linked == (name != plan[edited]), name
    assert "corrected" in json.dumps(pagefind_bundle.fragments(new / search_index.BUNDLE)[f"/{edited[:-10]}"])
    # The same index a clean run makes.
    clean = tmp_path / "clean" / "site"
    shutil.copytree(new, clean)
    search_index.index_site(clean, layout=SMALL)
    assert pagefind_bundle.normal(clean / search_index.BUNDLE) == pagefind_bundle.normal(new / search_index.BUNDLE)


def test_a_last_bundle_that_is_not_whole_is_made_again(tmp_path):
    last = _site(tmp_path / "last")
    search_index.index_site(last, layout=SMALL)
    damaged = search_index.plan(last, layout=SMALL)[1].name
    (last / search_index.BUNDLE / damaged / "pagefind.js").unlink()
    new = tmp_path / "new"
    shutil.copytree(last, new)
    search_index.index_site(new, last, layout=SMALL)
    assert (new / search_index.BUNDLE / damaged / "pagefind.js").is_file()
    assert not os.path.samefile(new / search_index.BUNDLE / damaged / "pagefind-entry.json",
                                last / search_index.BUNDLE / damaged / "pagefind-entry.json")


def test_a_failing_indexer_names_what_failed(tmp_path, monkeypatch):
    site = _site(tmp_path)
    monkeypatch.setattr(search_index, "command", lambda: ["false"])
    with pytest.raises(BriefingError, match=r"the search index \(pagefind\) failed"):
        search_index.index_site(site, layout=SMALL)


def test_a_page_that_only_says_the_marker_is_not_indexed(tmp_path):
    site = _site(tmp_path)
    (site / "quotes").mkdir()
    (site / "quotes" / "index.html").write_text("<html><body><p>a source quoting data-pagefind-body</p></body></html>")
    pages = search_index._indexed_pages(site)
    assert "quotes/index.html" not in pages and pages["entities/mali/index.html"][1] == "en"


def test_a_site_without_the_marker_is_indexed_whole_and_each_change_counts(tmp_path):
    # Pagefind then indexes every page: every page is an input, so an edit is never missed.
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(f"<html lang='en'><body><p>page {name}</p></body></html>")
    before = search_index.plan(site)
    (site / "b" / "index.html").write_text("<html lang='en'><body><p>page b, edited</p></body></html>")
    assert search_index.plan(site)[0].inputs != before[0].inputs


def test_the_site_itself_as_the_last_site_is_indexed_again(tmp_path):
    site = _site(tmp_path)
    search_index.index_site(site)
    search_index.index_site(site, site)
    assert len(pagefind_bundle.fragments(site / search_index.BUNDLE)) == 14


def test_the_manifest_lists_every_filter_value_with_its_pages_over_all_bundles(tmp_path):
    site = _site(tmp_path)
    spans = ('<span data-pagefind-filter="topic[content]" content="Morocco&#39;s role"></span>'
             '<span data-pagefind-filter="language[content]" content="{lang}"></span>')
    for i, lang in ((1, "English"), (2, "English"), (3, "French")):
        path = site / f"sources/source-{i:02d}/index.html"
        path.write_text(path.read_text().replace("</main>", spans.format(lang=lang) + "</main>"))
    search_index.index_site(site, layout=SMALL)
    manifest = json.loads((site / search_index.BUNDLE / search_index.MANIFEST).read_text())
    assert len(manifest["bundles"]) > 2  # counted over bundles
    assert manifest["filters"] == {"language": {"English": 2, "French": 1}, "topic": {"Morocco's role": 3}}


def test_query_words_are_each_languages_lower_cased_and_a_bad_file_is_named(tmp_path):
    words = search_index.query_words()
    assert {"en", "fr"} <= set(words) and "the" in words["en"] and "l'" in words["fr"]
    assert "on" in words["en"] and "on" in words["fr"]  # a bare `on` is YAML's true: the file quotes it
    path = tmp_path / "words.yml"
    path.write_text("en: [The, \"It\u2019s\"]\n", encoding="utf-8")
    assert search_index.query_words(path) == {"en": ["it's", "the"]}
    path.write_text("en: [the, on]\n", encoding="utf-8")
    with pytest.raises(BriefingError, match="words.yml"):
        search_index.query_words(path)


def test_a_smaller_languages_bundles_are_as_large_as_the_largest_languages(tmp_path):
    # 8 English and 4 French source pages, 3 bundles a language at most, 1 page a bundle at least: the English
    # need bundles of 3, so the 4 French pages make 2 bundles, not 3 (which their own number would allow).
    site = _site(tmp_path)
    plan = search_index.plan(site, search_index.Layout(bundle_pages=1, bundles_per_language=3))
    names = [b.name for b in plan]
    assert [n for n in names if n.startswith("en-")] == ["en-1", "en-2", "en-3"]
    assert [n for n in names if n.startswith("fr-")] == ["fr-1", "fr-2"]


def test_a_plan_takes_an_unchanged_page_as_read_last_time_and_reads_a_changed_one(tmp_path):
    from generator.incremental import search_pages

    site, cache, memo = _site(tmp_path), tmp_path / "cache", {}
    fresh = search_index.plan(site, SMALL)
    assert search_index.plan(site, SMALL, memo) == fresh and len(memo) == 15
    search_pages.remember(cache, memo)
    memo = search_pages.read(cache)
    assert search_index.plan(site, SMALL, memo) == fresh  # from the memo: the same plan
    # A page rewritten (another file) is read again: its bundle's inputs change, and only its bundle's.
    _page(site, "sources/source-04/index.html", "Source 4", "report number 4, corrected")
    changed = search_index.plan(site, SMALL, memo)
    assert changed == search_index.plan(site, SMALL)
    assert sum(a.inputs != b.inputs for a, b in zip(fresh, changed)) == 1
    # The memo is what is read for a file it names as it is (a record edited by hand shows it), and an entry that
    # is not one is ignored, as is a record that is not one.
    memo["sources/source-05/index.html"][2] = "de"
    assert any(b.name.startswith("de-") for b in search_index.plan(site, SMALL, memo))
    memo["sources/source-05/index.html"][2] = None
    assert search_index.plan(site, SMALL, memo) == changed
    (cache / search_pages.SEARCH_PAGES).write_text("{not json")
    assert search_pages.read(cache) == {}
