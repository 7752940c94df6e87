"""Pages whose inputs did not change are taken from the last run instead of rendered again (render.render_pages).

The reuse is only worth having if it is invisible: after any change to the sources, the content a cached run
writes must be the content a fresh run writes."""
import json
import shutil

import pytest
from jinja2 import UndefinedError

from bench.corpus import change_one, make_corpus
from generator import render
from generator.render import pages, views
from generator.pipeline import generate
from generator.incremental.pages import PAGES
from tests.conftest import ROOT, tree


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    dest = tmp_path_factory.mktemp("corpus") / "sources"
    make_corpus(dest, 14, ROOT / "briefing.yml", seed=11)
    return dest


@pytest.fixture
def project(tmp_path, corpus):
    shutil.copytree(corpus, tmp_path / "sources")
    return tmp_path


@pytest.fixture
def rendered(monkeypatch):
    """The (kind, key) of every source, topic and entity page actually rendered."""
    calls = []
    real = pages._item_page

    def spy(kind, item, view, config, ctx):
        calls.append((kind, getattr(item, "slug", None) or getattr(item, "key", None) or item.topic.slug))
        return real(kind, item, view, config, ctx)

    monkeypatch.setattr(pages, "_item_page", spy)
    return calls


def _retitle(path, title):
    path.write_text(path.read_text(encoding="utf-8").replace(title, f"Update: {title}"), encoding="utf-8")


def _title_of(content, rel):
    data = json.loads((content / "briefing.json").read_text(encoding="utf-8"))
    return next(s["title"] for s in data["sources"] if s["source_file"] == rel.as_posix())


def _add_copy(path):
    copy = path.with_name("copy-of-" + path.name)
    shutil.copy(path, copy)
    change_one(copy)


def _fresh(project, config, before, name):
    """What a run without the cache writes, starting from the same content/ (What's new compares with it)."""
    out = project / name
    shutil.copytree(before, out)
    generate(project / "sources", out, config, workers=1)
    return tree(out)


def test_after_each_change_a_cached_run_writes_what_a_fresh_run_writes(project, config, rendered):
    sources, content, cache = project / "sources", project / "content", project / ".cache"
    generate(sources, content, config, cache_dir=cache, workers=1)
    pages = len(rendered)
    files = sorted(p for p in sources.rglob("*") if p.is_file())
    edits = [("edit", lambda: change_one(next(p for p in files if p.suffix == ".txt"))),
             ("retitle", lambda: _retitle(files[3], _title_of(content, files[3].relative_to(sources)))),
             ("remove", lambda: files[5].unlink()),
             ("add", lambda: _add_copy(files[7]))]
    for label, edit in edits:
        shutil.copytree(content, project / f"before-{label}")
        rendered.clear()
        edit()
        generate(sources, content, config, cache_dir=cache, workers=1)
        assert 0 < len(rendered) < pages / 2, (label, rendered)  # most pages came from the last run
        assert tree(content) == _fresh(project, config, project / f"before-{label}", f"fresh-{label}"), label


def test_a_retitled_source_rerenders_the_pages_that_link_to_it(project, config, rendered):
    sources, content, cache = project / "sources", project / "content", project / ".cache"
    first = generate(sources, content, config, cache_dir=cache, workers=1).briefing
    entry = next(e for e in first.sources.values() if e.related)
    linking = {s for s, e in first.sources.items() if entry.slug in {r.slug for r in e.related}}
    assert linking
    shutil.copytree(content, project / "before")
    rendered.clear()
    _retitle(sources / entry.analysis.source.path, entry.analysis.title)
    second = generate(sources, content, config, cache_dir=cache, workers=1).briefing
    new_slug = next(s for s, e in second.sources.items() if e.analysis.source.path == entry.analysis.source.path)
    assert new_slug != entry.slug and ("source", new_slug) in rendered
    assert {("source", s) for s in linking if s in second.sources} <= set(rendered)
    assert len(set(rendered)) < len(first.sources) + len(first.entities)
    assert tree(content) == _fresh(project, config, project / "before", "fresh")


@pytest.mark.parametrize("edit", [b"## Tampered", b"## Txet"])  # the second keeps the size (and the inode)
def test_a_generated_page_edited_by_hand_is_rendered_again(project, config, edit):
    sources, content, cache = project / "sources", project / "content", project / ".cache"
    b = generate(sources, content, config, cache_dir=cache, workers=1).briefing
    entry = next(iter(b.sources.values()))
    page = content / "sources" / f"{entry.slug}.md"
    original = page.read_bytes()
    with open(page, "r+b") as fh:  # in place
        fh.write(original.replace(b"## Text", edit))
        fh.truncate()
    # Another source changes, one the page does not show (its related sources' scores would change with it).
    shown = {entry.slug, *(r.slug for r in entry.related), *entry.translations, *entry.versions}
    paths = {b.sources[s].analysis.source.path for s in shown if s in b.sources}
    change_one(next(p for p in sorted(sources.rglob("*.txt")) if p.relative_to(sources).as_posix() not in paths))
    generate(sources, content, config, cache_dir=cache, workers=1)
    assert page.read_bytes() == original


@pytest.mark.parametrize("record", [b"not json", b'{"pages": {"sources/x.md": "oops"}}', b'{"pages": []}'])
def test_a_damaged_record_means_every_page_is_rendered(project, config, rendered, record):
    sources, content, cache = project / "sources", project / "content", project / ".cache"
    generate(sources, content, config, cache_dir=cache, workers=1)
    pages = len(rendered)
    rendered.clear()
    (cache / PAGES).write_bytes(record)
    change_one(next(p for p in sorted(sources.rglob("*.txt"))))
    generate(sources, content, config, cache_dir=cache, workers=1)
    assert len(rendered) == pages
    assert json.loads((cache / PAGES).read_text())["pages"]  # and a good record is written again


def test_the_digest_covers_the_entry_its_view_and_the_salt(project, config):
    b = generate(project / "sources", project / "content", config, workers=1).briefing
    slug = next(s for s, e in b.sources.items() if e.related)
    item, view = views.inputs(b, "source", slug)
    base = views.page_digest("salt", "source", item, view)
    assert base == views.page_digest("salt", "source", *views.inputs(b, "source", slug))
    assert base != views.page_digest("other salt", "source", item, view)
    other = next(iter(view.sources))
    ref = view.sources[other]
    renamed = views.View({**view.sources, other: views.SourceRef(ref.slug, ref.date, views.RefAnalysis(
        ref.analysis.title + "!", ref.analysis.language, ref.analysis.standfirst))}, view.entities)
    assert base != views.page_digest("salt", "source", item, renamed)
    from dataclasses import replace
    assert base != views.page_digest("salt", "source", replace(item, related=item.related[1:]), view)


def test_a_page_template_sees_only_its_view(project, config):
    """A template reaching beyond the view fails loudly instead of rendering from data the digest missed."""
    b = generate(project / "sources", project / "content", config, workers=1).briefing
    slug = next(s for s, e in b.sources.items() if e.related)
    item, view = views.inputs(b, "source", slug)
    ctx = views.listing_context(b)
    pages._item_page("source", item, view, b.config, ctx)
    missing = views.View({k: v for k, v in view.sources.items() if k != item.related[0].slug}, view.entities)
    with pytest.raises(UndefinedError, match=f"no attribute '{item.related[0].slug}'"):
        pages._item_page("source", item, missing, b.config, ctx)


@pytest.fixture
def listed(monkeypatch):
    """The listing files (and the feed) actually rendered, not taken from the last run."""
    calls = []
    real = pages._listing_file

    def spy(path, ctx):
        calls.append(path)
        return real(path, ctx)

    monkeypatch.setattr(pages, "_listing_file", spy)
    return calls


def test_listing_pages_are_reused_until_what_they_show_changes(project, config, listed):
    sources, content, cache = project / "sources", project / "content", project / ".cache"
    generate(sources, content, config, cache_dir=cache, workers=1)
    always = set(pages.WITH_CHANGES[1:])  # they say what changed, so they are always drawn again
    assert {"sources/index.md", "timeline.md", "quotes.md", "feed.xml"} <= set(listed)
    files = sorted(p for p in sources.rglob("*") if p.is_file())
    listed.clear()
    change_one(next(p for p in files if p.suffix == ".txt"))  # a sentence added to the body: no listing shows it
    generate(sources, content, config, cache_dir=cache, workers=1)
    assert set(listed) == always
    listed.clear()
    shutil.copytree(content, project / "before")
    _retitle(files[3], _title_of(content, files[3].relative_to(sources)))
    generate(sources, content, config, cache_dir=cache, workers=1)
    assert {"sources/index.md", "feed.xml"} <= set(listed)
    assert tree(content) == _fresh(project, config, project / "before", "fresh")


def test_the_listing_digest_covers_the_listing_view_the_extra_pages_and_the_salt(project, config):
    from dataclasses import replace

    b = generate(project / "sources", project / "content", config, workers=1).briefing
    view = views.listing_view(b)
    base = views.listing_digest("salt", view, ())
    assert base == views.listing_digest("salt", views.listing_view(b), ())
    assert base != views.listing_digest("other salt", view, ())
    assert base != views.listing_digest("salt", view, ("notes.md",))
    slug, entry = next(iter(view.sources.items()))
    retitled = replace(entry, analysis=replace(entry.analysis, title=entry.analysis.title + "!"))
    assert base != views.listing_digest("salt", replace(view, sources={**view.sources, slug: retitled}), ())
    event = view.events[0]
    moved = replace(view, events=(replace(event, sentence=event.sentence + "!"), *view.events[1:]))
    assert base != views.listing_digest("salt", moved, ())
    # Related sources and article text are not part of it: no listing page shows them.
    assert views.listing_digest("salt", views.listing_view(replace(b, sources={
        s: replace(e, related=()) for s, e in b.sources.items()})), ()) == base


def test_the_listing_digest_does_not_depend_on_the_process(project, config, tmp_path):
    """Nothing in the view is a set: its pickle, and so the digest, is the same whatever the hash seed."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\nfrom pathlib import Path\nfrom generator.render import views\nfrom generator.config import load_config\n"
        "from generator.pipeline import generate\n"
        "b = generate(Path(sys.argv[1]), Path(sys.argv[2]), load_config(Path(sys.argv[3])), workers=1).briefing\n"
        "print(views.listing_digest('salt', views.listing_view(b), ()))\n")
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script, str(project / "sources"), str(tmp_path / f"c{seed}"),
                              str(ROOT / "briefing.yml")], env=env, capture_output=True, text=True, check=True,
                             cwd=ROOT)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_a_listing_template_sees_only_the_listing_view(project, config):
    """A listing template reaching for what the view leaves out (article text, related sources) fails loudly."""
    b = generate(project / "sources", project / "content", config, workers=1).briefing
    view = views.listing_view(b)
    entry = next(iter(view.sources.values()))
    assert not hasattr(entry, "related") and not hasattr(entry.analysis, "blocks")
    ctx = views.listing_context(view)
    ctx["extra_pages"] = ()
    pages._listing_file("sources/index.md", ctx)
    env = render.environment()
    with pytest.raises(UndefinedError, match="has no attribute 'related'"):
        env.from_string("{% for s in b.sources.values() %}{{ s.related }}{% endfor %}").render(**ctx)


def test_the_listing_pages_are_one_job_that_makes_their_listing_once(project, config, monkeypatch):
    """The listing view, its context and digest are made by the job that renders the listing pages, once per run,
    and the item pages do without them."""
    b = generate(project / "sources", project / "content", config, workers=1).briefing
    made = []
    real = pages.prepare_listing
    monkeypatch.setattr(pages, "prepare_listing", lambda *a: made.append(a) or real(*a))
    files = render.render(b)
    assert len(made) == 1
    listing = [p for p in pages._paths(b, [("listings", (None, None))])]
    assert set(listing) == set(pages._listings(b)) and listing[:3] == list(pages.WITH_CHANGES)
    assert set(files) == set(render.output_paths(b))
