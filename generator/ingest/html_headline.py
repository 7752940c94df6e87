"""The headline an HTML page shows its reader: its <h1>, else the element its markup names the headline.

The <title> and og:title are written for search engines and link previews: shorter than the headline, rewritten,
or the site's name alone ("El Watan - Le Quotidien Indépendant - Version imprimable"). The headline the reader
sees is the page's <h1> (unless that is the site's logo), else an element marked as the headline
(itemprop="headline"), else one whose class names a title ("entry-title", "post-title", "titre").
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from generator.text import fold

# A class naming a title: "entry-title", "post-title", "article__title", "titre", "headline", Joomla's
# "contentheading".
TITLE_CLASS = re.compile(r"(?:^|[-_\s])(?:title|titre|headline|contentheading)(?:$|[-_\s])", re.IGNORECASE)
# Where other articles' titles and the site's own are: lists of links, menus, sidebars, footers.
AWAY = frozenset({"nav", "aside", "footer", "li", "a", "ul", "ol", "figure", "figcaption", "button", "form"})
AWAY_CLASS = re.compile(r"(?<![a-z])(?:related|more|read[-_]?next|most[-_]?read|popular|recommend|sidebar|"
                        r"teaser|card|logo|brand|menu|nav|footer|newsletter|promo|trending|ticker)", re.IGNORECASE)
# The site's own title in its banner ("titre-site", "site-title", "site-name"): a letterhead, not a headline.
SITE_CLASS = re.compile(r"(?:^|[-_\s])site(?:$|[-_\s])", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = 2, 30
SHARED_WORDS = 2  # words of four letters or more a headline shares with the article's opening
ONE_WORD_LETTERS = 5  # letters of a boxed title's one word that is no function word (see headline_element)
OPENING_CHARS = 4000


UNDER_ELEMENTS = 6  # elements after the headline where its byline and date line stand
UNDER_MAX_WORDS = 25  # longer is the article's first paragraph: the headline's block ends there
STANDFIRST_MAX_WORDS = 60  # a deck may be longer, one sentence without its full stop ("... announced in November")
STANDFIRST_CLASS = re.compile(r"(?<![a-z])(?:dek|deck|standfirst|chapo|chapeau|lede|intro|sub-?title|"
                              r"sous-?titre|summary|excerpt|strapline)", re.IGNORECASE)


def lines_under(element) -> list[str]:
    """The short lines printed right after the headline (deck, byline, date line), which the main-text
    extraction leaves out with the page's furniture."""
    out = []
    # A headline alone in its container ("<div class=page-header><h2>"): the lines follow the container.
    while element.getparent() is not None and not any(isinstance(e.tag, str) for e in element.itersiblings()) \
            and element.getparent().tag not in ("body", "main", "article"):
        element = element.getparent()
    for sibling in list(element.itersiblings())[:UNDER_ELEMENTS]:
        if not isinstance(sibling.tag, str):
            continue
        text = element_text(sibling)
        if len(text.split()) > UNDER_MAX_WORDS:
            if _standfirst(sibling, text):
                continue  # the byline and date line may follow it
            break
        out += [" ".join(part.split()) for part in sibling.itertext() if part.strip()] if text else []
    return out


def _standfirst(element, text: str) -> bool:
    """A long deck under the headline, not the article's first paragraph: marked so, or one sentence left
    without its full stop."""
    if len(text.split()) > STANDFIRST_MAX_WORDS:
        return False
    marked = STANDFIRST_CLASS.search(element.get("class") or "")
    return bool(marked) or not text.rstrip().endswith((".", "!", "?", "»", '"', "”"))


def lines_above(element) -> list[str]:
    """The short lines printed right above the headline, nearest last (a newsletter's masthead, "Issue #48 ·
    Monday, December 11, 2023"; a site's date of the day): the elements before it, and before its container."""
    out: list[str] = []
    for level in (element, element.getparent()):
        if level is None:
            break
        for sibling in list(level.itersiblings(preceding=True))[:UNDER_ELEMENTS]:
            text = element_text(sibling) if isinstance(sibling.tag, str) else ""
            if text and len(text.split()) <= UNDER_MAX_WORDS and sibling.tag not in AWAY \
                    and not AWAY_CLASS.search(sibling.get("class") or ""):
                out.insert(0, " ".join(text.split()))
        if out:
            break
    return out


def headline_element(tree, body: str, site_name: str | None = None, address: str | None = None):
    """The element of the page's headline as its reader sees it, or None when the markup shows none that the
    article's text bears out (it must share words with the article's opening). `address`: the page's own, as it
    declares it; a heading that links to it alone is the page's headline (a CMS prints `<h2><a href="(the
    article's address)">` over the article where it has no <h1>)."""
    if tree is None:
        return None
    site = fold(site_name or "")
    own = _own_paths(tree, address)
    opening_text = " ".join(body[:OPENING_CHARS].split())
    opening = set(_words(opening_text))

    def shown(element, boxed: bool = False) -> bool:
        text = element_text(element)
        if not MIN_WORDS <= len(text.split()) <= MAX_WORDS or (site and fold(text) == site):
            return False
        if not boxed:
            return sum(1 for w in set(_words(text)) if w in opening) >= SHARED_WORDS
        # An element whose class only names a title may be a box's ("Dans cette rubrique", "Les plus lus"), which
        # the extraction may have kept in the text too: its words that are no function word must be the text's,
        # its own line aside (one such word of five letters at least will do: "After the G5 Sahel").
        said = set(_content_words(opening_text.replace(text, " ", 1)))
        told = set(_content_words(text))
        if not told or (len(told) == 1 and len(next(iter(told))) < ONE_WORD_LETTERS):
            return False
        return sum(1 for w in told if w in said) >= min(SHARED_WORDS, len(told))

    for path, kind in (("//h1", ""), ("//*[@itemprop='headline']", ""), ("//*[@class]", "class"),
                       ("//h2 | //h3", "own")):
        for element in tree.xpath(path):
            if not isinstance(element.tag, str) or element.tag in AWAY or element.tag in ("meta", "link", "title"):
                continue
            if kind == "class" and (not TITLE_CLASS.search(element.get("class") or "")
                                    or SITE_CLASS.search(element.get("class") or "")):
                continue
            if kind == "own" and not _links_to(element, own):
                continue
            if _away(element) or not shown(element, boxed=kind == "class"):
                continue
            if kind == "class":
                # A title cell holding a kicker over a heading (Joomla's "contentheading"): the heading is the
                # headline.
                inner = next((h for h in element.xpath(".//h1 | .//h2 | .//h3 | .//h4") if shown(h)), None)
                return inner if inner is not None else element
            return element
    return None


def _own_paths(tree, address: str | None) -> frozenset[str]:
    """The paths of the page's own address, as it declares it (<base href>, the canonical link, og:url, or the
    address the extraction read), without a trailing slash; a site's home page ("/") is no article's."""
    found = [address or ""] + tree.xpath("//base/@href") + tree.xpath("//link[@rel='canonical']/@href") \
        + tree.xpath("//meta[@property='og:url']/@content")
    return frozenset(path for path in (urlsplit(str(a).strip()).path.rstrip("/") for a in found) if path)


def _links_to(element, own: frozenset[str]) -> bool:
    """Whether the element is one link, to one of the page's own addresses."""
    links = element.xpath(".//a[@href]")
    if not own or len(links) != 1 or element_text(links[0]) != element_text(element):
        return False
    base = next(iter(element.getroottree().xpath("//base/@href")), "")
    return urlsplit(urljoin(str(base), links[0].get("href") or "")).path.rstrip("/") in own


def _away(element) -> bool:
    """Inside a list of links, a menu, a sidebar or a footer, or the site's logo or name (a link to its home
    page: `<h1><a href="https://blog.example/">Sahel Notebook</a></h1>`)."""
    text = element_text(element)
    if element.xpath(".//img") and len(text.split()) <= 4:
        return True
    links = element.xpath(".//a[@href]")
    if len(links) == 1 and urlsplit(links[0].get("href") or "").path in ("", "/") \
            and element_text(links[0]) == text:
        return True
    for node in [element, *element.iterancestors()]:
        if node.tag in ("body", "html"):
            break  # a page's own classes ("wp-custom-logo", "menu-open") say nothing of where the element is
        if node is not element and node.tag in AWAY:
            return True
        if AWAY_CLASS.search(node.get("class") or "") or AWAY_CLASS.search(node.get("id") or ""):
            return True
    return False


def element_text(element) -> str:
    """An element's text as a reader sees it: its words, spaces collapsed."""
    return " ".join(element.text_content().split())


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", fold(text)) if len(w) >= 4]


def _content_words(text: str) -> list[str]:
    """The words that may tell what a text is about: four letters or more, no function word ("dans", "cette",
    "with": a sidebar's "Dans cette rubrique" shares them with any French article)."""
    function = _function_words()
    return [w for w in _words(text) if w not in function]


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Every language's function words (data/query_words.yml, the search's), folded."""
    from generator import data

    return frozenset(fold(w) for words in data.load("query_words.yml").values() for w in words)


def with_subheadings(tree, body: str) -> str:
    """The extracted text with the article's sub-headings put back where the extraction dropped them (its
    fallback extractors keep a newsletter's paragraphs but not the <h2> over each item): each heading over a
    paragraph the text holds goes in the line before it. A heading in a menu, a sidebar or a footer stays out."""
    if tree is None:
        return body
    lines = body.split("\n")
    starts = {}
    for i, line in enumerate(lines):
        key = " ".join(line.split())[:PARAGRAPH_KEY]
        if len(key) >= MIN_KEY:
            starts.setdefault(key, i)
    before: dict[int, str] = {}
    for heading in tree.xpath("//h2|//h3|//h4")[:MAX_SUBHEADINGS]:
        text = element_text(heading)
        if not text or len(text.split()) > MAX_WORDS or text in body or _away(heading):
            continue
        after = heading.getnext()
        while after is not None and not (isinstance(after.tag, str) and element_text(after)):
            after = after.getnext()
        opening = element_text(after)[:PARAGRAPH_KEY] if after is not None else ""
        # The element after it may hold several paragraphs: its text opens with the first one's.
        at = next((i for key, i in starts.items() if opening.startswith(key)), None) if opening else None
        if at is not None and at not in before:
            before[at] = text
    if not before:
        return body
    return "\n".join(part for i, line in enumerate(lines) for part in ((before[i], line) if i in before else (line,)))


PARAGRAPH_KEY = 60  # characters of a paragraph's opening that find it in the extracted text
MIN_KEY = 20  # a shorter line ("Share", a date) opens too many elements to place a heading by
MAX_SUBHEADINGS = 200
