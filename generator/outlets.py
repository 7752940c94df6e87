"""Outlets: the sources grouped by who published them, a facet of the sources page with a page per outlet.

An outlet is the publisher a source names (see analyze/provenance.py); spellings that make the same slug ("Le
Monde", "le monde") are one outlet, shown under its most frequent spelling. A source naming none is in no outlet.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.slugs import free, slugify

FOLDER = "outlets"


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    sources: tuple[str, ...]  # source slugs, in the order given


def outlet_slug(name: str, taken=frozenset()) -> str:
    """The outlet's slug; `taken`: those of the hand-written pages in outlets/, which an outlet named by a
    source may not replace (suffixed from the slug, so that every spelling of the outlet gets the same)."""
    slug = slugify(name)
    slug = f"{slug}-outlet" if slug == "index" else slug
    return free(slug, taken, slug, FOLDER) if slug in taken else slug


def page_path(name: str, taken=frozenset()) -> str:
    return f"{FOLDER}/{outlet_slug(name, taken)}.md"


def group(sources, taken=frozenset()) -> tuple[Outlet, ...]:
    """(source slug, publisher) pairs to outlets, the largest first, then by name."""
    members: dict[str, list[str]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    for slug, publisher in sources:
        if publisher:
            key = outlet_slug(publisher, taken)
            members[key].append(slug)
            names[key][publisher] += 1
    out = [Outlet(key, min(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0], tuple(slugs))
           for key, slugs in members.items()]
    return tuple(sorted(out, key=lambda o: (-len(o.sources), o.name.casefold(), o.slug)))
