"""Feed: an Atom feed of the newest sources (`site.feed_entries`, newest first), written with feedgen.

Deterministic: no build timestamp anywhere. The feed's `updated` is the newest source date; an undated source
takes the oldest known date so it never looks new. Links are absolute when `site.url` is set in briefing.yml,
otherwise relative to the feed (which sits at the site root); ids are then stable `tag:` URIs. An entry links
the original article too (rel="related") and names its author and outlet when the source states them; it carries
the summary, never the article's text (see publish.text).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from generator import __version__, controls
from generator.hrefs import vetted
from generator.models import Briefing, DateValue, SourceEntry
from generator.slugs import slugify

FEED = "feed.xml"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TAG_AUTHORITY = "briefing.invalid,2024"  # a tag: URI needs an authority; .invalid can never be anyone's
# Characters XML 1.0 cannot carry; source text is untrusted and may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", " ".join(controls.strip(str(value)).split()))


def _when(d: DateValue | None, fallback: datetime) -> datetime:
    if d is None:
        return fallback
    return datetime(d.year, d.month or 1, d.day or 1, tzinfo=timezone.utc)


def _url(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path}" if base else path


def _id(base: str, site: str, path: str) -> str:
    return _url(base, path) if base else f"tag:{TAG_AUTHORITY}:{site}/{path}"


def render_feed(b: Briefing) -> bytes:
    from feedgen.feed import FeedGenerator

    base = b.config.site_url.strip()
    stories = [s for s in b.by_date() if s.duplicate_of is None]
    dated = [_when(s.date.value, EPOCH) for s in stories if s.date.value]
    newest, oldest = (max(dated), min(dated)) if dated else (EPOCH, EPOCH)
    if b.config.feed_entries:
        stories = stories[:b.config.feed_entries]  # newest first, the undated last

    fg = FeedGenerator()
    site = slugify(b.config.title) or "briefing"
    fg.id(_id(base, site, ""))
    fg.title(_text(b.config.title))
    fg.subtitle(_text(b.config.description))
    fg.link(href=_url(base, "./" if not base else ""), rel="alternate", type="text/html")
    fg.link(href=_url(base, FEED), rel="self", type="application/atom+xml")
    fg.language(b.config.languages[0])
    fg.generator("Briefing", version=__version__)
    fg.updated(newest)
    for s in stories:
        _entry(fg.add_entry(order="append"), s, b, base, site, oldest)
    return _mark_related(fg.atom_str(pretty=True), {s.analysis.provenance.url for s in stories} - {""})


def _mark_related(atom: bytes, originals: set[str]) -> bytes:
    """An entry's link to the original article as rel="related". feedgen 1.0 writes an entry's links without
    their rel, type or title (its loop variable shadows the link), and a link without rel is an alternate: two
    would make the entry invalid Atom."""
    if not originals:
        return atom
    from lxml import etree

    root = etree.fromstring(atom)
    for element in root.iterfind("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link"):
        if element.get("href") in originals and element.get("rel") is None:
            element.set("rel", "related")
            element.set("type", "text/html")
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _entry(fe, s: SourceEntry, b: Briefing, base: str, site: str, fallback: datetime) -> None:
    a = s.analysis
    path = f"sources/{s.slug}/"
    when = _when(s.date.value, fallback)
    fe.id(_id(base, site, path))
    fe.title(_text(a.title))
    fe.link(href=_url(base, path), rel="alternate", type="text/html")
    origin = a.provenance
    if vetted(origin.url):  # the original article; rel="related" is set by _mark_related
        fe.link(href=origin.url)
    if origin.author:
        fe.author(name=_text(origin.author))
    if origin.publisher:
        fe.contributor(name=_text(origin.publisher))
    fe.updated(when)
    fe.published(when)
    summary = " ".join(a.summary) or a.standfirst
    if summary:
        fe.summary(_text(summary))
    for slug in s.topics:
        fe.category(term=slug, label=_text(b.config.topic(slug).name))
