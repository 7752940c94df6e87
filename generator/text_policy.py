"""How much of an article's own text the site republishes: briefing.yml `publish.text`.

full: every paragraph; excerpt: the opening paragraphs up to `publish.excerpt_chars` characters (the first one cut
at a sentence or word end when it alone is longer); none: nothing. The summary, quotations, dated events and the
link to the original are published whatever the policy; reader comments only with full (they are no more the
briefing's to republish than the article).
"""
from __future__ import annotations

import re

from generator.models import BODY, HEADING, Block

FULL, EXCERPT, NONE = "full", "excerpt", "none"
_SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*\s")


def published_blocks(blocks, policy: str, limit: int) -> list[Block]:
    """The article's headings and paragraphs the pages may carry under this policy."""
    article = [b for b in blocks if b.kind in (BODY, HEADING)]
    if policy == FULL:
        return article
    if policy == EXCERPT:
        return excerpt(article, limit)
    return []


def excerpt(article: list[Block], limit: int) -> list[Block]:
    """The opening paragraphs while they fit in `limit` characters; headings are left out (an excerpt is the
    lead). A first paragraph longer than the limit is cut at its last sentence end within it (when that keeps
    half of it), else at a word end, and marked with an ellipsis."""
    out: list[Block] = []
    used = 0
    for block in article:
        if block.kind != BODY:
            continue
        if used + len(block.text) <= limit:
            out.append(block)
            used += len(block.text) + 1
            continue
        if not out:
            out.append(Block(cut(block.text, limit), BODY, block.language))
        break
    return out


def cut(text: str, limit: int) -> str:
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head + " ")]
    if ends and ends[-1] >= limit // 2:
        return head[:ends[-1]].rstrip()
    words = head.rsplit(None, 1)[0] if " " in head.strip() else head
    return words.rstrip(" ,;:–—-") + " …"


def publishes_comments(policy: str) -> bool:
    return policy == FULL
