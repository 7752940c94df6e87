"""The sections of an article and the topic each is about.

A report in parts or a newsletter of several items gives each section to one subject, and the whole text, shared
among them, names each too little to carry it: the second item of a newsletter, on the peace accord's monitoring
committee, is a fifth of the issue. A section under its own sub-heading, long enough and a large enough share of
the article, is read as an article of its own (its heading as title, its first paragraph as lead): the topic it
is mostly about is a topic of the source, with the section's sentence as evidence.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from generator.analyze import furniture, topics
from generator.config import Topic
from generator.models import BODY, DATELINE, HEADING, Block, TopicMatch
from generator.text import words

# A section counts when it holds this many sentences and this share of the article's: a short "Background"
# paragraph under its own heading recalls a subject, it does not treat it.
SECTION_MIN_SENTENCES = 4
SECTION_SHARE = 0.1
# Only an article this long is read in sections: a short report's crossheads break one story into parts, they do
# not open new subjects (a wire story's last five sentences under "'False allegations'").
ARTICLE_MIN_SENTENCES = 20
# The section's main topic must be spoken of in this share of the section's weighted sentences (names or terms):
# a section is about one subject, not about whatever it mentions most.
SECTION_COVERAGE = 0.2
# ... in this many of its sentences at least: one sentence of a short section is a recollection ("In January 2024
# the junta ended the 2015 peace accord" in a section on the neighbours' worsening relations).
SECTION_MIN_MENTIONS = 2
# A paragraph opening with one of these is a list item; a section of list items ("In brief") or of other
# articles' headlines ("Related") holds several subjects, none of them treated.
ITEM_MARKS = ("-", "•", "*", "·", "–", "—", "▪", "►")


@dataclass(frozen=True)
class Section:
    heading: str
    lead: tuple[str, ...]  # the sentences of its first paragraph
    body: tuple[str, ...]  # the sentences of the paragraphs after it


def of_blocks(blocks: list[Block], per_paragraph: list[list[str]]) -> list[Section]:
    """The sections under the article's sub-headings: each heading with the sentences of the prose paragraphs
    below it, up to the next heading. `per_paragraph`: the sentences of each body block, in order."""
    out: list[Section] = []
    heading, paragraphs, items = None, [], 0
    body_at = 0

    def close():
        if heading is not None and paragraphs and items * 2 <= len(paragraphs):
            out.append(Section(heading, tuple(paragraphs[0]), tuple(s for p in paragraphs[1:] for s in p)))

    for block in blocks:
        # A date line amid the text heads what follows: "Tamanrasset, April 2010" over the story of that spring;
        # an interviewer's question, the answer under it.
        if block.kind == HEADING or (block.kind == DATELINE and body_at) or _question(block):
            close()
            heading, paragraphs, items = block.text, [], 0
            body_at += block.kind == BODY
        elif block.kind == BODY:
            sentences = per_paragraph[body_at] if body_at < len(per_paragraph) else []
            body_at += 1
            if heading is not None and sentences:
                paragraphs.append(sentences)
                # A list item, or a line that is no prose (a teaser's headline under "Related"): not treated there.
                items += block.text.lstrip().startswith(ITEM_MARKS) or not furniture.is_prose(block.text)
    close()
    return out


def _question(block: Block) -> bool:
    """A paragraph that is one short question: an interviewer's, over the answer that follows."""
    text = block.text.rstrip()
    return block.kind == BODY and text.endswith("?") and words(text) <= QUESTION_WORDS \
        and not SENTENCE_BREAK.search(text[:-1])


QUESTION_WORDS = 40
SENTENCE_BREAK = regex.compile(r"[.!?]\s+\p{Lu}")


def section_topics(sections: list[Section], total_sentences: int, topic_list: tuple[Topic, ...],
                   threshold: float, found: tuple[TopicMatch, ...]) -> tuple[TopicMatch, ...]:
    """`found` and the topics sections add: each substantial section's main topic, when the section read as an
    article of its own gets it, the whole article did not, and a fifth of the section at least speaks of it.
    In the order of the configured topics."""
    if total_sentences < ARTICLE_MIN_SENTENCES:
        return found
    have = {m.slug for m in found}
    added: dict[str, TopicMatch] = {}
    for section in sections:
        size = len(section.lead) + len(section.body)
        if size < SECTION_MIN_SENTENCES or size < SECTION_SHARE * total_sentences:
            continue
        sigs = topics.signals(section.heading, list(section.lead), list(section.body), topic_list, [])
        # Its main topic only: a second topic a fifth of a section speaks of is as often a side topic (the armed
        # groups in a section on the G5 Sahel's weakness) as a subject of its own.
        top = max(range(len(sigs)), key=lambda k: sigs[k].coverage, default=None)
        if top is None or sigs[top].coverage < SECTION_COVERAGE or len(sigs[top].at) < SECTION_MIN_MENTIONS:
            continue
        topic = topic_list[top]
        if topic.slug in have or topic.slug in added:
            continue
        match = topics.decide(topic, sigs[top], threshold, main=True)
        if match is not None:
            added[topic.slug] = match
    if not added:
        return found
    order = {t.slug: k for k, t in enumerate(topic_list)}
    return tuple(sorted((*found, *added.values()), key=lambda m: order.get(m.slug, len(order))))
