"""Summary: TextRank over TF-IDF, the lead favoured, no repeated points."""
from __future__ import annotations

import networkx as nx
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.analyze import furniture, summary
from generator.analyze.keyphrases import stop_words
from generator.text import fold, tokens

SENTENCES = [
    "Algeria and Mali agreed on Monday to reopen the border crossing at Tinzaouaten for trade.",
    "The border crossing had been closed for two years because of fighting in the north of Mali.",
    "Traders in Tinzaouaten welcomed the decision to reopen the border crossing to goods.",
    "The weather was hot and dry across the Sahara during the whole week of talks.",
    "Officials said the reopened border crossing would be watched by joint patrols from both armies.",
    "Algeria and Mali agreed on Monday to reopen the border crossing at Tinzaouaten for trade.",
]


def _reference_ranks(texts, stop):
    """The same TextRank with scikit-learn's vectoriser and networkx's PageRank, as the summary used to run it."""
    stop = sorted({t for w in stop for t in tokens(w)})
    matrix = TfidfVectorizer(preprocessor=fold, tokenizer=tokens, token_pattern=None,
                             stop_words=stop or None).fit_transform(texts)
    sim = (matrix @ matrix.T).tocoo()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(texts)))
    graph.add_weighted_edges_from((int(i), int(j), float(v)) for i, j, v in zip(sim.row, sim.col, sim.data) if i < j)
    scores = nx.pagerank(graph, weight="weight", max_iter=200, tol=1e-8)
    return [scores[i] for i in range(len(texts))]


@pytest.mark.parametrize("texts", [SENTENCES, SENTENCES[:3] + ["Nothing in common here whatsoever, really."]])
def test_ranks_are_textrank_as_the_libraries_compute_it(texts):
    ours = summary._ranks(texts, stop_words("en"))
    assert ours == pytest.approx(_reference_ranks(texts, stop_words("en")), abs=1e-12)
    assert sum(ours) == pytest.approx(1.0)


def test_a_sentence_sharing_no_word_ranks_lowest():
    ranks = summary._ranks(SENTENCES, stop_words("en"))
    assert ranks.index(min(ranks)) == 3


def test_only_stop_words_ranks_every_sentence_alike():
    assert summary._ranks(["The of and.", "And the of."], stop_words("en")) == [1.0, 1.0]


def test_summary_keeps_reading_order_and_drops_repeats():
    chosen = summary.summarise(SENTENCES, 3, stop_words("en"))
    assert len(chosen) == 3
    assert chosen == sorted(chosen, key=SENTENCES.index)
    assert chosen[0] == SENTENCES[0]
    assert SENTENCES[3] not in chosen


@pytest.mark.parametrize("furniture", [
    "Harbour Loss Roils Westmarch By Jonas Pellworth and Wire Services Posted Oct 28, 2024 6:19 AM Copied "
    "the mayor spoke.",                                                   # a byline run into the text
    "Par Jeanne Valbrune Publié le 3 mars 2024 Le conseil régional a voté le plan des ponts.",
    "Voir aussi | Accueil | Région | Valbrune ponts et chaussées.",       # navigation
    'The gates opened <a href="https://example.org/gates">today</a> at noon for the boats.',  # markup
    "Share this article: Facebook Twitter WhatsApp The flood gates opened on Tuesday near the harbour.",  # share bar
    "Partager sur Facebook X E-mail Le conseil régional a voté jeudi le plan des ponts.",
    "LIRE AUSSI : Valbrune : une passerelle s'effondre au printemps.",     # a "read also" link
    "Read more: Westmarch opens new flood gates to protect Callowby harbour.",
    "Good evening and welcome to the harbour hour on Callowby radio.",  # a broadcast's greeting and thanks
    "Jane Roe in Callowby, and Doctor Jonas Pellworth, thank you both.",
    "Bonsoir et bienvenue dans Valbrune Soir, votre magazine des ponts.",
])
def test_furniture_run_into_a_sentence_is_never_summarised(furniture):
    assert summary.is_furniture(furniture)
    assert summary.candidates([furniture]) == []


@pytest.mark.parametrize("prose", [
    "The bill was passed by Parliament, which published it on Monday in the official gazette.",
    "The attack began at 5:30 am on Tuesday, officials in the harbour town said.",
    "Par ailleurs, le conseil a publié jeudi un communiqué sur les ponts de la vallée.",
    "The mayor said on Facebook and Twitter that the share of homes protected would double.",
    "Les habitants ont dû lire aussi le rapport des ingénieurs avant le vote.",
])
def test_prose_is_not_furniture(prose):
    assert not summary.is_furniture(prose)
    assert summary.candidates([prose]) == [0]


@pytest.mark.parametrize("caption", [
    "A keeper walks past the flooded harbour in Callowby, Westmarch, November 18, 2023. WIRE/Jonas Pellworth",
    "Des ouvriers sur un pont de la vallée, le 3 mars 2023. AGENCE Photo/Jeanne Valbrune",
])
def test_a_photo_caption_with_an_agency_credit_is_furniture_not_text(caption):
    from generator import ingest
    from generator.analyze import clean, furniture
    from generator.models import BODY
    lead = ("The river authority of Westmarch opened three new flood gates on Tuesday near the harbour town of "
            "Callowby, after a week of heavy rain raised the water level by two metres.")
    raw = ingest.parse_bytes("\n".join(["Westmarch opens new flood gates", lead, caption, lead]).encode(),
                             "page.txt", "txt")
    blocks, _ = clean.segment(raw)
    assert caption not in [b.text for b in blocks if b.kind == BODY]
    # A sentence naming two bodies with a slash is still text.
    assert not furniture.is_kind("line", "The talks failed, the envoy said. UN/EU officials said they would meet again.")


@pytest.mark.parametrize("line, text", [
    ("Share this article: Facebook Twitter WhatsApp The flood gates opened on Tuesday near the harbour of Callowby.",
     "The flood gates opened on Tuesday near the harbour of Callowby."),
    ("Partager : Facebook X E-mail Le conseil régional a voté jeudi le plan des ponts anciens.",
     "Le conseil régional a voté jeudi le plan des ponts anciens."),
    # Networks named in a sentence are its words.
    ("Facebook, Twitter, WhatsApp and Telegram were blocked on Monday by the regulator.", None),
    ("Facebook and Twitter said on Monday that they would close the accounts of the group.", None),
])
def test_a_share_bar_run_into_a_paragraph_is_cut_off_and_the_paragraph_kept(line, text):
    from generator.analyze import clean
    assert clean.split_lines(line) == [text or line]


@pytest.mark.parametrize("dateline", ["WESTMARCH, Harbourland (Wire) — ", "CALLOWBY, Oct 25 (Wire) - ", "Callowby, 12 March - ",
                                      "CALLOWBY, Oct. 25 (Wire) -- ", "CALLOWBY -- ",
                                      "(SYNDIC- Harbour News Agency (HNA)) CALLOWBY, Oct 25 (HNA) -- ",
                                      "- ", "• ", "1. ", "Summary: ", "Eastport — ",
                                      "Eastport, Harbourland — "])
def test_a_summary_sentence_reads_without_its_wire_dateline(config, dateline):
    from generator import ingest
    from generator.analyze.source import analyze_source
    from generator.config import for_analysis

    lead = ("The river authority of Westmarch opened three new flood gates near the harbour town of Callowby after "
            "a week of heavy rain raised the water level by two metres.")
    text = "\n\n".join(["Westmarch opens new flood gates", dateline + lead,
                        "Engineers said the flood gates would protect about four thousand homes along the harbour.",
                        "Residents had asked for the flood gates since the great flood of the spring, officials said."])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert lead in analysis.summary
    words = dateline.strip(" -—•")
    assert not any((words and words in s) or s[:1] in "-—•(" for s in analysis.summary)


def test_a_sentence_opening_with_a_list_and_a_dash_keeps_its_words(config):
    from generator.analyze.publication import without_dateline as _without_dateline

    sentence = "Mali, Burkina Faso and Niger – the three juntas – said on Monday they would leave the bloc."
    assert _without_dateline(sentence, "en") == sentence


@pytest.mark.parametrize("sentence", [
    "(Reuters) is the agency that first reported the flood gates on Monday.",
    "-- not a sentence that a dateline left behind, but a dash and three words.",
])
def test_what_opens_a_sentence_is_kept_unless_a_dateline_or_bullet_follows(sentence):
    from generator.analyze.publication import without_dateline as _without_dateline

    out = _without_dateline(sentence, "en")
    assert out == sentence or out == sentence[3:]  # the dash of a list may go; a bracket alone stays
    assert _without_dateline("(Reuters) is the agency that first reported it.", "en").startswith("(Reuters)")


def test_a_wire_dateline_whose_place_carries_its_country_in_brackets_leaves_the_sentence():
    from generator.analyze.publication import without_dateline as _without_dateline

    sentence = "Les chefs des digues de la vallée se sont réunis samedi à Callowby pour coordonner les travaux."
    assert _without_dateline("CALLOWBY (Westmarch), 12 novembre (Wire) -- " + sentence, "fr") == sentence


def test_a_place_before_a_short_dash_opening_a_whole_sentence_is_a_dateline():
    from generator.analyze.publication import without_dateline as _without_dateline

    sentence = "Harbour ministers from four countries on Saturday endorsed the plan for the new flood gates."
    assert _without_dateline("Callowby - " + sentence, "en") == sentence
    short = "Westmarch - Callowby relations are at their lowest."  # a pair of places, not a dateline
    assert _without_dateline(short, "en") == short


@pytest.mark.parametrize("credit", ["(Northwind News) - ", "(Northwind News) — "])
def test_a_credit_in_brackets_closed_by_a_dash_leaves_the_summary_sentence(credit):
    from generator.analyze.publication import without_dateline as _without_dateline

    sentence = "Gold prices recovered from early losses on Thursday to trade nearly flat."
    assert _without_dateline(credit + sentence, "en") == sentence


def test_a_teaser_cut_short_is_no_summary_sentence():
    from generator.analyze.summary import candidates

    sentences = ["Mali troops subdued the militants who attacked a military training camp and the airport in…",
                 "Mali troops subdued the militants who attacked a military training camp and the airport in...",
                 "An al-Qaida-linked group claimed the attack on the camp and the airport on Tuesday."]
    assert candidates(sentences) == [2]


@pytest.mark.parametrize("line", [
    "Invalid E-mail address", "SPONSOR AD", "Editor: Jane Roe", "Posté par : nom-du-site", "Submitted on", "Publié le",
    "E-mail this article", "Your browser doesn't support HTML5 audio", "Text size +", "Recevez notre newsletter",
    "READ MORE: Minister dealt a blow as the party loses ground", "A lire également", "Les plus lus – Politique",
    "2 min", "Jane Roe / Staff / Getty Images", "Crowds gathered in the capital (Image: GETTY)", "AFP / JANE ROE )", "(source: Harbour News)", "Associated Press",
    "Consultez notre politique de gestion des données personnelles",
    "12 thoughts on \"The harbour gates hold\"",
    "Privacy Notice: Newsletters may contain information about charities and content funded by outside parties.",
    "The harbour master in Callowby on Saturday. Photograph: Jane Roe/Wire/Harbour Pictures",
    "File photo of a river barge at the harbour. (Credit: Harbour Pictures)",
    "The winner on the podium in Callowby. Photo © Harbour Pictures / Jane Roe",
    "This article appeared in the April 2024 print edition.",
    "Published: February 14, 2022 · Last updated: March 3, 2024 by Jane Roe · 48 Comments",
    "Show key events only", "Filed under Harbour, River, Floods", "[1] Wire, \"The gates hold\", 27 January 2024.",
    "Item 1 of 2 The harbour master reads a statement in Callowby, in this screengrab taken from a video",
    "FILE - Engineers inspect the gates in Callowby on Aug. 20, 2023. (AP Photo/Jane Roe, File)",
    "Lecture 3 min", "Il vous reste 35.42% de cet article à lire. La suite est réservée aux abonnés.",
    "Like Loading...",
    "JavaScript is disabled! Why you want to do so? Please enable JavaScript in your web browser!",
])
def test_a_furniture_line_of_a_page_is_never_text(line):
    from generator.analyze import furniture

    assert any(furniture.is_kind(kind, line) for kind in ("line", "section", "comments", "byline"))


@pytest.mark.parametrize("line", [
    "Editor of the newspaper said the talks had failed", "Published reports say Mali left the accord",
    "2 minutes later, the drone was down.", "Algeria / Mali: the border closed",
    "Your comments on the accord were noted by the minister.", "Text of the agreement signed in Algiers",
    "Associated Press reporters saw the convoy leave Kidal on Monday.",
])
def test_a_line_like_furniture_that_says_something_is_text(line):
    from generator.analyze import furniture

    assert not any(furniture.is_kind(kind, line) for kind in ("line", "section", "comments", "byline"))


@pytest.mark.parametrize("line", ["Votre commentaire", "LAISSEZ UN COMMENTAIRE", "Your comments"])
def test_a_comment_form_opens_the_comments(line):
    from generator.analyze import furniture

    assert furniture.is_kind("comments", line)


def test_a_drop_cap_extracted_twice_is_read_once():
    from generator.analyze import clean

    assert clean.split_lines("LLe port de Callowby a rouvert ses portes lundi matin.") == \
        ["Le port de Callowby a rouvert ses portes lundi matin."]
    assert clean.split_lines("LLC filings rose.") == ["LLC filings rose."]


def test_a_long_lead_that_states_the_news_may_open_the_summary():
    lead = ("The harbour master of Callowby received on Monday at the town hall the engineers of the three river "
            "towns: Jonas Pellworth, chief engineer of the river authority of Westmarch and of its northern "
            "districts; Arno Keller, chief engineer of the flood board of Eastmarch and of the upper valley; and "
            "Mira Solberg, chief engineer of the harbour works of Callowby, of its docks, of its locks and of "
            "its two old canals.")
    assert 70 < len(lead.split()) <= summary.MAX_LEAD_WORDS
    others = ["The engineers said the new gates would hold the spring floods this year.",
              "The harbour master said the work on the gates would start in the autumn."]
    assert 0 in summary.candidates([lead, *others])
    assert 1 not in summary.candidates([others[0], lead])  # only as the lead


def test_a_byline_and_a_date_under_the_headline_do_not_open_the_comments():
    """A reader comment opens with a name and a date after the article's text; under a headline and its deck, the
    same pair is the article's byline and date."""
    from generator import ingest
    from generator.analyze import clean
    from generator.models import BODY, COMMENT

    body = ("The harbour board of Callowby met on Monday for the last time, and its members agreed that the river "
            "authority would take over the gates, the docks and the two canals from the first of January. ") * 3
    text = "\n\n".join(["The harbour board is gone. Is the river authority ready?",
                        "The board signed its own end on Monday, and the authority has to prove it can do better.",
                        "Jane Roe", "Dec 12, 2023", body, body])
    blocks, _ = clean.segment(ingest.parse_bytes(text.encode(), "page.txt", "txt"))
    assert not any(b.kind == COMMENT for b in blocks)
    assert sum(b.kind == BODY for b in blocks) >= 2


@pytest.mark.parametrize("line, nav", [
    ("« Previous debate: Harbour: Flood Gates | Next debate: Schools: Music Education »", True),
    ("Article précédent / Article suivant", True),
    ("‹ Previous | Next ›", True),
    ("Previous boards failed; the next one must open the gates, the mayor said.", False),
])
def test_links_to_the_previous_and_the_next_page_are_furniture(line, nav):
    assert furniture.is_kind("line", line) == nav


def test_a_summary_states_rather_than_asks():
    # A presenter's question to a guest can be as central as any sentence: the summary is made of statements.
    sentences = ["Good evening and welcome to the harbour hour on Callowby radio tonight.",
                 "Doctor Roe, what do the broken flood gates tell us about the harbour board?",
                 "The flood gates of Callowby harbour broke on Tuesday after a week of heavy rain.",
                 "The harbour board said the flood gates would be repaired before the winter storms.",
                 "Engineers said the older flood gates of the harbour had not been inspected for years."]
    chosen = summary.summarise(sentences, 3, stop_words("en"))
    assert chosen and not any(s.endswith("?") for s in chosen)
    assert summary.summarise(sentences[1:2] * 2, 1, stop_words("en")) == sentences[1:2]  # nothing else to say


def test_a_sentence_taken_up_in_its_middle_is_not_summarised():
    # A clipping that starts inside a sentence: "...and that" is no statement of its own.
    assert summary.candidates(["...and that, more than anything, explains why the harbour board changed."]) == []
    assert summary.candidates(["The harbour board changed so fast because the flood gates broke in the spring."])


def test_a_long_read_also_line_of_other_headlines_is_furniture():
    line = ("Lire aussi sur Valbrune Enquêtes : « Orpaillage : l'or de la vallée file vers le port » (17 octobre "
            "2024) · « Carburant de contrebande : la route des digues du nord » (3 juin 2024)")
    assert furniture.is_kind("line", line)


@pytest.mark.parametrize("sentence, stamped", [
    ("[00:01:52] JANE ROE : The harbour board was created in 2010 to keep the flood gates.", True),
    ("10:45 GMT - The harbour board said the flood gates would open on Tuesday morning.", True),
    ("The flood gates opened at 10:45 on Tuesday, the harbour board said.", False),
])
def test_a_sentence_opening_with_a_time_stamp_is_a_transcripts_turn_not_a_summarys(sentence, stamped):
    assert (summary.candidates([sentence]) == []) == stamped


def test_the_headline_printed_again_in_the_text_is_no_summary_sentence():
    sentences = ["« Les vannes du port de Callowby ne tiendront pas un hiver de plus »",
                 "Les ingénieurs de l'autorité du fleuve ont inspecté mardi les vannes du port de Callowby.",
                 "Selon eux, les vannes du port ne tiendront pas un hiver de plus sans réparation.",
                 "Le conseil du port se réunira jeudi pour voter les crédits de la réparation des vannes."]
    title = "« Les vannes du port de Callowby ne tiendront pas un hiver de plus »"
    assert sentences[0] not in summary.summarise(sentences, 3, stop_words("fr"), title)
    assert sentences[0] in summary.summarise(sentences, 3, stop_words("fr"))


@pytest.mark.parametrize("sentence, entry", [
    ("6 July 2024 – confederation treaty signed in the capital.", True),
    ("16 September 2023 – the three governments sign the harbour charter.", True),
    ("March 3, 2024 — talks resume in Callowby.", True),
    ("12 mars 2024 - Le conseil régional a voté le plan des ponts.", False),  # a lead under its date line
    ("The gates opened in 2015 - the year of the great flood.", False),
])
def test_a_timelines_entry_is_no_summary_sentence(sentence, entry):
    assert summary.is_furniture(sentence) is entry
