"""Walk a built site: every internal link and asset must resolve, and nothing may load from outside."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []  # navigations
        self.assets: list[str] = []  # loaded automatically

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.assets.append(a["href"])


def check_site(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(site)
        for url in parser.assets:
            if urlsplit(url).scheme or url.startswith("//"):
                problems.append(f"{rel}: external asset {url}")
            elif not _resolve(site, page, url):
                problems.append(f"{rel}: missing asset {url}")
        for url in parser.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//", "mailto:")):
                continue
            if not _resolve(site, page, url):
                problems.append(f"{rel}: broken link {url}")
    return problems


def _resolve(site: Path, page: Path, url: str) -> bool:
    path = unquote(urlsplit(url).path)
    if not path:
        return True
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target.exists() and site.resolve() in (target, *target.parents)
