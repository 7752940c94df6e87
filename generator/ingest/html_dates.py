"""What an HTML page's markup says of its publication date in so many words: meta tags, JSON-LD, <time> elements
marked published or modified."""
from __future__ import annotations

import re

ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")  # the day opening an ISO 8601 date or timestamp

META_DATE = re.compile(r"<meta\s[^>]{0,300}?(?:property|name|itemprop)\s*=\s*[\"']([\w:.-]+)[\"'][^>]{0,300}?"
                        r"content\s*=\s*[\"'](\d{4}-\d{2}-\d{2})", re.I)
_MODIFIED = {"article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified"}
_PUBLISHED = {"article:published_time", "og:published_time", "datepublished", "pubdate", "publish-date",
              "dcterms.created", "dc.date", "date", "sailthru.date", "parsely-pub-date"}
_UPDATE_LABEL = re.compile(r"(?i)(?:updated|modified|last edited|mis à jour|modifié|actualisé)\W*$")


_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})')
HEAD_CHARS = 200_000  # the part of a page where its metadata stands


def meta_dates(html_text: str) -> list[tuple[str, str]]:
    """The page's meta tags that carry a date: (name, day), read once for the checks below."""
    return META_DATE.findall(html_text[:HEAD_CHARS])


def marked_published(metas: list[tuple[str, str]], html_text: str, tree) -> str | None:
    """The day the page's markup names its publication's, in so many words (a published-time meta tag, JSON-LD's
    datePublished, an element marked itemprop="datePublished"), when all that name it agree. `metas`:
    meta_dates(html_text)."""
    found = {value for name, value in metas if name.lower() in _PUBLISHED}
    found.update(_JSON_LD_PUBLISHED.findall(html_text[:HEAD_CHARS]))
    if tree is not None:
        for element in tree.xpath("//*[@itemprop='datePublished']")[:5]:
            value = ISO_DAY.match(element.get("datetime") or element.get("content") or "")
            if value:
                found.add(value.group(1))
    return found.pop() if len(found) == 1 else None


def published_time_element(tree) -> str | None:
    """The date of the page's first <time datetime> that no "Updated"/"Modifié" label introduces."""
    if tree is None:
        return None
    for element in tree.xpath("//time[@datetime]")[:20]:
        previous = element.getprevious()
        label = (previous.tail if previous is not None else element.getparent().text) or ""
        value = ISO_DAY.match(element.get("datetime") or "")
        if value and not _UPDATE_LABEL.search(label):
            return value.group(1)
    return None


def only_a_modified_date(metas: list[tuple[str, str]], html_text: str, date: str) -> bool:
    """Whether the page's metadata gives a modification date only, and it is the date trafilatura declared.
    `metas`: meta_dates(html_text)."""
    found = {(name.lower(), value) for name, value in metas}
    names = {name for name, _value in found}
    return not names & _PUBLISHED and any(n in _MODIFIED and date.startswith(v) for n, v in found) \
        and '"datePublished"' not in html_text
