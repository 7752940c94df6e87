"""What a line of a page is by the furniture patterns of data/furniture.yml (navigation, section names, comment
headers, bylines, and the furniture a headline candidate may be) and by its shape (prose or headline-like)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import regex

from generator import data as data_file
from generator.text import words

DATA = Path(__file__).resolve().parent.parent / "data" / "furniture.yml"
SENTENCE_END = re.compile(r"[.!?…»”\"]\s*$")
# A real paragraph: long enough to be prose. Headline-like lines are shorter and unpunctuated.
PROSE_WORDS = 14
HEADING_MAX_WORDS = 18


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    data = data_file.load(DATA.name)
    return {key: regex.compile(r"(?:" + "|".join(f"(?:{p})" for p in data[key]) + r")", regex.I | regex.V1)
            for key in ("line", "section", "comments", "byline", "forward", "digest")}


def is_kind(kind: str, line: str) -> bool:
    """Whether the line, without its bullets and rules, is one of the furniture patterns of `kind` ("line",
    "section", "comments", "byline", "forward", "digest")."""
    return _fullmatch(kind, line.strip(" \t•·|-–—*#>"))


@lru_cache(maxsize=16384)
def _fullmatch(kind: str, line: str) -> bool:
    """One pattern test of a line, memoised: several steps of the cleaning ask a line the same question."""
    return _patterns()[kind].fullmatch(line) is not None


def is_prose(line: str) -> bool:
    n = words(line)
    return n >= PROSE_WORDS or (n >= 6 and SENTENCE_END.search(line) is not None)


def is_headline_like(line: str) -> bool:
    n = words(line)
    return 2 <= n <= HEADING_MAX_WORDS + 7 and not line.rstrip().endswith((".", ",", ";", ":"))


@lru_cache(maxsize=1)
def title_patterns() -> dict[str, regex.Pattern]:
    """The furniture a headline candidate may be (navigation, timestamp, byline, credit...), by kind; a wiki's
    section heading (its edit link) is a section."""
    data = data_file.load(DATA.name)
    kinds = {kind: list(patterns) for kind, patterns in data["title"].items()}
    kinds["section"] = kinds.get("section", []) + [data["edit_link"]]
    return {kind: regex.compile("|".join(f"(?:{p})" for p in patterns), regex.I | regex.V1)
            for kind, patterns in kinds.items()}


@lru_cache(maxsize=1)
def thread_label() -> regex.Pattern:
    """A forum's label before a thread's title ("Discussion: ...")."""
    return regex.compile(data_file.load(DATA.name)["thread_label"], regex.I)


@lru_cache(maxsize=1)
def edit_link() -> regex.Pattern:
    """A wiki's edit link closing a section heading ("Dissolution[edit]")."""
    return regex.compile(data_file.load(DATA.name)["edit_link"], regex.I)
