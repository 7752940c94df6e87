"""The site opened from disk (file://) in Chromium: navigation follows folder links to their index.html
(theme/partials/offline-links.html) and search reads the offline index (generator/offline_index.py,
theme/assets/javascripts/offline-search.js) with French queries with and without accents, an English phrase from
the middle of an article, and the results' title, date, outlet and language. Served over HTTP, the same pages
never load the offline index or its scripts."""
from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.test_search import _middle_phrase, results

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What only a page opened from disk loads.
OFFLINE_FILES = ("offline-search/", "offline-search.js", "lunr-2.3.9.min.js", "/lunr/min/")


class DiskWatch:
    """Every request and error of a page opened from disk; a request that leaves the disk is refused."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("console", self._console)

    def _console(self, message) -> None:
        # mkdocs-material asks for sitemap.xml for every <link rel=alternate> (the feed's), which a page opened
        # from disk may not read: its own failure, handled by the theme, that changes nothing on the page.
        if message.type == "error" and "sitemap.xml" not in message.text and "ERR_FAILED" not in message.text:
            self.errors.append(f"console: {message.text}")

    def route(self, route) -> None:
        if route.request.url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()


@pytest.fixture
def disk(browser, site):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    watch = DiskWatch(page)
    context.route("**/*", watch.route)
    page.watch = watch
    yield page
    context.close()
    assert watch.foreign == [], f"requests that left the disk: {watch.foreign}"
    assert watch.errors == [], "\n".join(watch.errors)


def _base(site) -> str:
    return site["site"].as_uri() + "/"


def results_from_disk(page, site, query: str, **filters: str) -> list[str]:
    """The result pages of a query on the search page opened from disk, as paths below the site."""
    address = "search/index.html?q=" + quote(query) + "".join(f"&{k}={quote(v)}" for k, v in filters.items())
    page.goto(_base(site) + address, wait_until="load")
    page.wait_for_selector(".bf-search[data-ready=true]", timeout=60000)
    page.wait_for_function("document.querySelector('.bf-search__status').textContent.trim() !== ''"
                           " && !document.querySelector('.bf-search__status').textContent.includes('…')",
                           timeout=60000)
    hrefs = page.eval_on_selector_all(".bf-search__result > a", "links => links.map(a => a.href)")
    root = urlsplit(_base(site)).path
    return [urlsplit(h).path[len(root):] for h in hrefs]


def _data(site) -> dict:
    return json.loads((site["site"] / "briefing.json").read_text(encoding="utf-8"))


def test_navigation_from_disk_opens_pages_not_folder_listings(disk, site):
    disk.goto(_base(site) + "index.html", wait_until="load")
    disk.get_by_role("link", name="Topics").first.click()
    disk.wait_for_load_state("load")
    assert disk.url == _base(site) + "topics/index.html"
    assert disk.locator(".md-content h1").count() == 1
    # A link inside the content, then the breadcrumbs' way back up.
    disk.locator(".md-content a[href*='/topics/']").first.click()
    disk.wait_for_load_state("load")
    assert urlsplit(disk.url).path.endswith("/index.html") and disk.url.count("/topics/") == 1
    assert disk.locator(".md-content h1").count() == 1
    hrefs = disk.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert hrefs and not [h for h in hrefs if h.startswith("file:") and urlsplit(h).path.endswith("/")]


def test_the_header_box_searches_from_disk(disk, site):
    disk.goto(_base(site) + "topics/index.html", wait_until="load")
    disk.locator(".bf-header-search__input").fill("Lamamra")
    disk.locator(".bf-header-search__input").press("Enter")
    disk.wait_for_selector(".bf-search__result", timeout=60000)
    assert urlsplit(disk.url).path.endswith("/search/index.html")
    disk.locator(".bf-search__result > a").first.click()
    disk.wait_for_load_state("load")
    assert urlsplit(disk.url).path.endswith("/index.html") and "Lamamra" in disk.content()


def test_french_queries_from_disk_with_and_without_accents(disk, site):
    french = {f"sources/{s['slug']}/index.html" for s in _data(site)["sources"] if s["language"] == "fr"}
    assert french
    for query in ("Algérie", "algerie", "ALGÉRIE", "coopération militaire", "cooperation militaire",
                  "coopérations militaires"):
        found = results_from_disk(disk, site, query)
        assert set(found[:5]) & french, f"{query!r} found {found[:5]}, expected one of {sorted(french)}"
    assert any("/offline-search/index.js" in r for r in disk.watch.requests)
    assert not any("/pagefind/" in r for r in disk.watch.requests)


def test_an_english_phrase_from_the_middle_of_an_article_is_found_from_disk(disk, site):
    slug, phrase = _middle_phrase(site["site"])
    found = results_from_disk(disk, site, phrase)
    assert found[:1] == [f"sources/{slug}/index.html"], f"{phrase!r} found {found[:5]}"


def test_a_result_from_disk_shows_title_date_outlet_language_and_filters(disk, site):
    d = _data(site)
    french = {f"sources/{s['slug']}/index.html": s for s in d["sources"] if s["language"] == "fr"}
    found = results_from_disk(disk, site, "Algérie")
    where = next(i for i, path in enumerate(found) if path in french)
    item = disk.locator(".bf-search__result").nth(where)
    assert item.locator("a").inner_text() == french[found[where]]["title"]
    cite = item.locator(".bf-cite").inner_text()
    assert "French" in cite and any(ch.isdigit() for ch in cite)
    assert item.locator(".bf-search__excerpt mark").count() >= 1
    assert disk.eval_on_selector_all(".bf-search__excerpt *", "els => els.filter(e => e.tagName !== 'MARK').length") == 0
    # The filters narrow the results as they do when served.
    everything = results_from_disk(disk, site, "Mali")
    only_french = results_from_disk(disk, site, "Mali", language="French")
    assert only_french and set(only_french) < set(everything) and set(only_french) <= set(french)
    assert disk.locator("select[name=language]").input_value() == "French"


def test_served_over_http_the_search_page_loads_nothing_of_the_offline_index(page, site):
    found = results(page, site["base"], "Algérie")
    assert found
    assert any("/pagefind/" in r for r in page.watch.requests)
    loaded = [r for r in page.watch.requests if any(name in r for name in OFFLINE_FILES)]
    assert loaded == []


def test_from_disk_without_the_offline_index_the_page_says_how_to_get_it(browser, site):
    index = site["site"] / "offline-search" / "index.js"
    moved = index.with_name("moved.js")
    index.rename(moved)
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(_base(site) + "search/index.html?q=Mali", wait_until="load")
        page.wait_for_selector(".bf-search[data-ready=failed]", timeout=60000)
        status = page.locator(".bf-search__status").inner_text()
        assert "offline-search/index.js" in status and "briefing build" in status
    finally:
        context.close()
        moved.rename(index)
