"""A topic named in one sentence only, however weighty its place, is a passing mention. Invented texts."""
from __future__ import annotations

from generator.analyze import topics
from generator.config import Topic

FLOODS = Topic("floods", "Floods", "River floods.", (("en", ("flood gates", "flooding")),))


def _slugs(title, lead, body):
    return [m.slug for m in topics.tag(title, lead, body, (FLOODS,), 3.0)]


def test_a_topic_named_only_in_the_headline_is_not_tagged():
    assert _slugs("Harbour trade recovers after the flooding", ["Ships came back to Callowby in May."],
                  ["The fish market reopened.", "Prices fell."]) == []


def test_a_topic_named_twice_in_one_lead_sentence_is_not_tagged():
    assert _slugs("Harbour trade recovers", ["The flood gates held, and the flooding spared the quays."],
                  ["The fish market reopened."]) == []


def test_a_topic_named_in_the_headline_and_the_text_is_tagged():
    assert _slugs("Flooding closes the harbour", ["The flooding reached the quays on Monday."],
                  ["The fish market closed."]) == ["floods"]
