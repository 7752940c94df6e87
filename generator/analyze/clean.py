"""Cleaning: split a source into blocks and tell the article from page furniture and reader comments.

Works line by line for every format (HTML arrives here already reduced to text). The rules are general:
furniture patterns live in data/furniture.yml; layout cues (length, punctuation, position) do the rest.
"""
from __future__ import annotations

import re
from collections import Counter

import regex

from generator.analyze import dates
from generator.analyze.dates.grammar import glued_label
from generator.analyze.furniture import SENTENCE_END, edit_link, is_headline_like, is_kind, is_prose, title_patterns
from generator.analyze.headline import mark_title
from generator.models import BODY, BYLINE, COMMENT, DATELINE, FURNITURE, HEADING, Block, DateValue, RawSource
from generator.text import words

TERMINAL = re.compile(r"[.!?…:;»”\"'’)\]]\s*$")

_NETWORK = r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|messenger|pinterest|reddit|e-?mail)"
# "Share this article: Facebook Twitter WhatsApp", "Partager : Facebook X E-mail": two networks or more in a row
# (three without the "share" word), before a paragraph starting with a capital letter.
_SEP = r"[\s,|/·•]+"
SHARE_BAR = re.compile(rf"(?:(?:share(?: this(?: article| story| page)?)?|partager(?: cet article| sur)?)\s*:?\s*"
                       rf"{_NETWORK}(?:{_SEP}{_NETWORK})+|{_NETWORK}(?:{_SEP}{_NETWORK}){{2,}})\b[\s,|/·•:]*"
                       r"(?=(?-i:[\"“«]?[A-ZÀ-ÖØ-Þ]))", re.I)


# A page's fields pasted without the spaces between them: a year run into the clock time or the date that follows
# ("March 11, 20257:42 AM", "25 Mar 202425 Mar 2024"), a field bar run into its neighbours ("Nov 14th 2024|RABAT").
GLUED_YEAR = regex.compile(r"(?<=\b(?:19|20)\d{2})(?=\d{1,2}(?::\d{2}|\s+\p{L}{3,}))")
GLUED_BAR = regex.compile(r"(?<=\S)\|(?=\S)")
# ... and a time zone run into the next field ("7:42 AM GMT+1Updated 2 hours ago").
GLUED_ZONE = regex.compile(r"(?<=\d(?:\s?(?:AM|PM))?\s?(?:GMT|UTC|CET|CEST|BST|EDT|EST|PDT|PST)(?:[+-]\d{1,2})?)"
                           r"(?=\p{Lu}\p{Ll})")


def _unglued(line: str) -> str:
    if not any(c.isdigit() for c in line):
        return line
    line = glued_label().sub(" ", line)  # "Jane DoePublished 7 December 2023"
    return GLUED_BAR.sub(" | ", GLUED_ZONE.sub(" ", GLUED_YEAR.sub(" ", line)))


# A drop cap extracted twice, as its own letter and again in the word: "LLe Real Madrid", "TThe talks".
DROP_CAP = regex.compile(r"^(\p{Lu})\1(?=\p{Ll})")


def split_lines(text: str) -> list[str]:
    """Non-empty lines, with hard-wrapped paragraphs joined back together."""
    out: list[str] = []
    raws = _without_running_lines(text.split("\n"))
    width = wrap_width(raws)
    full = False  # the line before filled the width the text is wrapped at: it went on in this one
    for raw in raws:
        # Columns padded apart with spaces (a running header, a menu copied from a page) are fields.
        line = " ".join(COLUMN_GAP.sub(" | ", raw.strip()).split())
        if not line:
            out.append("")
            full = False
            continue
        line = _unglued(DROP_CAP.sub(r"\1", line))
        bar = SHARE_BAR.match(line)
        if bar and words(line[bar.end():]) >= 6:
            line = line[bar.end():]  # a share bar run into the paragraph it stood above
        prev = out[-1] if out else ""
        # A wrapped line continues a sentence: the previous line did not end one and this one starts lower-case
        # (a date line starting with its weekday, "vendredi 18 février 2022", or its label, "publiée dans le JO du
        # 20/01/2022", continues nothing); in a text wrapped at a fixed width (an e-mail, a PDF's text), a line
        # after a full one goes on with its paragraph, whatever its case, and a word cut by a hyphen is one again.
        if prev and ((full and not LIST_ITEM.match(line))
                     or (not TERMINAL.search(prev) and line[0].islower() and words(prev) >= 6
                         and dates.parse_date_line(line) is None and dates.stated_date(line) is None)):
            out[-1] = prev[:-1] + line if full and HYPHENATED.search(prev) and line[0].islower() else f"{prev} {line}"
        else:
            out.append(line)
        full = width is not None and _fills(raw.strip(), width)
    return [line for line in out if line]


COLUMN_GAP = regex.compile(r"(?<=\S)[ \t]{3,}(?=\S)")
WRAP_LINES = 8  # lines of prose a text needs to show the width it is wrapped at
WRAP_SLACK = 15  # a wrapped line ends this much short of the width at most (the next word did not fit)
MAX_WRAP = 100  # wider lines are a paragraph each, as a browser copies them
# Lines longer than the width a text is wrapped at may be this share of its lines of prose: a page's header copied
# from a browser (its menu, its breadcrumb, one line each) above a document's text wrapped at 72.
WRAP_OVER = 0.25
LIST_ITEM = regex.compile(r"^(?:[-•*·–—]|\d{1,2}[.)])\s")
HYPHENATED = regex.compile(r"\p{Ll}-$")


RUNNING_LINE_WORDS = 15  # a running header or footer is a title, a page number, a date: a line, not a paragraph
RUNNING_REPEATS = 3  # ... printed on every page of a document's text (a PDF's)


def _without_running_lines(raws: list[str]) -> list[str]:
    """The lines but a document's running headers and footers: the same short line on every page, its page
    number aside ("Between Mediation and Fortification   3"). A line of a word or two repeated ("Reply", "Share")
    is left to the furniture rules."""
    keys = [_running_key(r) for r in raws]
    count = Counter(k for k in keys if k)
    return ["" if k and count[k] >= RUNNING_REPEATS else r for r, k in zip(raws, keys)]


def _running_key(raw: str) -> str | None:
    """A line as its repeats print it (numbers aside), or None for a line that cannot be a running one."""
    line = " ".join(raw.split())
    n = words(line)
    if not line or n > RUNNING_LINE_WORDS or len(set(line)) <= 3 or (n < 3 and not any(c.isdigit() for c in line)):
        return None
    return regex.sub(r"\d+", "#", line.casefold())


def _fills(line: str, width: int) -> bool:
    """Whether a line of prose ends within the last characters of the width: it was wrapped there."""
    return width - WRAP_SLACK <= len(" ".join(line.split())) <= width and _prose_line(line)


def _prose_line(line: str) -> bool:
    """Not a line padded into columns (a running header, a table), nor a rule of dashes."""
    return "   " not in line and len(set(line)) > 3


def wrap_width(raws: list[str]) -> int | None:
    """The width a plain text is wrapped at (an e-mail's 72 or 78 characters, a PDF's column), or None when its
    paragraphs run on one line each: most lines of prose end in the last few characters before it, few go past
    (WRAP_OVER).
    Lines padded into columns (a running header, a table) and rules say nothing of it."""
    prose = [len(" ".join(r.split())) for r in raws if len(r.strip()) >= 30 and _prose_line(r.strip())]
    if len(prose) < WRAP_LINES:
        return None
    count = Counter(min(n, MAX_WRAP + 1) for n in prose)
    filled, width = max((sum(count[n] for n in range(w - WRAP_SLACK, w + 1)), -w) for w in range(40, MAX_WRAP + 1))
    width = -width
    over = sum(c for n, c in count.items() if n > width)
    return width if filled >= 0.6 * len(prose) and over <= WRAP_OVER * len(prose) else None


def segment(raw: RawSource, lang_hint: str | None = None) -> tuple[list[Block], DateValue | None]:
    """Blocks of the source with their kinds, and a date glued to the first line if there was one."""
    lines = split_lines(raw.text)
    glued: DateValue | None = None
    if lines:
        value, rest = dates.split_leading_date(lines[0])
        if value is not None and rest.strip():
            rest = rest.strip()
            # A date cut off the end may leave its preposition behind ("Headline on 2010/4/21").
            glued, lines[0] = value, _without_dangling_word(rest) if lines[0].startswith(rest) else rest
    lines = _headlines_unglued(lines)
    kinds = _classify(lines, lang_hint)
    blocks = [Block(edit_link().sub("", line) if kind == HEADING else line, kind) for line, kind in zip(lines, kinds)]
    blocks += [Block(" ".join(c.split()), COMMENT) for c in raw.comments]
    return blocks, glued


# A date run onto the end of a headline, without a space at times: "... l'accord d'Alger26 janvier 2024".
GLUED_END_DATE = regex.compile(r"(?<=\p{L})(?=\d{1,2}(?:er)?\s+\p{L}{3,}\.?\s+\d{4}\s*$)")
UNGLUE_WINDOW = 40  # lines from the top where a headline may stand
YEAR = re.compile(r"\d{4}\s*$")


def _headlines_unglued(lines: list[str]) -> list[str]:
    """A headline-like line near the top that ends with a full date is a headline and its date line: the two
    are split (the first line's date, glued or not, is split by segment itself)."""
    out = lines[:1]
    for i, line in enumerate(lines[1:], 1):
        if i < UNGLUE_WINDOW and not is_prose(line) and is_headline_like(line) and YEAR.search(line):
            spaced = GLUED_END_DATE.sub(" ", line)
            value, rest = dates.split_leading_date(spaced)
            rest = rest.strip()
            if value is not None and value.day is not None and words(rest) >= 4 and spaced.startswith(rest):
                out += [_without_dangling_word(rest), spaced[len(rest):].strip()]
                continue
        out.append(line)
    return out


# Words a date cut off the end of a line leaves behind: "Headline on 2010/4/21 13:14", "Titre, publié le ...".
DATE_RESIDUE = frozenset("on at le du à posted publié updated".split())


def _without_dangling_word(line: str) -> str:
    tokens = line.split()
    while len(tokens) > 4 and tokens[-1].casefold().strip(",:-–—") in DATE_RESIDUE:
        tokens.pop()
    return " ".join(tokens).rstrip(" ,:-–—")


def _classify(lines: list[str], lang: str | None) -> list[str]:
    kinds = [""] * len(lines)
    first_prose = next((i for i, line in enumerate(lines) if is_prose(line) and not is_kind("line", line)), len(lines))
    in_section = False
    in_comments = False
    for i, line in enumerate(lines):
        if in_comments:
            kinds[i] = FURNITURE if is_kind("line", line) else COMMENT
            continue
        if i > first_prose and ((is_kind("comments", line) and _after_text(lines, i, kinds))
                                or _comment_header(lines, i, kinds)):
            in_comments = True
            kinds[i] = FURNITURE if is_kind("comments", line) else COMMENT
            continue
        if is_kind("section", line):
            in_section, kinds[i] = True, FURNITURE
            continue
        if in_section and (not is_prose(line) or TICKER_ENTRY.match(line) or LIST_ITEM.match(line)) \
                and not _opens_article(lines, i, lang):
            kinds[i] = FURNITURE
            continue
        in_section = False
        kinds[i] = _kind_of(line, lang)
        if kinds[i] == BODY and i < first_prose:
            kinds[i] = HEADING if is_headline_like(line) else FURNITURE
    forwarded = next((i for i, line in enumerate(lines[:FORWARD_WINDOW]) if is_kind("forward", line)), None)
    if forwarded is None:
        mark_title(lines, kinds)
    else:
        kinds[:forwarded + 1] = [FURNITURE] * (forwarded + 1)  # the forwarder's header and note
        message, message_kinds = lines[forwarded + 1:], kinds[forwarded + 1:]
        mark_title(message, message_kinds)  # the headline is the forwarded message's
        lines[forwarded + 1:], kinds[forwarded + 1:] = message, message_kinds
    _mark_headings(lines, kinds)
    return kinds


# An entry of a news ticker under a section label ("Brèves précédentes"): its time, a dash, its one sentence.
TICKER_ENTRY = re.compile(r"^\W*(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\s+)?\d{1,2}[:h]\d{2}\s*[—–-]\s")
# An item of a list under such a label (a reference, a related article), however long.
LIST_ITEM = re.compile(r"^\s*(?:[-•*·▪–]|\d{1,3}[.)]|\[\d{1,3}\])\s+")
FORWARD_WINDOW = 60  # lines in which a forwarded message's separator may stand (a header and a short note)


def _opens_article(lines: list[str], i: int, lang: str | None) -> bool:
    """A headline followed by a byline or a date line is the article's, even inside a list of headlines."""
    return i + 1 < len(lines) and _kind_of(lines[i + 1], lang) in (BYLINE, DATELINE) \
        and _kind_of(lines[i], lang) == BODY


def _kind_of(line: str, lang: str | None) -> str:
    if dates.parse_date_line(line, lang) is not None:
        return DATELINE
    if is_kind("line", line):
        return FURNITURE
    if words(line) <= 12 and is_kind("byline", line):
        return BYLINE
    return BODY


def _after_text(lines: list[str], i: int, kinds: list[str]) -> bool:
    """Whether article text comes before line i: a comment count under the byline ("0 commentaire") opens no
    comments; the same line after the text does."""
    return sum(words(lines[j]) for j in range(i) if kinds[j] == BODY and is_prose(lines[j])) >= ARTICLE_WORDS


def _comment_header(lines: list[str], i: int, kinds: list[str]) -> bool:
    """A reader comment opens with its author's name alone on a line, then a date line, after the article."""
    line = lines[i].rstrip(":").rstrip()  # "Jane says:" / "Jeanne a dit :"
    if i + 1 >= len(lines) or words(line) > 5 or TERMINAL.search(line) or not re.search(r"[^\W\d_]", line):
        return False  # a rule ("---") over a communiqué's "Alger, le 12 février 2019" names no commenter
    if is_kind("byline", line) or title_patterns()["byline"].search(line):
        return False  # "Propos recueillis par Jane Roe" over its date: the article's byline, under its standfirst
    if BODY not in kinds[:i] or dates.parse_date_line(lines[i + 1]) is None:
        return False
    # After the article: its text has gone on (a headline, a deck, then the byline and the date are not it).
    return kinds[:i].count(BODY) >= 2 and sum(words(lines[j]) for j in range(i) if kinds[j] == BODY) >= ARTICLE_WORDS


ARTICLE_WORDS = 60  # words of text before a name-and-date pair that opens the reader comments: a headline and its
# deck hold fewer, an article more


def _mark_headings(lines: list[str], kinds: list[str]) -> None:
    """Inside the article, a short unpunctuated line followed by prose is a sub-heading; a short
    line among furniture is furniture."""
    for i, kind in enumerate(kinds):
        if kind != BODY or is_prose(lines[i]):
            continue
        nxt = next((kinds[j] for j in range(i + 1, len(kinds)) if kinds[j] not in (FURNITURE,)), None)
        if is_headline_like(lines[i]) and nxt in (BODY, HEADING):
            kinds[i] = HEADING
        elif words(lines[i]) < 4 and not SENTENCE_END.search(lines[i]):
            kinds[i] = FURNITURE
