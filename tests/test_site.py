"""End to end: sources -> content -> site, then walk the built site."""
import json
import shutil
import subprocess
import sys

import os

import pytest

from tests.conftest import ROOT
from tests.sitecheck import check_site

pytestmark = pytest.mark.slow


ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(ROOT / "sources", project / "sources")
    (project / "content").mkdir()
    (project / "content" / "notes.md").write_text("# My notes\n\nHand-written page.\n")
    run = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=project, capture_output=True, text=True, env=ENV)
    assert run.returncode == 0, run.stderr
    return project


def test_site_has_every_page(built):
    site = built / "site"
    data = json.loads((site / "briefing.json").read_text())
    assert len(data["sources"]) == 5
    for s in data["sources"]:
        assert (site / "sources" / s["slug"] / "index.html").exists()
    for slug in ("cemoc", "algiers-accord", "morocco-role", "g5-sahel", "alliance-of-sahel-states",
                 "russia-wagner", "military-cooperation", "drug-trafficking", "terrorism"):
        assert (site / "topics" / slug / "index.html").exists()
    for page in ("index.html", "timeline/index.html", "entities/index.html", "about/index.html", "quotes/index.html"):
        assert (site / page).exists()
    assert data["entities"] and all((site / "entities" / e["key"] / "index.html").exists() for e in data["entities"])


def test_every_link_resolves_and_nothing_loads_from_outside(built):
    assert check_site(built / "site") == []


def test_hand_written_page_survives_and_is_published(built):
    assert (built / "content" / "notes.md").read_text().startswith("# My notes")
    assert (built / "site" / "notes" / "index.html").exists()


def test_regeneration_is_byte_identical(built):
    before = {p: p.read_bytes() for p in sorted((built / "content").rglob("*")) if p.is_file()}
    run = subprocess.run([sys.executable, "-m", "generator", "generate", "-q"], cwd=built, capture_output=True, text=True, env=ENV)
    assert run.returncode == 0, run.stderr
    after = {p: p.read_bytes() for p in sorted((built / "content").rglob("*")) if p.is_file()}
    assert before == after


def test_the_search_index_holds_the_pages_worth_finding_each_in_its_language(built):
    """Pagefind indexes the source, topic, entity and outlet pages (and the hand-written ones), never the listings
    that repeat them, and stems each page in its own language (its <html lang>)."""
    from tests import pagefind_bundle

    site = built / "site"
    data = json.loads((site / "briefing.json").read_text())
    pages = pagefind_bundle.fragments(site / "pagefind")
    counts = pagefind_bundle.page_counts(site / "pagefind")
    for s in data["sources"]:
        html = (site / "sources" / s["slug"] / "index.html").read_text()
        assert f'<html lang="{s["language"]}"' in html
        fragment = pages[f"/sources/{s['slug']}/"]
        assert fragment["meta"]["title"] == s["title"] and fragment["meta"]["date"]
        assert fragment["filters"]["language"]
    french = sum(1 for s in data["sources"] if s["language"] == "fr")
    assert french and counts["fr"] == french
    assert {"/topics/cemoc/", "/entities/", "/about/", "/notes/"} <= set(pages)
    assert not {"/", "/timeline/", "/quotes/", "/sources/", "/changes/", "/tags/", "/search/"} & set(pages)
    assert not (site / "search" / "search_index.json").exists()  # Material's search plugin is gone


def test_a_page_is_found_by_what_it_says_not_by_the_pages_it_lists(built):
    """The lists of other pages (`bf-listing`: the sources an entity, topic or outlet page lists, a source's related
    sources) are left out of the index: a title that a page shows only in such a list does not make it a result."""
    import lxml.html

    from tests import pagefind_bundle

    site = built / "site"
    pages = pagefind_bundle.fragments(site / "pagefind")
    kinds = set()
    for path in sorted(site.rglob("index.html")):
        tree = lxml.html.parse(str(path))
        body = tree.find(".//div[@data-pagefind-body]")
        listings = tree.xpath("//*[contains(concat(' ', @class, ' '), ' bf-listing ')]")
        if body is None or not listings:
            continue
        fragment = pages["/" + path.parent.relative_to(site).as_posix() + "/"]
        listed = {" ".join(a.text_content().split()) for el in listings for a in el.iter("a")}
        for el in listings:
            el.getparent().remove(el)
        rest = " ".join(body.text_content().split())
        only_listed = {title for title in listed if title and title not in rest}
        assert not [title for title in only_listed if title in fragment["content"]], path
        assert fragment["meta"]["title"] in fragment["content"]
        if only_listed:
            kinds.add(path.relative_to(site).parts[0])
    assert {"sources", "entities"} <= kinds  # on a topic page of the sample, its brief cites every listed source
