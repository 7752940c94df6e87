"""Cleaning: split a source into blocks and tell the article from page furniture and reader comments.

Works line by line for every format (HTML arrives here already reduced to text). The rules are general:
furniture patterns live in data/furniture.yml; layout cues (length, punctuation, position) do the rest.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import regex

from generator import data as data_file
from generator.analyze import dates
from generator.models import (BODY, BYLINE, COMMENT, DATELINE, FURNITURE, HEADING, TITLE, Block, DateValue,
                              RawSource)

DATA = Path(__file__).resolve().parent.parent / "data" / "furniture.yml"
TERMINAL = re.compile(r"[.!?…:;»”\"'’)\]]\s*$")
SENTENCE_END = re.compile(r"[.!?…»”\"]\s*$")
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
# A real paragraph: long enough to be prose. Headline-like lines are shorter and unpunctuated.
PROSE_WORDS = 14
HEADING_MAX_WORDS = 18


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    data = data_file.load(DATA.name)
    return {key: regex.compile(r"(?:" + "|".join(f"(?:{p})" for p in data[key]) + r")", regex.I | regex.V1)
            for key in ("line", "section", "comments", "byline")}


def _is(kind: str, line: str) -> bool:
    return _patterns()[kind].fullmatch(line.strip(" \t•·|-–—*#>")) is not None


def words(text: str) -> int:
    return len(WORD.findall(text))


def is_prose(line: str) -> bool:
    n = words(line)
    return n >= PROSE_WORDS or (n >= 6 and SENTENCE_END.search(line) is not None)


def is_headline_like(line: str) -> bool:
    n = words(line)
    return 2 <= n <= HEADING_MAX_WORDS + 7 and not line.rstrip().endswith((".", ",", ";", ":"))


def split_lines(text: str) -> list[str]:
    """Non-empty lines, with hard-wrapped paragraphs joined back together."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            out.append("")
            continue
        prev = out[-1] if out else ""
        # A wrapped line continues a sentence: the previous line did not end one and this one starts lower-case.
        if prev and not TERMINAL.search(prev) and line[0].islower() and words(prev) >= 6:
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return [line for line in out if line]


def segment(raw: RawSource, lang_hint: str | None = None) -> tuple[list[Block], DateValue | None]:
    """Blocks of the source with their kinds, and a date glued to the first line if there was one."""
    lines = split_lines(raw.text)
    glued: DateValue | None = None
    if lines:
        value, rest = dates.split_leading_date(lines[0])
        if value is not None and rest.strip():
            glued, lines[0] = value, rest.strip()
    kinds = _classify(lines, lang_hint)
    blocks = [Block(line, kind) for line, kind in zip(lines, kinds)]
    blocks += [Block(" ".join(c.split()), COMMENT) for c in raw.comments]
    return blocks, glued


def _classify(lines: list[str], lang: str | None) -> list[str]:
    kinds = [""] * len(lines)
    first_prose = next((i for i, line in enumerate(lines) if is_prose(line) and not _is("line", line)), len(lines))
    in_section = False
    in_comments = False
    for i, line in enumerate(lines):
        if in_comments:
            kinds[i] = FURNITURE if _is("line", line) else COMMENT
            continue
        if i > first_prose and (_is("comments", line) or _comment_header(lines, i, kinds)):
            in_comments = True
            kinds[i] = FURNITURE if _is("comments", line) else COMMENT
            continue
        if _is("section", line):
            in_section, kinds[i] = True, FURNITURE
            continue
        if in_section and not is_prose(line) and not _opens_article(lines, i, lang):
            kinds[i] = FURNITURE
            continue
        in_section = False
        kinds[i] = _kind_of(line, lang)
        if kinds[i] == BODY and i < first_prose:
            kinds[i] = HEADING if is_headline_like(line) else FURNITURE
    _mark_title(lines, kinds, first_prose)
    _mark_headings(lines, kinds)
    return kinds


def _opens_article(lines: list[str], i: int, lang: str | None) -> bool:
    """A headline followed by a byline or a date line is the article's, even inside a list of headlines."""
    return i + 1 < len(lines) and _kind_of(lines[i + 1], lang) in (BYLINE, DATELINE) \
        and _kind_of(lines[i], lang) == BODY


def _kind_of(line: str, lang: str | None) -> str:
    if dates.parse_date_line(line, lang) is not None:
        return DATELINE
    if _is("line", line):
        return FURNITURE
    if words(line) <= 12 and _is("byline", line):
        return BYLINE
    return BODY


def _comment_header(lines: list[str], i: int, kinds: list[str]) -> bool:
    """A reader comment opens with its author's name alone on a line, then a date line, after the article."""
    line = lines[i].rstrip(":").rstrip()  # "Jane says:" / "Jeanne a dit :"
    if i + 1 >= len(lines) or words(line) > 5 or TERMINAL.search(line):
        return False
    if BODY not in kinds[:i] or dates.parse_date_line(lines[i + 1]) is None:
        return False
    return kinds[:i].count(BODY) >= 2


def _mark_title(lines: list[str], kinds: list[str], first_prose: int) -> None:
    """The headline: the first headline-like line before the article starts, else none."""
    candidates = [i for i in range(min(first_prose, len(lines))) if kinds[i] in (HEADING, FURNITURE, BODY)
                  and not _is("line", lines[i]) and is_headline_like(lines[i])]
    # The last headline-like line before the article: site names, taglines and lists of other headlines
    # come first; bylines, date lines and furniture may sit between the headline and the text.
    best = next((i for i in reversed(candidates) if words(lines[i]) >= 4), candidates[-1] if candidates else None)
    if best is None or words(lines[best]) < 3:
        return
    kinds[best] = TITLE
    title = _norm(lines[best])
    for j, line in enumerate(lines):
        if j != best and _norm(line) == title:
            kinds[j] = TITLE  # a repeated title line is not article text
    for j in range(best):
        if kinds[j] == HEADING:
            kinds[j] = FURNITURE  # section labels above the headline


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


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def body_paragraphs(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kind == BODY]
