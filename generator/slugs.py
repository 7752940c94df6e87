"""Slugs: stable, ASCII, readable, and never the name of a page or an id someone else owns.

The pages of sources, topics, entities and outlets each live in a folder of their own (sources/, topics/...),
so a slug can only collide inside its folder: with the listing page the generator writes there (`index`), with a
page written by hand in content/, or with another slug. `free()` settles a collision with a suffix
(heading_ids.py keeps heading ids out of the theme's own).
"""
import hashlib
from posixpath import splitext

from slugify import slugify as _slugify

# Apostrophes join words in French ("d’état-major"); treat them as separators.
_REPLACEMENTS = [["’", "-"], ["'", "-"], ["&", " and "]]
# The name of the listing page in each folder of pages (sources/index.md, topics/index.md...). MkDocs also
# publishes a README.md as its folder's index: slugs are lower-case, so only a hand-written one can take it.
_RESERVED = frozenset({"index"})
# Source slugs have always kept off "tags" (a tags page once sat beside them): kept so that no address changes.
_RESERVED_IN = {"sources": frozenset({"index", "tags"})}
SUFFIX_DIGITS = 6


def slugify(text: str, max_length: int = 60) -> str:
    slug = _slugify(text, replacements=_REPLACEMENTS, max_length=max_length, word_boundary=True, save_order=True)
    return slug or "untitled"


def reserved(folder: str = "") -> frozenset[str]:
    """The slugs the site itself takes in a folder of pages (sources, topics, entities, outlets)."""
    return _RESERVED_IN.get(folder, _RESERVED)


def free(slug: str, taken, salt: str = "", folder: str = "") -> str:
    """slug when it is neither taken nor reserved in folder, else slug with a suffix: a short digest of salt (so
    the suffix stays the same whatever else the corpus holds), then a counter in the rare case that is taken
    too."""
    if slug not in taken and slug not in reserved(folder):
        return slug
    base = f"{slug[:52]}-{hashlib.sha1(salt.encode()).hexdigest()[:SUFFIX_DIGITS]}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    return out


def address(rel: str) -> str:
    """Where MkDocs, with directory URLs, publishes a file of content/: `a/b.md` at `a/b/index.html`,
    `a/index.md` and `a/README.md` at `a/index.html`, any other file where it is."""
    folder, _, name = rel.rpartition("/")
    stem, ext = splitext(name)
    if ext.lower() not in (".md", ".markdown"):
        return rel
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}index.html" if stem in ("index", "README") else f"{prefix}{stem}/index.html"


def taken_by(pages, folder: str) -> frozenset[str]:
    """The slugs whose page in `folder` would be published where one of `pages` (content/-relative paths of
    hand-written files) is: `folder/x.md`, `folder/x/index.md`, `folder/x/README.md` and `folder/x/index.html`
    all take `x`. Lower-cased: slugs are, and on a case-insensitive disk `Mine.md` is `mine.md`."""
    prefix, end = folder.rstrip("/") + "/", "/index.html"
    out = set()
    for page in pages:
        where = address(page).lower()
        name = where[len(prefix):-len(end)] if where.startswith(prefix) and where.endswith(end) else ""
        if name and "/" not in name:
            out.add(name)
    return frozenset(out)
