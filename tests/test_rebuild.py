"""Incremental builds (generator/rebuild.py): after sources are added, edited and removed, and after a change of
configuration or theme, the site is the one a clean build makes: byte for byte, but the search index, compared by
content (Pagefind's filter files come in another order at each run: tests/pagefind_bundle.py)."""
import os
import shutil
import sys
from pathlib import Path

import pytest

from generator import search_index
from generator.incremental import rebuild
from generator.build import build_site, plan_options
from generator.config import load_config
from generator.errors import BriefingError
from generator.pipeline import generate
from tests import pagefind_bundle

ROOT = Path(__file__).resolve().parent.parent


def files(root: Path) -> dict:
    """Every file of a built site by its bytes, but the search index (pagefind/), which is compared by content:
    Pagefind writes its filters in another order at each run (see tests/pagefind_bundle.py)."""
    out: dict = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                 if p.is_file() and p.relative_to(root).parts[0] != search_index.BUNDLE}
    out[search_index.BUNDLE] = pagefind_bundle.normal(root / search_index.BUNDLE)
    return out


def without_plugins(mkdocs_yml: Path, plugins: str = "plugins: []\n") -> None:
    """The project's mkdocs.yml with its plugins replaced (the search and tags plugins read every page)."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    start = text.index("\nplugins:")
    end = text.index("\n# A small, fixed navigation")
    mkdocs_yml.write_text(text[:start + 1] + plugins + text[end:], encoding="utf-8")


@pytest.fixture
def site_project(project):
    without_plugins(project / "mkdocs.yml")
    for name in sorted(os.listdir(ROOT / "sources"))[:4]:
        shutil.copy(ROOT / "sources" / name, project / "sources" / name)
    return project


def make(project: Path, site: str = "site") -> rebuild.Plan:
    generate(project / "sources", project / "content", load_config(project / "briefing.yml"), project / ".cache")
    how = rebuild.plan(project / "mkdocs.yml", project / site, project / "content",
                       plan_options(project / "mkdocs.yml"))
    build_site(project / "mkdocs.yml", project / site)
    return how


def clean_build(project: Path) -> dict[str, bytes]:
    """The same content built from nothing, in another folder."""
    reference = project / "reference"
    assert not rebuild.record_path(reference).exists()
    build_site(project / "mkdocs.yml", reference)
    return files(reference)


@pytest.mark.parametrize("bundles", [False, True], ids=["one index", "index in bundles"])
def test_edits_additions_and_removals_rebuild_to_the_clean_site(site_project, bundles):
    p = site_project
    if bundles:  # as a large site's: every source page in a bundle of its language, the rest in bundle 0
        with (p / "briefing.yml").open("a", encoding="utf-8") as config:
            config.write("\nsearch:\n  bundle_pages: 1\n")
    assert not make(p).incremental  # nothing to start from
    names = sorted(os.listdir(p / "sources"))
    edited = p / "sources" / names[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Algeria", "Algeria and its neighbours", 1),
                      encoding="utf-8")
    (p / "sources" / names[1]).unlink()
    shutil.copy(sorted((ROOT / "sources").iterdir())[4], p / "sources")
    how = make(p)
    assert how.incremental and how.gone  # the removed source's page is among what goes
    assert not any((p / "site" / rel).exists() for rel in how.gone)
    assert files(p / "site") == clean_build(p)
    assert (len(pagefind_bundle.bundles(p / "site" / search_index.BUNDLE)) > 2) == bundles


def test_nothing_changed_rebuilds_to_the_same_site(site_project):
    make(site_project)
    before = files(site_project / "site")
    assert make(site_project).incremental
    assert files(site_project / "site") == before


def test_build_and_site_share_one_record(site_project):
    """`briefing build` passes no folders, `briefing site` names the default ones: the same build either way."""
    make(site_project)
    named = plan_options(site_project / "mkdocs.yml", content_dir=site_project / "content",
                         config_file=site_project / "briefing.yml")
    assert named == plan_options(site_project / "mkdocs.yml")
    assert rebuild.plan(site_project / "mkdocs.yml", site_project / "site", site_project / "content", named).incremental
    other = site_project / "elsewhere.yml"
    other.write_text((site_project / "briefing.yml").read_text(encoding="utf-8") + "\n# another file\n")
    assert plan_options(site_project / "mkdocs.yml", config_file=other) != named


@pytest.mark.parametrize("change", ["config", "theme"])
def test_a_shared_input_changed_makes_a_clean_build(site_project, change):
    p = site_project
    make(p)
    if change == "config":
        text = (p / "briefing.yml").read_text(encoding="utf-8")
        (p / "briefing.yml").write_text(text.replace("title:", "title: Sahel watch —", 1), encoding="utf-8")
    else:
        css = next((p / "theme").rglob("*.css"))
        css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    how = make(p)
    assert not how.incremental
    assert files(p / "site") == clean_build(p)


def test_bytecode_of_the_hooks_is_not_a_shared_input(site_project):
    # The first build that imports the theme's hooks writes their bytecode beside them: the next build must still
    # be incremental (the bench's first edit after a clean build was a clean build for that reason).
    make(site_project)
    cache = site_project / "theme" / "hooks" / "__pycache__"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "new_hook.cpython-311.pyc").write_bytes(b"bytecode")
    assert make(site_project).incremental


def test_the_search_index_is_made_from_the_whole_site_at_every_build(site_project):
    """Only the changed pages are rebuilt, but the index is made again from every page (never carried over)."""
    make(site_project)
    names = sorted(os.listdir(site_project / "sources"))
    edited = site_project / "sources" / names[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA zanzibarian wordmark closes the text.\n",
                      encoding="utf-8")
    assert make(site_project).incremental
    site = site_project / "site"
    pages = pagefind_bundle.fragments(site / search_index.BUNDLE)
    indexed = {"/" + p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
               if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert set(pages) == {u.replace("/./", "/") for u in indexed}  # every page, not only the rebuilt one
    assert [u for u, f in pages.items() if "zanzibarian wordmark" in f["content"]] != []


def test_a_plugin_that_reads_every_page_makes_every_build_clean(project):
    for name in sorted(os.listdir(ROOT / "sources"))[:2]:
        shutil.copy(ROOT / "sources" / name, project / "sources" / name)
    without_plugins(project / "mkdocs.yml", "plugins:\n  - search\n")
    make(project)
    assert "search" in make(project).reason


def test_an_interrupted_swap_leaves_no_record(site_project, monkeypatch):
    make(site_project)
    import generator.build as build

    def broken_swap(new, dest, rescue=None, what=None):
        raise OSError("disk gone")

    monkeypatch.setattr(build, "swap", broken_swap)
    with pytest.raises(OSError):
        build_site(site_project / "mkdocs.yml", site_project / "site")
    assert not rebuild.record_path(site_project / "site").exists()  # the next build is clean


@pytest.mark.parametrize("src, out", [("index.md", "index.html"), ("topics/index.md", "topics/index.html"),
                                      ("sources/a-b.md", "sources/a-b/index.html"), ("feed.xml", "feed.xml"),
                                      ("assets/charts/t.svg", "assets/charts/t.svg")])
def test_output_of_follows_mkdocs_directory_urls(src, out):
    assert rebuild.output_of(src) == out


def test_output_of_without_directory_urls():
    assert rebuild.output_of("sources/a.md", directory_urls=False) == "sources/a.html"


@pytest.mark.parametrize("change", ["remove", "edit"])
def test_a_failed_search_index_keeps_the_previous_site(site_project, monkeypatch, change):
    make(site_project)
    before = files(site_project / "site")
    source = site_project / "sources" / sorted(os.listdir(site_project / "sources"))[0]
    if change == "remove":
        source.unlink()
    else:  # MkDocs writes the edited page again: never into the last site's file
        source.write_text(source.read_text(encoding="utf-8").replace("Algeria", "Algeria today", 1), encoding="utf-8")
    monkeypatch.setattr(search_index, "command", lambda: [sys.executable, "-c", "import sys; sys.exit('no index')"])
    with pytest.raises(BriefingError, match=r"search index \(pagefind\) failed: no index; previous site kept"):
        make(site_project)
    assert files(site_project / "site") == before
    assert not any(p.name.startswith("site.") for p in site_project.iterdir())  # no staging left behind


def test_the_index_replaces_the_last_one_whole(site_project):
    make(site_project)
    bundle = site_project / "site" / search_index.BUNDLE / "0"
    stale = bundle / "fragment" / "en_0000000.pf_fragment"
    stale.write_bytes(b"from an earlier index")
    search_index.index_site(site_project / "site")
    assert not stale.exists() and (bundle / "pagefind.js").is_file()


def test_seed_links_what_mkdocs_skips_and_stands_in_for_the_rest(tmp_path):
    last, staging, docs = tmp_path / "site", tmp_path / "staging", tmp_path / "docs"
    for folder in (last / "kept", last / "made", last / "assets", last / search_index.BUNDLE, docs):
        folder.mkdir(parents=True)
    old, new = 10**18, 2 * 10**18
    for name, text in [("kept/index.html", "kept page"), ("made/index.html", "last build's page"),
                       ("gone/index.html", "a removed source's page"), ("assets/theme.css", "theme"),
                       (f"{search_index.BUNDLE}/index.pf", "never carried")]:
        (last / name).parent.mkdir(parents=True, exist_ok=True)
        (last / name).write_text(text)
        os.utime(last / name, ns=(old, old))
    for name, when in [("kept.md", old - 1), ("made.md", new)]:  # MkDocs makes a page whose source is newer
        (docs / name).write_text("# page")
        os.utime(docs / name, ns=(when, when))
    plan = rebuild.Plan(True, "", ("kept.md", "made.md"), ("gone/index.html",), "")
    seeded = rebuild.seed(last, staging, docs, plan)
    assert sorted(seeded.linked) == ["kept/index.html"]
    assert sorted(seeded.standins) == ["assets/theme.css", "gone/index.html", "made/index.html"]
    made = staging / "made" / "index.html"
    assert made.stat().st_size == 0 and made.stat().st_mtime_ns == old  # all --dirty reads of it
    made.write_text("this build's page")  # in place, as MkDocs writes
    rebuild.check(staging, seeded)
    rebuild.prune(staging, plan.gone)
    rebuild.fill(last, staging, seeded)
    assert (staging / "kept" / "index.html").read_text() == "kept page"
    assert (staging / "assets" / "theme.css").read_text() == "theme"
    assert (staging / "assets" / "theme.css").stat().st_mtime_ns == old
    assert made.read_text() == "this build's page"
    assert (last / "made" / "index.html").read_text() == "last build's page"  # the last site is never written
    assert not (staging / "gone").exists() and not (staging / search_index.BUNDLE).exists()
    assert sorted(p.name for p in (staging / "assets").iterdir()) == ["theme.css"]  # no temporary left


def test_a_linked_page_written_by_the_builder_is_reported(tmp_path):
    last, staging, docs = tmp_path / "site", tmp_path / "staging", tmp_path / "docs"
    (last / "kept").mkdir(parents=True)
    docs.mkdir()
    (docs / "kept.md").write_text("# page")
    (last / "kept" / "index.html").write_text("kept page")
    seeded = rebuild.seed(last, staging, docs, rebuild.Plan(True, "", ("kept.md",), (), ""))
    assert list(seeded.linked) == ["kept/index.html"]
    os.utime(staging / "kept" / "index.html", ns=(1, 1))  # what a write would do to its time
    with pytest.raises(rebuild.BuildWroteLastSite, match="kept/index.html"):
        rebuild.check(staging, seeded)


def test_a_swallowed_ctrl_c_keeps_the_previous_site(site_project, monkeypatch):
    # Ctrl-C raised inside a destructor is printed as "ignored" and lost; the build still sees it before the swap.
    from generator import interrupt

    make(site_project)
    before = files(site_project / "site")
    source = site_project / "sources" / sorted(os.listdir(site_project / "sources"))[0]
    source.write_text(source.read_text(encoding="utf-8").replace("Algeria", "Algeria today", 1), encoding="utf-8")
    index = search_index.index_site

    def swallowed(site, *last, **options):
        index(site, *last, **options)
        monkeypatch.setattr(interrupt, "_pending", True)

    monkeypatch.setattr(search_index, "index_site", swallowed)
    with pytest.raises(KeyboardInterrupt):
        make(site_project)
    assert files(site_project / "site") == before
    assert not any(p.name.startswith("site.") for p in site_project.iterdir())
