"""Alias matching: counting in many sentences at once finds what counting each sentence alone finds."""
from generator.analyze.matcher import compile_aliases
from generator.analyze.text import fold

SENTENCES = [
    "Algiers Accord talks resumed in Algiers.",
    "The accord d’Alger, signed in 2015, is the Algiers-Accord of the press.",
    "Nothing here.",
    "The UN and the AES met; un diplomate était là.",
    "Talks ended in",  # an alias must not be completed by the next sentence
    "Accord was reached.",
    "",
    "Algiers",
]


def test_counts_over_sentences_are_each_sentences_own_count():
    aliases = compile_aliases("x", ["Algiers Accord", "Algiers", "accord d'Alger", "in Accord", "UN", "AES"])
    folded = [fold(s) for s in SENTENCES]
    assert aliases.counts(SENTENCES, folded) == [aliases.count(s) for s in SENTENCES]
    assert aliases.counts(SENTENCES, folded)[4] == 0  # "in" + "Accord" across two sentences is no match
    assert sum(aliases.counts(SENTENCES, folded)) > 5


def test_counts_of_no_sentence_and_of_a_set_with_acronyms_only():
    assert compile_aliases("y", ["UN"]).counts([], []) == []
    assert compile_aliases("y", ["UN"]).counts(["UN", "un", "UN UN"], ["un", "un", "un un"]) == [1, 0, 2]
