"""The HTML reader: the article's main text found by trafilatura (hidden elements dropped first), with the
metadata the page declares (title, date, author, address, site, language) and its reader comments."""
from __future__ import annotations

import re

from generator import hidden
from generator.errors import SourceError
from generator.ingest.decoding import normalise, plain
from generator.ingest.html_dates import (ISO_DAY, marked_published, meta_dates, only_a_modified_date,
                                         published_time_element)
from generator.ingest.html_headline import (element_text, headline_element, lines_above, lines_under,
                                             with_subheadings)
from generator.models import DATE_IN_PAGE_TEXT, RawSource
from generator.text import EDITION_LINE, name_key


def read_html(text: str, rel: str, digest: str, encoding: str) -> RawSource:
    """The RawSource of an HTML page's text; SourceError when it holds no article text."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(text)  # the tree trafilatura would make of the text
        if tree is not None:
            hidden.drop_hidden(tree)
        doc = trafilatura.bare_extraction(tree if tree is not None else text, include_comments=True,
                                          include_tables=False, with_metadata=True, favor_recall=True,
                                          deduplicate=False, date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise SourceError(rel, f"cannot parse HTML: {type(exc).__name__}: {exc}") from None
    if doc is None:
        raise SourceError(rel, "no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = normalise(data.get("text") or "").strip()
    if not body:
        raise SourceError(rel, "no article text found in the HTML")
    body = normalise(with_subheadings(tree, body))
    declared = {}
    for key, name in (("title", "title"), ("date", "date"), ("author", "author"), ("url", "url"),
                      ("sitename", "site_name")):
        if data.get(key):
            value = plain(data[key])
            if value:
                declared[name] = value
    if "author" not in declared and tree is not None:
        byline = _marked_byline(tree)
        if byline:
            declared["byline"] = byline  # the analysis keeps the people it names (provenance.marked_byline)
    metas = meta_dates(text)
    if "date" in declared and only_a_modified_date(metas, text, declared["date"]):
        del declared["date"]  # the page's last edit, not its publication
        published = published_time_element(tree)
        if published:
            declared["date"] = published
    marked = marked_published(metas, text, tree) if "date" in declared else None
    if marked and marked != declared["date"][:10]:
        declared["date"] = marked  # htmldate took another date (a "Mis à jour" <time>, a header bar's day)
    backing = _date_backing(metas, text, tree, declared["date"]) if "date" in declared else METADATA
    if backing in (COMMENTS, OTHER_ARTICLES):
        del declared["date"]  # a reader's comment's time, or another article's in a list, not the page's
    elif backing == PAGE_TEXT:
        declared["date_basis"] = PAGE_TEXT
        if tree is not None and not _day_printed(tree, declared["date"][:10]):
            declared["date"] = declared["date"][:7]  # its month only: the day was the run's
    declared = {**_feed_item(tree), **declared}
    printed = _printed_date(tree, declared.get("date", ""))
    in_order = _in_page_order(tree, declared["date"], printed) if printed and backing == PAGE_TEXT else None
    if in_order and in_order != declared["date"]:
        declared["date"] = in_order  # the page's own convention decided: its words are not read again
    elif printed:
        declared["date_printed"] = printed
    headline = headline_element(tree, body, declared.get("site_name"), declared.get("url"))
    if headline is None and _names_the_site(declared.get("title", ""), declared.get("site_name", "")):
        del declared["title"]  # the <title> is the site's name ("Scènes d'Algérie – Culture"), the page shows none
    if headline is not None:
        declared["title"] = plain(element_text(headline))
        if "date" not in declared or backing == PAGE_TEXT:
            # A page that declares no date may print one under its headline ("Published 7 December 2023"),
            # which the extraction dropped with the byline: the analysis reads it as a copied page's date line.
            # It also outweighs a date htmldate read elsewhere in the page's text (a header bar's date of the day).
            dated = [plain(line) for line in lines_under(headline) if any(c.isdigit() for c in line)]
            # Or a print edition's masthead, wherever the layout puts it ("Édition du lundi 20 janvier 2014").
            above = [] if dated or "date" in declared else \
                [plain(line) for line in lines_above(headline) if any(c.isdigit() for c in line)] \
                or _edition_line(tree)
            if dated:
                body = _under_headline(body, declared["title"], dated)
            elif above:
                # Only a line above it: a masthead's issue date, or the site's date of the day, which the analysis
                # takes only when nothing else dates the page (a date line above the headline).
                body = "\n".join(above) + "\n\n" + declared["title"] + "\n\n" + body
        elif backing == METADATA:
            # The page's own "Published ..." line under its headline, which the analysis weighs against metadata
            # written later (a site's migration stamps every page with its day).
            stated = [plain(line) for line in lines_under(headline) if any(c.isdigit() for c in line)]
            if stated:
                declared["date_stated"] = " | ".join(stated)
    if "url" not in declared:
        address = _json_ld_address(text)
        if address:
            declared["url"] = address
    lang = _html_lang(text)
    if lang:
        declared["language"] = lang
    comments = tuple(c.strip() for c in normalise(data.get("comments") or "").split("\n") if c.strip())
    return RawSource(rel, body, "html", digest, declared, comments, encoding)


def _feed_item(tree) -> dict:
    """The title and date of a feed's item saved as a page (RSS <item>, Atom <entry>), which carry the article's
    headline and publication date in their own elements, not in the page's <head>."""
    if tree is None or tree.xpath("//head/title"):
        return {}
    out = {}
    for item in tree.xpath("//item | //entry")[:1]:
        title = item.find("title")
        if title is not None and element_text(title):
            out["title"] = plain(element_text(title))
        dates = (_feed_date(found.text_content()) for name in ("pubdate", "published", "updated", "dc:date")
                 if (found := item.find(name)) is not None)
        date = next((d for d in dates if d), None)
        if date:
            out["date"] = date
    return out


def _feed_date(text: str) -> str | None:
    """An ISO date from a feed's date: Atom's "2024-11-12T08:30:00Z", RSS's "Tue, 12 Nov 2024 08:30:00 +0100"."""
    from email.utils import parsedate_to_datetime

    iso = ISO_DAY.match(text)
    if iso:
        return iso.group(1)
    try:
        return parsedate_to_datetime(text.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# What backs a date htmldate gives: the page's metadata (a meta tag, JSON-LD, a <time datetime> of the article),
# only a reader comment's <time>, or nothing but the page's text (an element whose class says "date": the first may
# be the site's date of the day in its header bar, "Sunday 7 January 2024", above the article's own).
METADATA, COMMENTS, PAGE_TEXT = "metadata", "comments", DATE_IN_PAGE_TEXT
OTHER_ARTICLES = "other articles"  # printed only beside links to other articles ("Related", a sidebar's list)
_COMMENT_BOX = re.compile(r"(?i)comment|reaction|respond|reply|replies|discussion")
_JSON_LD_DATE = r'"date(?:Published|Created|Modified)"\s*:\s*"'
MARKED_ELEMENTS = 500  # elements with a date in an attribute read: a page's metadata comes first


def _date_backing(metas: list[tuple[str, str]], html_text: str, tree, date: str) -> str:
    day = date[:10]
    if any(value == day for _name, value in metas) \
            or re.search(_JSON_LD_DATE + re.escape(day), html_text):
        return METADATA
    if tree is None:
        return PAGE_TEXT
    # A meta tag whatever the order of its attributes, a <time datetime>, an itemprop's content.
    marked = [e for e in tree.xpath("//*[@datetime or @content]")[:MARKED_ELEMENTS]
              if (e.get("datetime") or e.get("content") or "").strip().startswith(day)]
    if any(not _in_comments(e) for e in marked):
        return METADATA
    if marked:
        return COMMENTS
    return OTHER_ARTICLES if _only_beside_other_articles(tree, day) else PAGE_TEXT


def _only_beside_other_articles(tree, day: str) -> bool:
    """Whether every piece of the page's text that may print the date (its year and day as numbers) stands in
    a list of other articles: an item linking to one, or a block marked related, sidebar, popular..."""
    carriers = [node.getparent() for node in _page_texts(tree) if _may_print(node, day)]
    return bool(carriers) and all(_beside_other_articles(e) for e in carriers)


PAGE_TEXTS = 5000  # text nodes of the body read when a date is checked against the page's words


def _page_texts(tree) -> list[str]:
    return tree.xpath("//body//text()")[:PAGE_TEXTS]


def _may_print(text: str, day: str) -> bool:
    """Whether a piece of text may print the date: its year and day as numbers, its month as one or in words."""
    year, month, date = (int(part) for part in day.split("-"))
    numbers = {int(n) for n in re.findall(r"\d+", text)}
    return year in numbers and date in numbers and (month in numbers or bool(re.search(r"[^\W\d]{3}", text)))


def _day_printed(tree, day: str) -> bool:
    """Whether the page prints the date's day anywhere, in its text or its attributes. htmldate completes a
    month ("2024/03" in a citation tag) with the day of the run: that day is nowhere in the page."""
    if any(_may_print(node, day) for node in tree.xpath("//text()")[:PAGE_TEXTS]):  # the head's JSON-LD too
        return True
    attributes = tree.xpath("//@content | //@datetime | //@value | //link/@href")[:MARKED_ELEMENTS]
    return any(_may_print(value, day) for value in attributes)  # an address too: ".../2022/03/16/..."


_BYLINE_CLASS = re.compile(r"(?<![a-z])(?:author|authors|auteur|auteurs|byline|by|signature)(?![a-z])", re.IGNORECASE)
BYLINE_WORDS = 16


def _marked_byline(tree) -> str | None:
    """The byline the markup marks (class "byline", "auteur", "signature"), which trafilatura may miss: its part
    naming people ("By Jane Roe · Oct. 3, 2024 · 5 min read"), not a reader comment's nor another article's."""
    for element in tree.xpath("//body//*[@class]")[:MARKED_ELEMENTS * 4]:
        if not _BYLINE_CLASS.search(element.get("class") or "") or element.tag in ("a", "img", "meta"):
            continue
        text = " ".join(element_text(element).split())
        part = next((p.strip() for p in re.split(r"\s[·•|]\s", text) if p.strip() and not re.search(r"\d", p)), "")
        if part and len(part.split()) <= BYLINE_WORDS and any(c.isupper() for c in part) \
                and not _in_comments(element) and not _beside_other_articles(element):
            return part
    return None


TEASER_WORDS = 60
_OTHER_ARTICLES_CLASS = re.compile(r"(?<![a-z])(?:related|read[-_]?next|most[-_]?read|popular|recommend|sidebar|"
                                   r"teaser|trending|more[-_](?:stories|articles|news|from))", re.IGNORECASE)


def _beside_other_articles(element) -> bool:
    for ancestor in [element, *element.iterancestors()]:
        if ancestor.tag in ("main", "body"):
            return False  # the page's own layout classes ("layout-no-sidebars") say nothing of a block
        if ancestor.tag in ("aside", "nav") or _OTHER_ARTICLES_CLASS.search(ancestor.get("class") or ""):
            return True
        if ancestor.tag in ("li", "article") and len(element_text(ancestor).split()) <= TEASER_WORDS \
                and any(len(element_text(a).split()) >= 4 for a in ancestor.iter("a") if a.get("href")):
            return True  # an item or a card: another article's headline, linked, and its date
    return False


def _in_comments(element) -> bool:
    return any(_COMMENT_BOX.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in element.iterancestors())


# A day and month that could be either way round, written with a four-digit year: "08/02/2024", "8.2.2024".
_NUMERIC_DAY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def _printed_date(tree, date: str) -> str | None:
    """The page's own words for a declared date whose day and month could be read either way round (htmldate
    read "Fri, 08/02/2024 - 10:15" as 8 February): the analysis reads them again, and a weekday written there
    decides (dates.reread_declared). None when the date is not ambiguous or the page does not print it."""
    value = ISO_DAY.fullmatch(date or "")
    if tree is None or value is None:
        return None
    year, month, day = (int(part) for part in value.group(1).split("-"))
    if month == day or day > 12:
        return None
    for text in _page_texts(tree):
        for found in _NUMERIC_DAY.finditer(text):
            if int(found.group(3)) == year and {int(found.group(1)), int(found.group(2))} == {month, day}:
                return " ".join(text.split())[:120]
    return None


HEADLINE_LINES = 5  # lines of the extracted text that may come before its headline (a kicker, a section name)


def _under_headline(body: str, headline: str, dated: list[str]) -> str:
    """The text with the date lines printed under the headline put back there: under the headline where the
    extraction kept it (with a kicker above), else first (the analysis reads them as the lines under it)."""
    lines = body.split("\n")
    at = next((i for i, line in enumerate(lines[:HEADLINE_LINES]) if plain(line) == headline), None)
    if at is None:
        return "\n".join(dated) + "\n\n" + body
    return "\n".join(lines[:at + 1] + dated + lines[at + 1:])


EDITION_TEXTS = 300  # text nodes read from the top: the masthead is above the article


def _edition_line(tree) -> list[str]:
    """The masthead line naming the print edition of the day, wherever the page's layout puts it."""
    for node in tree.xpath("//body//text()")[:EDITION_TEXTS]:
        found = EDITION_LINE.match(plain(node))
        if found and len(found.group(0).split()) <= 12:
            return [found.group(0)]  # to its year: "— N° 6 984" after it is the number
    return []


def _names_the_site(title: str, site: str) -> bool:
    """Whether a title is the site's name ("Scènes d'Algérie" on scenesdalgerie.com)."""
    return bool(name_key(title)) and name_key(title) in (name_key(site), name_key(site.split(".")[0]))


def _in_page_order(tree, date: str, printed: str) -> str:
    """A date htmldate read day first from the page's text ("Published 04/07/2025" as 4 July), read month first
    when the page's other numeric dates can only be month first (a list's "03/30/2025", a comment's "03/22/2025")
    and none only day first: the page's own convention, not a guess from its language."""
    year, month, day = (int(part) for part in date.split("-"))
    found = _NUMERIC_DAY.search(printed)
    if not found or (int(found.group(1)), int(found.group(2))) != (day, month):
        return date  # not read day first from these words (a weekday, or metadata, decided)
    firsts, seconds = set(), set()
    for text in _page_texts(tree):
        for other in _NUMERIC_DAY.finditer(text):
            firsts.add(int(other.group(1)))
            seconds.add(int(other.group(2)))
    if max(seconds, default=0) > 12 and max(firsts, default=0) <= 12:  # "03/30/2025": the month first
        return f"{year:04d}-{day:02d}-{month:02d}"
    return date


# htmldate's default upper bound is today's date: a page dated after it would lose its date today and get it
# later, so the output would depend on the day of the run. A fixed bound keeps the output a function of the input.
# Its extensive search reads dates in the text too, and pads a bare year to the 1st of January ("came to power
# in 2020" made a page 2020-01-01): only what the page declares is read here; the text's dates are the analysis's,
# which keeps their precision.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}


MAX_JSON_LD = 200_000  # characters of one JSON-LD block; metadata, never a whole page
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "backgroundnewsarticle", "blogposting", "report", "webpage"}


def _json_ld_address(html_text: str) -> str | None:
    """The article's address in its JSON-LD (`url`, else `mainEntityOfPage`): trafilatura reads the author and
    publisher there, and the address only from <link rel=canonical> and og:url."""
    import json

    lower = html_text.lower()
    pos = 0
    while True:
        start = lower.find("application/ld+json", pos)
        if start < 0:
            return None
        open_end = lower.find(">", start)
        close = lower.find("</script", open_end)
        if open_end < 0 or close < 0:
            return None
        pos = close
        if close - open_end > MAX_JSON_LD:
            continue
        try:
            data = json.loads(html_text[open_end + 1:close])
        except (ValueError, RecursionError):
            continue
        for item in _json_ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                continue
            for value in (item.get("url"), item.get("mainEntityOfPage")):
                value = value.get("@id") if isinstance(value, dict) else value
                if isinstance(value, str) and re.match(r"(?i)https?://", value.strip()):
                    return value.strip()


def _json_ld_items(data, depth: int = 0):
    """The objects of a JSON-LD document: itself, the items of a list, those of an @graph."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph"), depth + 1)


def _html_lang(html_text: str) -> str | None:
    match = re.search(r"<html[^>]{0,2000}?\blang\s*=\s*[\"']?([A-Za-z]{2})(?:[-_][A-Za-z]+)?", html_text[:5000], re.I)
    return match.group(1).lower() if match else None
