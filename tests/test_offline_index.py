"""The search index for a site opened from disk (generator/offline_index.py): what it keeps of a built page (the
text Pagefind indexes, its title, meta, filters and language), which pages it leaves out, and the entries it
reuses when a page did not change."""
from __future__ import annotations

import json

import pytest

from generator import offline_index
from generator.errors import BriefingError

PAGE = """<!doctype html>
<html lang="fr-FR" class="no-js"><head><meta charset="utf-8"><title>Fallback &amp; title</title></head>
<body><nav class="md-nav">Navigation words</nav><header>Header words</header>
<article class="md-content__inner md-typeset"><div data-pagefind-body>
<div class="bf-search-meta" data-pagefind-ignore hidden>
<span data-pagefind-meta="date[content]" content="3 mars 2024"></span>
<span data-pagefind-meta="outlet[content]" content="Le  Courrier"></span>
<span data-pagefind-filter="topic[content]" content="Sahel"></span>
<span data-pagefind-filter="topic[content]" content="Accords"></span>
<span data-pagefind-filter="topic[content]" content="Sahel"></span>
<span>ignored words</span></div>
<h1 id="t">L’Algérie et le Mali<a class="headerlink" href="#t">¶</a></h1>
<dl class="bf-meta"><dt>Publié</dt><dd>mars 2024</dd></dl>
<p>Première phrase.</p><p>Deuxième<br>ligne <em>appuyée</em> ici.</p>
<script>var secret = 1;</script><p class="bf-note">generator note</p>after the note
</div></article><footer>Footer words</footer></body></html>"""


def _entry(data: bytes, rel: str, digest: str = "") -> dict | None:
    part = offline_index.indexed_part(data)
    return offline_index.part_entry(part, rel, digest) if part is not None else None


def test_a_page_keeps_the_text_pagefind_indexes_with_its_title_meta_filters_and_language():
    entry = _entry(PAGE.encode("utf-8"), "sources/x/index.html", "d1")
    assert entry["url"] == "sources/x/index.html" and entry["digest"] == "d1"
    assert entry["language"] == "fr"
    assert entry["title"] == "L’Algérie et le Mali"
    assert entry["meta"] == {"date": "3 mars 2024", "outlet": "Le Courrier"}
    assert entry["filters"] == {"topic": ["Accords", "Sahel"]}
    # Blocks do not run into each other; what Pagefind leaves out is left out, the text after it is kept.
    assert entry["text"] == "L’Algérie et le Mali mars 2024 Première phrase. Deuxième ligne appuyée ici. after the note"
    for word in ("Navigation", "Header", "Footer", "ignored", "secret", "Publié", "¶", "generator note"):
        assert word not in entry["text"]


def test_a_page_without_an_indexed_part_is_left_out_and_without_a_heading_takes_its_title():
    assert _entry(b"<html><body><p>Listing</p></body></html>", "index.html") is None
    page = PAGE.replace("<h1", "<h2").replace("</h1>", "</h2>")
    assert _entry(page.encode("utf-8"), "a.html")["title"] == "Fallback & title"


def _site(tmp_path, pages: dict[str, str]):
    site = tmp_path / "site"
    for rel, text in pages.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def _index(site) -> dict:
    text = (site / offline_index.FOLDER / offline_index.SCRIPT).read_text(encoding="utf-8")
    prefix = f"window.{offline_index.GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def test_the_index_lists_the_site_pages_in_order_and_names_the_stemmers_the_theme_ships(tmp_path):
    other = PAGE.replace('lang="fr-FR"', 'lang="en"').replace("L’Algérie et le Mali", "Other page")
    site = _site(tmp_path, {"sources/x/index.html": PAGE, "about/index.html": other, "404.html": PAGE,
                            "pagefind/x.html": PAGE, "assets/javascripts/lunr/min/lunr.fr.min.js": "",
                            "tags/index.html": "<html><body>no body</body></html>"})
    offline_index.write(site)
    index = _index(site)
    assert [p["url"] for p in index["pages"]] == ["about/index.html", "sources/x/index.html"]
    assert index["stemmers"] == ["fr"]  # English is lunr's own; a language without a file gets none
    assert index["version"] == offline_index.VERSION


def test_source_text_cannot_end_the_script(tmp_path):
    # Source text reaches a page escaped; in the index it is a JSON string in a script file of its own.
    hostile = PAGE.replace("Première phrase.", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \u2028 fin")
    site = _site(tmp_path, {"index.html": hostile})
    offline_index.write(site)
    raw = (site / offline_index.FOLDER / offline_index.SCRIPT).read_text(encoding="utf-8")
    assert "\u2028" not in raw and raw.count("\n") == 1
    assert "</script><script>alert(1)</script>" in _index(site)["pages"][0]["text"]


def test_an_unchanged_page_is_not_read_again_and_a_changed_one_is(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a/index.html": PAGE, "b/index.html": PAGE.replace("Première", "First")})
    offline_index.write(site)
    first = (site / offline_index.FOLDER / offline_index.SCRIPT).read_bytes()
    (site / "b" / "index.html").write_text(PAGE.replace("Première", "Changed"), encoding="utf-8")
    read = []
    real = offline_index.part_entry
    monkeypatch.setattr(offline_index, "part_entry", lambda part, rel, digest: read.append(rel) or real(part, rel, digest))
    offline_index.write(site)
    assert read == ["b/index.html"]
    texts = {p["url"]: p["text"] for p in _index(site)["pages"]}
    assert "Changed" in texts["b/index.html"] and "Première" in texts["a/index.html"]
    # The same pages give the same bytes, whether entries were reused or read again.
    (site / "b" / "index.html").write_text(PAGE.replace("Première", "First"), encoding="utf-8")
    offline_index.write(site)
    assert (site / offline_index.FOLDER / offline_index.SCRIPT).read_bytes() == first


def test_the_last_sites_entries_are_reused_by_a_clean_build(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a/index.html": PAGE})
    offline_index.write(site)
    staging = _site(tmp_path / "staging", {"a/index.html": PAGE, "b/index.html": PAGE})
    read = []
    real = offline_index.part_entry
    monkeypatch.setattr(offline_index, "part_entry", lambda part, rel, digest: read.append(rel) or real(part, rel, digest))
    offline_index.write(staging, previous=site)
    assert read == ["b/index.html"]
    assert [p["url"] for p in _index(staging)["pages"]] == ["a/index.html", "b/index.html"]


def test_an_index_of_other_code_is_not_reused(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a/index.html": PAGE})
    offline_index.write(site)
    target = site / offline_index.FOLDER / offline_index.SCRIPT
    text = target.read_text(encoding="utf-8")
    assert f'"version":"{offline_index.VERSION}"' in text
    target.write_text(text.replace(f'"version":"{offline_index.VERSION}"', '"version":"older"'), encoding="utf-8")
    read = []
    real = offline_index.part_entry
    monkeypatch.setattr(offline_index, "part_entry", lambda part, rel, digest: read.append(rel) or real(part, rel, digest))
    offline_index.write(site)
    assert read == ["a/index.html"]


def test_an_index_that_cannot_be_written_is_an_error_naming_it(tmp_path):
    site = _site(tmp_path, {"a/index.html": PAGE})
    (site / offline_index.FOLDER / (offline_index.SCRIPT + ".tmp")).mkdir(parents=True)  # in the way of the write
    with pytest.raises(BriefingError, match=r"cannot write the offline search index .*offline-search/index\.js"):
        offline_index.write(site)


def test_what_is_outside_the_content_does_not_make_a_page_read_again(tmp_path, monkeypatch):
    # Two builders (MkDocs, ProperDocs) name themselves in the head: the same content keeps its entry.
    site = _site(tmp_path, {"a/index.html": PAGE})
    offline_index.write(site)
    first = (site / offline_index.FOLDER / offline_index.SCRIPT).read_bytes()
    (site / "a" / "index.html").write_text(PAGE.replace("<head>", '<head><meta name="generator" content="x">')
                                           .replace("Navigation words", "Other navigation"), encoding="utf-8")
    read = []
    monkeypatch.setattr(offline_index, "part_entry", lambda part, rel, digest: read.append(rel))
    offline_index.write(site)
    assert read == [] and (site / offline_index.FOLDER / offline_index.SCRIPT).read_bytes() == first


def test_a_page_that_cannot_be_read_is_named_and_left_out(tmp_path, caplog):
    site = _site(tmp_path, {"a/index.html": PAGE, "b/index.html": PAGE})
    (site / "b" / "index.html").unlink()
    (site / "b" / "index.html").symlink_to(site / "nowhere.html")  # listed, but reading it fails
    offline_index.write(site)
    assert [p["url"] for p in _index(site)["pages"]] == ["a/index.html"]
    assert "b/index.html: left out of the offline search index" in caplog.text
