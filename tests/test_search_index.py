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


def test_a_large_site_shares_its_source_pages_among_bundles(tmp_path):
    site = _site(tmp_path)
    plan = search_index.plan(site, shard_pages=3)
    assert [b.name for b in plan] == [str(i) for i in range(1 + search_index.MAX_SHARDS)]
    assert plan[0].pages == ("entities/mali/index.html", "topics/cemoc/index.html")
    shared = [rel for b in plan[1:] for rel in b.pages]
    assert sorted(shared) == [f"sources/source-{i:02d}/index.html" for i in range(12)]  # each once
    # A page added elsewhere leaves every source page in its bundle.
    _page(site, "sources/source-99/index.html", "Source 99", "another report")
    again = {rel: b.name for b in search_index.plan(site, shard_pages=3) for rel in b.pages}
    assert all(again[rel] == b.name for b in plan for rel in b.pages)
    search_index.index_site(site, shard_pages=3)
    index = site / search_index.BUNDLE
    assert len(pagefind_bundle.fragments(index)) == 15
    assert len(pagefind_bundle.bundles(index)) == 1 + search_index.MAX_SHARDS


def test_only_the_bundles_whose_pages_changed_are_indexed_again(tmp_path):
    last = _site(tmp_path / "last")
    search_index.index_site(last, shard_pages=3)
    # The next build's site: the same pages (hard links, as the incremental build stages them), one edited.
    new = tmp_path / "new" / "site"
    for path in last.rglob("*.html"):
        target = new / path.relative_to(last)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    edited = "sources/source-05/index.html"
    (new / edited).unlink()
    _page(new, edited, "Source 5", "report number 5 on the Sahel, corrected")
    search_index.index_site(new, last, shard_pages=3)
    plan = {rel: b.name for b in search_index.plan(new, shard_pages=3) for rel in b.pages}
    for name, folder in pagefind_bundle.bundles(new / search_index.BUNDLE).items():
        linked = os.path.samefile(folder / "pagefind.js", last / search_index.BUNDLE / name / "pagefind.js")
        assert linked == (name != plan[edited]), name
    assert "corrected" in json.dumps(pagefind_bundle.fragments(new / search_index.BUNDLE)[f"/{edited[:-10]}"])
    # The same index a clean run makes.
    clean = tmp_path / "clean" / "site"
    shutil.copytree(new, clean)
    search_index.index_site(clean, shard_pages=3)
    assert pagefind_bundle.normal(clean / search_index.BUNDLE) == pagefind_bundle.normal(new / search_index.BUNDLE)


def test_a_last_bundle_that_is_not_whole_is_made_again(tmp_path):
    last = _site(tmp_path / "last")
    search_index.index_site(last, shard_pages=3)
    (last / search_index.BUNDLE / "2" / "pagefind.js").unlink()
    new = tmp_path / "new"
    shutil.copytree(last, new)
    search_index.index_site(new, last, shard_pages=3)
    assert (new / search_index.BUNDLE / "2" / "pagefind.js").is_file()
    assert not os.path.samefile(new / search_index.BUNDLE / "2" / "pagefind-entry.json",
                                last / search_index.BUNDLE / "2" / "pagefind-entry.json")


def test_a_failing_indexer_names_what_failed(tmp_path, monkeypatch):
    site = _site(tmp_path)
    monkeypatch.setattr(search_index, "command", lambda: ["false"])
    with pytest.raises(BriefingError, match=r"the search index \(pagefind\) failed"):
        search_index.index_site(site, shard_pages=3)
