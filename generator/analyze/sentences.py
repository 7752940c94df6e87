"""Sentence splitting with pysbd, repaired after abbreviations and initials where it breaks."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "sentences.yml"
PYSBD_LANGS = {"en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr",
               "my", "el", "it", "ja", "de", "kk", "sk"}
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
MAX_PARAGRAPH = 20_000  # pysbd slows sharply on huge unbroken text; longer runs are split on full stops


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(yaml.safe_load(DATA.read_text(encoding="utf-8"))["abbreviations"])


@lru_cache(maxsize=8)
def _segmenter(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang if lang in PYSBD_LANGS else "en", clean=False)


def _glued(segment: str) -> bool:
    match = _LAST_TOKEN.search(segment)
    if not match:
        return False
    token = match.group(1)
    if not token.endswith("."):
        return False
    stem = token[:-1].lstrip("(«“\"'").casefold()
    return stem in _abbreviations() or (len(stem) == 1 and stem.isalpha())


def split(paragraph: str, lang: str) -> list[str]:
    if len(paragraph) > MAX_PARAGRAPH:
        chunks = re.split(r"(?<=[.!?])\s+", paragraph)
        return [c.strip() for c in chunks if c.strip()]
    out: list[str] = []
    for seg in _segmenter(lang).segment(paragraph):
        seg = seg.strip()
        if not seg:
            continue
        if out and (_glued(out[-1]) or seg[0].islower()):
            out[-1] = f"{out[-1]} {seg}"
        else:
            out.append(seg)
    return out


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    return frozenset(yaml.safe_load(DATA.read_text(encoding="utf-8"))["dangling_openers"])


def stands_alone(sentence: str) -> bool:
    """False for a sentence that needs the one before it to make sense."""
    match = re.match(r"\W*(\w+)", sentence)
    return not match or match.group(1).casefold() not in _openers()
