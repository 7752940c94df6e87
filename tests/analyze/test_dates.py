"""Dates: finding them, publication lines, publication-date inference and dated events."""
from __future__ import annotations

import inspect

import pytest
import yaml

from generator.analyze import dates
from generator.analyze.dates import events as dated_events
from generator.analyze.dates import grammar, inference, lines, mentions
from generator.analyze.dates import (
    DateMention,
    extract_events,
    find_dates,
    infer_publication_date,
    parse_date_line,
    split_leading_date,
)
from generator.models import DateValue, PubDate


def only(text: str, lang: str) -> DateMention:
    found = find_dates(text, lang)
    assert len(found) == 1, found
    return found[0]


def fields(m: DateMention) -> tuple:
    return m.kind, m.year, m.month, m.day, m.weekday


# ---------------------------------------------------------------- find_dates


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Monday, 07 Apr 2025", "en", ("absolute", 2025, 4, 7, 0)),
        ("Mon, 07 Apr 2025 10:30:00 GMT", "en", ("absolute", 2025, 4, 7, 0)),
        ("7 April 2025", "en", ("absolute", 2025, 4, 7, None)),
        ("April 7, 2025", "en", ("absolute", 2025, 4, 7, None)),
        ("January 25, 2024", "en", ("absolute", 2024, 1, 25, None)),
        ("Sept. 3rd, 2022", "en", ("absolute", 2022, 9, 3, None)),
        ("the 7th of April 2025", "en", ("absolute", 2025, 4, 7, None)),
        ("le 02 janvier 2025 à 16h20", "fr", ("absolute", 2025, 1, 2, None)),
        ("jeudi 1er septembre", "fr", ("monthday", None, 9, 1, 3)),
        ("vendredi 13 janvier 2023", "fr", ("absolute", 2023, 1, 13, 4)),
        ("le 3 févr. 2024", "fr", ("absolute", 2024, 2, 3, None)),
        ("12 janv 2024", "fr", ("absolute", 2024, 1, 12, None)),
        ("13/01/2023", "fr", ("absolute", 2023, 1, 13, None)),
        ("01/13/2023", "en", ("absolute", 2023, 1, 13, None)),
        ("2023-01-13", "en", ("absolute", 2023, 1, 13, None)),
        ("date 2022-09", "fr", ("month", 2022, 9, None, None)),
        ("in May 2022", "en", ("month", 2022, 5, None, None)),
        ("en mai 2022", "fr", ("month", 2022, 5, None, None)),
        ("February 2022", "en", ("month", 2022, 2, None, None)),
        ("mars 2022", "fr", ("month", 2022, 3, None, None)),
        ("le 3 mars", "fr", ("monthday", None, 3, 3, None)),
        ("December 30", "en", ("monthday", None, 12, 30, None)),
        ("le 30 décembre", "fr", ("monthday", None, 12, 30, None)),
        ("Thursday 1 September", "en", ("monthday", None, 9, 1, 3)),
        ("its last meeting in February: nothing", "en", ("month", None, 2, None, None)),
        ("à la mi-février", "fr", ("month", None, 2, None, None)),
        ("Created in 2010 on the initiative", "en", ("year", 2010, None, None, None)),
        ("the pattern of 2024, then", "en", ("year", 2024, None, None, None)),
        ("7 de abril de 2025", "es", ("absolute", 2025, 4, 7, None)),
        ("am 7. April 2025", "de", ("absolute", 2025, 4, 7, None)),
        ("il 7 aprile 2025", "it", ("absolute", 2025, 4, 7, None)),
        ("em 7 de abril de 2025", "pt", ("absolute", 2025, 4, 7, None)),
    ],
)
def test_find_dates_shapes(text, lang, expected):
    assert fields(only(text, lang)) == expected


def test_offsets_index_the_original_text():
    text = "Publié le jeudi 1ᵉʳ septembre 2022 — mis à jour le 2 sept. 2022 à 10h"
    for m in find_dates(text, "fr"):
        assert text[m.start:m.end] == m.text
    assert [(m.day, m.month, m.year) for m in find_dates(text, "fr")] == [(1, 9, 2022), (2, 9, 2022)]


def test_names_are_case_and_accent_insensitive():
    assert fields(only("JEUDI 1ER SEPTEMBRE 2022", "fr")) == ("absolute", 2022, 9, 1, 3)
    assert fields(only("le 3 fevrier 2022", "fr")) == ("absolute", 2022, 2, 3, None)
    assert fields(only("le 15 aout 2021", "fr")) == ("absolute", 2021, 8, 15, None)
    assert only("Il explique aujourd’hui", "fr").relative_days == 0


def test_range_takes_start_day_with_month_and_year_of_the_end():
    assert fields(only("du 15 au 17 février 2022", "fr")) == ("absolute", 2022, 2, 15, None)
    assert fields(only("from 15 to 17 February 2022", "en")) == ("absolute", 2022, 2, 15, None)
    assert fields(only("February 15-17, 2022", "en")) == ("absolute", 2022, 2, 15, None)
    first, second = find_dates("du 28 décembre au 3 janvier 2023", "fr")
    assert (first.year, first.month, first.day) == (2022, 12, 28)
    assert (second.year, second.month, second.day) == (2023, 1, 3)


def test_relative_mentions():
    found = find_dates("last Friday, yesterday, this Friday and on Thursday", "en")
    assert [(m.kind, m.weekday, m.relative_days, m.weekday_ref) for m in found] == [
        ("relative", 4, None, "last"),
        ("relative", None, -1, None),
        ("relative", 4, None, "this"),
        ("weekday", 3, None, None),
    ]
    found = find_dates("vendredi dernier, hier, ce vendredi, avant-hier", "fr")
    assert [(m.weekday, m.relative_days, m.weekday_ref) for m in found] == [
        (4, None, "last"), (None, -1, None), (4, None, "this"), (None, -2, None)]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Mali may continue to hedge its bets between Algeria and Morocco.", "en"),
        ("It may be that the talks march on.", "en"),
        ("The latest occurred during the 79th UN General Assembly session.", "en"),
        ("Estimated read time: 2'", "en"),
        ("Plus de 3 000 soldats et 2 500 policiers ont été déployés.", "fr"),
        ("La marche a eu lieu en mars, sans incident.", "fr"),
        ("Un budget de 12 2025 000 francs, soit 2025,5 millions ou $2025 et 2025%.", "fr"),
        ("Nothing happened on 31 February 2022.", "en"),
        ("Le soleil se couche sur la mer. Sept personnes sont mortes.", "fr"),
        ("The 1990s and the year 1850 and 2150 are out of range.", "en"),
        ("The 2010-11 season ended.", "en"),
    ],
)
def test_not_dates(text, lang):
    assert [m for m in find_dates(text, lang) if m.kind != "weekday"] == []


def test_invalid_dates_are_ignored_entirely():
    assert find_dates("le 31 février 2022", "fr") == []
    assert find_dates("29 February 2023", "en") == []
    assert fields(only("29 February 2024", "en")) == ("absolute", 2024, 2, 29, None)


def test_unknown_language_falls_back_to_english():
    assert fields(only("7 April 2025", "xx")) == ("absolute", 2025, 4, 7, None)
    assert fields(only("7 April 2025", "en-GB")) == ("absolute", 2025, 4, 7, None)


# ---------------------------------------------------------------- parse_date_line


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Monday, 07 Apr 2025", DateValue(2025, 4, 7)),
        ("Date : le 02 janvier 2025 à 16h20", DateValue(2025, 1, 2)),
        ("January 25, 2024", DateValue(2024, 1, 25)),
        ("13/01/2023", DateValue(2023, 1, 13)),
        (" date 2022-09", DateValue(2022, 9)),
        ("Published: 3 March 2024 10:30 GMT", DateValue(2024, 3, 3)),
        ("Publié le vendredi 13 janvier 2023 à 09:15", DateValue(2023, 1, 13)),
        ("Mis à jour le 2 sept. 2022", DateValue(2022, 9, 2)),
        ("Posted on March 3, 2024 by Jane Doe", DateValue(2024, 3, 3)),
        ("Updated 4:30 pm, 3 March 2024", DateValue(2024, 3, 3)),
        ("2024-08-09T10:32:00+01:00", DateValue(2024, 8, 9)),          # ISO 8601 timestamps
        ("Published 2024-08-09T10:32:00.000Z", DateValue(2024, 8, 9)),
    ],
)
def test_parse_date_line(line, expected):
    assert parse_date_line(line) == expected


def test_parse_date_line_with_language():
    assert parse_date_line("Date : le 02 janvier 2025 à 16h20", "fr") == DateValue(2025, 1, 2)
    assert parse_date_line("Monday, 07 Apr 2025", "fr") == DateValue(2025, 4, 7)


@pytest.mark.parametrize(
    "line",
    [
        "The meeting was held on 3 March 2024 in Bamako.",
        "Since the withdrawal, announced on January 25, 2024, exchanges have been frequent.",
        "Le Comité s'est réuni à Alger du 15 au 17 février 2022.",
        "Thursday 1 September",  # no year: not a publication date
        "© 2024",
        "Estimated read time: 2'",
        "",
    ],
)
def test_parse_date_line_rejects(line):
    assert parse_date_line(line) is None


# ---------------------------------------------------------------- split_leading_date


@pytest.mark.parametrize(
    "line, expected",
    [
        (" date 2022-09 Le ministre algérien", (DateValue(2022, 9), "Le ministre algérien")),
        ("Mali, Algeria relaunch talks 12 January 2025", (DateValue(2025, 1, 12), "Mali, Algeria relaunch talks")),
        ("Date : le 02 janvier 2025 à 16h20 Le ministre parle", (DateValue(2025, 1, 2), "Le ministre parle")),
        ("Monday, 07 Apr 2025 Mali accuses Algeria", (DateValue(2025, 4, 7), "Mali accuses Algeria")),
        ("Mali accuses Algeria | Published 7 April 2025 10:30 GMT", (DateValue(2025, 4, 7), "Mali accuses Algeria")),
        ("13/01/2023", (DateValue(2023, 1, 13), "")),
    ],
)
def test_split_leading_date(line, expected):
    assert split_leading_date(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The deal was signed on 12 January 2025",
        "The deal was signed on 12 January 2025.",
        "12 January 2025 was a turning point for Mali",
        "12 January 2025, Mali and Algeria met again",
        "On 12 January 2025 Mali and Algeria signed a deal",
        "Le 12 janvier 2025, le Mali a annoncé son retrait",
        "Accord signé le 12 janvier 2025",
        "Mali and Algeria relaunch talks",
        "2025 begins with a new war of words",
    ],
)
def test_split_leading_date_leaves_sentences_alone(line):
    assert split_leading_date(line) == (None, line)


# ---------------------------------------------------------------- infer_publication_date

LAMAMRA_EN = [
    "Algerian Foreign Minister Ramtane Lamamra has been in Bamako since Thursday 1 September. He is "
    "participating this Friday in the Monitoring Committee of the 2015 peace agreement.",
    "Created in 2010 on the initiative of Algiers, it remained an empty shell. Its last meeting was held in February.",
    "But three months ago, in May 2022, Mali left the other regional military coalition.",
]
LAMAMRA_FR = [
    "Le ministre est à Bamako depuis jeudi 1er septembre. Il participe ce vendredi au Comité de suivi de "
    "l’accord de paix de 2015.",
    "Créé en 2010, il est resté une coquille vide. Sa dernière réunion s’est tenue en février.",
    "Mais il y a trois mois, en mai 2022, le Mali a quitté l’autre coalition militaire régionale.",
]


def test_infer_weekday_year_from_mentioned_years():
    # The news is of Thursday 1 September; "this Friday" says the text is of a later day: the month is sure.
    assert infer_publication_date(LAMAMRA_EN, "en") == PubDate(DateValue(2022, 9), "inferred")
    assert infer_publication_date(LAMAMRA_FR, "fr") == PubDate(DateValue(2022, 9), "inferred")


def test_infer_weekday_year_picks_the_matching_year():
    # 1 September was a Thursday in 2016 and 2022, not in 2017-2021.
    text = ["The summit opened on Thursday 1 September.", "The crisis started in 2016."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2016, 9), "inferred")
    text = ["The summit opened on Thursday 1 September.", "The crisis started in 2021."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2022, 9), "inferred")


def test_infer_weekday_year_may_come_from_a_planned_event():
    # "a summit planned for February 2022" is no past event, but its year is one the weekday can be checked in:
    # 15 May was a Sunday in 2022, not in 2017 or 2018.
    text = ["Mali announced on Sunday 15 May its withdrawal from the force launched in 2017.",
            "A summit was planned for February 2022 in Bamako."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2022, 5), "inferred")


def test_lead_full_date_dates_the_month_recalled_date_only_the_year():
    lead = "The government withdrew from the regional force in a statement dated 15 May 2022, citing violations."
    later = ("After a long silence the ministry spoke out. On 2 May 2022 the minister complained to his "
             "counterpart during a meeting in New York.")
    opening = "The ministry has long kept quiet about the presence of foreign mercenaries in the region."
    assert infer_publication_date([lead], "en") == PubDate(DateValue(2022, 5), "inferred")
    assert infer_publication_date([opening, later], "en") == PubDate(DateValue(2022), "inferred")


def test_infer_weekday_without_any_year_is_unknown():
    assert infer_publication_date(["The summit opened on Thursday 1 September."], "en") == PubDate(None, "unknown")


def test_infer_newest_full_date_in_text():
    text = [
        "Les travaux ont pris fin le vendredi 13 janvier 2023 au Ministère de la Défense.",
        "Un accord a été signé le 26 décembre 2001 et ratifié le 19 juin 2003.",
        "La 15ème session s’est tenue à Alger du 15 au 17 février 2022.",
    ]
    assert infer_publication_date(text, "fr") == PubDate(DateValue(2023, 1), "inferred")


def test_infer_ignores_dates_in_sentences_about_the_future():
    text = ["The accord between the two governments was signed in the capital on 3 March 2024 after long talks.",
            "The next summit will be held on 5 June 2026."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2024, 3), "inferred")
    text = ["L’accord entre les deux gouvernements a été signé dans la capitale le 3 mars 2024 après de longues "
            "discussions. Le prochain sommet aura lieu le 5 juin 2026."]
    assert infer_publication_date(text, "fr") == PubDate(DateValue(2024, 3), "inferred")


def test_infer_a_past_month_or_year_is_not_the_publication_date():
    # The year or month of an event the text recalls says nothing of when it was written.
    assert infer_publication_date(["Mali left the G5 Sahel in May 2022 after talks in 2015."], "en") == PubDate(
        None, "unknown")
    text = ["Le traité, signé en 2015, a été dénoncé par la junte.", "Le groupe a été créé en juillet 2019."]
    assert infer_publication_date(text, "fr") == PubDate(None, "unknown")
    # Counting from a year ("since 2023") says the text is written then or later, not when: background
    # ("in crisis since 2012") is as common as news.
    text = ["Tensions have grown since 2023.", "Goïta took power in 2021 and met in May 2022."]
    assert infer_publication_date(text, "en") == PubDate(None, "unknown")
    text = ["Le pays est en crise depuis 2012.", "L'armée a pris le pouvoir en 2021."]
    assert infer_publication_date(text, "fr") == PubDate(None, "unknown")


def test_infer_unknown():
    text = ["Nothing dated here at all.", "Mali may continue."]
    assert infer_publication_date(text, "en") == PubDate(None, "unknown")
    assert infer_publication_date([], "fr") == PubDate(None, "unknown")


# ---------------------------------------------------------------- extract_events


def events(sentences, lang, pub):
    return [(e.date, e.relative) for e in extract_events(sentences, lang, pub)]


def test_events_absolute_month_and_year():
    sentences = [
        "Since the withdrawal from the Algiers Accords, announced on January 25, 2024, exchanges have been frequent.",
        "But three months ago, in May 2022, Mali left the other regional military coalition.",
        "Created in 2010 on the initiative of Algiers, it remained an empty shell.",
        "He is participating in the Monitoring Committee of the 2015 peace agreement.",  # names a thing
        "Signed 26 December 2001.",  # too short
    ]
    assert events(sentences, "en", None) == [
        (DateValue(2024, 1, 25), False), (DateValue(2022, 5), False), (DateValue(2010), False)]


def test_a_year_or_month_after_since_is_where_a_state_began_not_an_event():
    sentences = [
        "The harbour town, ruled by the river board since 2020, has been fighting floods for a decade.",
        "Le conseil a rappelé ce que les riverains ont construit ensemble depuis mars 2015.",
        "The board took over the harbour in 2020 after weeks of floods.",
        "The gates have been shut since 14 August 2017, when the dyke broke.",  # a day: the day it happened
    ]
    assert events(sentences[:1] + sentences[2:], "en", None) == [(DateValue(2020), False),
                                                                  (DateValue(2017, 8, 14), False)]
    assert events(sentences[1:2], "fr", None) == []


def test_a_year_a_sentence_compares_its_news_with_is_not_an_event():
    sentences = [
        "Seizures at the harbour gates were far lower than in 2009, the river police said on Monday.",
        "« Les quantités par convoi sont beaucoup plus faibles qu'en 2009 », explique un officier des digues.",
        "More than fifty boats were lost in 2012 when the harbour dyke broke.",  # "than" far from the year
    ]
    assert events(sentences[:1] + sentences[2:], "en", None) == [(DateValue(2012), False)]
    assert events(sentences[1:2], "fr", None) == []


def test_events_relative_to_publication():
    pub = DateValue(2025, 1, 2)  # a Thursday
    sentences = [
        "The Algerian minister made a statement on December 30 about the situation.",
        "The ministry announced it yesterday in a press release.",
        "The ministry met the ambassador last Friday in Bamako.",
        "The latest clash occurred in September during the General Assembly.",
    ]
    assert events(sentences, "en", pub) == [
        (DateValue(2024, 12, 30), True), (DateValue(2025, 1, 1), True),
        (DateValue(2024, 12, 27), True), (DateValue(2024, 9), True)]


def test_events_relative_french():
    pub = DateValue(2023, 1, 13)  # a Friday
    sentences = [
        "Le ministère l’a annoncé hier dans un communiqué officiel.",
        "Les deux délégations se sont rencontrées vendredi dernier à Alger.",
        "Le comité s’est réuni le 30 décembre à Bamako pour préparer la session.",
    ]
    assert events(sentences, "fr", pub) == [
        (DateValue(2023, 1, 12), True), (DateValue(2023, 1, 6), True), (DateValue(2022, 12, 30), True)]


def test_relative_events_need_a_precise_enough_publication_date():
    sentences = ["The ministry announced it yesterday in a press release.",
                 "The minister spoke on December 30 about the situation."]
    assert events(sentences, "en", None) == []
    assert events(sentences, "en", DateValue(2025)) == []
    assert events(sentences, "en", DateValue(2025, 1)) == [(DateValue(2024, 12, 30), True)]


def test_events_skip_future_and_keep_most_precise():
    pub = DateValue(2024, 3, 6)  # a Wednesday: "this Friday" is still to come
    sentences = [
        "The next summit is planned for 5 June 2026 in Algiers.",
        "In 2015 the accord was signed, and it was denounced on 3 March 2024 by Bamako.",
        "He is taking part this Friday in the committee of the 2015 agreement.",
    ]
    assert events(sentences, "en", pub) == [(DateValue(2024, 3, 3), False)]


def test_events_keep_sentence_order_and_text():
    sentences = ["Créé en 2010 à l’initiative d’Alger, le comité est resté une coquille vide.",
                 "Les travaux ont pris fin le vendredi 13 janvier 2023 au ministère."]
    found = extract_events(sentences, "fr", None)
    assert [e.sentence for e in found] == sentences
    assert [e.date.iso() for e in found] == ["2010", "2023-01-13"]


# ---------------------------------------------------------------- determinism, data, speed


def test_nothing_reads_the_clock(monkeypatch):
    modules = (dates, grammar, mentions, lines, inference, dated_events)
    for module in modules:
        source = inspect.getsource(module)
        for call in ("today(", "now(", "time.time", "utcnow"):
            assert call not in source, module.__name__

    class NoClock(inference.date):
        @classmethod
        def today(cls):
            raise AssertionError("the clock was read")

    for module in (inference, dated_events):
        monkeypatch.setattr(module, "date", NoClock)
    first = infer_publication_date(LAMAMRA_EN, "en")
    assert first == infer_publication_date(LAMAMRA_EN, "en") == PubDate(DateValue(2022, 9), "inferred")
    assert events(["The ministry announced it yesterday in a press release."], "en", DateValue(2000, 3, 1)) == [
        (DateValue(2000, 2, 29), True)]


def test_data_file_is_complete():
    data = yaml.safe_load(grammar.DATA.read_text(encoding="utf-8"))["languages"]
    assert {"en", "fr"} <= set(data)
    for cfg in data.values():
        assert len(cfg["months"]) == 12 and len(cfg["weekdays"]) == 7
        names = [w for v in cfg.values() if isinstance(v, list) for w in v] + list(cfg["relative_days"])
        flat = [w for item in names for w in (item if isinstance(item, list) else [item])]
        assert all(isinstance(w, str) for w in flat)  # an unquoted "on" or "no" would load as a boolean


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The AU Agenda 2063 and Vision 2030 were discussed.", "en"),
        ("Under UN resolution 2085, troops were sent.", "en"),
        ("La résolution 2085 et la loi n° 2019 ont été citées.", "fr"),
    ],
)
def test_numbers_in_names_are_not_years(text, lang):
    assert find_dates(text, lang) == []


def test_sentence_initial_preposition_keeps_the_year():
    assert fields(only("In 2021, Assimi Goïta took power.", "en")) == ("year", 2021, None, None, None)
    assert fields(only("Depuis 2015, l’accord tient.", "fr")) == ("year", 2015, None, None, None)


def test_infer_ignores_years_that_name_things():
    text = ["Seizures soared last year, to 900 kg in 2023.", "The 2030 agenda was discussed."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2024), "inferred")


def test_split_date_glued_to_the_end_of_a_headline():
    headline = "Mali and Algeria relaunch talks"
    assert split_leading_date(f"{headline} 12 January 2025") == (DateValue(2025, 1, 12), headline)


# ---------------------------------------------------------------- publication date: what the text pins


def test_a_full_date_in_the_lead_gives_the_month_of_the_news():
    text = ["The ministers of the four countries opened their annual session in the capital on 9 October 2021, "
            "with border security at the top of the agenda.",
            "A first session had been held in 2019."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2021, 10), "inferred")
    # A weekday beside it names the day of the news, not of the writing: the month still.
    text = ["Les ministres des quatre pays ont clos leur session annuelle dans la capitale le mardi 12 octobre 2021, "
            "avec la sécurité des frontières au premier rang."]
    assert infer_publication_date(text, "fr") == PubDate(DateValue(2021, 10), "inferred")


def test_a_full_date_far_from_the_lead_is_not_the_publication_date():
    text = ["The rivalry between the two neighbours keeps growing, with projects and promises aimed at the region.",
            "Both capitals are under close scrutiny from their partners, who expect results rather than speeches.",
            "On 6 March 2023, the first minister presented a plan for the ports of the coast."]
    assert infer_publication_date(text, "en") == PubDate(None, "unknown")


def test_a_date_the_lead_counts_from_is_not_the_news():
    text = ["Le comité des chefs d’état-major est réuni depuis mercredi dans la capitale. "
            "C’est sa première réunion "
            "depuis celle du 3 avril 2016, tenue dans un pays voisin."]
    assert infer_publication_date(text, "fr") == PubDate(None, "unknown")


def test_a_photo_caption_date_is_the_picture_s():
    text = ["Des soldats patrouillent dans les rues de la capitale, le 3 juillet 2018. © Photo agence",
            "Les deux pays ont ouvert la voie à une dissolution de l’alliance régionale après le retrait "
            "des autres "
            "membres, disent-ils dans un communiqué publié mercredi."]
    assert infer_publication_date(text, "fr") == PubDate(None, "unknown")


def test_a_date_the_text_calls_today_s_or_a_credit_closes():
    text = ["Le retrait des trois pays, annoncé en janvier 2023, a été officialisé ce vendredi 7 février 2025 par "
            "l’organisation à travers un communiqué."]
    assert infer_publication_date(text, "fr") == PubDate(DateValue(2025, 2, 7), "text")
    text = ["Trade between the two countries resumed after a year of closure. 14.03.2024, Example Wire"]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2024, 3, 14), "text")


def test_last_year_beside_the_newest_year_gives_the_next_year():
    text = ["Seizures in the region soared last year, from 20 kg a year between 2016 and 2019 to 700 kg in 2021.",
            "The agency was created in 2010."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2022), "inferred")
    # "Last year" beside an older year than the newest one pins nothing.
    text = ["Last year the figures were lower than in 2016.", "A new office opened in 2019."]
    assert infer_publication_date(text, "en") == PubDate(None, "unknown")


def test_stated_date_opens_a_line_or_a_field():
    assert dates.stated_date("Rubrique Monde Un titre de page ? Publié le mardi 3 juin 2025 | site", "fr") == \
        DateValue(2025, 6, 3)
    assert dates.stated_date("Posted Oct 8, 2024 6:19 AM CDT", "en") == DateValue(2024, 10, 8)
    # "en date du" inside a sentence names the date of a document, not of the page.
    in_sentence = "Le gouvernement l’a annoncé dans un communiqué en date du 15 mars 2021."
    assert dates.stated_date(in_sentence, "fr") is None
    assert dates.stated_date("Le 15 mars 2021, le gouvernement a annoncé son retrait.", "fr") is None


def test_french_day_with_a_dot():
    assert parse_date_line("- Publié le 26. juin 2024", "fr") == DateValue(2024, 6, 26)


@pytest.mark.parametrize(
    "line, expected",
    [("20 April", (4, 20, None)), ("Oct 25", (10, 25, None)), ("Jan. 27", (1, 27, None)),
     ("Friday, March 3", (3, 3, 4)), ("Senegal, Oct 25", (10, 25, None)), ("Outlet News, 20 April 2010", None),
     ("the foreign minister said on March 3", None)],
)
def test_yearless_line(line, expected):
    found = dates.yearless_line(line, "en")
    assert (found.month, found.day, found.weekday) == expected if expected else found is None


def test_year_for_a_yearless_day_when_the_text_pins_it():
    # The newest year of the text comes with a month: the day is the first one after that event.
    text = ["The deal was outlined at a meeting of the four army chiefs in August 2009.", "It was created in 2008."]
    assert dates.year_for_day(4, 20, None, text, "en") == DateValue(2010, 4, 20)
    text = ["The ministry said on Oct 24, 2023 that the talks had failed."]
    assert dates.year_for_day(10, 25, None, text, "en") == DateValue(2023, 10, 25)
    # A weekday fixes it among the years mentioned (3 March was a Friday in 2023, not in 2022).
    assert dates.year_for_day(3, 3, 4, ["The crisis began in 2022."], "en") == DateValue(2023, 3, 3)
    # "Last year" beside the newest year.
    assert dates.year_for_day(6, 26, None, ["Seizures rose to 900 kg in 2022, last year."], "en") == \
        DateValue(2023, 6, 26)


def test_the_leads_weekday_moves_a_yearless_day_to_the_year_it_falls_on():
    # After August 2023, June 6 is 2024 by the months; the lead's "on Friday" makes it 2025 (a Thursday in 2024).
    text = ["BAMAKO, June 6 (Agency) - The harbour board said on Friday it was leaving Callowby after three years.",
            "Its founder died in a plane crash in August 2023, and new crews have arrived since."]
    assert dates.year_for_day(6, 6, None, text, "en") == DateValue(2025, 6, 6)
    # A weekday that falls on the day in neither year pins nothing: no year is better than a wrong one.
    text[0] = text[0].replace("Friday", "Monday")
    assert dates.year_for_day(6, 6, None, text, "en") is None


def test_a_date_in_a_past_clause_pins_the_year_though_its_sentence_also_speaks_of_the_future():
    text = ["GAO, Oct 25 (Agency) - The two towns opened a market.",
            "Traders will sell grain there, which will cut prices, the mayor said in a notice issued on Oct 24, 2019."]
    assert dates.year_for_day(10, 25, None, text, "en") == DateValue(2019, 10, 25)
    # In the clause a future marker governs, the date is still to come and pins nothing.
    assert dates.year_for_day(10, 25, None, ["GAO, Oct 25 (Agency) - Talks will resume on Oct 30, 2031."], "en") is None
    assert dates.year_for_day(10, 25, None, ["GAO, Oct 25 (Agency) - Les pourparlers reprendront, prévus le "
                                             "30 octobre 2031."], "fr") is None


def test_year_for_a_yearless_day_stays_open_when_the_text_does_not_pin_it():
    text = ["The accord signed in 2015 ended on Thursday.", "Since 2012, the country has been torn by insurgencies."]
    assert dates.year_for_day(1, 27, None, text, "en") is None
    assert dates.year_for_day(1, 27, None, ["Nothing dated here."], "en") is None


# ---------------------------------------------------------------- publication date of a whole source


def _source_date(text: str, config) -> PubDate:
    from generator.analyze.source import analyze_source
    from generator.models import RawSource

    return analyze_source(RawSource("a.txt", text, "txt", "0" * 64), config).date


LEAD_EN = ("The two governments agreed to resume their talks on border security and trade, the foreign ministry "
           "said in a statement released in the evening.")
LEAD_FR = ("Le ministre des Affaires étrangères a démenti toute procédure devant la cour, lors d’une "
           "conférence de "
           "presse tenue au siège du ministère.")


def test_source_yearless_wire_dateline_takes_the_year_the_text_pins(config):
    text = (f"PARIS/ALGIERS, Oct 25 (Agency) – {LEAD_EN}\n\n"
            "The ministry had said on Oct 24, 2023 that the previous round had failed.\n")
    assert _source_date(text, config) == PubDate(DateValue(2023, 10, 25), "dateline")
    # On its own line above a paragraph opened by a dash.
    text = (f"Sahara states join forces\n\nExample News, 20 April\n- {LEAD_EN}\n\n"
            "The deal was first outlined at a meeting in August 2009.\n")
    assert _source_date(text, config) == PubDate(DateValue(2010, 4, 20), "dateline")


def test_source_yearless_wire_dateline_stays_undated_when_the_text_does_not_pin_it(config):
    text = (f"ALGIERS, Jan. 27 (Agency) -- {LEAD_EN}\n\n"
            "The accord signed in 2015 was ended on Thursday. Since 2012, the country has known insurgencies.\n")
    assert _source_date(text, config) == PubDate(None, "unknown")


def test_source_publication_line_beats_a_date_glued_to_the_first_line(config):
    text = (" date 2025-09-10 Le ministre dément toute procédure - site\n\n"
            "Le ministre dément toute procédure devant la cour\nPublié le samedi 13 septembre 2025\n\n"
            f"{LEAD_FR}\n")
    assert _source_date(text, config) == PubDate(DateValue(2025, 9, 13), "dateline")


def test_source_glued_month_refined_by_the_day_a_teaser_states(config):
    text = (" date 2024-01 https://example.org/article\n\nUn titre de page sur le retrait\n\n"
            "Le pays a annoncé vendredi qu’il prenait acte de la décision. 27.01.2024, Exemple Agence\n\n"
            f"{LEAD_FR}\n")
    assert _source_date(text, config) == PubDate(DateValue(2024, 1, 27), "dateline")


def test_source_date_of_the_day_in_the_header_bar_is_not_the_article_s(config):
    header = "21 °C\nAlger\nmardi, 4 novembre 2025\nAccueil\nConnexion\n\n"
    text = (header + "Le ministère dénonce une manœuvre devant la cour\n\n"
            "Le ministère a publié jeudi un communiqué en réponse à la requête déposée le 16 septembre 2025 "
            "auprès de la cour par le pays voisin.\n")
    assert _source_date(text, config) == PubDate(DateValue(2025, 9), "inferred")
    # With no dated news, the header date gives nothing.
    text = header + f"Le ministère dénonce une manœuvre devant la cour\n\n{LEAD_FR}\n"
    assert _source_date(text, config) == PubDate(None, "unknown")
    # The text's latest day falls in the header's month: the article is of that month, the day stays open.
    text = ("Calendar\nSunday 21 September, 2025\nWeather\nLog in\n\n"
            "The ministry answers the complaint at the court\n\n"
            "Yesterday, Friday, September 19, the ministry accused its neighbour of exploiting the court in a "
            "statement read on national radio.\n")
    assert _source_date(text, config) == PubDate(DateValue(2025, 9), "inferred")


def test_source_glued_month_gives_its_year_to_a_yearless_wire_dateline(config):
    text = f" date 2024-08 DAKAR, Aug 2 (Agency) – {LEAD_EN}\n"
    assert _source_date(text, config) == PubDate(DateValue(2024, 8, 2), "dateline")
    # Another month: the day is not the page's month's, the month stays.
    text = f" date 2024-09 DAKAR, Aug 2 (Agency) – {LEAD_EN}\n"
    assert _source_date(text, config) == PubDate(DateValue(2024, 9), "dateline")


def test_a_date_called_this_weekday_in_a_sentence_about_the_future_is_not_today():
    text = ["Le sommet des chefs d’Etat de la région aura lieu ce lundi 3 mars 2025 dans la capitale, selon un "
            "communiqué."]
    assert infer_publication_date(text, "fr") == PubDate(None, "unknown")


def test_a_year_naming_a_plan_ahead_does_not_date_the_text():
    text = ["A new strategy for the region was adopted on 12 February 2024 after talks held in the capital, "
            "officials said.", "The 2030 agenda sets goals for water, energy and roads."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2024, 2), "inferred")


def test_source_wire_dateline_without_a_place(config):
    assert _source_date(f"Un titre de page sur le retrait\n\n12 mars 2024 (Agence) – {LEAD_FR}\n", config) == \
        PubDate(DateValue(2024, 3, 12), "dateline")


def test_a_published_date_inside_prose_is_not_the_page_s():
    assert dates.stated_date("Published on 3 March 2021, the report showed a sharp rise in seizures.", "en") is None
    assert dates.stated_date("Le texte, publié le 3 mars 2021, prévoit un retrait.", "fr") is None
    assert dates.stated_date("Posted on 3 March 2021 | Example Site", "en") == DateValue(2021, 3, 3)


def test_a_date_called_today():
    text = ["The two countries signed a trade agreement today, 4 June 2024, after months of talks in the capital.",
            "Their last accord dated from 2019."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2024, 6, 4), "text")
    text = ["Hier, jeudi 19 septembre 2024, le ministère a accusé son voisin d’instrumentaliser la cour dans un "
            "communiqué lu à la radio nationale."]
    assert infer_publication_date(text, "fr") == PubDate(DateValue(2024, 9, 20), "text")


def test_source_date_line_under_a_deck_and_short_header_lines_dates_the_page(config):
    # Headline, deck, agency credit, "published today" line, then the date line: the short header lines
    # are not paragraphs of text that would make the date line another story's.
    text = ("Callowby opens its new flood gates\n"
            "The harbour town has waited for them since the great flood of the spring.\n"
            "Example News with Agency\n"
            "Publié aujourd'hui à 10h12, modifié à 11h40\n"
            "Dimanche 18 février 2024\n"
            f"{LEAD_EN}\n")
    assert _source_date(text, config) == PubDate(DateValue(2024, 2, 18), "dateline")


def test_source_wire_dateline_closed_by_the_agency_alone(config):
    # No dash after the agency: the place, the date and the agency in brackets are the dateline all the same.
    assert _source_date(f"Valbrune, le 4 novembre 2019 (Agence) {LEAD_FR}\n", config) == \
        PubDate(DateValue(2019, 11, 4), "dateline")
    # A full date opening the lead with a bracket that names no agency stays the news's date (its month).
    assert _source_date(f"Le 4 novembre 2019 (heure locale), {LEAD_FR}\n", config).basis != "dateline"


@pytest.mark.parametrize("text, value", [
    ("2024-01-25", DateValue(2024, 1, 25)),
    ("2024-02-29", DateValue(2024, 2, 29)),
    ("2024-01", DateValue(2024, 1)),
    ("2024", DateValue(2024)),  # a declared year is a date to that precision
    ("2024-01-25T10:00:00+01:00", DateValue(2024, 1, 25)),
    ("25 janvier 2024", DateValue(2024, 1, 25)),
    ("Jan. 25, 2024", DateValue(2024, 1, 25)),
])
def test_a_declared_date_is_read_to_the_precision_given(text, value):
    assert dates.parse_declared(text) == (value, "")


@pytest.mark.parametrize("text, reason", [
    ("0001-01-01", "year 1 is outside the years the generator dates (1800-2099)"),
    ("9999-12-31", "year 9999 is outside the years the generator dates (1800-2099)"),
    ("2023-13", "month 13 does not exist"),
    ("2023-00-10", "month 0 does not exist"),
    ("2023-02-29", "day 29 does not exist in 2023-02"),
    ("soon", "not a date (write it as 2024-01-25)"),
])
def test_a_declared_date_that_cannot_be_used_is_refused_with_its_reason(text, reason):
    assert dates.parse_declared(text) == (None, reason)


def test_the_declared_years_are_those_dates_are_read_in():
    for year in (lines.FIRST_YEAR, lines.LAST_YEAR):
        assert find_dates(f"On 3 March {year} it rained.", "en")[0].year == year
    for year in (lines.FIRST_YEAR - 1, lines.LAST_YEAR + 1):
        assert not any(m.year == year for m in find_dates(f"On 3 March {year} it rained.", "en"))


@pytest.mark.parametrize("line, lang", [
    ("Updated: 14/03/2024 · Published: 12/03/2024", "en"),
    ("Last updated March 14, 2024 | Published March 12, 2024", "en"),
    ("Mis à jour le 14 mars 2024 - Publié le 12 mars 2024", "fr"),
    ("Published March 12, 2024 | Updated March 14, 2024", "en"),
])
def test_the_publication_date_is_not_the_later_edit_s(line, lang):
    assert lines.stated_date(line, lang) == DateValue(2024, 3, 12)
    assert lines.parse_date_line(line, lang) == DateValue(2024, 3, 12)


def test_an_edit_date_alone_still_dates_the_page():
    assert lines.stated_date("Updated: 14/03/2024", "en") == DateValue(2024, 3, 14)
    assert lines.parse_date_line("Mis à jour le 14 mars 2024", "fr") == DateValue(2024, 3, 14)


@pytest.mark.parametrize("sentence, lang, year", [
    # The year describes a thing the sentence names, not what it reports.
    ("La Mauritanie et le Tchad ont ouvert la voie à une dissolution de l'alliance créée en 2014 à Nouakchott.", "fr", None),
    ("The parties discussed the future of the accord signed in 2015 between the government and the rebels.", "en", None),
    # With an auxiliary, the participle is what the sentence reports; opening it, it tells of the subject's making.
    ("Il a été signé en 2015 entre les autorités maliennes et les groupes indépendantistes.", "fr", 2015),
    ("The accord was officially signed in 2015 between the government and the rebels.", "en", 2015),
    ("Created in 2010 at the initiative of Algiers, the committee remained an empty shell.", "en", 2010),
    # The news is of a day the undated text leaves open: a year given to something else does not date it.
    ("On Thursday, the junta terminated the Agreement for Peace and Reconciliation in 2015 with the groups.", "en", None),
    ("La junte a annoncé jeudi soir la fin de l'accord d'Alger, conclu en 2015 avec les groupes du nord.", "fr", None),
])
def test_a_year_that_describes_a_thing_does_not_date_the_news(sentence, lang, year):
    events = extract_events([sentence], lang, None)
    assert [e.date.year for e in events] == ([year] if year else [])


@pytest.mark.parametrize("line, value", [
    ("15.01.2024 by Jane Roe and John Doe", DateValue(2024, 1, 15)),
    ("December 24, 2023 by Jane Roe · Leave a comment", DateValue(2023, 12, 24)),
    ("21.07.2024 · 19:47 | Words: Jane Roe | Photos: Harbour Pictures", DateValue(2024, 7, 21)),
    ("The accord was signed on 15 May 2015 by Mali and the rebels", None),
])
def test_a_date_line_may_carry_its_credits(line, value):
    assert lines.parse_date_line(line, "en") == value


def test_a_month_still_to_come_in_reported_speech_is_no_past_event():
    sentence = "An officer said the first mixed patrols would start before the end of April at the border post."
    assert extract_events([sentence], "en", DateValue(2024, 3, 12)) == []
    said = "An officer said the first mixed patrols started at the end of April at the border post."
    assert [e.date for e in extract_events([said], "en", DateValue(2024, 3, 12))] == [DateValue(2023, 4)]


def test_a_date_line_with_a_later_edit_in_relative_time_is_read():
    assert lines.parse_date_line("January 26, 2024 5:41 PM GMT+1 Updated 2 hours ago", "en") == DateValue(2024, 1, 26)


def test_an_issued_date_beats_the_modified_date_of_the_same_line():
    line = "Issued on: 02/02/2024 - 14:20 · Modified: 03/02/2024 - 09:05"
    assert dates.stated_date(line, "en") == DateValue(2024, 2, 2)
    assert dates.stated_date("Paru le : 22.04.2010 | par Jeanne Roe", "fr") == DateValue(2010, 4, 22)


def test_a_source_line_closing_with_a_date_gives_the_originals_date():
    assert dates.stated_date("Source: Harbour News (Arabic edition), 02.02.2025", "en") == DateValue(2025, 2, 2)
    assert dates.stated_date("Source : Harbour News, le 3 mars 2024", "fr") == DateValue(2024, 3, 3)
    assert dates.stated_date("Source: the board, which said on 3 March 2024 that the gates would open", "en") is None


def test_a_dateline_without_a_year_takes_the_newest_year_on_which_it_falls_on_the_leads_weekday():
    lead = ("CALLOWBY, 3 Feb (Wire) - The river board closed the gates of the harbour after the floods, "
            "the board said on Friday in a statement.")
    more = "The board has spent more since the start of 2023 than in the whole of 2022 on the dykes."
    assert inference.year_for_day(2, 3, None, [lead, more], "en") == DateValue(2023, 2, 3)  # a Friday
    thursday = lead.replace("Friday", "Thursday")  # 3 February 2023 is no Thursday: the year stays open
    assert inference.year_for_day(2, 3, None, [thursday, more], "en") is None


def test_a_month_after_since_does_not_pin_a_datelines_year():
    lead = "LONDON, March 11 (Wire) - Harbour fees edged lower on Tuesday, extending the previous session's losses."
    more = "Fees have lost 6% since the start of the month and stand near their lowest level since December 2021."
    assert inference.year_for_day(3, 11, None, [lead, more], "en") is None


@pytest.mark.parametrize("line", ["Formation 21 April 2010", "Founded 21 April 2010", "Fondé le 3 mars 1998"])
def test_a_facts_date_under_its_label_is_no_publication_line(line):
    assert dates.parse_date_line(line, "en") is None and dates.parse_date_line(line, "fr") is None
    assert dates.parse_date_line("Callowby 21 April 2010", "en") == DateValue(2010, 4, 21)


def test_a_dateline_takes_the_year_after_the_newest_past_one_named_when_this_weekday_falls_there():
    lead = ("Callowby, 17 nov. – Les deux conseils ont convenu de renforcer leurs digues, à l’issue de la réunion "
            "tenue ce mercredi à Callowby.")
    more = ["Le plan découle de la charte des digues adoptée en 2020 par les deux conseils.",
            "La prochaine session se tiendra en 2022 à Westmarch, selon le procès-verbal."]  # a year to come
    assert inference.year_for_day(11, 17, None, [lead, *more], "fr") == DateValue(2021, 11, 17)  # a Wednesday


def test_a_year_after_the_newest_full_date_dates_nothing():
    # Notes on 2009-2012 name the creation day of an institution and what came next: neither is when they were
    # written.
    text = ["Créé le 21 avril 2010 à Tamanrasset, le comité réunit les chefs d'état-major de quatre pays.",
            "Ses réunions sont restées rares et aucune opération conjointe n'a été documentée.",
            "La chute du nord en 2012 et l'intervention française (janvier 2013) marquent l'échec du modèle."]
    assert infer_publication_date(text, "fr") == PubDate(None, "unknown")
    # Opening the text, the newer year is the year of writing.
    text = ["2025 begins with a new war of words between the two capitals.",
            "The ministry announced on January 25, 2024 that the talks were over."]
    assert infer_publication_date(text, "en") == PubDate(DateValue(2025), "inferred")


def test_last_year_beside_a_year_still_to_come_pins_nothing():
    text = ["With the permit revoked last year, I'd assume no exports reach the buyers in 2025.",
            "Tax changes from 2025 make every pound dearer."]
    assert infer_publication_date(text, "en") == PubDate(None, "unknown")


@pytest.mark.parametrize("line, lang, want", [
    ("Analyst note — compiled 14 May 2012, for the harbour file. Sources paraphrased.", "en", DateValue(2012, 5, 14)),
    ("Note — publiée le 3 mars 2021, pour le dossier des digues.", "fr", DateValue(2021, 3, 3)),
    # A sentence about something else goes on after the comma: a clause, or a phrase with more commas.
    ("Published on 3 March 2021, it showed the harbour's losses.", "en", None),
    ("Published on 3 March 2021, in the Official Journal, the decree took effect.", "en", None),
    ("Published on 3 March 2021, for all its flaws the report was read across the harbour.", "en", None),
])
def test_a_few_words_saying_what_a_note_is_for_may_close_its_date_line(line, lang, want):
    assert dates.stated_date(line, lang) == want


@pytest.mark.parametrize("line, want", [
    ("le 22.04.10 | 01h00", DateValue(2010, 4, 22)),  # an archive's byline
    ("22/04/98", DateValue(1998, 4, 22)),  # strptime's %y: 69 to 99 are the 1900s
    ("le 22.04.10 à 09h14", DateValue(2010, 4, 22)),
    ("Version 2.10.24 released", None),
    ("22.04.10 in the harbour", None),
])
def test_a_line_that_is_only_a_day_with_a_two_digit_year_is_a_date_line(line, want):
    assert parse_date_line(line, "fr") == want


def test_a_sign_off_over_a_signature_and_the_sites_lists_dates_the_communique():
    text = ["Le conseil des digues rappelle son attachement à l'entretien du port de Callowby et à sa sécurité.",
            "Callowby, le 25 janvier 2024",
            "Le Président du conseil des digues, Porte-parole du Conseil,", "Jonas PELLWORTH",
            "Chevalier de l'Ordre du port", "Mots-clés : Digues | Communiqué | Conseil", "DERNIERS COMMUNIQUÉS",
            "Communiqué du conseil du mercredi 24 janvier 2024", "Communiqué relatif aux gardiens - 12 janvier 2024",
            "Communiqué conjoint des conseils des trois ports - 30 novembre 2023",
            "Conseil des digues - BP 790, Callowby - Tél. : (+222) 20 22 55 34"]
    assert dates.signed_date(text, "fr") == DateValue(2024, 1, 25)
    # A sentence under it: the place and date began something else.
    text.insert(3, "Le conseil se réunira de nouveau au printemps pour examiner les travaux sur les digues.")
    assert dates.signed_date(text, "fr") is None


def test_a_date_ending_a_phrase_is_not_cut_off_the_line_whatever_the_lines_language():
    # Split before the language is known: "ended" closes the phrase the date belongs to, in English.
    line = "Harbour Board plc — Operational update for the quarter ended 30 September 2023"
    assert dates.split_leading_date(line) == (None, line)
    # A time stamp glued to a headline is cut off, preposition and all.
    assert dates.split_leading_date("Harbour gates reopen on 2021/3/9 08:15:02")[0] == DateValue(2021, 3, 9)


def _dated(config, data: str, name: str):
    from generator import ingest
    from generator.analyze.source import analyze_source
    from generator.config import for_analysis

    kind = {"html": "html", "txt": "txt", "md": "md"}[name.rsplit(".", 1)[1]]
    return analyze_source(ingest.parse_bytes(data.encode(), name, kind), for_analysis(config)).date


PARAGRAPHS = ("<p>The river authority of Westmarch opened three new flood gates near the harbour town of Callowby, "
              "after a week of heavy rain raised the water level by two metres.</p><p>Engineers said the gates "
              "would protect about four thousand homes along the harbour before the winter.</p>")


def test_metadata_later_than_the_published_line_under_the_headline_is_a_later_touch(config):
    # A site's migration stamped the page's metadata with its own day.
    page = ("<html lang='en'><head><title>Gates</title><meta property='article:published_time' "
            "content='2018-06-11T10:02:00+01:00'></head><body><article><h1>Westmarch opens new flood gates at "
            "Callowby harbour</h1><div class='meta'><span>By Jonas Pellworth</span> <span>Published 02/03/2015 "
            f"at 07:30</span></div>{PARAGRAPHS}</article></body></html>")
    assert _dated(config, page, "page.html").value == DateValue(2015, 3, 2)
    # The same line later than the metadata is not preferred (an edit printed as a publication), unless the
    # metadata is years older: a template's, left from another page.
    assert _dated(config, page.replace("02/03/2015", "02/03/2019"), "page.html").value == DateValue(2018, 6, 11)
    assert _dated(config, page.replace("02/03/2015", "01/07/2024"), "page.html").value == DateValue(2024, 7, 1)


def test_the_markups_published_date_beats_an_updated_time_and_a_header_bars_day(config):
    page = ("<html lang='en'><head><title>Gates</title></head><body><div class='topbar-date'>Tuesday, 08 April "
            "2025</div><article><h1>Westmarch opens new flood gates at Callowby harbour</h1><dl><dd><time "
            "datetime='2025-04-07T22:30:00+00:00' itemprop='datePublished'>Published: Monday 7 April 2025 22:30"
            "</time></dd><dd><time datetime='2025-04-08T08:15:00+00:00' itemprop='dateModified'>Updated: Tuesday "
            f"8 April 2025 08:15</time></dd></dl>{PARAGRAPHS}</article></body></html>")
    assert _dated(config, page, "page.html").value == DateValue(2025, 4, 7)


def test_a_forwarded_message_is_dated_by_its_own_header_not_the_forwards(config):
    text = "\n".join(["From: Ana Roe <ana@example.org>", "Date: Mon, 24 Feb 2014 09:12:33 +0000",
                      "Subject: Fwd: harbour gates", "", "All, the piece from Friday.", "", "Ana", "",
                      "-----Original Message-----", "From: Harbour News <news@example.org>",
                      "Sent: Friday, February 21, 2014 19:40", "Subject: Evening edition", "",
                      "Westmarch opens new flood gates at Callowby harbour", "",
                      "The river authority of Westmarch opened three new flood gates near the harbour town of "
                      "Callowby, after a week of heavy rain raised the water level by two metres.", "",
                      "Engineers said the gates would protect about four thousand homes along the harbour."])
    assert _dated(config, text, "mail.txt").value == DateValue(2014, 2, 21)


def test_a_line_of_short_fields_is_a_publication_line_however_many_it_has():
    line = "Politique · Par Jeanne Roe · Publié le 15 mai 2015 à 21h12 · Mis à jour le 16 mai 2015 à 10h05"
    assert dates.parse_date_line(line, "fr") == DateValue(2015, 5, 15)
    assert dates.parse_date_line("Le conseil a voté le 15 mai 2015 un plan de rénovation des ponts anciens de la "
                                 "vallée, après l'effondrement partiel d'une passerelle au printemps", "fr") is None


@pytest.mark.parametrize("line, want", [
    ("Publication du jeudi 13 novembre 2014 - 20 Moharram 1436", DateValue(2014, 11, 13)),
    ("20 Moharram 1436 - jeudi 13 novembre 2014", DateValue(2014, 11, 13)),
    ("Alger, le 21 avril 2010 | 6 Joumada El Oula 1431 H", DateValue(2010, 4, 21)),
])
def test_a_hijri_date_beside_the_gregorian_one_is_set_aside(line, want):
    assert dates.parse_date_line(line, "fr") == want


def test_the_date_line_under_a_rule_after_a_list_of_other_threads_dates_the_page(config):
    text = "\n".join(["Thread Reader", "Help | Sign in", "Search or paste a thread URL...", "", "Trending",
                      "Thread by @a: 1/ The real story behind the harbour...", "Thread by @b: Why the dykes matter...",
                      "-" * 60, "Jonas Pellworth (@harbour)", "Harbour reporter. Rivers, dykes, gates.",
                      "Jan 14, 2025 • 14 tweets • 5 min read", "-" * 60, "",
                      "1/ The river authority of Westmarch opened three new flood gates near the harbour town of "
                      "Callowby this morning, after a week of heavy rain.", "",
                      "2/ Engineers said the gates would protect about four thousand homes along the harbour."])
    assert _dated(config, text, "thread.txt").value == DateValue(2025, 1, 14)


def test_the_day_a_file_was_saved_is_not_its_date():
    assert dates.split_leading_date("[pdftotext export — source: report.pdf — file saved 2024-03-11]", "en")[0] \
        is None
