"""Render: the linked briefing to pages (front matter + Markdown) and data files, as {relative path: bytes}.

Source text is untrusted. Every value a template prints is escaped for Markdown and HTML unless it is a
`Markup` the generator built itself (links to its own pages); front matter goes through a YAML serializer.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import frontmatter
import orjson
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import __version__, changes, charts, controls, feed, interface, outlets, text_policy
from generator.data import DUMPER
from generator.executor import Executor, InProcess
from generator.hrefs import page_href, vetted
from generator.models import SHARES, SIMILAR_WORDING, Briefing, SourceEntry
from generator.models import HEADING, Analysis, Provenance, PubDate, Quote

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# Must match markdown_extensions in mkdocs.yml: these decide which characters a backslash can escape.
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "toc"]


# What Python-Markdown with MARKDOWN_EXTENSIONS lets a backslash escape, but `<`, `>` and `&`, which become HTML
# entities instead. Written out because building a Markdown instance to ask costs a tenth of a second at every
# run; a test checks it against the installed Markdown.
ESCAPABLE = "!#()*+-.[\\]_`{|}"


_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
# Dropped: control characters that are not whitespace (str.split() takes care of those).
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLOCK_OPENERS = "?=:~/$"


def _visible(value: str) -> str:
    """Untrusted text without what a reader cannot see: control characters that are not whitespace, lone
    surrogates (replaced) and the invisible controls of controls.py."""
    return controls.strip(_UNPRINTABLE.sub("", _SURROGATE.sub("\ufffd", value)))


def attribute(value) -> Markup:
    """Untrusted text as the value of an HTML attribute in a raw HTML block (where Markdown escapes do not apply):
    one line, entity-escaped, quotes included."""
    return Markup(html.escape(" ".join(_visible(str(value)).split()), quote=True))


def md_escape(value) -> Markup:
    """Untrusted text to inert Markdown: one line, every Markdown and HTML special character neutralised.

    What Markdown can backslash-escape is backslash-escaped; `<`, `>`, `&` and quotes become HTML entities;
    control characters are dropped. A first character that can open a block and that no backslash can escape
    (`???` details, `===` setext underlines and tabs, `:` definitions, `~~~` fences, `///` blocks, `$$` maths)
    becomes a numeric character reference, since a template may put the text at the start of a line."""
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _escaped(value)
    return _escaped(str(value))


@lru_cache(maxsize=1 << 16)
def _escaped(value: str) -> Markup:
    """md_escape of a string, remembered: titles, names and sentences recur on many pages."""
    text = " ".join(_visible(value).split())
    if not text:
        return Markup("")
    special, table = _escaper()
    escape = lambda m: table[m.group()]  # noqa: E731
    head = f"&#{ord(text[0])};" if text[0] in _BLOCK_OPENERS else special.sub(escape, text[0])
    return Markup(head + special.sub(escape, text[1:]))


@lru_cache(maxsize=1)
def _escaper() -> tuple[re.Pattern, dict[str, str]]:
    """The characters to neutralise, as one character class (a regex finds the few in a sentence much faster
    than str.translate looks up every character), and what each becomes."""
    table = {ch: "\\" + ch for ch in ESCAPABLE}
    table.update(_HTML_ENTITIES)
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(table)) + "]"), table


def link(text, href: str) -> Markup:
    """A link to one of the site's own files (built from slugs, or a hand-written page's file name)."""
    return Markup(f"[{md_escape(text)}]({page_href(href)})")


def web_href(url: str) -> Markup:
    """An address of the original (an http(s) URL, see analyze/provenance.web_address) as an href attribute's
    value: what could end the attribute or be read as Markdown (brackets, parentheses, stars, backslashes,
    backticks, quotes) is percent-encoded, then the rest entity-escaped."""
    from urllib.parse import quote

    return Markup(html.escape(quote(vetted(url), safe="/:?#=&%+,;@~!$"), quote=True))


class Labels:
    """The interface strings as the templates call them (`ui("key", name=value)`, `ui.count("key", n)`): trusted
    Markdown from the language file, with every value filled in escaped like anything else a template prints."""

    def __init__(self, language: str):
        self.strings = interface.load(language)

    def __call__(self, key: str, **values) -> Markup:
        return Markup(self.strings.text(key, **_escaped_values(values)))

    def count(self, key: str, n: int, **values) -> Markup:
        return Markup(self.strings.plural(key, n, **_escaped_values(values)))

    def plain(self, key: str) -> str:
        """The string as text, to be escaped where it is printed (a link's text)."""
        return self.strings.text(key)

    def reason(self, reason: str) -> Markup:
        """Why a source is related (link.py's reason, kept in English in briefing.json), in the interface's words."""
        if reason == SIMILAR_WORDING:
            return self("related.similar")
        if reason.startswith(SHARES):
            return self("related.shares", names=reason[len(SHARES):])
        return md_escape(reason)


def _escaped_values(values: dict) -> dict:
    return {k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else md_escape(v)
            for k, v in values.items()}


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_escape(value)


def environment(language: str = interface.DEFAULT) -> Environment:
    """The templates' environment for an interface language: its words (`ui`), dates, language names and date
    bases. One per language, as the filters are the environment's."""
    env = _environments.get(language)
    if env is None:
        env = _environments[language] = _new_environment(language)
    return env


def _new_environment(language: str) -> Environment:
    labels = Labels(language)
    strings = labels.strings
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False,
                      finalize=_finalize, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=_bytecode_cache)
    env.globals["ui"] = labels
    env.filters.update(link=link, md=md_escape, attr=attribute, href=web_href, outlet_page=outlets.page_path,
                       date=strings.date, language=strings.language_name, basis=strings.basis, reason=labels.reason)
    return env


_environments: dict[str, Environment] = {}
_bytecode_cache = None  # set by prepare(), for every language's environment


# Front-matter fields the theme prints into HTML as they are (<title>, the header, the tags index): their text
# is entity-escaped there, so a title shows literally and never becomes markup. briefing.json keeps raw text.
_CHROME_FIELDS = ("title", "description")


def page(meta: dict, template: str, lang: str = interface.DEFAULT, **context) -> bytes:
    """A page: front matter and the template's Markdown, in interface language `lang`."""
    body = environment(lang).get_template(template).render(**context)
    meta = {k: html.escape(controls.strip(v), quote=True) if k in _CHROME_FIELDS and isinstance(v, str) else v
            for k, v in meta.items()}
    post = frontmatter.Post(body, **meta)
    text = frontmatter.dumps(post, Dumper=DUMPER, sort_keys=False, width=10_000)
    return (text.rstrip("\n") + "\n").encode("utf-8")


def render(b: Briefing, extra_pages: tuple[str, ...] = (), previous: Path | None = None,
           previous_file: Callable[[str], bytes | None] | None = None, run: Executor = InProcess()) -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to content/ (see render_pages)."""
    return render_pages(b, extra_pages, previous, previous_file, run)[0]


def render_pages(b: Briefing, extra_pages: tuple[str, ...] = (), previous: Path | None = None,
                 previous_file: Callable[[str], bytes | None] | None = None, run: Executor = InProcess(),
                 memos: Callable[[str, str], bytes | None] | None = None,
                 sink: Callable[[str, bytes], None] | None = None) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every generated file, keyed by its path relative to content/, and the digest of the inputs of each source,
    topic, entity and listing page (path -> digest) for the next run's memos.

    `previous` is the last briefing.json, from which the "What's new" section is drawn; `previous_file(path)`
    gives a file the last run generated, for the charts to reuse when their data did not change. `memos(path,
    digest)` gives the last run's file for a page whose inputs had this digest (None when there is none).
    `run`: where the pages are rendered (see executor.py). `sink(path, bytes)`, when given, is called with each
    file as it is made (in this process, in no set order)."""
    ctx = _page_context(b)  # what the source, topic and entity pages read besides their entry and view
    salt = _salt(b) + f"{sorted(b.taken_outlets)}\n"  # hand-written outlet pages move the generated ones
    chunks = _chunks(b, previous)
    last = Last(previous_file, memos)
    files: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    kept_pages = 0

    def done(i: int, pages: list[tuple[str, bytes, bool]]) -> None:
        nonlocal kept_pages
        for path, (digest, out, reused) in zip(_paths(b, chunks[i]), pages):
            files[path] = out
            kept_pages += reused and bool(digest)
            if digest:
                digests[path] = digest
            if sink is not None:
                sink(path, out)

    # Every job goes to the worker processes, the one that says what changed too: this process taking it as
    # well would only share the same cores three ways. It takes the files as they come (`sink`).
    run.map(_render_pages, chunks, (b, ctx, salt, last, extra_pages, source_refs(b)), done, _crashed,
            warm_up=functools.partial(_load_templates, b.config.language))
    log.debug("render: %d of %d pages unchanged since the last run", kept_pages, len(digests))
    return dict(sorted(files.items())), dict(sorted(digests.items()))


def output_paths(b: Briefing) -> list[str]:
    """Every file render_pages() makes of this briefing."""
    return [path for chunk in _chunks(b, None) for path in _paths(b, chunk)]


def _chunks(b: Briefing, previous: Path | None) -> list[list[tuple[str, object]]]:
    """The render jobs, in chunks (a chunk is a task for a worker process)."""
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
    return [[("charts", None)], [("listings", previous)]] + \
        [listers[i:i + size] for i in range(0, len(listers), size)] + \
        [sources[i:i + PAGES_PER_JOB] for i in range(0, len(sources), PAGES_PER_JOB)]


@dataclass(frozen=True)
class Last:
    """What the last run left: a reader of the files it generated, and its memos of pages (see render_pages)."""
    read: Callable[[str], bytes | None] | None
    memos: Callable[[str, str], bytes | None] | None

    def page(self, path: str, digest: str) -> bytes | None:
        return self.memos(path, digest) if self.memos is not None else None


PAGES_PER_JOB = 64


def _listings(b: Briefing) -> dict[str, tuple[dict, str]]:
    """The pages that list or introduce the others: path -> (front matter, template)."""
    # Left out of the search index (theme/main.html): they repeat what the source, topic and entity pages hold,
    # and would answer every query.
    listing = {"search": {"exclude": True}}
    title = interface.load(b.config.language).data["titles"]
    return {
        "index.md": ({"title": b.config.title, "description": b.config.description, "hide": ["navigation"],
                      **listing}, "home.md.j2"),
        "sources/index.md": ({"title": title["sources"], **listing}, "sources_index.md.j2"),
        "topics/index.md": ({"title": title["topics"]}, "topics_index.md.j2"),
        "entities/index.md": ({"title": title["entities"]}, "entities_index.md.j2"),
        "timeline.md": ({"title": title["timeline"], **listing}, "timeline.md.j2"),
        "quotes.md": ({"title": title["quotes"], **listing}, "quotes.md.j2"),
        "about.md": ({"title": title["about"]}, "about.md.j2"),
        "tags.md": ({"title": title["tags"], **listing}, "tags.md.j2"),
        # The search page (theme/search.html draws it, with the interface's words).
        "search.md": ({"title": title["search"], "template": "search.html", "hide": ["navigation", "toc"],
                       **listing}, "search.md.j2"),
        "changes.md": ({"title": title["changes"], **listing}, "changes.md.j2"),
        "briefing.json": ({}, ""),
        feed.FEED: ({}, ""),
        **{outlets.page_path(o.name, b.taken_outlets): ({"title": o.name}, "outlet.md.j2")
           for o in _outlets(b)},
    }


def _outlets(b: Briefing) -> tuple[outlets.Outlet, ...]:
    """The outlets of the briefing's sources, each with its sources newest first."""
    return outlets.group(((s.slug, s.analysis.provenance.publisher) for s in b.by_date()), b.taken_outlets)


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


def _page_path(b: Briefing, job: tuple[str, object]) -> str:
    kind, key = job
    if kind == "source":
        return f"sources/{key}.md"
    if kind == "topic":
        return f"topics/{b.topics[key].topic.slug}.md"
    return f"entities/{key}.md"


def _render_pages(jobs: list[tuple[str, object]], b: Briefing, ctx: dict, salt: str, last: Last,
                  extra_pages: tuple[str, ...] = (), refs: dict | None = None) -> list[tuple[str, bytes, bool]]:
    """The files of these jobs, in their order (see _paths): (digest of its inputs, "" for the charts and the
    files that say what changed; its bytes; whether they are the last run's). `ctx`: _page_context(b);
    `extra_pages`: the hand-written pages the listing pages link."""
    # The pages link outlets by name; those a hand-written page's address moved are this briefing's own.
    environment(b.config.language).filters["outlet_page"] = functools.partial(outlets.page_path,
                                                                              taken=b.taken_outlets)
    out: list[tuple[str, bytes, bool]] = []
    for kind, key in jobs:
        if kind == "charts":
            reused = charts.reusable(b, last.read)
            out.extend(("", chart, reused is not None) for chart in (reused or charts.draw(b)).values())
        elif kind == "listings":
            out.extend(_listing_pages(b, prepare_listing(b, extra_pages, salt), key, last))
        else:
            item, view = _inputs(b, kind, key, refs)
            digest = page_digest(salt, kind, item, view)
            old = last.page(_page_path(b, (kind, key)), digest)
            out.append((digest, old, True) if old is not None else
                       (digest, _item_page(kind, item, view, b.config, ctx), False))
    return out


def _listing_pages(b: Briefing, listing: Listing, changes_from: Path | None,
                   last: Last) -> list[tuple[str, bytes, bool]]:
    """The files that list or introduce the others (see _paths). The listing pages and the feed read the
    briefing through its listing view: when that view is the last run's, so are they (most edits change no
    title, date, summary or quotation). Those that say what changed are made every time."""
    out: list[tuple[str, bytes, bool]] = [("", page, False) for page in
                                                  _with_changes(b, listing.ctx, changes_from)]
    for path in _listings(b):
        if path not in WITH_CHANGES:
            old = last.page(path, listing.digest)
            out.append((listing.digest, old, True) if old is not None else
                       (listing.digest, _listing_file(path, listing.ctx), False))
    return out


@dataclass(frozen=True)
class ListedAnalysis:
    title: str
    language: str
    standfirst: str
    summary: tuple[str, ...]
    quotes: tuple[Quote, ...]
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Listed:
    """A source as the listing pages, the home page and the feed show it: no article text, no related sources."""
    slug: str
    date: PubDate
    duplicate_of: str | None
    versions: tuple[str, ...]
    topics: tuple[str, ...]
    entities: tuple[str, ...]
    analysis: ListedAnalysis

    @property
    def publisher(self) -> str:
        """The outlet as the source names it, as on a SourceRef."""
        return self.analysis.provenance.publisher


def listing_view(b: Briefing) -> Briefing:
    """The briefing with each source reduced to what the listing pages read (a template reaching for more fails,
    as with View): those pages are a function of this view, the configuration and the generator alone."""
    def listed(s: SourceEntry) -> Listed:
        a = s.analysis
        return Listed(s.slug, s.date, s.duplicate_of, s.versions, s.topics, s.entities,
                      ListedAnalysis(a.title, a.language, a.standfirst, a.summary, a.quotes, a.provenance))

    return dataclasses.replace(b, sources={slug: listed(s) for slug, s in b.sources.items()})


@dataclass(frozen=True)
class Listing:
    """The listing pages' context (what their templates are given, the listing view of the briefing among it)
    and the digest of their inputs."""
    ctx: dict
    digest: str


def prepare_listing(b: Briefing, extra_pages: tuple[str, ...], salt: str) -> Listing:
    """What the listing pages need: their context and its digest (`salt`: _salt(b))."""
    listed = listing_view(b)
    ctx = _context(listed)
    ctx["extra_pages"] = extra_pages
    return Listing(ctx, listing_digest(salt, listed, extra_pages))


def listing_digest(salt: str, listed: Briefing, extra_pages: tuple[str, ...]) -> str:
    """sha256 of what the listing pages read: their view of the briefing, the extra pages and the salt (which
    holds the configuration)."""
    data = [listed.sources, listed.topics, listed.entities, listed.events, listed.overview, listed.failures,
            extra_pages]
    return hashlib.sha256(salt.encode() + _serialised(data)).hexdigest()


@dataclass(frozen=True)
class RefAnalysis:
    title: str
    language: str
    standfirst: str


@dataclass(frozen=True)
class SourceRef:
    """What a page shows of another source: a link to it, its date, language and standfirst, and who published
    it (the outlet, see outlet())."""
    slug: str
    date: PubDate
    analysis: RefAnalysis
    outlet: str = ""
    publisher: str = ""  # the outlet as the source names it, "" when it does not (outlet: its file name then)


def outlet(analysis: Analysis) -> str:
    """Who published a source, as it says (see analyze/provenance.publisher), else its file name. Source text:
    printed escaped, like any."""
    return analysis.provenance.publisher or Path(analysis.source.path).name


@dataclass(frozen=True)
class EntityRef:
    name: str
    kind: str


@dataclass(frozen=True)
class View:
    """The part of the briefing a source, topic or entity page reads besides its own entry, given to its template
    as `b`. The page is rendered from its entry and this alone (a template reaching for anything else fails), so
    a digest of the two names everything the page depends on: when it is the last run's, the page is too."""
    sources: dict  # slug -> SourceRef
    entities: dict  # key -> EntityRef


def _inputs(b: Briefing, kind: str, key, refs: dict | None = None) -> tuple[object, View]:
    """The entry a page is about, and its view of the rest of the briefing (`refs`: source_refs(b), when made
    in advance)."""
    if kind == "source":
        item = b.sources[key]
        slugs = {*item.translations, *item.versions, *(r.slug for r in item.related)}
        if item.duplicate_of:
            slugs.add(item.duplicate_of)
        keys = set(item.entities)
    elif kind == "topic":
        item = b.topics[key]
        slugs = {*item.sources, *(slug for _s, slug in item.brief), *(s for ev in item.events for s in ev.sources)}
        keys = set(item.actors)
    else:
        item = b.entities[key]
        slugs = {*item.sources, *(slug for _q, slug in item.quotes), *(s for ev in item.events for s in ev.sources)}
        keys = {k for k, _n in item.cooccurs}
    refs = refs if refs is not None else {slug: _source_ref(b.sources[slug]) for slug in slugs}
    return item, View({slug: refs[slug] for slug in sorted(slugs)},
                      {k: EntityRef(b.entities[k].name, b.entities[k].kind) for k in sorted(keys)})


def source_refs(b: Briefing) -> dict:
    """Slug -> SourceRef of every source, made once for all the pages that list them (a widely named entity's
    page lists most)."""
    return {slug: _source_ref(s) for slug, s in b.sources.items()}


def _source_ref(s: SourceEntry) -> SourceRef:
    a = s.analysis
    return SourceRef(s.slug, s.date, RefAnalysis(a.title, a.language, a.standfirst), outlet(a),
                     a.provenance.publisher)


def _item_page(kind: str, item, view: View, config, ctx: dict) -> bytes:
    common = {"b": view, "topic_names": ctx["topic_names"]}
    if kind == "source":
        return page(source_meta(item, config), "source.md.j2", config.language, s=item,
                    paragraphs=article(item, config), policy=config.publish_text, date_from=date_from(item),
                    show_comments=text_policy.publishes_comments(config.publish_text), **common)
    if kind == "topic":
        return page({"title": item.topic.name, "description": item.topic.description, "tags": [item.topic.name]},
                    "topic.md.j2", config.language, t=item, **common)
    return page({"title": item.name, "kind": item.kind}, "entity.md.j2", config.language, e=item, **common)


def _salt(b: Briefing) -> str:
    """What every page depends on besides its entry and view: the configuration. (The generator's code is the
    memos' business: they are not kept across versions.)"""
    return f"{hashlib.sha256(_serialised(b.config)).hexdigest()}\n"


def page_digest(salt: str, kind: str, item, view: View) -> str:
    """sha256 of a page's inputs. A source's analysis counts as its path and the digest of its bytes: it is a
    pure function of those, the configuration (in the salt) and the generator (the same for every memo)."""
    return hashlib.sha256(salt.encode() + _serialised([kind, _without_analysis(item), view])).hexdigest()


def _without_analysis(item):
    """A page's item with the analysis it holds (a source entry's) as [its path, the digest of its bytes]."""
    if not dataclasses.is_dataclass(item):
        return item
    names = _FIELDS.get(type(item))
    if names is None:
        names = _FIELDS[type(item)] = tuple(f.name for f in dataclasses.fields(item))
    out = {}
    for name in names:
        value = getattr(item, name)
        out[name] = [value.source.path, value.source.digest] if isinstance(value, Analysis) else value
    return out


_FIELDS: dict[type, tuple[str, ...]] = {}


def _serialised(value) -> bytes:
    """Plain data as JSON, by orjson: dataclasses as objects of their fields in order, sets sorted. A digest of
    it is a function of the values alone (not of which are one object, nor of the hash seed), and it is several
    times as quick as the json module with a callback per dataclass."""
    return orjson.dumps(value, default=_sorted_set, option=orjson.OPT_NON_STR_KEYS)


def _sorted_set(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"page input of type {type(value).__name__} has no serialised form")


# Drawn from the comparison of this briefing with the last one (see changes.py), in this order.
WITH_CHANGES = ("briefing.json", "index.md", "changes.md")


def _with_changes(b: Briefing, ctx: dict, previous: Path | None) -> list[bytes]:
    """briefing.json, with what changed since the last one (at `previous`, if anywhere), and the pages that say
    what it is."""
    before = changes.previous(previous) if previous else None
    data = briefing_data(b)
    core = changes.core_json(data)
    what = changes.compare(before, data, hashlib.sha256(core).hexdigest())
    out = changes.briefing_json(core, what)
    ctx = {**ctx, "changes": what}
    return [out, *(_listing_file(path, ctx) for path in WITH_CHANGES[1:])]


def _listing_file(path: str, ctx: dict) -> bytes:
    """A listing page (or the feed), from the listing view of the briefing that ctx holds."""
    if path == feed.FEED:
        return feed.render_feed(ctx["b"])
    meta, template = _listings(ctx["b"])[path]
    return page(meta, template, ctx["config"].language, page_path=path, **ctx)


def _crashed(jobs, reason: str):
    first = ", ".join(f"{kind} {key}" for kind, key in jobs[:3])
    raise RuntimeError(f"rendering {len(jobs)} pages ({first}{', ...' if len(jobs) > 3 else ''}) failed: {reason}")


def _load_templates(language: str = interface.DEFAULT) -> None:
    """Compile the templates before the worker processes are forked, so that they start with them."""
    env = environment(language)
    for name in sorted(p.name for p in TEMPLATES.glob("*.j2")):
        env.get_template(name)


def prepare(bytecode_cache=None, language: str = interface.DEFAULT) -> None:
    """Compile the templates (kept in `bytecode_cache`, a jinja2.BytecodeCache, when given) for an interface
    language and import what rendering uses, so that it can be done in advance."""
    if bytecode_cache is not None:
        global _bytecode_cache
        _bytecode_cache = bytecode_cache
        for env in _environments.values():
            env.bytecode_cache = bytecode_cache
    _load_templates(language)
    _escaper()


def _page_context(b: Briefing) -> dict:
    """What every page's template is given besides its own data."""
    return {"topic_names": {t.topic.slug: t.topic.name for t in b.topics}}


def _context(b: Briefing) -> dict:
    """What the listing pages' templates are given (b is the listing view)."""
    dated = [s.date.value for s in b.sources.values() if s.date.value]
    return {
        **_page_context(b),
        "b": b, "config": b.config, "version": __version__,
        "canonical": [s for s in b.by_date() if s.duplicate_of is None],
        "languages": sorted({s.analysis.language for s in b.sources.values()}),
        "span": (min(dated, key=lambda d: d.sort_key()), max(dated, key=lambda d: d.sort_key())) if dated else None,
        "charts": charts.chart_data(b),
        "outlets": {outlets.page_path(o.name, b.taken_outlets): o for o in _outlets(b)},
    }


def article(entry: SourceEntry, config) -> list[tuple[str, Markup]]:
    """The cleaned text as (kind, markup) with the first mention of each entity linked to its page: headings as
    Markdown (they get the table of contents' ids), paragraphs as HTML blocks (see _paragraph)."""
    from generator.matcher import compile_aliases

    linked: set[str] = set()
    targets = []
    for key in entry.entities:
        mention = next(m for m in entry.analysis.mentions if m.key == key)
        names = [mention.surface, mention.name]
        spec = next((e for e in config.entities if e.slug == key), None)
        if spec:
            names += list(spec.all_aliases())
        targets.append((key, compile_aliases(key, names)))
    out = []
    for block in text_policy.published_blocks(entry.analysis.blocks, config.publish_text, config.excerpt_chars):
        text = block.text
        spans = []
        for key, aliases in targets:
            if key in linked:
                continue
            span = aliases.first_span(text)
            if span and not any(a < span[1] and span[0] < c for a, c, _ in spans):
                spans.append((span[0], span[1], key))
                linked.add(key)
        spans.sort()
        out.append((block.kind, _with_links(text, spans) if block.kind == HEADING else _paragraph(text, spans)))
    return out


def _with_links(text: str, spans) -> Markup:
    """Escape the text around each linked span; single spaces at the seams survive the escaping."""
    out, pos = [], 0
    for start, end, key in spans:
        before = text[pos:start]
        out.append(str(md_escape(before)))
        if before[-1:].isspace() and before.strip():
            out.append(" ")
        out.append(str(link(text[start:end], f"../entities/{key}.md")))
        pos = end
        if text[pos:pos + 1].isspace():
            out.append(" ")
    out.append(str(md_escape(text[pos:])))
    return Markup("".join(out))


# From a source page (sources/<slug>/ once built with use_directory_urls) to an entity's page.
ENTITY_HREF = "../../entities/{key}/"


def _paragraph(text: str, spans) -> Markup:
    """A paragraph as one raw HTML block (`<p>` on one line), its text HTML-escaped and each linked span an
    `<a href>` to the entity's built page. Python-Markdown passes the block through untouched; Markdown with a
    backslash before every special character instead costs MkDocs time quadratic in the paragraph's length
    (a 540 KB paragraph of `*`, `.` and `#` took minutes). Escaping `<`, `>`, `&` and quotes keeps any tag,
    link or script in the text inert; control characters (Markdown's own placeholders among them) go."""
    out, pos = ["<p>"], 0
    for start, end, key in spans:
        out.append(_html_text(text[pos:start]))
        href = html.escape(page_href(ENTITY_HREF.format(key=key)), quote=True)
        out.append(f'<a href="{href}">{_html_text(text[start:end])}</a>')
        pos = end
    out.append(_html_text(text[pos:]))
    out.append("</p>")
    return Markup("".join(out))


def _html_text(value: str) -> str:
    """Untrusted text as inert HTML on one line; a seam's single space is kept (the text around a link)."""
    cleaned = _visible(value)
    inner = " ".join(cleaned.split())
    if not inner:
        return " " if cleaned[:1].isspace() else ""
    lead = " " if cleaned[:1].isspace() else ""
    trail = " " if cleaned[-1:].isspace() else ""
    return lead + html.escape(inner, quote=True) + trail


def date_from(entry: SourceEntry) -> str:
    """Where the source's date was read: its basis, a declared date told apart as front matter or metadata."""
    declared = entry.date.basis == "declared" and entry.analysis.provenance.date_from
    return declared or entry.date.basis


def source_meta(entry: SourceEntry, config) -> dict:
    a = entry.analysis
    origin: Provenance = a.provenance
    return {
        "title": a.title,
        "title_generated": a.title_generated,
        "slug": entry.slug,
        "source_file": a.source.path,
        "date": entry.date.iso(),
        "date_precision": entry.date.precision,
        "date_basis": entry.date.basis,
        "date_from": date_from(entry),
        "url": origin.url or None,
        "author": origin.author or None,
        "publisher": origin.publisher or None,
        "language": a.language,
        "paragraph_languages": list(a.paragraph_languages),
        "summary": list(a.summary),
        "standfirst": a.standfirst,
        "topics": list(entry.topics),
        "tags": [config.topic(t).name for t in entry.topics],
        "entities": list(entry.entities),
        "keyphrases": list(a.keyphrases),
        "related": [r.slug for r in entry.related],
        "duplicate_of": entry.duplicate_of,
        "translations": list(entry.translations),
    }


def briefing_data(b: Briefing) -> dict:
    """briefing.json's data, without "changes"."""
    return {
        "title": b.config.title,
        "description": b.config.description,
        "generator": f"briefing {__version__}",
        "text_published": b.config.publish_text,
        "sources": [_source_json(e, b) for e in b.sources.values()],
        "topics": [{"slug": t.topic.slug, "name": t.topic.name, "description": t.topic.description,
                    "sources": list(t.sources), "related": list(t.topic.related),
                    "evidence": dict(sorted(t.evidence.items())),
                    "inferred": {slug: list(terms) for slug, (kind, terms) in sorted(t.how.items())
                                 if kind == "inferred"}} for t in b.topics],
        "entities": [{"key": e.key, "name": e.name, "kind": e.kind, "description": e.description,
                      "discovered": e.discovered, "sources": list(e.sources), "mentions": e.mentions}
                     for e in b.entities.values()],
        "events": [{"date": ev.date.iso(), "precision": ev.date.precision, "text": ev.sentence,
                    "sources": list(ev.sources), "topics": list(ev.topics), "relative": ev.relative}
                   for ev in b.events],
        "failures": [{"source_file": f.path, "reason": f.reason} for f in b.failures],
        "outlets": [{"slug": o.slug, "name": o.name, "sources": list(o.sources)} for o in _outlets(b)],
    }


def _source_json(e: SourceEntry, b: Briefing) -> dict:
    meta = source_meta(e, b.config)
    meta.pop("tags")
    meta["quotes"] = [{"text": q.text, "speaker": q.speaker, "language": q.language} for q in e.analysis.quotes]
    meta["events"] = [{"date": ev.date.iso(), "precision": ev.date.precision, "text": ev.sentence}
                      for ev in e.analysis.events]
    meta["topic_evidence"] = {t.slug: {"score": t.score, "sentence": t.evidence, "kind": t.kind, "terms": list(t.terms)}
                              for t in e.analysis.topics}
    meta["entities"] = [{"key": k, "name": b.entities[k].name, "kind": b.entities[k].kind} for k in e.entities]
    meta["related"] = [{"slug": r.slug, "score": r.score, "reason": r.reason} for r in e.related]
    return meta
