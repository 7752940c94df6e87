"""Alias matching: counting in many sentences at once finds what counting each sentence alone finds, and a
text without any of the names' words is not searched."""
import pytest

from generator.matcher import compile_aliases
from generator.text import fold

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


class _Refuses:
    def findall(self, _text):
        raise AssertionError("the pattern ran on a text without any of the names' words")

    finditer = findall


def test_a_text_without_any_of_the_names_words_is_not_searched():
    from dataclasses import replace

    aliases = compile_aliases("x", ["Algiers Accord", "accord d'Alger", "AES"])
    assert aliases.folded_words == ("algiers", "d'alger") and aliases.exact_words == ("AES",)
    silent = replace(aliases, folded=_Refuses(), exact=_Refuses())
    assert silent.count("Nothing about it here.") == 0
    assert silent.counts(["Nothing here.", "Nor here"], ["nothing here.", "nor here"]) == [0, 0]
    with pytest.raises(AssertionError):
        silent.count("In Algiers, the accord held.")  # a word is there: the pattern decides


def test_counts_agree_with_the_patterns_alone():
    from dataclasses import replace

    aliases = compile_aliases("x", ["Al-Qaeda", "Algiers Accord", "G5 Sahel", "AES", "U.N."])
    unfiltered = replace(aliases, folded_words=("",), exact_words=("",))  # "" is in every text
    for text in ["Al Qaeda and AlQaeda and al-qaeda.", "The G5-Sahel, the G5  Sahel; AES, AESx, U.N. staff",
                 "Algiers-Accord", "Nothing", ""]:
        assert aliases.count(text) == unfiltered.count(text), text
