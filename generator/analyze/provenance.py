"""Provenance: the original's address, its author and its publisher, as the source states them.

Declared values come first (front matter, or the page's metadata that ingest read with trafilatura); the text is
read only for what they leave out, and conservatively: a byline line that is exactly "By <name>" near the top,
a line "Source: <address>" near the top or the bottom. Source text is untrusted: an address is kept only when it
is an absolute http(s) URL without spaces or control characters, and it is printed escaped (see render).
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache
from urllib.parse import urlsplit

import regex

from generator import data as data_file
from generator.models import BODY, BYLINE, COMMENT, DATELINE, Block, DateValue, Provenance, PubDate, RawSource
from generator.text import name_key

MAX_URL = 2048
MAX_NAME = 120
HEAD_BLOCKS = 8  # a byline sits among the first blocks: title, deck, byline, date line, the lead
EDGE_LINES = 12  # an address line sits among the first or the last lines of the text
OUTLET_KEYS = ("publisher", "site_name", "source")  # declared names of the outlet, in this order of preference
DECLARED_IN = {"md": "front-matter", "html": "metadata"}


def address_of(raw: RawSource) -> str:
    """The original's address as the source states it: declared (url, or a source that is an address), or a
    "Source: <address>" line near the top or the bottom of a text; "" for none."""
    declared = raw.declared
    return web_address(declared.get("url")) or web_address(declared.get("source")) \
        or (_stated_address(raw.text) if raw.fmt != "html" else "")


# The date many sites write into an article's address: ".../2023/12/06/slug", ".../2024/01/slug".
ADDRESS_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0?[1-9]|1[0-2])(?:/(?P<day>0?[1-9]|[12]\d|3[01]))?/")


def address_date(url: str) -> DateValue | None:
    """The date in an article's address, to the precision it gives, or None."""
    found = ADDRESS_DATE.search(urlsplit(url).path + "/") if url else None
    if found is None:
        return None
    year, month, day = int(found["year"]), int(found["month"]), int(found["day"]) if found["day"] else None
    if day is not None and day > calendar.monthrange(year, month)[1]:
        return None
    return DateValue(year, month, day)


def of(raw: RawSource, blocks: list[Block] | tuple[Block, ...], date: PubDate) -> Provenance:
    declared = raw.declared
    address = address_of(raw)
    # A site's home page (an HTML page's <base href>, which trafilatura takes when nothing better is declared)
    # names the outlet but is no address of the article.
    url = address if urlsplit(address).path not in ("", "/") or urlsplit(address).query else ""
    outlet = publisher(declared, address)
    author = _name(_declared_author(declared.get("author")))
    if name_key(author) and name_key(author) in (name_key(outlet), name_key(domain(address).split(".")[0])):
        author = ""  # the outlet declared as the author ("The Harbour Post" on harbourpost.example)
    author_from = DECLARED_IN.get(raw.fmt, "") if author else ""
    if not author:  # the byline the page's markup marks, or one among the first lines
        author = marked_byline(declared.get("byline")) or byline_author(blocks)
        author_from = "byline" if author else ""
    return Provenance(url=url, author=author, publisher=outlet, author_from=author_from,
                      date_from=DECLARED_IN.get(raw.fmt, "declared") if date.basis == "declared" else date.basis)


def web_address(value) -> str:
    """value when it is an absolute http(s) address a reader can open, else ""."""
    text = str(value or "").strip()
    if not text or len(text) > MAX_URL or re.search(r"[\s\x00-\x1f\x7f<>\"\\^`{|}]", text):
        return ""
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a malformed port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host or parts.username or parts.password \
            or (port is not None and port == 0) or not re.fullmatch(r"[\w.-]+\.[\w-]+|\[[0-9a-fA-F:.]+\]", host):
        return ""
    return text


def domain(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host[4:] if host.startswith("www.") else host


def publisher(declared: dict, url: str) -> str:
    """The outlet as the source names it (publisher, site name, a source that is not an address), else the
    domain of its address."""
    for key in OUTLET_KEYS:
        value = _name(declared.get(key))
        if value and not re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:)?//", value):
            return value
    return domain(url)


def _declared_author(value):
    """The author's name as the source declares it, without what came with it: a clipper's wiki link ("[[Jane
    Roe]]"), the byline's "By"/"Par" or "Authors", a role trafilatura splits off as a second author ("Amel Roe;
    Senior Analyst"), a biography read as the author ("Nadia Belkacem is a journalist covering North Africa; The
    Sahel": trafilatura takes an author box for the byline, its "and" for a second author), cut to the capitalised
    words before the first other word, particles and joiners allowed ("Jane Roe and John Doe"). A citation's
    "Roe, Jane" (split "Roe; Jane") is "Jane Roe". Anything else as it is."""
    if not isinstance(value, str):
        return value
    value = _WIKI_LINK.sub(r"\1", value)
    value = _opener().sub("", value, count=1) or value
    # The byline's line run on: "Jane Roe · Updated", "Jane Roe Published" (a date's label, the date itself gone).
    value = regex.split(r"\s+[·•|]\s+|\s+(?i:published|updated|posted|publié|publiée|mis à jour|modifié)\b",
                        value)[0] or value
    parts = [part.strip(" ·•|-–—") for part in value.split(";") if part.strip(" ·•|-–—")]
    if len(parts) == 2 and all(len(part.split()) == 1 and part[:1].isupper() for part in parts):
        return f"{parts[1]} {parts[0]}"
    people = parts[:1] + [part for part in parts[1:] if _a_persons_name(part)]  # a role or a place follows a name
    value = "; ".join(people) or value
    tokens = value.split(";")[0].split()
    for k, token in enumerate(tokens):
        if not (token[:1].isupper() or token.lower() in _rules()["name_particles"]
                or token.lower() in _rules()["byline_joiners"]):
            # A sentence goes on after the name; a credit's few words ("Le Monde avec AFP") stay.
            return " ".join(tokens[:k]).rstrip(",;:") if k >= 2 and len(tokens) - k >= BIO_WORDS else value
    return value


def _names_no_person(text: str) -> bool:
    """Whether a byline's words name a role, a desk or an outlet rather than a person ("Senior Analyst")."""
    return bool(_rules()["not_a_person"] & {w.lower() for w in regex.findall(r"\p{L}+", text)})


BIO_WORDS = 3  # words after the name that make it a sentence about the person
_WIKI_LINK = regex.compile(r"\[\[([^\[\]|]{1,200})(?:\|[^\[\]]{0,200})?\]\]")


@lru_cache(maxsize=1)
def _opener() -> regex.Pattern:
    return regex.compile(r"^\s*(?i:" + _alternation(_rules()["byline_openers"]) + r")\s*:?\s+(?=\p{Lu})", regex.V1)


def _name(value) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= MAX_NAME else text[:MAX_NAME].rsplit(" ", 1)[0] + "…"


def byline_author(blocks) -> str:
    """The author of a "By Jane Doe" line among the first blocks, before any reader comment."""
    paragraphs = 0
    for block in list(blocks)[:HEAD_BLOCKS]:
        paragraphs += block.kind == BODY
        if block.kind == COMMENT or paragraphs > 1:
            break  # a byline sits above the lead, or right under it
        if block.kind not in (BYLINE, DATELINE):
            continue
        # The line, or one of its parts: "Jul 3, 2017 · by Jane Roe · 9 min read"
        for part in [block.text, *regex.split(r"\s[·•|—–]\s", block.text)]:
            found = _byline().fullmatch(part.strip(" \t•·|-–—*#>"))
            if found and not _names_no_person(found["names"]):
                return _name(found["names"].rstrip("."))
    return ""


def _stated_address(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]:
        found = _address_line().fullmatch(line)
        if found:
            url = web_address(found["url"])
            if url:
                return url
    return ""


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = data_file.load("provenance.yml")
    return {**data, "not_a_person": frozenset(w.lower() for w in data["not_a_person"])}


def _alternation(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _names() -> str:
    rules = _rules()
    word = r"\p{Lu}[\p{L}'’.-]{0,30}"
    particle = r"(?:(?:" + _alternation(rules["name_particles"]) + r")\s+)?"
    # Two to four capitalised words, particles between them: a person's name, not a one-word agency ("By AFP").
    name = word + r"(?:\s+" + particle + word + r"){1,3}"
    return name + r"(?:\s*(?:,|\s(?:" + _alternation(rules["byline_joiners"]) + r"))\s+" + name + r")?"


@lru_cache(maxsize=1)
def _byline() -> regex.Pattern:
    return regex.compile(r"(?i:" + _alternation(_rules()["byline_openers"]) + r")\s*:?\s+(?P<names>" + _names()
                         + r")\.?", regex.V1)


@lru_cache(maxsize=1)
def _person() -> regex.Pattern:
    return regex.compile(_names(), regex.V1)


def _a_persons_name(text: str) -> bool:
    """Whether text is one or two people's names, and nothing that names a role or an outlet."""
    return bool(_person().fullmatch(text.strip(" ."))) and not _names_no_person(text)


def marked_byline(value) -> str:
    """The people a byline the page's markup marks names ("Par Mehdi Roe, directeur de la publication" is Mehdi
    Roe), or "" for an agency, a desk or anything else ("(AFP)", "Le Courrier Afrique")."""
    text = _opener().sub("", str(value or ""), count=1)
    text = regex.split(r",\s*(?=\p{Ll})", text)[0].strip()
    return _name(text) if _a_persons_name(text) else ""


@lru_cache(maxsize=1)
def _address_line() -> regex.Pattern:
    # With one of the labels, or alone on its line: a page copied from a browser often starts with its address.
    return regex.compile(r"(?:(?i:" + _alternation(_rules()["address_labels"]) + r")\s*:\s*)?<?(?P<url>https?://\S{1,2048}?)>?",
                         regex.V1)
