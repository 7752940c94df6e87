"""Sentence splitting: the quicker abbreviation pass splits exactly as pysbd does, with fewer searches."""
import re

import pysbd
import pytest

from generator.analyze import sentences

TEXTS = {
    "en": [
        "The total rose to 5. Al Smith said so. Vol. 3 of the report, art. 5, was cited.",
        "Mr. Brown met Dr. Jones at 5 p.m. on Jan. 3. They talked. No. 5 was there, vs. the others.",
        "Tot. al. 3 and the capital al. 4 were seen. It rained in St. Louis.",
        "The ſt. Paul total, al. 2, was met. Then it ended.",  # long s: IGNORECASE matches more than lower()
        "İstanbul: al. 3 was read. The end.",  # lower() changes the length
        "U.S. officials, e.g. the envoy, arrived. The talks began.",
    ],
    "fr": [
        "Le total al. 3 et l'art. 5 du code. M. Dupont vs. Mme Durand, etc. La séance est levée.",
        "Selon le chap. 4, env. 300 personnes. Le vol. 2 du rapport, cf. p. 5, le dit.",
        "L'ambassadeur s'est rendu à Alger. Il a rencontré le ministre.",
    ],
    "el": ["Ο κ. Παπαδόπουλος, σσ. 3, είπε. Ο λόγος ς. τέλος."],
    "es": ["El Sr. García, aprox. a las 5, llegó. Vol. 2 del informe. Fin."],
    "de": ["Dr. Müller kam um 5 Uhr, d.h. früh. Nr. 3 folgte. Das Ende."],  # a replacer of its own: pysbd's
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_splits_are_pysbds(lang):
    theirs = pysbd.Segmenter(language=lang, clean=False)
    for text in TEXTS[lang]:
        assert sentences._segmenter(lang).segment(text) == theirs.segment(text), text


def test_abbreviations_found_only_inside_words_cost_no_search(monkeypatch):
    text = "The total capital was announced yesterday. The annual budget grew."  # "al", "ann", "cap" inside words
    calls = []
    real = re.findall
    monkeypatch.setattr(re, "findall", lambda p, *a, **k: calls.append(p) or real(p, *a, **k))
    sentences._segmenter("en").segment(text)
    mine = len(calls)
    calls.clear()
    pysbd.Segmenter(language="en", clean=False).segment(text)
    assert mine < len(calls)


def test_a_language_whose_replacer_has_its_own_methods_keeps_them():
    from pysbd.lang.deutsch import Deutsch

    assert sentences._segmenter("de").language_module is Deutsch
    assert sentences._segmenter("en").language_module is not pysbd.languages.Language.get_language_code("en")


def test_a_list_run_into_a_sentence_is_not_cut_at_its_items():
    text = ("To ask the Minister what assessment he has made of (a) the state of the dykes of Callowby and (b) the "
            "cost of their repair; and what plans he has for the harbour.")
    assert sentences.split(text, "en") == [text]
    # After a colon or a full stop, an item opens a sentence of its own, as before.
    assert sentences.split("The plan has two parts: (a) the gates. (b) The dykes are next.", "en") == [
        "The plan has two parts:", "(a) the gates.", "(b) The dykes are next."]
