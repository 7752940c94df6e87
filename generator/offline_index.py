"""The search index for a site opened from disk (`file://`), where a browser lets a page neither fetch() Pagefind's
index nor import() its module, but still runs a classic `<script src>`.

It holds what Pagefind indexes, read from the same built pages: the text of each page's `data-pagefind-body`
without what Pagefind leaves out (`data-pagefind-ignore`, search_index.EXCLUDED), its title (the first `<h1>`,
as Pagefind takes it), its `data-pagefind-meta` and `data-pagefind-filter` values and its `<html lang>`. So the
publication policy applies to it as it does to Pagefind: `publish.text: none` leaves no article text in either.
It is written as one script, `<site>/offline-search/index.js`, that the search page loads only when it is
opened from disk (theme/assets/javascripts/offline-search.js searches it with lunr): a hosted reader never
downloads it.

A page is read again only when its bytes changed: each entry keeps a digest of the HTML it was read from, and the
entries of the last site's index (`briefing build` passes the site it replaces) are reused for pages whose digest
is the same, whether the build was incremental or clean.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from pathlib import Path

from lxml import etree
from lxml.cssselect import CSSSelector

from generator.errors import BriefingError, display_path
from generator.search_index import BUNDLE, EXCLUDED

log = logging.getLogger(__name__)

# The folder inside the site, and the script the search page loads from it.
FOLDER = "offline-search"
SCRIPT = "index.js"
# The global the script assigns: the search page reads the index from it.
GLOBAL = "briefingOfflineIndex"
# Where mkdocs-material puts lunr-languages' stemmers in the built site (lunr.<code>.min.js); English is lunr's own.
STEMMERS = Path("assets") / "javascripts" / "lunr" / "min"
# The code that makes an entry, by digest: an index written by other code is read again, not reused.
VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]

_PREFIX = f"window.{GLOBAL} = "
_LEFT_OUT = CSSSelector(", ".join(("[data-pagefind-ignore]", "script", "style", "noscript", "template", "svg",
                                   *EXCLUDED)))
_BODY = etree.XPath("//*[@data-pagefind-body][not(ancestor::*[@data-pagefind-body])]")
_FIELDS = etree.XPath("//*[@data-pagefind-meta or @data-pagefind-filter]")
# lxml's plain HTML parser: lxml.html's element classes cost a lookup per element, and nothing here needs them.
_PARSER = etree.HTMLParser(remove_comments=True)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.S | re.I)
_LANG = re.compile(rb"<html\b[^>]*?\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", re.I)
_FIELD = re.compile(r"^([\w-]+)\[content\]$")
# Elements whose text is a separate run: their words must not run into their neighbours' ("end.Next").
_BLOCKS = frozenset("address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 "
                    "h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr "
                    "ul".split())


def write(site_dir: Path, previous: Path | None = None) -> None:
    """Write `<site_dir>/offline-search/index.js` from the built pages in `site_dir`, reusing the entries of the
    index in `previous` (a site folder; default `site_dir`) whose page did not change; BriefingError when it
    cannot be written. A page that cannot be read is named in a warning and left out."""
    site_dir = Path(site_dir)
    target = site_dir / FOLDER / SCRIPT
    known = _previous(Path(previous if previous is not None else site_dir) / FOLDER / SCRIPT)
    pages = []
    for path in _pages(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.warning("%s: left out of the offline search index: %s", display_path(path), exc)
            continue
        found = indexed_part(data)
        if found is None:
            continue
        digest = _digest(found)
        entry = known.get(rel)
        if entry is None or entry.get("digest") != digest:
            entry = part_entry(found, rel, digest)
        if entry is not None:
            pages.append(entry)
    index = {"version": VERSION, "stemmers": _stemmers(site_dir, pages), "pages": pages}
    text = _PREFIX + json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n"
    # U+2028 and U+2029 end a line in older JavaScript engines, even inside a string.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        raise BriefingError(f"cannot write the offline search index {display_path(target)}: {exc}") from None


def indexed_part(data: bytes) -> tuple[str, str, bytes] | None:
    """What the index reads of a page: its language and `<title>` (from the head) and its content, from the first
    element Pagefind indexes to the end of the theme's `<article>`; None when it has none. The header, navigation
    and sidebars before the content (most of a page's markup, and the builder's name) are left unread."""
    start = data.find(b"data-pagefind-body")
    if start < 0:
        return None
    start = data.rfind(b"<", 0, start)
    end = data.rfind(b"</article>")
    head = data[:start]
    found = _TITLE.search(head)
    title = " ".join(html.unescape(found.group(1).decode("utf-8", "replace")).split()) if found else ""
    found = _LANG.search(head)
    language = found.group(1).decode("ascii").split("-")[0].lower() if found else ""
    return language, title, data[start:end if end > start else len(data)]


def _digest(part: tuple[str, str, bytes]) -> str:
    language, title, content = part
    return hashlib.sha256(f"{language}\0{title}\0".encode("utf-8") + content).hexdigest()[:20]


def part_entry(part: tuple[str, str, bytes], rel: str, digest: str = "") -> dict | None:
    """What the offline index keeps of a page's indexed part (indexed_part), or None when it holds no element
    Pagefind indexes."""
    language, head_title, content = part
    try:
        root = etree.fromstring(b'<html><head><meta charset="utf-8"></head><body>' + content + b"</body></html>",
                                _PARSER)
    except (ValueError, etree.XMLSyntaxError):
        return None
    if root is None:
        return None
    bodies = _BODY(root)
    if not bodies:
        return None
    meta: dict[str, str] = {}
    filters: dict[str, list[str]] = {}
    for element in _FIELDS(root):
        for attribute, into in (("data-pagefind-meta", meta), ("data-pagefind-filter", filters)):
            match = _FIELD.match(element.get(attribute) or "")
            if match and element.get("content"):
                value = " ".join(element.get("content").split())
                if into is meta:
                    meta.setdefault(match.group(1), value)
                elif value not in filters.setdefault(match.group(1), []):
                    filters[match.group(1)].append(value)
    for body in bodies:
        for element in _LEFT_OUT(body):
            _drop(element)
    heading = next((h for body in bodies for h in body.iter("h1")), None)
    title = _text(heading) if heading is not None else head_title
    return {"digest": digest, "url": rel, "language": language, "title": title, "meta": meta,
            "filters": {key: sorted(values) for key, values in sorted(filters.items())},
            "text": " ".join(_text(body) for body in bodies)}


def _pages(site_dir: Path) -> list[Path]:
    """The site's HTML pages, sorted, without the 404 page and the search indexes' own folders."""
    skip = {BUNDLE, FOLDER}
    found = []
    for folder, dirs, files in os.walk(site_dir):
        dirs[:] = sorted(d for d in dirs if not (Path(folder) == site_dir and d in skip))
        found += [Path(folder) / f for f in files if f.endswith(".html")]
    return sorted(p for p in found if p.relative_to(site_dir).as_posix() != "404.html")


def _previous(target: Path) -> dict[str, dict]:
    """The entries of the index already written at `target`, by page; {} when there is none or it is not one
    this version wrote."""
    try:
        text = target.read_text(encoding="utf-8")
        index = json.loads(text[len(_PREFIX):].rstrip().rstrip(";")) if text.startswith(_PREFIX) else {}
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("version") != VERSION:
        return {}
    pages = index.get("pages")
    if not isinstance(pages, list):
        return {}
    return {p["url"]: p for p in pages if isinstance(p, dict) and isinstance(p.get("url"), str)}


def _stemmers(site_dir: Path, pages: list[dict]) -> list[str]:
    """The languages of the pages that the theme ships a lunr stemmer for."""
    languages = {p["language"] for p in pages if p["language"]}
    return sorted(code for code in languages if re.fullmatch(r"[a-z]{2,3}", code)
                  and (site_dir / STEMMERS / f"lunr.{code}.min.js").is_file())


def _drop(element) -> None:
    """Remove an element but keep its tail (the text after it belongs to its parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + " " + tail
        else:
            parent.text = (parent.text or "") + " " + tail
    parent.remove(element)


def _text(element) -> str:
    """The element's text, blocks separated by a space, on one line."""
    for block in element.iter(*_BLOCKS):
        block.text = " " + (block.text or "")
        block.tail = " " + (block.tail or "")
    return " ".join(etree.tostring(element, method="text", encoding=str, with_tail=False).split())
