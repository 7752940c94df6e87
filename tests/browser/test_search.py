"""Search in a real browser: Pagefind's index (generator/search_index.py) through the search page
(theme/search.html), served under a sub-path. French with and without accents, an English phrase from the middle
of an article at 100 and at 5,000 sources, filters by language and topic, and the header's box. The page opened
from disk searches another index: tests/browser/test_from_disk.py."""
from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import PREFIX, SubPathHandler, open_page
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The 5,000-source site is the one `python -m bench.search` builds and keeps (several minutes to build): the test
# uses it when it is there, and builds it only when BRIEFING_BUILD_5000=1 asks for that.
LARGE = ROOT / "bench" / "out" / "search-n5000"


def results(page, site_base: str, query: str, **filters: str) -> list[str]:
    """Open the search page with a query (and filters); the result pages, best first, as paths below the root."""
    address = "search/?q=" + quote(query) + "".join(f"&{k}={quote(v)}" for k, v in filters.items())
    page.goto(site_base + address, wait_until="load")
    page.wait_for_selector(".bf-search[data-ready=true]", timeout=30000)
    page.wait_for_function("document.querySelector('.bf-search__status').textContent.trim() !== ''"
                           " && !document.querySelector('.bf-search__status').textContent.includes('…')",
                           timeout=30000)
    hrefs = page.eval_on_selector_all(".bf-search__result > a", "links => links.map(a => a.href)")
    return [urlsplit(h).path[len(urlsplit(site_base).path):] for h in hrefs]


def data(site) -> dict:
    return json.loads((site["site"] / "briefing.json").read_text(encoding="utf-8"))


def test_french_queries_find_french_pages_with_and_without_accents(page, site):
    d = data(site)
    french = {f"sources/{s['slug']}/" for s in d["sources"] if s["language"] == "fr"}
    assert french and page.evaluate("1") == 1
    # With and without accents, in capitals, and in the plural (French stemming).
    for query in ("Algérie", "algerie", "ALGÉRIE", "coopération militaire", "cooperation militaire",
                  "coopérations militaires"):
        found = results(page, site["base"], query)
        assert set(found[:5]) & french, f"{query!r} found {found[:5]}, expected one of {sorted(french)}"
    # The interface is English: the French pages are found through their own (French) index.
    assert page.evaluate("document.documentElement.lang") == "en"


def test_a_result_shows_title_date_outlet_and_language_and_only_text(page, site):
    d = data(site)
    found = results(page, site["base"], "Algérie")
    french = {f"sources/{s['slug']}/": s for s in d["sources"] if s["language"] == "fr"}
    where = next(i for i, path in enumerate(found) if path in french)
    source = french[found[where]]
    item = page.locator(".bf-search__result").nth(where)
    assert item.locator("a").inner_text() == source["title"]
    cite = item.locator(".bf-cite").inner_text()
    assert "French" in cite and re.search(r"\d{4}", cite)
    assert item.locator(".bf-search__excerpt mark").count() >= 1
    # Only Pagefind's <mark> is kept of the excerpt's markup.
    assert page.eval_on_selector_all(".bf-search__excerpt *", "els => els.filter(e => e.tagName !== 'MARK').length") == 0


def test_filters_by_language_and_topic(page, site):
    d = data(site)
    everything = results(page, site["base"], "Mali")
    french = results(page, site["base"], "Mali", language="French")
    assert french and set(french) < set(everything)
    assert all(p.startswith("sources/") for p in french)
    languages = {f"sources/{s['slug']}/": s["language"] for s in d["sources"]}
    assert {languages[p] for p in french} == {"fr"}
    topic = next(t for t in d["topics"] if len(t["sources"]) >= 1)
    name = next(x["name"] for x in d["topics"] if x["slug"] == topic["slug"])
    by_topic = results(page, site["base"], "Mali", topic=name)
    assert by_topic and {p for p in by_topic} <= {f"sources/{slug}/" for slug in topic["sources"]}
    # The select shows the filter chosen from the address.
    assert page.locator("select[name=topic]").input_value() == name


def test_the_header_box_opens_the_search_page_with_the_query(page, site):
    page.goto(site["base"] + "topics/", wait_until="load")
    page.locator(".bf-header-search__input").fill("Lamamra")
    page.locator(".bf-header-search__input").press("Enter")
    page.wait_for_selector(".bf-search__result", timeout=30000)
    assert urlsplit(page.url).path == PREFIX + "search/"
    assert page.locator(".bf-search__input").input_value() == "Lamamra"
    hrefs = page.eval_on_selector_all(".bf-search__result > a", "links => links.map(a => a.getAttribute('href'))")
    assert all(h.startswith(site["base"]) for h in hrefs)  # under the sub-path


def _served(site_dir: Path):
    handler = type("Handler", (SubPathHandler,), {"site": site_dir})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    return httpd, {"origin": f"http://{host}:{port}", "base": f"http://{host}:{port}{PREFIX}", "site": site_dir}


def _middle_phrase(site_dir: Path, words: int = 7) -> tuple[str, str]:
    """A run of words from the middle of one article's text, as the built page shows it, that no other source
    page holds: (slug, phrase)."""
    def visible(fragment: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (site_dir / "sources").glob("*/index.html")}
    shown = {slug: visible(text) for slug, text in pages.items()}
    for slug in sorted(pages):
        match = re.search(r'<div class="bf-article"[^>]*>(.*?)</div>', pages[slug], re.S)
        paragraphs = [visible(p) for p in re.findall(r"<p>(.*?)</p>", match.group(1), re.S)] if match else []
        paragraphs = [p for p in paragraphs if len(p.split()) > 3 * words]
        if len(paragraphs) < 3:
            continue
        tokens = paragraphs[len(paragraphs) // 2].split()
        phrase = " ".join(tokens[len(tokens) // 2:len(tokens) // 2 + words])
        if sum(phrase in text for text in shown.values()) == 1:
            return slug, phrase
    raise AssertionError("no article has a phrase of its own in its middle")


def _build(project: Path, n: int) -> None:
    from bench.corpus import make_corpus

    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.rmtree(project / "theme", ignore_errors=True)
    shutil.copytree(ROOT / "theme", project / "theme")
    if not (project / "sources").is_dir():
        make_corpus(project / "sources", n, project / "briefing.yml", 1)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "generator", "site", "-q"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=3600)
    assert run.returncode in (0, 3), run.stderr[-3000:]


def _phrase_is_found(browser, project: Path) -> None:
    slug, phrase = _middle_phrase(project / "site")
    httpd, served = _served(project / "site")
    context, page, watch = open_page(browser, served)
    try:
        found = results(page, served["base"], phrase)
        assert f"sources/{slug}/" in found[:3], f"{phrase!r} found {found[:5]}, expected sources/{slug}/"
        assert watch.errors == [] and watch.foreign == []
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def hundred(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("search-100")
    _build(project, 100)
    return project


def test_a_phrase_from_the_middle_of_an_article_is_found_at_100_sources(browser, hundred):
    _phrase_is_found(browser, hundred)


def test_an_index_in_bundles_is_searched_as_one(browser, hundred, tmp_path):
    """A large site's index comes in bundles (generator/search_index.py): the search page merges them, so a query
    finds pages of every bundle, each language through its own stemming, and the filters span them all."""
    from generator import search_index
    from tests import pagefind_bundle

    project = tmp_path / "project"
    shutil.copytree(hundred / "site", project / "site")
    search_index.index_site(project / "site", layout=search_index.Layout(bundle_pages=10))
    index = project / "site" / search_index.BUNDLE
    bundles = pagefind_bundle.bundles(index)
    assert len(bundles) >= 4 and {name.split("-")[0] for name in bundles} == {"0", "en", "fr"}
    where = {url: name for name, folder in bundles.items()
             for url in pagefind_bundle.fragments_of(folder)}
    d = data({"site": project / "site"})
    french = {f"sources/{s['slug']}/" for s in d["sources"] if s["language"] == "fr"}
    httpd, served = _served(project / "site")
    context, page, watch = open_page(browser, served)
    try:
        found = results(page, served["base"], "Mali")
        assert len({where["/" + path] for path in found if "/" + path in where}) >= 3, found
        for query in ("Algérie", "algerie"):
            assert set(results(page, served["base"], query)[:5]) & french, query
        only_french = results(page, served["base"], "Mali", language="French")
        assert only_french and set(only_french) <= french
        assert watch.errors == [] and watch.foreign == []
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
    _phrase_is_found(browser, project)


def test_a_sentence_is_searched_in_its_own_language_and_a_name_in_every_one(browser, hundred, tmp_path):
    """A query whose function words are one language's (generator/data/query_words.yml) downloads nothing of the
    other language's bundles, and finds that language's pages; a name is searched in every language. The filters
    are offered before any index is opened (bundles.json lists their values)."""
    from generator import search_index

    project = tmp_path / "project"
    shutil.copytree(hundred / "site", project / "site")
    search_index.index_site(project / "site", layout=search_index.Layout(bundle_pages=10))
    d = data({"site": project / "site"})
    language = {f"sources/{s['slug']}/": s["language"] for s in d["sources"]}
    httpd, served = _served(project / "site")
    context, page, watch = open_page(browser, served)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlsplit(request.url).path))
    try:
        page.goto(served["base"] + "search/", wait_until="load")
        page.wait_for_selector(".bf-search[data-ready=true]", timeout=30000)
        assert page.locator("select[name=language] option").count() == 3  # All, English, French
        assert not [a for a in asked if "/pagefind/" in a and not a.endswith("bundles.json")]
        for query, own, other in (("the relations of Mali with the Sahel", "en", "/pagefind/fr-"),
                                  ("les relations du Mali avec le Sahel", "fr", "/pagefind/en-")):
            asked.clear()
            found = results(page, served["base"], query)
            assert found and {language.get(p, own) for p in found} == {own}, (query, found[:5])
            assert not [a for a in asked if other in a], query
        # With a language chosen, an English sentence is asked of every language: the filter keeps French pages.
        found = results(page, served["base"], "the relations of Mali with the Sahel", language="French")
        assert found and {language[p] for p in found} == {"fr"}
        asked.clear()
        found = results(page, served["base"], "Mali")
        assert {language[p] for p in found if p in language} == {"en", "fr"}
        assert [a for a in asked if "/pagefind/fr-" in a] and [a for a in asked if "/pagefind/en-" in a]
        assert watch.errors == [] and watch.foreign == []
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


def test_a_language_whose_index_cannot_be_read_fails_its_query_and_not_the_others(browser, hundred, tmp_path):
    from generator import search_index

    project = tmp_path / "project"
    shutil.copytree(hundred / "site", project / "site")
    search_index.index_site(project / "site", layout=search_index.Layout(bundle_pages=10))
    for script in (project / "site" / "pagefind").glob("fr-*/pagefind.js"):
        script.unlink()
    httpd, served = _served(project / "site")
    context, page, _watch = open_page(browser, served)
    try:
        page.goto(served["base"] + "search/", wait_until="load")
        page.wait_for_selector(".bf-search[data-ready=true]", timeout=30000)
        for query, status in (("les relations du Mali avec le Sahel", "The search index could not be loaded."),
                              ("the relations of Mali with the Sahel", "found")):
            page.fill(".bf-search__input", query)  # typed: the page's first query is not this one
            page.press(".bf-search__input", "Enter")
            page.wait_for_function("!document.querySelector('.bf-search__status').textContent.includes('…')"
                                   " && document.querySelector('.bf-search__status').textContent.trim() !== ''",
                                   timeout=30000)
            assert status in page.locator(".bf-search__status").inner_text(), query
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


def test_a_phrase_from_the_middle_of_an_article_is_found_at_5000_sources(browser):
    if not (LARGE / "site" / "pagefind").is_dir() and os.environ.get("BRIEFING_BUILD_5000") != "1":
        pytest.skip(f"no 5,000-source site in {LARGE}: run `python -m bench.search --sizes 5000` (about 15 minutes "
                    "here), or set BRIEFING_BUILD_5000=1")
    LARGE.mkdir(parents=True, exist_ok=True)
    if not (LARGE / "site" / "pagefind").is_dir():
        _build(LARGE, 5000)
    _phrase_is_found(browser, LARGE)
