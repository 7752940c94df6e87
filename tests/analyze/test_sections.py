"""A document in sections (a report's parts, a newsletter's items): a section under its own heading, long enough
and a large enough share of the text, is read as an article of its own, and the topic it is mostly about is a
topic of the source; a short article's crosshead and a section of one-line items are not. Invented texts only."""
import hashlib

import pytest

from generator.analyze import analyze_source, sections
from generator.config import load_config
from generator.models import BODY, DATELINE, HEADING, Block, RawSource
from tests.test_topics import CONFIG


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    path = tmp_path_factory.mktemp("cfg") / "briefing.yml"
    path.write_text(CONFIG, encoding="utf-8")
    return load_config(path)


def analyse(config, text: str):
    return analyze_source(RawSource("brief.txt", text, "txt", hashlib.sha256(text.encode()).hexdigest()), config)


STRIKE = [
    "Dockers in the three Velorian ports stopped work on Monday, the first day of the harbour strike.",
    "The union said the harbour strike would last until the port authority reopened wage talks.",
    "Cranes stood still in the main port of Veloria and container ships waited offshore.",
    "The port authority said it regretted the dockers' strike and called for talks.",
    "Shipping agents said twelve vessels had been diverted to ports in neighbouring countries.",
    "The dockers' strike is the longest since the ports were privatised a decade ago.",
    "Exporters of fruit said their cargoes would spoil within a week if nothing moved.",
    "The minister of transport said she would meet the union on Thursday.",
    "Union leaders said the harbour strike would go on until the talks began.",
    "Police kept watch at the gates of the ports, where pickets gathered at dawn.",
    "A spokesman for the port authority said the losses already ran to millions.",
    "The harbour strike has the support of the dockers of all three ports.",
]
DAM = [
    "Engineers in Veloria finished the turbine hall of the Grand Dam on Friday.",
    "The four turbines will be tested as soon as the reservoir reaches its planned level.",
    "Filling the reservoir has flooded the upper valley, where two villages were moved last year.",
    "The hydroelectric plant is to supply a third of the Velorian grid when it runs at full power.",
    "Farmers downstream say the river has fallen since the sluices were closed in spring.",
]
BRIEF = [
    "— The Velorian senate passed the budget on Tuesday after a night of debate.",
    "— A new bridge over the river opened in the capital of Veloria.",
    "— The national library reopened after two years of works.",
]


def newsletter(dam_heading: str = "2. A TURBINE HALL IN THE VALLEY") -> str:
    return "\n\n".join(["Veloria Weekly, issue 40", "1. DOCKERS WALK OUT", " ".join(STRIKE[:4]),
                        " ".join(STRIKE[4:8]), " ".join(STRIKE[8:]), dam_heading, " ".join(DAM[:2]),
                        " ".join(DAM[2:]), "3. IN BRIEF", *BRIEF])


def test_a_section_of_its_own_gives_the_source_the_topic_the_whole_names_too_little(config, monkeypatch):
    analysis = analyse(config, newsletter())
    found = {t.slug: t for t in analysis.topics}
    assert set(found) == {"harbour-strike", "river-dam"}
    assert found["river-dam"].evidence in DAM
    # The whole text alone does not carry it: read as one article, the dam is a fifth of the issue.
    monkeypatch.setattr(sections, "ARTICLE_MIN_SENTENCES", 10_000)
    assert {t.slug for t in analyse(config, newsletter()).topics} == {"harbour-strike"}


def test_a_short_articles_crosshead_adds_no_topic(config, monkeypatch):
    short = "\n\n".join(["Dockers walk out", " ".join(STRIKE[:4]), " ".join(STRIKE[4:]), "The valley",
                          " ".join(DAM[:4])])
    assert {t.slug for t in analyse(config, short).topics} == {"harbour-strike"}
    monkeypatch.setattr(sections, "ARTICLE_MIN_SENTENCES", 0)  # were its crosshead a section, the dam would be one
    assert {t.slug for t in analyse(config, short).topics} == {"harbour-strike", "river-dam"}


def test_a_section_of_one_line_items_is_no_section():
    per_paragraph = [[item] for item in DAM]
    prose = [Block("IN BRIEF", HEADING), *(Block(item, BODY) for item in DAM)]
    items = [Block("IN BRIEF", HEADING), *(Block("— " + item, BODY) for item in DAM)]
    assert [(s.heading, s.lead, s.body) for s in sections.of_blocks(prose, per_paragraph)] == \
        [("IN BRIEF", (DAM[0],), tuple(DAM[1:]))]
    assert sections.of_blocks(items, per_paragraph) == []


def test_a_list_of_other_articles_headlines_is_no_section():
    teasers = ["Velorian dam turbines tested at full power", "Reservoir reaches its planned level in Veloria",
               "Flooded valley villagers ask for new land", "Hydroelectric plant to supply a third of the grid"]
    blocks = [Block("Related", HEADING), *(Block(t, BODY) for t in teasers)]
    assert sections.of_blocks(blocks, [[t] for t in teasers]) == []


def test_a_section_gives_its_main_topic_only(config, monkeypatch):
    # The second section speaks of the strike most (the whole article's topic already) and of the dam in three
    # of its seven sentences: a second topic of a section is as often a side topic as a subject of its own.
    text = "\n\n".join(["Veloria Weekly, issue 41", "1. DOCKERS WALK OUT", " ".join(STRIKE[:4]), " ".join(STRIKE[4:8]),
                        "2. THE VALLEY AND THE PORTS", " ".join(STRIKE[8:]), " ".join(DAM[:3])])
    monkeypatch.setattr(sections, "ARTICLE_MIN_SENTENCES", 10)  # a short issue, read in sections all the same
    assert {t.slug for t in analyse(config, text).topics} == {"harbour-strike"}


def test_a_date_line_amid_the_text_heads_a_section():
    blocks = [Block(STRIKE[0], BODY), Block("Veloria, April 2010", DATELINE), *(Block(s, BODY) for s in DAM)]
    per_paragraph = [[STRIKE[0]], *([s] for s in DAM)]
    assert [(s.heading, s.lead) for s in sections.of_blocks(blocks, per_paragraph)] == \
        [("Veloria, April 2010", (DAM[0],))]
    assert sections.of_blocks([Block("Veloria, April 2010", DATELINE), *blocks[2:]], per_paragraph[1:]) == []


def test_one_sentence_of_a_section_is_a_recollection_not_its_topic(config, monkeypatch):
    # The second section is on the capital's weather; one of its five sentences recalls the dam, in its lead.
    weather = ["Rain fell on the Velorian capital for the fifth day running on Sunday.",
               "The Grand Dam Project, whose hydroelectric turbines and reservoir were finished last year, held.",
               "Schools in the northern districts stayed closed because of the snow.",
               "Forecasters said the cold spell would last until the end of the month.",
               "Road crews worked through the night to clear the mountain passes."]
    text = "\n\n".join(["Veloria Weekly, issue 42", "1. DOCKERS WALK OUT", " ".join(STRIKE[:4]), " ".join(STRIKE[4:8]),
                        " ".join(STRIKE[8:]), "2. A COLD WEEK", " ".join(weather[:2]), " ".join(weather[2:])])
    monkeypatch.setattr(sections, "ARTICLE_MIN_SENTENCES", 10)  # a short issue, read in sections all the same
    assert {t.slug for t in analyse(config, text).topics} == {"harbour-strike"}
    monkeypatch.setattr(sections, "SECTION_MIN_MENTIONS", 1)  # one sentence enough, the dam would be a topic
    assert {t.slug for t in analyse(config, text).topics} == {"harbour-strike", "river-dam"}


def test_an_interviewers_question_heads_the_answer_under_it(config, monkeypatch):
    # Each answer of an interview is a section: the dam, asked about once, is the subject of its answer.
    text = "\n\n".join(["Veloria Weekly interview", "What happened in the ports this week?", " ".join(STRIKE[:6]),
                        " ".join(STRIKE[6:]), "And what of the valley upstream, where the new plant stands?",
                        " ".join(DAM)])
    monkeypatch.setattr(sections, "ARTICLE_MIN_SENTENCES", 10)  # a short interview, read in sections all the same
    assert {t.slug for t in analyse(config, text).topics} == {"harbour-strike", "river-dam"}
    # A question among a paragraph's sentences heads nothing.
    blocks = [Block("Why does it matter? " + DAM[0], BODY), *(Block(s, BODY) for s in DAM[1:])]
    assert sections.of_blocks(blocks, [[b.text] for b in blocks]) == []
