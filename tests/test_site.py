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


def test_a_large_briefing_keeps_a_compact_search_index(built, tmp_path):
    """Above search.full_text_max_sources (here 0), the index identifies each story but leaves out its text,
    quotes and events, and the listing pages that repeat them."""
    project = tmp_path / "project"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("site", ".cache"))
    config = (project / "briefing.yml").read_text()
    (project / "briefing.yml").write_text(config + "\nsearch:\n  full_text_max_sources: 0\n")
    run = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=project, capture_output=True, text=True,
                         env=ENV)
    assert run.returncode == 0, run.stderr

    def index(root):
        return json.loads((root / "site" / "search" / "search_index.json").read_text())["docs"]

    full, compact = index(built), index(project)
    text = " ".join(d["title"] + " " + d["text"] for d in compact)
    data = json.loads((project / "site" / "briefing.json").read_text())
    for s in data["sources"]:
        assert s["summary"][0][:40] in text or s["summary"][0][:40].replace("'", "&#x27;") in text
        assert any(d["location"] == f"sources/{s['slug']}/" for d in compact)
        for q in s["quotes"][:1]:
            assert q["text"][:40] not in text
    locations = {d["location"].split("#")[0] for d in compact}
    assert not locations & {"timeline/", "quotes/", "sources/", "changes/"}
    assert not any(d["location"].endswith(("#text", "#key-quotes", "#dated-events-in-this-source", "#related-sources"))
                   for d in compact)
    assert any(d["location"].endswith("#text") for d in full)  # the small briefing indexes everything
    size = lambda docs: len(json.dumps(docs))  # noqa: E731
    assert size(compact) < 0.6 * size(full)
