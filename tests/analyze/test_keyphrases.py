"""Keyphrases: YAKE's best phrases, without numbers, dates or overlaps, in any language."""
from __future__ import annotations

from generator.analyze import keyphrases
from generator.text import fold

TEXT = ("The Joint Operational Staff Committee met in Tamanrasset on 2019-02-14. The Joint Operational Staff "
        "Committee brings together the armies of Algeria, Mali, Mauritania and Niger. Officers of the Joint "
        "Operational Staff Committee said on 2019-02-14 that border patrols would resume in 2019. Border "
        "patrols had stopped in 2012 when armed groups seized the north of Mali.")


def test_phrases_name_what_the_text_is_about_best_first():
    found = keyphrases.extract(TEXT, "en")
    assert 3 <= len(found) <= 8
    assert any("Operational Staff" in p for p in found[:3])


def test_no_phrase_is_or_holds_a_number_or_a_date():
    found = keyphrases.extract(TEXT, "en")
    assert found
    assert not any(c.isdigit() for p in found for c in p)


def test_overlapping_phrases_are_kept_once():
    found = [set(fold(p).split()) for p in keyphrases.extract(TEXT, "en")]
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            assert len(a & b) < max(1, min(len(a), len(b)) / 2)


def test_a_language_without_stop_words_still_gets_phrases():
    text = "Kamati ya pamoja ilikutana Tamanrasset. Kamati ya pamoja ilijadili usalama wa mpaka wa Mali."
    assert keyphrases.stop_words("sw") == ()
    assert keyphrases.extract(text, "sw")


def test_stop_words_come_with_the_language():
    assert "the" in keyphrases.stop_words("en")
    assert "les" in keyphrases.stop_words("fr")


def test_degenerate_input_gives_no_phrase_rather_than_an_error():
    for text in ("", "   ", "2019 2020 2021", "x" * 20_000, "« » — …", "\u0301\u200b"):
        found = keyphrases.extract(text, "en")
        assert all(3 <= len(p) <= keyphrases.MAX_CHARS for p in found)


def test_the_same_text_gives_the_same_phrases_in_every_process(tmp_path):
    """yake-rust's scores vary in their last bits from one process to the next (hash-map order); ties must
    not swap phrases between runs, or content/ would not be byte-identical."""
    import subprocess
    import sys

    from bench.corpus import make_corpus
    from tests.conftest import ROOT

    make_corpus(tmp_path / "sources", 40, ROOT / "briefing.yml", 3)
    script = ("import sys, pathlib\n"
              "from generator.analyze.keyphrases import extract\n"
              "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt')):\n"
              "    print(extract(p.read_text(encoding='utf-8'), 'fr' if '-fr' in p.name else 'en'))\n")
    runs = {subprocess.run([sys.executable, "-c", script, str(tmp_path / "sources")], capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout for _ in range(4)}
    assert len(runs) == 1 and next(iter(runs)).count("\n") >= 10


def test_no_phrase_runs_from_one_paragraph_into_the_next():
    # A deck without its full stop, then the lead: "harbour strongholds Gunfire" is no phrase of the text.
    deck = "Coordinated raids on the harbour gates expose the reach of the river smugglers beyond their strongholds"
    lead = ("Gunfire woke the harbour of Callowby before dawn as smugglers raided the harbour gates. Gunfire and "
            "raids on the harbour gates went on until noon, the harbour police said.")
    found = [fold(p) for p in keyphrases.extract(deck + "\n" + lead, "en")]
    assert found and not any("strongholds gunfire" in p for p in found)
