"""The site in a real browser: the reading experience, navigation, search, privacy, the 404 page, print,
accessibility (axe-core) and screenshots at desktop and phone widths (tests/output/)."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import AXE, PREFIX, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 390)


def data(site) -> dict:
    return json.loads((site["site"] / "briefing.json").read_text(encoding="utf-8"))


def rel(site, url: str) -> str:
    """A page URL as a path below the site root, without query or anchor: 'topics/cemoc/'."""
    path = urlsplit(url).path
    assert path.startswith(PREFIX), url
    return path[len(PREFIX):]


def four_pages(site) -> dict[str, str]:
    """The home page, a topic, a source and an entity: the pages a reader spends time on."""
    d = data(site)
    topic = next(t["slug"] for t in d["topics"] if t["sources"])
    source = next(s["slug"] for s in d["sources"] if s["topics"] and s["entities"])
    entity = max(d["entities"], key=lambda e: (len(e["sources"]), e["key"]))["key"]
    return {"home": "", "topic": f"topics/{topic}/", "source": f"sources/{source}/", "entity": f"entities/{entity}/"}


def text(value: str) -> str:
    """Visible text without the "¶" permalink MkDocs adds to headings."""
    return value.replace("¶", "").strip()


def goto(page, site, path: str, status: int = 200):
    response = page.goto(site["base"] + path, wait_until="load")
    assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
    return response


def assert_images_loaded(page) -> None:
    broken = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0)"
                                              ".map(i => i.getAttribute('src'))")
    assert broken == [], f"images that did not load: {broken}"


# --- home --------------------------------------------------------------------------------------------------

def test_home_shows_overview_cards_latest_and_a_chart(page, site):
    d = data(site)
    goto(page, site, "")
    assert text(page.locator("h1").first.inner_text()) == d["title"]
    stats = page.locator(".bf-stats .bf-stat")
    assert stats.count() == 4
    assert re.search(r"\bsources\b", stats.nth(1).inner_text())
    assert "languages" in stats.nth(2).inner_text() and "English" in stats.nth(2).inner_text()
    assert page.locator("#situation-overview + ul > li").count() >= 3
    cards = page.locator(".grid.cards.bf-topics > ul > li")
    assert cards.count() == len(d["topics"])
    first = cards.first
    assert first.locator("a").first.get_attribute("href").startswith("topics/")
    assert re.search(r"\d+ stor(y|ies) · latest|No story yet", first.inner_text())
    assert page.locator(".bf-latest li").count() >= 3
    chart = page.locator("figure.bf-chart img")
    assert chart.count() == 1
    assert len(chart.get_attribute("alt")) > 40
    assert page.locator("figure.bf-chart figcaption").inner_text().strip()
    assert_images_loaded(page)


@pytest.mark.parametrize("path, chart", [("timeline/", "timeline.svg"), ("topics/", "topics-over-time.svg"),
                                         ("entities/", "entity-network.svg")])
def test_each_chart_loads_with_a_text_alternative(page, site, path, chart):
    goto(page, site, path)
    img = page.locator(f"figure.bf-chart img[src$='{chart}']")
    assert img.count() == 1
    assert img.get_attribute("alt").strip()
    assert_images_loaded(page)
    figure = page.locator("figure.bf-chart")
    # Beside it, the same data in words: a caption and a table (open or behind a "details" toggle).
    assert figure.locator("figcaption").inner_text().strip()
    assert page.locator("article table").count() >= 1


# --- navigation ---------------------------------------------------------------------------------------------

def test_every_navigation_link_loads(page, site):
    goto(page, site, "")
    hrefs = page.eval_on_selector_all(".md-tabs a[href], .md-nav a[href], .md-header a[href]",
                                      "links => links.map(a => a.href)")
    targets = sorted({h.split("#")[0] for h in hrefs if h.startswith(site["origin"])})
    assert len(targets) >= 8
    for url in targets:
        response = page.goto(url, wait_until="load")
        assert response.status == 200, f"{url}: HTTP {response.status}"


def test_every_link_on_the_home_page_loads(page, site):
    goto(page, site, "")
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
    targets = sorted({h.split("#")[0] for h in hrefs if h.startswith(site["origin"])})
    assert targets
    for url in targets:
        assert page.request.get(url).status == 200, url


def test_breadcrumbs_lead_back_to_the_section(page, site):
    pages = four_pages(site)
    goto(page, site, pages["source"])
    crumbs = page.locator("nav.md-path a")
    assert [c.inner_text().strip() for c in crumbs.all()] == ["Overview", "Sources"]
    crumbs.nth(1).click()
    page.wait_for_load_state("load")
    assert rel(site, page.url) == "sources/"


def test_click_path_topic_source_entity_source(page, site):
    pages = four_pages(site)
    goto(page, site, pages["topic"])
    topic_title = page.locator("h1").inner_text()
    page.locator("article h3 a[href*='sources/']").first.click()
    page.wait_for_load_state("load")
    assert rel(site, page.url).startswith("sources/")
    source_title = page.locator("h1").inner_text()
    assert source_title and source_title != topic_title
    assert page.locator(".bf-panel dt", has_text="Topics").count() == 1
    page.locator(".bf-panel a.bf-chip[href*='entities/']").first.click()
    page.wait_for_load_state("load")
    assert rel(site, page.url).startswith("entities/")
    entity = text(page.locator("h1").inner_text())
    page.locator("article li a[href*='sources/']").first.click()
    page.wait_for_load_state("load")
    assert rel(site, page.url).startswith("sources/")
    assert entity.split()[-1] in page.locator("article").inner_text()


def test_source_page_layout(page, site):
    pages = four_pages(site)
    goto(page, site, pages["source"])
    labels = [t.strip() for t in page.locator(".bf-panel dt").all_inner_texts()]
    for label in ("Date", "Language", "Original file", "Topics"):
        assert label in labels
    assert page.locator(".bf-panel .bf-basis").count() == 1
    assert page.locator(".bf-panel .bf-lang").count() >= 1
    order = page.eval_on_selector_all(
        "article .bf-panel, article .admonition.abstract, article h2",
        "els => els.map(e => e.classList.contains('bf-panel') ? 'panel' : e.classList.contains('abstract')"
        " ? 'summary' : e.textContent.replace('¶', '').trim())")
    assert order[0] == "panel" and order[1] == "summary"
    assert order.index("Text") > 1
    if "Key quotes" in order:
        assert order.index("Key quotes") < order.index("Text")


def test_reader_comments_are_collapsed_and_labelled(browser, site):
    """Any source with comments shows them folded away, marked as not part of the article."""
    d = data(site)
    context, page, watch = open_page(browser, site)
    try:
        found = 0
        for s in d["sources"]:
            md = (site["content"] / "sources" / f"{s['slug']}.md").read_text(encoding="utf-8")
            if "Reader comments" not in md:
                continue
            goto(page, site, f"sources/{s['slug']}/")
            details = page.locator("details", has_text="not part of the article")
            assert details.count() == 1 and details.get_attribute("open") is None
            found += 1
        if not found:
            pytest.skip("no source in this briefing has reader comments")
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []


# --- search -------------------------------------------------------------------------------------------------

# Search (Pagefind's index and the search page) is tested in tests/browser/test_search.py.


# --- privacy, sub-path, 404, feed ------------------------------------------------------------------------------

def test_nothing_leaves_the_local_server(page, site):
    for path in four_pages(site).values():
        goto(page, site, path)
    page.locator(".bf-header-search__input").fill("Mali")
    page.locator(".bf-header-search__input").press("Enter")
    page.wait_for_selector(".bf-search__result")
    assert page.watch.requests, "no request recorded"
    outside = [u for u in page.watch.requests if not u.startswith(site["base"])]
    assert outside == [], f"requests outside {site['base']}: {outside}"


def test_every_link_is_relative(site):
    """No page links to the server root: the site works at any sub-path (the 404 page excepted)."""
    bad = []
    for html in sorted(site["site"].rglob("*.html")):
        if html.name == "404.html":
            continue
        for url in re.findall(r'(?:href|src)="([^"]+)"', html.read_text(encoding="utf-8")):
            if url.startswith("/") and not url.startswith("//"):
                bad.append(f"{html.relative_to(site['site'])}: {url}")
    assert bad == []


def test_not_found_page_works_under_the_sub_path(browser, site, output):
    context, page, watch = open_page(browser, site)
    try:
        missing = "topics/no-such-topic/deeper/"
        response = page.goto(site["base"] + missing, wait_until="load")
        assert response.status == 404
        assert "Page not found" in text(page.locator("h1").inner_text())
        # Its stylesheets loaded (Material's header is styled) and its links lead into the site.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert page.evaluate("[...document.styleSheets].filter(s => s.href && s.href.includes('briefing.css')).length")
        page.screenshot(path=str(output / "not-found-1280.png"), animations="disabled")
        page.locator("article a", has_text="Topics").click()
        page.wait_for_load_state("load")
        assert rel(site, page.url) == "topics/"
        assert page.locator(".grid.cards").count() == 1
    finally:
        context.close()
    assert watch.foreign == []
    failed = [e for e in watch.errors if "404" not in e]  # the browser reports the missing page itself
    assert failed == []
    assert all(u.startswith(site["base"]) for u in watch.requests)


def test_feed_is_linked_and_valid(page, site):
    from xml.etree import ElementTree

    goto(page, site, "")
    href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    feed_url = urljoin(page.url, href)
    response = page.request.get(feed_url)
    assert response.status == 200
    root = ElementTree.fromstring(response.body())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == sum(1 for s in data(site)["sources"] if not s["duplicate_of"])
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find("a:updated", ns).text == updated[0]
    for e in entries:
        link = e.find("a:link", ns).get("href")
        assert page.request.get(urljoin(feed_url, link)).status == 200
    goto(page, site, "about/")
    assert page.locator("article a[href$='feed.xml']").count() == 1


# --- print, palettes ----------------------------------------------------------------------------------------

def test_topic_page_prints_as_a_clean_note(page, site, output):
    pages = four_pages(site)
    goto(page, site, pages["topic"])
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-search', '.md-footer', '.md-path'].map(sel => {
            const el = document.querySelector(sel);
            return [sel, !el || getComputedStyle(el).display === 'none' || el.offsetParent === null];
        })""")
    assert all(ok for _sel, ok in hidden), hidden
    assert page.locator("article h1").is_visible()
    page.pdf(path=str(output / "topic-print.pdf"), format="A4")
    page.screenshot(path=str(output / "topic-print.png"), full_page=True)
    page.emulate_media(media="screen")


def test_dark_palette_toggle(page, site):
    goto(page, site, "")
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== {json.dumps(before)}")
    assert page.evaluate("document.body.dataset.mdColorScheme") in ("slate", "default")


# --- accessibility and looks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["home", "topic", "source", "entity"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(browser, site, name, scheme):
    if not AXE.exists():
        pytest.skip(f"{AXE.relative_to(AXE.parents[2])} missing: run `npm ci --no-audit --no-fund` at the repository root")
    context, page, watch = open_page(browser, site)
    try:
        if scheme == "dark":
            page.emulate_media(color_scheme="dark")
        goto(page, site, four_pages(site)[name])
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"  {n['target']}: {n.get('failureSummary', '').splitlines()[-1].strip()}" for n in v["nodes"][:6])
        for v in serious)
    assert serious == [], report
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(browser, site, output, width):
    context, page, watch = open_page(browser, site, width=width)
    try:
        for name, path in four_pages(site).items():
            goto(page, site, path)
            page.wait_for_timeout(150)
            page.screenshot(path=str(output / f"{name}-{width}.png"), full_page=True, animations="disabled")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} at {width} px scrolls sideways by {overflow} px"
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []
