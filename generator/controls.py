"""Invisible Unicode controls that change what a reader sees, removed from every text the site shows.

Bidirectional overrides, embeddings and isolates (U+202A-202E, U+2066-2069), the directional marks (U+200E,
U+200F, U+061C) and invisible characters that split, join or hide words (zero-width space, word joiner,
invisible operators, Hangul fillers, tag characters...) are not text a reader can see: a right-to-left override
in a title reverses the generator's own words after it on every page that lists it, and a zero-width space
makes "Mali" a word no search finds. The browser's own bidirectional algorithm still lays out Arabic and Hebrew
text correctly without them.

Kept: the zero-width joiner and non-joiner (U+200C, U+200D). Persian, Urdu and the Indic scripts need them to
spell words correctly (the non-joiner in Persian "می‌خواهم", the joiner in Sinhala conjuncts and in emoji
sequences), and neither can reorder or hide text. Variation selectors are kept for the same reason (emoji and
CJK glyph forms).
"""
from __future__ import annotations

import re

BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
# Zero-width space, word joiner and the invisible operators, Mongolian vowel separator, the BOM as a zero-width
# no-break space, soft hyphen, combining grapheme joiner, Hangul fillers, the interlinear annotation marks and
# the tag characters (invisible ASCII, used to smuggle text past a reader).
INVISIBLE = ("\u200b\u2060-\u2064\u180e\ufeff\u00ad\u034f\u115f\u1160\u3164\uffa0\ufff9-\ufffb"
             "\U000e0000-\U000e007f")
_CONTROLS = re.compile(f"[{BIDI}{INVISIBLE}]")


def strip(text: str) -> str:
    """text without the controls above."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def has(text: str) -> bool:
    return _CONTROLS.search(text) is not None
