"""Every address the generator writes into a page or the feed goes through here: a link to one of the site's
own files (relative, never with a scheme), or an address on the web (http or https only).

A file name is not an address: a hand-written page `javascript:alert(1).md` linked as it is would be a
`javascript:` link, and `//host/x.md` a link to another site.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote, urlsplit

WEB_SCHEMES = ("http", "https")
# What a path built from slugs holds; anything else in a file name is percent-encoded (MkDocs decodes it again
# to find the file it links).
_PATH_SAFE = "/-._~"


@lru_cache(maxsize=1 << 16)  # the same few thousand paths are linked from page after page
def page_href(path: str) -> str:
    """A relative link to one of the site's files, `path` relative to the linking page (an optional
    `#fragment` kept as it is when made of id characters): percent-encoded, so no scheme, host, Markdown or
    HTML can come out of a file name."""
    path, _, fragment = path.partition("#")
    out = quote(path, safe=_PATH_SAFE)
    if out.startswith("//") or not out:
        out = "./" + out.lstrip("/")
    if fragment:
        out += "#" + quote(fragment, safe="-_.")
    return out


@lru_cache(maxsize=1 << 16)
def built_url(page: str, target: str) -> str:
    """The relative address, from the built page of `page` to the built page (or file) of `target`, both paths
    of content/ (`sources/x.md`, `assets/chart.svg`). The one place that knows the address MkDocs gives a page
    (`use_directory_urls: true`, which theme/hooks/site_config.py requires): `a/b.md` is served at `a/b/`,
    `a/index.md` and `a/README.md` at `a/`. Links in raw HTML blocks are not rewritten by MkDocs, so the
    generator writes these addresses itself."""
    here = _address(page)
    there = _address(target)
    rel = posixpath.relpath(there or ".", here.rstrip("/") or ".")
    if there.endswith("/") or not there:
        rel = "./" if rel == "." else rel + "/"
    return rel


def _address(path: str) -> str:
    """Where MkDocs serves the file at `path` of content/, relative to the site's root ("" for the home page)."""
    if not path.endswith(".md"):
        return path
    folder, _, name = path.rpartition("/")
    if name in ("index.md", "README.md"):
        return folder + "/" if folder else ""
    return f"{folder}/{name[:-3]}/" if folder else f"{name[:-3]}/"


def vetted(url: str) -> str:
    """url when it is an http(s) address with a host or a relative one without a scheme, else ""."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme:
        return url if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else ""
    return "" if parts.netloc or url.startswith(("//", "\\")) else url
