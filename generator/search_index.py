"""The search index: Pagefind run over the built site, writing chunked static indexes into `site/pagefind/`.

A reader's browser downloads an index in pieces (the word list's chunks its query needs, and the fragments of the
pages it shows), never the whole index, so search keeps the full text at any size. Pagefind indexes what the
theme marks with `data-pagefind-body` (theme/main.html) and reads each page's language from its `<html lang>`
(theme/hooks/page_language.py), so French and English pages get their own stemming.

A large site's index is cut into bundles, each a whole Pagefind index of some of the pages, listed in
`pagefind/bundles.json`; the search page opens the first bundle of each language and merges the others into it
(Pagefind's `mergeIndex`, which searches them all with the WebAssembly already loaded and ranks their results
together). Pagefind can only index a whole set of pages again, and at 5,000 sources that took 8 to 11 s of every
build after one edit: with bundles, only the bundles whose pages changed are indexed again; the others are taken
from the last site. Bundle 0 holds every page but the source pages, which change together (an entity or topic
page lists the sources); the source pages of each language are shared among bundles of that language by a hash
of their address, so a page stays in its bundle from one build to the next. Each bundle costs a query a few more
small files (a chunk of its word list for each word, and its metadata), hence few of them.

`briefing build` runs it on the staged site after MkDocs and before the swap: a failed index keeps the previous
site. `mkdocs serve` (and a bare `mkdocs build`) run it from theme/hooks/search_index.py.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import parallel
from generator.errors import BriefingError, failure_detail
from generator.writer import link_or_copy

log = logging.getLogger(__name__)

# The index's folder inside the site; the search page reads `<site>/pagefind/bundles.json` by a relative address.
BUNDLE = "pagefind"
MANIFEST = "bundles.json"
# What a page shows that is not its text: the headings' permalink signs, the labels of a source's facts, where
# its date was read, the generator's notes and the source's file name; and the lists of other pages (`bf-listing`:
# the sources an entity, topic or outlet page lists, a source's related sources), whose titles and sentences are
# found on those pages themselves; and what an entity or topic page gathers from the sources (their quotes and
# dated events), which the source pages hold in their context. Indexed here too, they made every list that names a
# source a result for its words, and cost a third of the index's work (entity pages alone held 30% of the indexed
# words at 1,000 sources); the gathered quotes and events made the pages that are not sources 489,000 words at
# 5,000 sources, so that every word of a reader's query downloaded a chunk of their index too.
EXCLUDED = (".headerlink", ".bf-meta dt", ".bf-basis", ".bf-note", ".bf-meta code", ".bf-listing")
# Set by `briefing build`, which runs the index itself on the staged site: the theme's hook then leaves it alone.
LATER = "BRIEFING_SEARCH_INDEX"

# How the index is cut is the configuration's (briefing.yml, `search:`; Layout). Past `bundle_pages` source pages,
# each language's source pages are shared among bundles of about that many, `bundles_per_language` at most.
# Indexing takes about 2 ms a page here: at the defaults (generator/data/defaults.yml), an edit at 1,000 sources
# indexes about 350 pages again (under 1 s) instead of 1,050 (2.2 s), and at 5,000 about 1,000 (about 2 s)
# instead of 5,000 (8 to 11 s). But for each word of a query, each bundle of a language adds a chunk of its word
# list (about 25 KB) to what the query downloads (bench/RESULTS.md, "Build profile"): bundles of one language each
# (not by hash alone, where each bundle would hold every language), and few of them, keep that down.


@dataclass(frozen=True)
class Layout:
    bundle_pages: int = 500  # source pages up to which the whole site is one bundle, and about each bundle's
    bundles_per_language: int = 3  # 1: the whole site is one bundle, at any size

    @classmethod
    def of(cls, config) -> "Layout":
        """The layout a configuration (generator.config.Config) sets."""
        return cls(config.search_bundle_pages, config.search_bundles_per_language)


# The marker of a page Pagefind indexes (theme/main.html): a page without it is left out once any page has it.
_BODY = b"data-pagefind-body"
# A page's language, as a name Pagefind and a folder both take (theme/hooks/page_language.py writes it).
_LANG = re.compile(rb"<html\b[^>]*?\slang=[\"']?([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)")
# A source page's address, in a form Pagefind's glob takes as it is (a slug is made of these characters).
_SOURCE_PAGE = re.compile(r"sources/([a-z0-9][a-z0-9_-]*)/index\.html")


# A filter a page declares the way the theme writes them (source.md.j2: `<span data-pagefind-filter="topic[content]"
# content="...">`): the search page offers a filter's values before it opens any index (bundles.json).
_FILTER = re.compile(rb'data-pagefind-filter="([A-Za-z0-9_-]+)\[content\]"\s+content="([^"]*)"')


@dataclass(frozen=True)
class Bundle:
    name: str  # its folder inside pagefind/
    pages: tuple[str, ...]  # the pages it indexes, relative to the site; () for the whole site
    inputs: str  # digest of what Pagefind reads and how it is run: the same inputs give the same index
    filters: tuple[tuple[str, str, int], ...] = ()  # (filter, value, pages) of its pages, sorted


def index_site(site_dir: Path, last_site: Path | None = None, layout: Layout = Layout(),
               bundles: list[Bundle] | None = None) -> None:
    """Index the built site in `site_dir`, replacing any index it holds; each bundle whose inputs are those of a
    bundle of `last_site`'s index is taken from there (hard links). `bundles`: plan(site_dir), when the caller
    made it already. BriefingError when Pagefind fails."""
    site_dir = Path(site_dir).resolve()  # Pagefind runs in a folder of its own
    folder = site_dir / BUNDLE
    # Pagefind adds its files beside an earlier bundle's (their names are hashes) and never removes the old ones.
    shutil.rmtree(folder, ignore_errors=True)
    bundles = plan(site_dir, layout) if bundles is None else bundles
    if last_site is not None and Path(last_site).resolve() == site_dir:
        last_site = None  # its index was just removed
    last = _last_inputs(Path(last_site) / BUNDLE) if last_site is not None else {}
    folder.mkdir(parents=True)
    todo = []
    for bundle in bundles:
        if last.get(bundle.name) == bundle.inputs and _copy_tree(Path(last_site) / BUNDLE / bundle.name,
                                                                   folder / bundle.name):
            continue
        todo.append(bundle)
    made = [f"{b.name}: {len(b.pages)} pages" if b.pages else f"{b.name}: the whole site" for b in todo]
    log.debug("search index: %d of %d bundles to make (%s), the others from the last site", len(todo),
              len(bundles), ", ".join(made) or "none")
    if todo:
        with ThreadPoolExecutor(max_workers=min(len(todo), parallel.allowed(0))) as pool:
            errors = [e for e in pool.map(lambda b: _index(site_dir, folder, b, len(bundles) > 1), todo) if e]
        if errors:
            raise BriefingError(errors[0])
    languages = {b.name: _languages(folder / b.name) for b in bundles}
    manifest = {"version": 1, "bundles": [{"path": f"{b.name}/", "languages": languages[b.name],
                                           "inputs": b.inputs} for b in bundles],
                "filters": _merged_filters(bundles)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# The function words of each language a query is read without, and whose language they tell (the file says how).
QUERY_WORDS = Path(__file__).resolve().parent / "data" / "query_words.yml"


def query_words(path: Path = QUERY_WORDS) -> dict[str, list[str]]:
    """For each language code, its words a query is read without (theme/assets/javascripts/search.js), lower
    case, with ’ as '. BriefingError naming the file when it is not a mapping of codes to lists of words."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BriefingError(f"{path}: cannot read the search's query words: {exc}") from exc
    if not isinstance(data, dict) or not all(
            isinstance(code, str) and isinstance(words, list) and all(isinstance(w, str) and w.strip() for w in words)
            for code, words in data.items()):
        raise BriefingError(f"{path}: the search's query words must map each language code to a list of words")
    return {code.lower(): sorted({w.strip().lower().replace("’", "'") for w in words})
            for code, words in sorted(data.items())}


def plan(site_dir: Path, layout: Layout = Layout(), memo: dict[str, list] | None = None) -> list[Bundle]:
    """The bundles of this site's index: one for a site of up to `layout.bundle_pages` source pages (or at any
    size when `layout.bundles_per_language` is 1), else bundle 0 for the pages that are not source pages, and for
    each language the source pages in that language shared among up to `layout.bundles_per_language` bundles
    (`<language>-<n>`) by a hash of their address, none smaller than the largest language's must be. `memo`: what
    the last plan read of each page, replaced by what this one read (see _indexed_pages)."""
    pages = _indexed_pages(site_dir, memo)
    sources = [rel for rel in pages if _SOURCE_PAGE.fullmatch(rel)]
    version = _pagefind_version()
    if len(sources) <= layout.bundle_pages or layout.bundles_per_language == 1:
        return [Bundle("0", (), _digest(version, "0", {rel: page[0] for rel, page in pages.items()}),
                       _filters(pages.values()))]
    taken = set(sources)
    groups: dict[str, list[str]] = {"0": [rel for rel in pages if rel not in taken]}
    by_language: dict[str, list[str]] = {}
    for rel in sources:
        by_language.setdefault(pages[rel][1], []).append(rel)
    # Every language's bundles are about as large as the largest language needs its own to be: an edit costs the
    # largest bundle's indexing anyway, and a language cut finer than that only adds chunks to every query.
    size = max([layout.bundle_pages] + [math.ceil(len(rels) / layout.bundles_per_language)
                                        for rels in by_language.values()])
    for language, rels in sorted(by_language.items()):
        shards = min(layout.bundles_per_language, math.ceil(len(rels) / size))
        for rel in rels:
            shard = 1 + int(hashlib.sha1(rel.encode()).hexdigest()[:8], 16) % shards
            groups.setdefault(f"{language}-{shard}", []).append(rel)
    return [Bundle(name, tuple(rels), _digest(version, name, {rel: pages[rel][0] for rel in rels}),
                   _filters(pages[rel] for rel in rels))
            for name, rels in sorted(groups.items(), key=lambda item: (item[0] != "0", item[0])) if rels]


def _filters(pages) -> tuple[tuple[str, str, int], ...]:
    counts: dict[tuple[str, str], int] = {}
    for page in pages:
        for pair in set(page[2]):
            counts[pair] = counts.get(pair, 0) + 1
    return tuple((key, value, n) for (key, value), n in sorted(counts.items()))


def _merged_filters(bundles: list[Bundle]) -> dict[str, dict[str, int]]:
    """Each filter's values over the whole index, with the number of pages that have each."""
    merged: dict[str, dict[str, int]] = {}
    for bundle in bundles:
        for key, value, n in bundle.filters:
            values = merged.setdefault(key, {})
            values[value] = values.get(value, 0) + n
    return {key: dict(sorted(values.items())) for key, values in sorted(merged.items())}


def _indexed_pages(site_dir: Path, memo: dict[str, list] | None = None
                   ) -> dict[str, tuple[str, str, tuple[tuple[str, str], ...]]]:
    """Every page Pagefind would index, relative to the site: the digest of its bytes, its language (its
    `<html lang>`, as Pagefind reads it; "unknown" without one) and the filters it declares. As Pagefind does,
    that is the pages that carry the body marker, or every page when none does. The index's own folder is left
    out.

    Reading 5,000 pages is a second of every build after one edit, where all but a few pages are the last site's
    files, hard-linked (incremental/rebuild.py): with `memo` (incremental/search_pages.py), a page whose file is
    the one read last time (same inode, size and time) is taken as read then."""
    known = {rel: entry for rel, entry in (memo or {}).items() if _well_formed(entry)}
    kept: dict[str, list] = {}
    marked, every = {}, {}
    for folder, dirs, files in os.walk(site_dir):
        if Path(folder) == site_dir:
            dirs[:] = [d for d in dirs if d != BUNDLE]
        for name in files:
            if name.endswith(".html"):
                path = Path(folder) / name
                rel = path.relative_to(site_dir).as_posix()
                info = path.stat()
                stamp = [info.st_ino, info.st_size, info.st_mtime_ns]
                entry = known.get(rel)
                if entry is None or entry[0] != stamp:
                    entry = [stamp, *_read_page(path.read_bytes())]
                kept[rel] = entry
                every[rel] = (entry[1], entry[2], tuple(tuple(pair) for pair in entry[3]))
                if entry[4]:
                    marked[rel] = every[rel]
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return dict(sorted((marked or every).items()))


def _read_page(data: bytes) -> tuple[str, str, list[list[str]], bool]:
    found = _LANG.search(data, 0, 4096)
    language = found.group(1).decode("ascii").lower() if found else "unknown"
    first = data.find(b"data-pagefind-filter=")  # the scan starts there: a search in C is cheaper
    filters = [] if first == -1 else [[key.decode("ascii"), html.unescape(value.decode("utf-8", "replace"))]
                                      for key, value in _FILTER.findall(data, first)]
    return hashlib.sha256(data).hexdigest(), language, filters, _marked(data)


def _well_formed(entry) -> bool:
    return isinstance(entry, list) and len(entry) == 5 and isinstance(entry[0], list) \
        and isinstance(entry[1], str) and isinstance(entry[2], str) and isinstance(entry[4], bool) \
        and isinstance(entry[3], list) and all(isinstance(pair, list) and len(pair) == 2
                                               and all(isinstance(x, str) for x in pair) for pair in entry[3])


def _marked(page: bytes) -> bool:
    """Whether a tag of the page carries the body marker (a page's text may say the word: it is not a tag there,
    as text never holds a bare '<')."""
    at = page.find(_BODY)
    while at != -1:
        if page.rfind(b"<", 0, at) > page.rfind(b">", 0, at):
            return True
        at = page.find(_BODY, at + len(_BODY))
    return False


def _digest(version: str, name: str, pages: dict[str, str]) -> str:
    h = hashlib.sha256(json.dumps([version, list(EXCLUDED), name, sorted(pages.items())]).encode())
    return h.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def _last_inputs(folder: Path) -> dict[str, str]:
    """The bundles of an index written before, by name: the digest of their inputs; {} when there is none."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {b["path"].rstrip("/"): b["inputs"] for b in data["bundles"]
                if isinstance(b.get("path"), str) and isinstance(b.get("inputs"), str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _copy_tree(source: Path, dest: Path) -> bool:
    """Hard links (copies where links fail) of a last bundle's files; False when it is not whole."""
    if not (source / "pagefind.js").is_file():
        return False
    try:
        shutil.copytree(source, dest, copy_function=link_or_copy)
    except (OSError, shutil.Error):
        shutil.rmtree(dest, ignore_errors=True)
        return False
    return True


def command() -> list[str]:
    """Pagefind's binary comes in a wheel (pagefind-bin-extended, which the `extended` extra installs): `python -m
    pagefind` finds it and runs it in its own place, with no download."""
    return [sys.executable, "-m", "pagefind"]


def _index(site_dir: Path, folder: Path, bundle: Bundle, sharded: bool) -> str | None:
    """Run Pagefind for one bundle; what went wrong, or None. Its options go in its configuration file, read from
    the folder it runs in (a glob of a thousand pages is longer than a command line may be)."""
    out = folder / bundle.name
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=folder) as work:
        work = Path(work)
        config = {"output_path": str(out), "exclude_selectors": list(EXCLUDED), "quiet": True}
        if not sharded:
            config["site"] = str(site_dir)
        elif bundle.name == "0":  # any page but the source pages: a glob cannot say "but", a folder of links can
            mirror = work / "pages"
            for rel in bundle.pages:
                (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(str(site_dir / rel), str(mirror / rel))
            config["site"] = str(mirror)
        else:
            config["site"] = str(site_dir)
            slugs = [_SOURCE_PAGE.fullmatch(rel).group(1) for rel in bundle.pages]
            config["glob"] = "sources/{" + ",".join(slugs) + "}/index.html" if len(slugs) > 1 else bundle.pages[0]
        (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        try:
            result = subprocess.run(command(), cwd=work, capture_output=True, text=True,
                                    errors="replace",
                                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        except OSError as exc:
            return f"cannot run pagefind: {exc}"
    if result.returncode != 0:
        return f"the search index (pagefind) failed: {failure_detail(result)}"
    if not (out / "pagefind.js").is_file():
        return f"the search index (pagefind) wrote no {BUNDLE}/{bundle.name}/pagefind.js in {site_dir}"
    return None


def _languages(bundle: Path) -> list[str]:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sorted(entry.get("languages", {}))
    except (OSError, ValueError, AttributeError):
        return []


def _die_with_parent() -> None:
    """In the child, before Pagefind starts (`python -m pagefind` execs its binary, which keeps this): killed when
    the build that started it dies, so that a killed build leaves no indexer writing into its staging folder. The
    C library is loaded in the parent (`_LIBC`): the child of a process with threads must not import anything."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG; without it, an indexer outlives a killed build a few seconds


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except (ImportError, OSError):
        return None


_LIBC = _libc()
