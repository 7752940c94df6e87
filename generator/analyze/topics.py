"""Topic tagging with evidence: an article *about* a topic is tagged, a passing mention is not."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from generator.analyze.matcher import AliasSet, compile_aliases
from generator.analyze.text import fold
from generator.config import Topic
from generator.models import Event, TopicMatch

TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0
# Repeating a name adds less and less: ten mentions in one paragraph are not ten times the evidence.
BODY_CAP = 6.0


@lru_cache(maxsize=4)
def _compiled(topics: tuple[Topic, ...]) -> tuple[tuple[Topic, AliasSet], ...]:
    return tuple((t, compile_aliases(t.slug, t.all_aliases())) for t in topics)


@lru_cache(maxsize=4)
def _scope(aliases: tuple[str, ...]) -> AliasSet:
    return compile_aliases("scope", aliases)


def of_events(events: list[Event], topics: tuple[Topic, ...]) -> list[Event]:
    """Each event with the topics its sentence names (the timeline files it under them)."""
    compiled = _compiled(topics)
    return [replace(ev, topics=tuple(t.slug for t, aliases in compiled if aliases.count(ev.sentence)))
            for ev in events]


def in_scope(sentences: list[str], aliases: tuple[str, ...], minimum: int) -> bool:
    if not aliases or minimum <= 0:
        return True
    return sum(_scope(aliases).counts(sentences, [fold(s) for s in sentences])) >= minimum


def tag(title: str, lead: list[str], body: list[str], topics: tuple[Topic, ...], threshold: float) -> list[TopicMatch]:
    """lead and body are sentences; the lead is the first paragraph or two of the article."""
    sections = [(TITLE_WEIGHT, [title] if title else []), (LEAD_WEIGHT, lead), (BODY_WEIGHT, body)]
    sentences = [(w, s) for w, sents in sections for s in sents]
    texts = [s for _w, s in sentences]
    folded = [fold(s) for s in texts]
    out = []
    for topic, aliases in _compiled(topics):
        score, best, best_weight = 0.0, "", 0.0
        body_score = 0.0
        naming = 0
        for (weight, sent), n in zip(sentences, aliases.counts(texts, folded)):
            if not n:
                continue
            naming += 1
            if weight == BODY_WEIGHT:
                body_score += n * weight
            else:
                score += weight + (n - 1) * BODY_WEIGHT
            strength = weight * 10 + n
            if strength > best_weight:
                best, best_weight = sent, strength
        score += min(body_score, BODY_CAP)
        # One sentence naming a topic, however weighty its place, is a passing mention.
        if score >= threshold and best and naming >= 2:
            out.append(TopicMatch(topic.slug, round(score, 2), best))
    return out
