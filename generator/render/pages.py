"""render_pages: every file of the site as render jobs shared out by the executor it is handed, each page
taken from the last run when the digest of its inputs is the one recorded."""
from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import charts, feed, interface, outlets, text_policy
from generator.executor import Executor, InProcess
from generator.models import Briefing
from generator.render.article import article, date_from, source_meta
from generator.render.data import briefing_with_changes
from generator.render.templates import environment, load_templates, page
from generator.render.views import (ListingContext, View, briefing_outlets, inputs, page_context, page_digest,
                                    prepare_listing, serialised, source_refs)

log = logging.getLogger(__name__)


def render(b: Briefing, extra_pages: tuple[str, ...] = (), last_briefing: Path | None = None,
           run: Executor = InProcess()) -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to content/ (see render_pages)."""
    return render_pages(b, extra_pages, last_briefing, run)[0]


def render_pages(b: Briefing, extra_pages: tuple[str, ...] = (), last_briefing: Path | None = None,
                 run: Executor = InProcess(), memos: Callable[[str, str], bytes | None] | None = None,
                 sink: Callable[[str, bytes], None] | None = None) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every generated file, keyed by its path relative to content/, and the digest of the inputs of each source,
    topic, entity and listing page and of the charts (path -> digest) for the next run's memos.

    `last_briefing` is the last briefing.json, from which the "What's new" section is drawn. `memos(path,
    digest)` gives the last run's file for a page or chart whose inputs had this digest (None when there is
    none): it is taken instead of made again. `run`: where the pages are rendered (see executor.py).
    `sink(path, bytes)`, when given, is called with each file as it is made (in this process, in no set
    order)."""
    ctx = page_context(b)  # what the source, topic and entity pages read besides their entry and view
    # Hand-written outlet pages move the generated ones: every page depends on them too.
    common = common_inputs(b) + f"{sorted(b.taken_outlets)}\n"
    chunks = _chunks(b, last_briefing)
    last = Last(memos)
    files: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    reused_pages = 0

    def done(i: int, pages: list[tuple[str, bytes, bool]]) -> None:
        nonlocal reused_pages
        for path, (digest, out, reused) in zip(_paths(b, chunks[i]), pages):
            files[path] = out
            reused_pages += reused and bool(digest)
            if digest:
                digests[path] = digest
            if sink is not None:
                sink(path, out)

    # Every job goes to the worker processes, the one that says what changed too: this process taking it as
    # well would only share the same cores three ways. It takes the files as they come (`sink`).
    run.map(_render_pages, chunks, (b, ctx, common, last, extra_pages, source_refs(b)), done, _crashed,
            warm_up=functools.partial(load_templates, b.config.language))
    log.debug("render: %d of %d pages unchanged since the last run", reused_pages, len(digests))
    return dict(sorted(files.items())), dict(sorted(digests.items()))


def output_paths(b: Briefing) -> list[str]:
    """Every file render_pages() makes of this briefing."""
    return [path for chunk in _chunks(b, None) for path in _paths(b, chunk)]


def _chunks(b: Briefing, last_briefing: Path | None) -> list[list[tuple[str, object]]]:
    """The render jobs, in chunks (a chunk is a task for a worker process). The listing pages' job carries what
    they read besides the briefing: the last briefing.json."""
    listers = [("topic", i) for i in range(len(b.topics))] + [("entity", key) for key in b.entities]
    sources = [("source", slug) for slug in b.sources]
    size = max(1, PAGES_PER_JOB // 4)
    # Every file is a job, run on several cores when there are many: the charts first, as the longest when they
    # must be drawn, then the listing pages (briefing.json, the home page and the pages that say what changed
    # since the last one, the listing pages and the feed: one job, which makes their listing view once; a
    # cold run renders them while the other cores take the many pages that follow), then the topic and entity
    # pages in small chunks (each lists many sources: a long chunk left for the end would keep the other cores
    # waiting), then the source pages in larger ones. Each job decides for itself whether the last run's file
    # will do, so that this work is shared out too.
    return [[("charts", None)], [("listings", last_briefing)]] + \
        [listers[i:i + size] for i in range(0, len(listers), size)] + \
        [sources[i:i + PAGES_PER_JOB] for i in range(0, len(sources), PAGES_PER_JOB)]


@dataclass(frozen=True)
class Last:
    """What the last run left: its memos of pages (see render_pages), or None on a first run."""
    memos: Callable[[str, str], bytes | None] | None

    def page(self, path: str, digest: str) -> bytes | None:
        return self.memos(path, digest) if self.memos is not None else None


PAGES_PER_JOB = 64


def _listings(b: Briefing) -> dict[str, tuple[dict, str]]:
    """The pages that list or introduce the others: path -> (front matter, template)."""
    # Left out of the search index (theme/main.html): they repeat what the source, topic and entity pages hold,
    # and would answer every query.
    unsearched = {"search": {"exclude": True}}
    title = interface.load(b.config.language).data["titles"]
    return {
        "index.md": ({"title": b.config.title, "description": b.config.description, "hide": ["navigation"],
                      **unsearched}, "home.md.j2"),
        "sources/index.md": ({"title": title["sources"], **unsearched}, "sources_index.md.j2"),
        "topics/index.md": ({"title": title["topics"]}, "topics_index.md.j2"),
        "entities/index.md": ({"title": title["entities"]}, "entities_index.md.j2"),
        "timeline.md": ({"title": title["timeline"], **unsearched}, "timeline.md.j2"),
        "quotes.md": ({"title": title["quotes"], **unsearched}, "quotes.md.j2"),
        "about.md": ({"title": title["about"]}, "about.md.j2"),
        "tags.md": ({"title": title["tags"], **unsearched}, "tags.md.j2"),
        # The search page (theme/search.html draws it, with the interface's words).
        "search.md": ({"title": title["search"], "template": "search.html", "hide": ["navigation", "toc"],
                       **unsearched}, "search.md.j2"),
        "changes.md": ({"title": title["changes"], **unsearched}, "changes.md.j2"),
        "briefing.json": ({}, ""),
        feed.FEED: ({}, ""),
        **{outlets.page_path(o.name, b.taken_outlets): ({"title": o.name}, "outlet.md.j2")
           for o in briefing_outlets(b)},
    }


def _paths(b: Briefing, jobs: list[tuple[str, object]]) -> list[str]:
    """The files a job list renders, in the order _render_pages returns them."""
    out: list[str] = []
    for job in jobs:
        if job[0] == "charts":
            out += charts.FILES.values()
        elif job[0] == "listings":
            out += [*WITH_CHANGES, *(path for path in _listings(b) if path not in WITH_CHANGES)]
        else:
            out.append(_page_path(b, job))
    return out


_FOLDERS = {"source": "sources", "topic": "topics", "entity": "entities"}


def _page_path(b: Briefing, job: tuple[str, object]) -> str:
    kind, key = job
    return f"{_FOLDERS[kind]}/{b.topics[key].topic.slug if kind == 'topic' else key}.md"


def _render_pages(jobs: list[tuple[str, object]], b: Briefing, ctx: dict, common: str, last: Last,
                  extra_pages: tuple[str, ...] = (), refs: dict | None = None) -> list[tuple[str, bytes, bool]]:
    """The files of these jobs, in their order (see _paths): (digest of its inputs, "" for the files that say
    what changed; its bytes; whether they are the last run's). `ctx`: page_context(b); `extra_pages`: the
    hand-written pages the listing pages link."""
    # The pages link outlets by name; those a hand-written page's address moved are this briefing's own.
    environment(b.config.language).filters["outlet_page"] = functools.partial(outlets.page_path,
                                                                              taken=b.taken_outlets)
    out: list[tuple[str, bytes, bool]] = []
    for kind, key in jobs:
        if kind == "charts":
            out.extend(_charts(b, last))
        elif kind == "listings":
            out.extend(_listing_pages(b, prepare_listing(b, extra_pages, common), key, last))
        else:
            item, view = inputs(b, kind, key, refs)
            digest = page_digest(common, kind, item, view)
            old = last.page(_page_path(b, (kind, key)), digest)
            out.append((digest, old, True) if old is not None else
                       (digest, _item_page(kind, item, view, b.config, ctx), False))
    return out


def _charts(b: Briefing, last: Last) -> list[tuple[str, bytes, bool]]:
    """The charts (see _paths): the last run's while they were drawn from the same data (drawing them takes
    matplotlib a second or two; the memos are the same generator's), else drawn. Unlike the pages they do not
    depend on the configuration, but through its interface language and the topics and entities in their
    data."""
    digest = hashlib.sha256(f"charts\n{charts.chart_key(b)}".encode()).hexdigest()
    old = [last.page(path, digest) for path in charts.FILES.values()]
    if all(file is not None for file in old):
        return [(digest, file, True) for file in old]
    return [(digest, svg, False) for svg in charts.draw(b).values()]


def _listing_pages(b: Briefing, listing: ListingContext, last_briefing: Path | None,
                   last: Last) -> list[tuple[str, bytes, bool]]:
    """The files that list or introduce the others (see _paths). The listing pages and the feed read the
    briefing through its listing view: when that view is the last run's, so are they (most edits change no
    title, date, summary or quotation). Those that say what changed are made every time."""
    out: list[tuple[str, bytes, bool]] = [("", made, False) for made in
                                           _with_changes(b, listing.ctx, last_briefing)]
    for path in _listings(b):
        if path not in WITH_CHANGES:
            old = last.page(path, listing.digest)
            out.append((listing.digest, old, True) if old is not None else
                       (listing.digest, _listing_file(path, listing.ctx), False))
    return out


def _item_page(kind: str, item, view: View, config, ctx: dict) -> bytes:
    # `here`: the page's own path, from which its raw HTML links are made (see _html.md.j2).
    key = item.slug if kind == "source" else item.topic.slug if kind == "topic" else item.key
    common = {"b": view, "topic_names": ctx["topic_names"], "here": f"{_FOLDERS[kind]}/{key}.md"}
    if kind == "source":
        return page(source_meta(item, config), "source.md.j2", config.language, s=item,
                    paragraphs=article(item, config), policy=config.publish_text, date_from=date_from(item),
                    show_comments=text_policy.publishes_comments(config.publish_text), **common)
    if kind == "topic":
        return page({"title": item.topic.name, "description": item.topic.description, "tags": [item.topic.name]},
                    "topic.md.j2", config.language, t=item, **common)
    return page({"title": item.name, "kind": item.kind}, "entity.md.j2", config.language, e=item, **common)


def common_inputs(b: Briefing) -> str:
    """What every page depends on besides its entry and view: the configuration. (The generator's code is the
    memos' business: they are not kept across versions.)"""
    return f"{hashlib.sha256(serialised(b.config)).hexdigest()}\n"


# Drawn from the comparison of this briefing with the last one (see changes.py), in this order.
WITH_CHANGES = ("briefing.json", "index.md", "changes.md")


def _with_changes(b: Briefing, ctx: dict, last_briefing: Path | None) -> list[bytes]:
    """briefing.json, with what changed since the last one, and the pages that say what it is (see
    data.briefing_with_changes)."""
    out, what = briefing_with_changes(b, last_briefing)
    ctx = {**ctx, "changes": what}
    return [out, *(_listing_file(path, ctx) for path in WITH_CHANGES[1:])]


def _listing_file(path: str, ctx: dict) -> bytes:
    """A listing page (or the feed), from the listing view of the briefing that ctx holds."""
    if path == feed.FEED:
        return feed.render_feed(ctx["b"])
    meta, template = _listings(ctx["b"])[path]
    return page(meta, template, ctx["config"].language, page_path=path, here=path, **ctx)


def _crashed(jobs, reason: str):
    first = ", ".join(f"{kind} {key}" for kind, key in jobs[:3])
    raise RuntimeError(f"rendering {len(jobs)} pages ({first}{', ...' if len(jobs) > 3 else ''}) failed: {reason}")
