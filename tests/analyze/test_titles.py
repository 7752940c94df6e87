"""Headlines: a candidate is scored as a headline and rejected when it is page furniture. All texts are invented."""
from __future__ import annotations

import pytest

from generator import ingest
from generator.analyze import clean, headline
from generator.analyze.source import analyze_source
from generator.config import for_analysis
from generator.models import COMMENT, TITLE, DateValue

LEAD = ("The river authority of Westmarch opened three new flood gates on Tuesday near the harbour town of "
        "Callowby, after a week of heavy rain raised the water level by two metres.")
SECOND = ("Engineers said the flood gates would protect about four thousand homes along the harbour, and that "
          "the river authority would inspect the older dykes before the winter.")
THIRD = ("Residents of Callowby had asked for the flood gates since the great flood of the spring, when the "
         "harbour streets stood under water for nine days.")
HEADLINE = "Westmarch opens new flood gates to protect Callowby harbour"

LEAD_FR = ("Le conseil régional de Valbrune a voté jeudi un plan de rénovation des ponts anciens de la vallée, "
           "après l'effondrement partiel d'une passerelle au printemps.")
SECOND_FR = ("Le plan prévoit la rénovation de douze ponts en cinq ans, et les travaux commenceront dès l'automne "
             "sur les ouvrages les plus fragiles de la vallée.")


def _title(*lines: str) -> str | None:
    raw = ingest.parse_bytes("\n".join(lines).encode(), "page.txt", "txt")
    blocks, _ = clean.segment(raw)
    return next((b.text for b in blocks if b.kind == TITLE), None)


@pytest.mark.parametrize("furniture", [
    "| Jan-Mar 21 | Apr-Jun 21 | Jul-Sep 21 |",                   # navigation bar
    "12 March 2024 - 09:45 By Jonas Pellworth",                   # byline with a timestamp
    "Jonas Pellworth / Staff / Northwind Pictures",               # photo credit
    "( WIRE / JONAS PELLWORTH )",                                 # photo credit in brackets
    '” data-widget=”https://example.org/embed/loader.js” >',      # widget markup
    "This site works best with another browser",                  # browser banner
    "Ce site fonctionne mieux avec un navigateur récent",          # browser banner, French
    "Please enable JavaScript to read the harbour news",          # JavaScript banner
    "Subscribe to our harbour newsletter today",                  # promotion
    '<div class="related">',                                      # a tag alone
    "Regional news",                                              # a section name
    "Politique - Afrique",                                        # a section name, French
    "King Arno II with the harbour engineers",                    # a photo caption
    "Le maire Jonas Pellworth avec les ingénieurs du port",       # a photo caption, French
    "Jonas Pellworth, maire de Callowby - Ph : DR",                # a photo caption with its credit, French
    "Northwind Wire | about 1 day ago",                            # a credit and a relative time
    "il y a 3 heures",                                             # a relative time, French
    "Actualité régionale  >  Ports & Marine",                      # a breadcrumb of two
    "96.4 Callowby · 101.2 Westmarch · 98.8 Harbour",              # a radio's frequencies
    "(for Jonas — rough, not for circulation; check before quoting)",  # an aside in brackets
    "[Updated with the board's comment]",                          # an editor's note in brackets
    "Galerie photos",                                              # a section name, a gallery's
    "WESTMARCH-FLOODS/CALLOWBY (UPDATE 2)",                        # a wire's slug
    "Guests: Jonas Pellworth, harbour engineer; Ana Roe, mayor",   # a transcript's field
    "THE HARBOUR HOUR - Programme transcript",                     # a transcript's label
    "Transcript: The Harbour Hour",                                # a transcript's label
])
def test_each_kind_of_furniture_is_rejected_as_a_headline(furniture):
    assert headline.not_a_headline(furniture) is not None
    assert _title(furniture, HEADLINE, LEAD, SECOND, THIRD) == HEADLINE


def test_a_plain_headline_is_not_furniture():
    assert headline.not_a_headline(HEADLINE) is None
    assert headline.not_a_headline("« Nous ne céderons pas » : Callowby défend ses digues") is None
    assert headline.not_a_headline("Callowby asks: will the new gates hold?") is None
    assert headline.not_a_headline("Westmarch breaks with the harbour board over the gates") is None
    assert headline.not_a_headline("Callowby with Westmarch: the flood gates open") is None


def test_an_outlet_slogan_above_the_headline_loses_to_the_headline():
    # The slogan's words never recur in the article; the headline's do.
    assert _title("HARBOUR FM", "The voice of the open sea", HEADLINE, "Facebook", "Twitter",
                  LEAD, SECOND, THIRD) == HEADLINE


def test_the_headline_after_a_list_of_related_headlines_is_chosen():
    assert _title("Mountain railway reopens after landslide in the north",
                  "Museum of tin mining celebrates its fiftieth year",
                  HEADLINE, "By Jonas Pellworth", LEAD, SECOND, THIRD) == HEADLINE


def test_a_long_headline_without_a_full_stop_is_a_headline_not_the_lead():
    long_headline = ("Westmarch opens three new flood gates near Callowby harbour after a week of heavy rain "
                     "raised the river by two metres")
    assert _title(long_headline, LEAD, SECOND, THIRD) == long_headline


@pytest.mark.parametrize("ending", ["?", " ?", "!"])
def test_a_headline_ending_with_a_question_or_exclamation_mark_keeps_it(ending):
    question = "Will the new flood gates save the harbour of Callowby" + ending
    assert _title(question, LEAD, SECOND, THIRD) == question


def test_a_headline_printed_after_the_lead_is_found():
    assert _title(LEAD, HEADLINE, "Get our newsletter", "Weather", "Sport") == HEADLINE


def test_a_sub_heading_after_the_lead_is_not_a_headline():
    assert _title(LEAD, "Older dykes to be inspected", SECOND, THIRD) is None


def test_a_section_label_glued_in_front_is_dropped():
    assert _title("Regions / " + HEADLINE, LEAD, SECOND, THIRD) == HEADLINE


def test_a_site_name_behind_is_dropped():
    assert _title(HEADLINE + " - harbournews.example", LEAD, SECOND, THIRD) == HEADLINE


def test_a_tag_made_of_the_headline_words_is_not_the_headline():
    assert _title("Callowby harbour", HEADLINE, LEAD, SECOND, THIRD) == HEADLINE


def test_a_pull_quote_repeating_the_start_of_a_paragraph_is_not_the_headline():
    quote = "Residents of Callowby had asked for the flood gates since the great flood of the spring"
    assert _title(HEADLINE, quote, "Share", LEAD, SECOND, THIRD) == HEADLINE


def test_a_wrapped_line_ending_mid_phrase_is_not_a_headline():
    assert _title("The river authority of Westmarch opened three new flood gates on Tuesday near the",
                  "Harbour town of Callowby, after a week of heavy rain raised the water level by two metres.",
                  SECOND, THIRD) is None


def test_a_list_of_words_does_not_start_the_article():
    words = " ".join(["Lisbon", "Porto", "Faro", "Braga", "Coimbra", "Evora", "Aveiro", "Leiria"] * 3)
    assert _title("Related places", words, HEADLINE, LEAD, SECOND, THIRD) == HEADLINE


def test_french_headline_after_a_menu_and_a_slogan(config):
    headline = "Valbrune : le conseil régional vote la rénovation des ponts de la vallée"
    assert _title("Accueil", "L'information qui vous ressemble", headline, "Partager", LEAD_FR, SECOND_FR) \
        == headline


def test_no_headline_gives_a_generated_title_from_the_lead(config):
    raw = ingest.parse_bytes("\n".join(["Menu", LEAD, SECOND, THIRD]).encode(), "page.txt", "txt")
    analysis = analyze_source(raw, for_analysis(config))
    assert analysis.title_generated
    assert analysis.title.startswith("The river authority of Westmarch opened")


def test_a_live_blog_entry_label_is_not_a_headline(config):
    raw = ingest.parse_bytes("\n".join(["21:40 - The summary of the evening", LEAD, SECOND]).encode(),
                             "page.txt", "txt")
    assert analyze_source(raw, for_analysis(config)).title_generated


def test_a_timestamp_cut_off_the_headline_leaves_no_preposition_behind():
    assert _title(HEADLINE + " on 2021/3/9 08:15:02", LEAD, SECOND, THIRD) == HEADLINE


def test_a_headline_after_the_lead_with_a_date_line_under_it_is_found():
    # Few of its words are the lead's: the date line under it vouches for it, a newsletter link does not.
    assert _title(LEAD, "Callowby 2021: the rescue!", "Published on 9 March 2021", SECOND, THIRD) \
        == "Callowby 2021: the rescue!"
    assert _title(LEAD, "Callowby 2021: the rescue!", "Get our newsletter", "Weather") is None


def test_the_first_line_right_above_the_text_is_the_headline_whatever_its_words():
    assert _title("Water, water everywhere", LEAD, SECOND, THIRD) == "Water, water everywhere"
    assert _title("Water, water everywhere", "By Jonas Pellworth", LEAD, SECOND) == "Water, water everywhere"


def test_a_line_whose_words_the_article_never_uses_is_not_a_headline_below_other_lines():
    assert _title("Radio Norland", "Songs of the lighthouse keepers", "Weather", LEAD, SECOND, THIRD) is None


def test_a_headline_with_a_deck_under_it_is_the_headline_not_the_deck():
    deck = "Heavy rain raised the river by two metres, homes along the harbour to be protected"
    assert _title("Radio Norland", "Westmarch opens flood gates", deck, "By Jonas Pellworth", LEAD, SECOND,
                  THIRD) == "Westmarch opens flood gates"


def test_a_slogan_above_a_headline_with_a_byline_is_not_taken_for_the_headline_of_a_deck():
    assert _title("HARBOUR FM", "The voice of the open sea", HEADLINE, "By Jonas Pellworth", LEAD, SECOND,
                  THIRD) == HEADLINE


def test_a_quotation_ending_with_a_full_stop_is_a_sentence_not_a_headline():
    quoted = 'The mayor of Callowby said: "The gates will hold."'
    assert not headline.headline_shaped(quoted)
    assert headline.headline_shaped('Callowby mayor: "The gates will hold"')


def test_a_section_name_right_above_the_text_is_not_a_headline():
    assert _title("Menu", "Regional news", LEAD, SECOND, THIRD) is None
    assert _title("Menu", "Harbour safety", LEAD, SECOND, THIRD) == "Harbour safety"


def test_a_paragraph_that_names_browsers_or_holds_braces_still_starts_the_article():
    lead = ("The harbour office of Callowby published its flood map on Tuesday as a {{ template }} page that "
            "opens in any web browser, and asked residents to accept no cookies from unknown sites.")
    assert _title("Songs of the lighthouse keepers", lead, SECOND, THIRD) == "Songs of the lighthouse keepers"


def _html(title: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in (LEAD, SECOND, THIRD))
    return (f"<html lang='en'><head><title>{title}</title></head><body><article><h2>{HEADLINE}</h2>"
            f"{paragraphs}</article></body></html>").encode()


def test_an_html_title_that_is_furniture_gives_way_to_the_headline_in_the_text(config):
    raw = ingest.parse_bytes(_html("Regional news"), "page.html", "html")
    analysis = analyze_source(raw, for_analysis(config))
    assert (analysis.title, analysis.title_generated) == (HEADLINE, False)


def test_an_html_title_that_is_a_headline_is_kept(config):
    raw = ingest.parse_bytes(_html("Callowby gates open | Harbour News"), "page.html", "html")
    assert analyze_source(raw, for_analysis(config)).title == "Callowby gates open"


def test_a_generated_title_is_not_written_from_a_credit_or_a_byline_run_into_the_text(config):
    page = "\n".join([
        "Harbour By Jonas Pellworth and Wire Services Posted Oct 28, 2024 6:19 AM Copied the gates.",
        "(Northwind Pictures via Wire)",
        LEAD, SECOND, THIRD,
    ])
    raw = ingest.parse_bytes(page.encode(), "page.txt", "txt")
    analysis = analyze_source(raw, for_analysis(config))
    assert analysis.title_generated
    assert analysis.title.startswith("The river authority of Westmarch opened three new flood gates")


# A headline whose words the opening hardly repeats: only the page's layout says it is the headline.
TERSE = "Is Callowby ready for the next deluge?"


@pytest.mark.parametrize("deck", [
    "The engineers are divided. The residents are worried.",
    "Un rapport alarmant sur les digues relance le débat sur les crédits de la vallée.",
])
def test_a_headline_above_a_deck_and_a_byline_is_the_headline(deck):
    # Section label, headline, deck (standfirst), byline or date line, then the text.
    assert _title("Analysis", TERSE, deck, "By Jonas Pellworth", LEAD, SECOND, THIRD) == TERSE
    assert _title("Analysis", TERSE, deck, "February 2024", LEAD, SECOND, THIRD) == TERSE


def test_the_first_line_is_the_headline_when_only_timestamps_stand_between_it_and_the_text():
    # A live page: headline, "last updated" line, then entries each under its clock time.
    headline = "Live: storm over the northern coast – latest updates"
    assert _title(headline, "Last updated: 30 September 2022, 18:05 GMT", "18:05 GMT", LEAD,
                  "17:20 GMT", SECOND) == headline


def test_a_headline_broken_over_two_lines_is_joined():
    # The first part ends mid-phrase ("... of"): the line below finishes the headline.
    assert _title("Westmarch opens three new flood gates to protect the town of", "Callowby harbour",
                  "12 March 2024", LEAD, SECOND, THIRD) == \
        "Westmarch opens three new flood gates to protect the town of Callowby harbour"


@pytest.mark.parametrize("dateline", ["CALLOWBY, March 12, 2024 (Wire) - ", "CALLOWBY, Westmarch (Wire) — "])
def test_a_title_written_from_the_lead_leaves_out_its_dateline(config, dateline):
    raw = ingest.parse_bytes("\n".join(["Menu", dateline + LEAD, SECOND, THIRD]).encode(), "page.txt", "txt")
    analysis = analyze_source(raw, for_analysis(config))
    assert analysis.title_generated
    assert analysis.title.startswith("The river authority of Westmarch opened"), analysis.title


@pytest.mark.parametrize("label", ["Related: Harbour festival draws record crowds", "Also read: Dykes to be raised",
                                   "Voir aussi : Le festival du port bat un record"])
def test_a_link_to_another_article_under_its_label_is_not_a_headline(config, label):
    raw = ingest.parse_bytes("\n".join([label, LEAD, SECOND, THIRD]).encode(), "page.txt", "txt")
    analysis = analyze_source(raw, for_analysis(config))
    assert analysis.title_generated and "festival" not in analysis.title and "Dykes" not in analysis.title


@pytest.mark.parametrize("dateline", ["CALLOWBY: ", "CALLOWBY — ", "CALLOWBY, Westmarch — "])
def test_a_place_alone_opening_the_lead_is_a_dateline_too(config, dateline):
    raw = ingest.parse_bytes("\n".join(["Menu", dateline + LEAD, SECOND, THIRD]).encode(), "page.txt", "txt")
    analysis = analyze_source(raw, for_analysis(config))
    assert analysis.title.startswith("The river authority of Westmarch opened"), analysis.title
    assert all(not s.startswith("CALLOWBY") for s in analysis.summary)


def test_a_short_dash_after_a_name_in_capitals_is_not_a_dateline(config):
    raw = ingest.parse_bytes("\n".join(["Menu", "WESTMARCH - " + LEAD, SECOND, THIRD]).encode(), "page.txt", "txt")
    assert analyze_source(raw, for_analysis(config)).title.startswith("WESTMARCH - The river authority")


@pytest.mark.parametrize("lead, title", [
    # A comma after which a new clause starts ends a whole clause: the title stops there.
    ("The river authority of Westmarch closed the three flood gates of Callowby on Thursday, citing the rising "
     "water of the spring floods.", "The river authority of Westmarch closed the three flood gates of Callowby on "
     "Thursday"),
    # Any other comma cuts the clause in two: the lead is shortened instead.
    ("Le maire de la ville de Callowby a accueilli, mardi à la mairie, les ingénieurs des trois villes du fleuve "
     "venus présenter les nouvelles vannes.", "Le maire de la ville de Callowby a accueilli, mardi à la mairie, les "
     "ingénieurs des trois…"),
])
def test_a_title_written_from_the_lead_stops_where_a_clause_ends(lead, title):
    from generator.analyze.source import _headline_from

    assert _headline_from(lead) == title


@pytest.mark.parametrize("line", [
    "15.01.2024 by Jane Roe and John Doe",
    "December 24, 2023 by Jane Roe · Leave a comment",
    "Advertisement · Scroll to continue",
])
def test_a_date_with_its_byline_or_an_ad_label_is_not_a_headline(line):
    assert headline.not_a_headline(line) is not None or furniture_line(line)


def furniture_line(line: str) -> bool:
    from generator.analyze import furniture

    return furniture.is_kind("line", line)


def test_a_kicker_of_fields_above_the_headline_does_not_take_its_place():
    lines = ["Stage 21 · Harbour – Callowby (33.7 km) · FINAL",
             "Pellworth seals his third title with a time trial win in Callowby",
             "21.07.2024 · 19:47 | Words: Jane Roe",
             "Jonas Pellworth won the final time trial in Callowby on Sunday to complete his third victory in the "
             "race, the first rider since 1998 to win both tours in the same year, and the race's organisers said "
             "the time trial had drawn the largest crowd the harbour town had ever seen."]
    assert _title(*lines) == lines[1]


@pytest.mark.parametrize("line, shaped", [
    ("Whatever happened to the joint command? Callowby's forgotten base", True),
    ("The harbour board is gone. Is the river authority ready to replace it?", True),
    ("The gates opened on Monday near the harbour. The water rose by two metres", False),
    ("Who opened the gates? Nobody. The board met again", False),
    ("Que sait-on de la crue du fleuve ? Publié le mercredi 18 septembre 2024 | bbc.com", False),
])
def test_a_headline_may_be_a_question_and_a_phrase_or_a_statement_and_a_question(line, shaped):
    assert headline.headline_shaped(line) is shaped


def test_a_relative_time_run_onto_the_headline_is_dropped():
    assert headline.headline_text("Callowby: the gates hold, the town stays dry il y a 3 heures") == \
        "Callowby: the gates hold, the town stays dry"
    assert headline.headline_text("Harbour board dissolves all its committees · 2 hours ago") == \
        "Harbour board dissolves all its committees"


def test_a_list_of_scorers_is_not_a_headline():
    assert headline.not_a_headline("Pellworth 90, Keller 120+2; Solberg 71") == "scores"
    assert headline.not_a_headline("Callowby 2 Westmarch 1") is None


def test_a_headline_ending_with_a_verb_particle_above_a_byline_is_the_headline():
    headline_ = "Westmarch river authority steps in"
    assert _title("Regional news", headline_, "By Jonas Pellworth", LEAD, SECOND, THIRD) == headline_
    # the same words as the first part of a wrapped sentence are not a headline
    assert _title("Menu", headline_, "to open three new flood gates near Callowby", SECOND, THIRD) != headline_


def test_the_outlet_line_of_a_byline_is_not_the_headline():
    assert _title(HEADLINE, "By Jonas Pellworth", "For Northwind News", "12 March 2024 - 09:45", LEAD, SECOND,
                  THIRD) == HEADLINE


def _page(config, head: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in (LEAD, SECOND, THIRD))
    return analyze_source(ingest.parse_bytes(
        f"<html lang='en'><head>{head}</head><body>{body}<article>{paragraphs}</article></body></html>".encode(),
        "page.html", "html"), for_analysis(config)).title


def test_the_visible_h1_beats_a_shorter_title_and_og_title(config):
    head = ("<title>Westmarch opens flood gates | Harbour News</title>"
            "<meta property='og:title' content='Westmarch opens flood gates'>")
    assert _page(config, head, f"<h1>{HEADLINE}</h1>") == HEADLINE


def test_an_h1_that_is_the_sites_logo_gives_way_to_the_element_marked_as_the_title(config):
    head = "<title>Harbour News - Westmarch Daily - Regional News</title>"
    body = (f"<header><h1 class='site-logo'><a href='/'><img src='logo.svg' alt='Harbour News'></a></h1></header>"
            f"<nav><ul><li><a class='menu-title' href='/sport'>Sport and the gates of the harbour</a></li></ul></nav>"
            f"<h2 class='post-title'>{HEADLINE}</h2>")
    assert _page(config, head, body) == HEADLINE


def test_a_print_page_titled_with_the_site_name_shows_its_headline_in_a_titre_element(config):
    head = "<title>Harbour News - Le Quotidien - Version imprimable</title>"
    body = f"<div class='rubrique'>Actualité</div><div class='titre'>{HEADLINE}</div>"
    assert _page(config, head, body) == HEADLINE


def test_site_names_behind_a_title_are_dropped_one_after_the_other():
    from generator.analyze.other_titles import strip_site_name

    assert strip_site_name(HEADLINE + " - Harbour News - Westmarch Daily") == HEADLINE
    assert strip_site_name("Westmarch - Callowby: talks resume - Wire") == "Westmarch - Callowby: talks resume"
    assert strip_site_name(HEADLINE + " | Le Monde diplomatique") == HEADLINE


def test_a_titles_second_half_after_a_dash_is_no_site_name():
    from generator.analyze.other_titles import strip_site_name

    for title in ("Notes de travail — Coopération sécuritaire algéro-malienne (2009-2012)",
                  "Working notes - harbour dredging contracts reviewed", "Harbour talks - what comes next (2024)"):
        assert strip_site_name(title) == title


def test_a_clippers_note_above_the_date_line_and_headline_is_not_the_article():
    assert _title("Coupure à garder pour le dossier des digues, recopiée depuis la version web, sans les photos.",
                  "Harbour News · Enquête · 5 mars 2018 · par Jonas Pellworth", HEADLINE, LEAD, SECOND, THIRD) \
        == HEADLINE


def test_a_wiki_pages_title_is_its_name_not_a_section_heading_with_its_edit_link(config):
    text = "\n".join(["Callowby harbour", "", "Article Talk", "From Wikipedia, the free encyclopedia", "",
                      '"Callowby port" redirects here. For the ferry, see Callowby (ship).', "",
                      "Flood gates[edit]", "", "The new gates[edit]", LEAD, "", SECOND, "", "Works[edit]", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.title == "Callowby harbour"
    headings = [b.text for b in analysis.blocks if b.kind == "heading"]
    assert "Works" in headings and not any("[edit]" in h for h in headings)
    assert "redirects" not in " ".join(b.text for b in analysis.blocks if b.kind == "body")


def test_a_line_published_in_a_gazette_dates_the_page_and_is_no_headline(config):
    text = "\n".join(["Questions écrites", "", HEADLINE, "", "Question écrite n° 26847 de M. Jonas Pellworth",
                      "publiée dans le JO Sénat du 20/01/2022 - page 289", "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.title == HEADLINE and analysis.date.value == DateValue(2022, 1, 20)


def test_a_report_covers_title_in_capitals_over_two_lines_is_one_title():
    assert _title("HARBOUR MONITOR", "", "BETWEEN THE GATES AND THE SEA:", "WESTMARCH HARBOUR POLICY, 2012–2018", "",
                  "Report No. 31", "March 2019", "", LEAD, SECOND, THIRD) == \
        "BETWEEN THE GATES AND THE SEA: WESTMARCH HARBOUR POLICY, 2012–2018"


def test_a_newsletters_own_subject_is_its_title_not_its_masthead(config):
    text = "\n".join(["From: Harbour Brief <editors@example.org>", "Date: Tue, 17 May 2022 07:05:12 +0000",
                      "Subject: Harbour Brief #112 — Westmarch opens its flood gates", "", "HARBOUR BRIEF",
                      "Issue #112 · Your weekly read on the harbour", "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "mail.txt", "txt"), for_analysis(config))
    assert analysis.title == "Harbour Brief #112 — Westmarch opens its flood gates"


def test_an_interviews_byline_and_date_under_its_standfirst_open_no_comments(config):
    standfirst = ("Ancien directeur du port de Callowby, Jonas Pellworth a passé quinze ans à surveiller les digues "
                  "entre Westmarch et la mer. Il décrit des ouvrages fatigués, des crues plus fortes et des moyens qui "
                  "manquent, dans un entretien accordé à notre journal avant la saison des pluies de cette année.")
    text = "\n".join(["L'Observateur de Callowby", "Accueil | Politique | Sécurité | Économie | Entretiens",
                      "ENTRETIENS", "", "« Les digues du port tiennent encore, mais pour combien de temps ? » : entretien avec Jonas "
                      "Pellworth", "", standfirst, "", "Propos recueillis par Mariam Keïta",
                      "Publié le 8 octobre 2020 à 10h05", "", "Q : " + LEAD, "", "R : " + SECOND, "", "Q : " + THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2020, 10, 8)
    assert not [b for b in analysis.blocks if b.kind == "comment"]


def test_a_headline_below_the_breadcrumb_beats_the_letterhead_above_it():
    # The letterhead repeats the article's words (the ministry's name), the headline is where the article begins.
    speech = ("Speech by the Secretary General of the Ministry at the opening of the seventeenth session of the "
              "joint committee of Westmarch and Callowby on the harbour")
    assert _title("Republic of Westmarch", "Ministry of Harbours and Flood Gates of Westmarch", "",
                  "Home > Press room > Speeches", "", speech, "Callowby, 11 March 2021", "",
                  "The Ministry of Harbours and Flood Gates of Westmarch welcomes you. " + LEAD, SECOND, THIRD) == speech


def test_the_key_points_boxed_under_the_headline_are_not_headlines():
    assert _title("Harbour", HEADLINE, "By Jonas Pellworth", "Updated 2 hours ago", "Summary",
                  "Flood gates open after two years of work", "The harbour board to take over",
                  "Residents of Callowby had asked for the gates since the spring floods", LEAD, SECOND, THIRD) \
        == HEADLINE


def test_the_outlets_name_the_dateline_credits_is_its_masthead_not_a_headline():
    assert _title("WESTMARCH WIRE — Harbours | Brief", HEADLINE,
                  "CALLOWBY, Sept 26 (Westmarch Wire) — " + LEAD, SECOND, THIRD) == HEADLINE
    # A place in brackets names no outlet: a headline that opens with it stays.
    assert _title("Callowby — " + HEADLINE, "CALLOWBY (Callowby), Sept 26 — " + LEAD, SECOND, THIRD) \
        == "Callowby — " + HEADLINE


def test_the_outlets_name_whose_initials_the_text_credits_is_its_masthead_not_a_headline():
    assert _title("Westmarch Harbour Service", "Home > Regions",
                  "CALLOWBY, 3 Feb (WHS) - " + LEAD, SECOND, THIRD) is None


def test_a_forwarded_messages_headline_and_date_are_the_originals(config):
    text = "\n".join([
        "From: Jonas Pellworth <jonas@example.org>", "Sent: Tuesday, May 20, 2025 8:47 AM",
        "To: Harbour desk <desk@example.org>", "Subject: FW: Harbour Update | Will the gates hold?", "",
        "FYI - useful background for Thursday's meeting. See the bits on the dykes.", "J.", "",
        "-----Original Message-----", "From: Harbour Watch <newsletter@example.org>",
        "Sent: Wednesday, May 14, 2025 9:02 AM", "Subject: Harbour Update | Will the gates hold?", "",
        "HARBOUR WATCH", "", "Will the flood gates of Callowby hold?", "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "mail.txt", "txt"), for_analysis(config))
    assert (analysis.title, analysis.title_generated) == ("Will the flood gates of Callowby hold?", False)
    assert analysis.date.value == DateValue(2025, 5, 14)


def test_a_date_line_under_the_headline_stays_its_date_when_a_most_read_list_repeats_the_headline(config):
    text = "\n".join(["Harbour Sport", "Home", "Football", "", HEADLINE, "Published", "2 February 2026", "",
                      LEAD, "", SECOND, "", THIRD, "", "Most read", HEADLINE, "Callowby beat Westmarch at home"])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2026, 2, 2)


@pytest.mark.parametrize("button", ["Accepter et fermer", "Continuer sans accepter", "Personnaliser mes choix",
                                    "Accept all", "Manage preferences"])
def test_a_consent_banners_notice_and_buttons_are_not_the_headline(button):
    notice = ("Harbour News et ses partenaires traitent des données personnelles (adresse IP, identifiants de "
              "votre terminal, cookies) afin de mesurer l'audience et personnaliser les contenus. Vous pouvez "
              "accepter ou refuser ces traitements à tout moment via le lien « Préférences cookies ».")
    assert _title(notice, button, "", HEADLINE, LEAD, SECOND, THIRD) == HEADLINE


def test_a_site_name_in_front_of_the_headline_with_a_bar_is_dropped():
    assert _title("Harbour360 | " + HEADLINE, LEAD, SECOND, THIRD) == HEADLINE


def test_a_date_run_onto_the_end_of_the_headline_is_its_date_line(config):
    text = "\n".join(["Harbour News", "Accueil  Actualité  Monde", "", "Actualité",
                      "Valbrune vote la rénovation des ponts anciens de la vallée26 janvier 2024",
                      "Par La rédaction", "", LEAD_FR, "", SECOND_FR])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.title == "Valbrune vote la rénovation des ponts anciens de la vallée"
    assert analysis.date.value == DateValue(2024, 1, 26)


@pytest.mark.parametrize("line, want", [
    ("March 11, 20257:42 AM GMT+1Updated 2 hours ago", DateValue(2025, 3, 11)),  # year run into the time
    ("Published On 25 Mar 202425 Mar 2024", DateValue(2024, 3, 25)),  # the same date twice, run together
    ("Nov 14th 2024|CALLOWBY AND WESTMARCH", DateValue(2024, 11, 14)),  # a field bar run into its neighbours
    ("Jonas PellworthPublished 7 December 2023", DateValue(2023, 12, 7)),  # a byline run into the date line
    ("Par Jonas PellworthPublié le 12/03/2024 à 14h05", DateValue(2024, 3, 12)),
])
def test_a_date_line_pasted_without_its_spaces_is_read(config, line, want):
    text = "\n".join([HEADLINE, line, "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == want


def test_a_comment_count_under_the_byline_opens_no_comments(config):
    text = "\n".join(["HARBOUR.NET", "Accueil  Actualités  Politique  Sécurité  International  Sport  Vidéos",
                      "vendredi 18 février 2022 - 09:14", "", HEADLINE, "", "Par La rédaction", "18 février 2022",
                      "0 commentaire", "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.title == HEADLINE and LEAD in " ".join(b.text for b in analysis.blocks if b.kind == "body")


def test_a_republished_report_is_dated_by_its_own_line_not_the_wires_dateline(config):
    text = "\n".join([HEADLINE, "on 2010/4/21 13:14:12", "", "Harbour Wire, 20 April - " + LEAD, "",
                      "The gates were first planned at a meeting of the river board in August 2009. " + SECOND])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2010, 4, 21)


def test_a_blogs_name_in_its_h1_gives_way_to_the_posts_title(config):
    head = "<title>Harbour Notebook: " + HEADLINE + "</title>"
    body = ("<div class='widget Header'><h1 class='title'><a href='https://harbour.example/'>Harbour Notebook</a>"
            f"</h1></div><div class='widget Blog'><h3 class='post-title entry-title'>{HEADLINE}</h3></div>")
    assert _page(config, head, body) == HEADLINE


def test_a_long_headline_above_a_shorter_deck_and_a_date_line_is_the_headline():
    long_headline = ("Westmarch opens three new flood gates near Callowby harbour after a week of heavy rain raised "
                     "the water level by two metres")
    deck = "Engineers say the gates will protect four thousand homes along the harbour"
    assert _title("Regions", long_headline, deck, "Jonas Pellworth |07.04.2025 - Update : 07.04.2025", LEAD,
                  SECOND, THIRD) == long_headline


def test_a_pages_modified_date_alone_gives_way_to_its_published_time_element(config):
    analysis = _html_page(config, "<meta property='article:modified_time' content='2024-07-07T10:12:00+00:00'>",
                     f"<h1>{HEADLINE}</h1><p>Published: <time datetime='2024-07-06T21:48:00+00:00'>06/07/2024"
                     f"</time> Modified: <time datetime='2024-07-07T10:12:00+00:00'>07/07/2024</time></p>")
    assert analysis.date.value == DateValue(2024, 7, 6)


def _html_page(config, head: str, above: str):
    """The analysis of an HTML page: `above` the article's three paragraphs."""
    page = (f"<html lang='en'><head>{head}</head><body>{above}<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
            f"</body></html>")
    return analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))


def test_a_page_declaring_no_date_is_dated_by_the_line_under_its_headline(config):
    # The main-text extraction drops the byline block; the date printed in it is the page's.
    analysis = _html_page(config, "<title>Print</title>",
                     f"<div class='logo'>HARBOUR INSTITUTE</div><div>Printed from https://example.org/gates on 10 "
                     f"February 2024</div><h1>{HEADLINE}</h1><h2>What the gates mean for the harbour</h2>"
                     f"<div class='byline'>Jonas Pellworth<br>Published 7 December 2023</div>")
    assert analysis.date.value == DateValue(2023, 12, 7) and analysis.title == HEADLINE
    assert "Published" not in " ".join(b.text for b in analysis.blocks if b.kind == "body")


@pytest.mark.parametrize("head, want", [
    (["July 29, 2024, 7:03 p.m. GMT", "Updated July 30, 2024, 10:15 a.m. GMT"], DateValue(2024, 7, 29)),
    (["Updated July 30, 2024, 10:15 a.m. GMT"], DateValue(2024, 7, 30)),  # the edit's date, when alone
])
def test_an_updated_line_gives_way_to_the_date_line_above_it(config, head, want):
    text = "\n".join([HEADLINE, "By Jonas Pellworth", *head, "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == want


def test_a_tickers_earlier_entries_under_their_label_are_not_the_article(config):
    text = "\n".join([HEADLINE, "", LEAD, "", SECOND, "", THIRD, "", "Brèves précédentes",
                      "18/02/2025 12:05 — Énergie : la compagnie annonce des délestages réduits pour le mois.",
                      "18/02/2025 10:40 — Callowby : reprise des cours dans douze écoles fermées depuis 2022."])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    body = " ".join(b.text for b in analysis.blocks if b.kind == "body")
    assert THIRD in body and "délestages" not in body and "écoles" not in " ".join(analysis.summary)


def test_a_publication_line_under_the_text_dates_it_unless_a_list_dates_other_articles(config):
    lines = [HEADLINE, "", LEAD, "", SECOND, "", THIRD, "", "Article publié le mardi 14 octobre 2025", "",
             "Partager : Facebook | X | WhatsApp"]
    analysis = analyze_source(ingest.parse_bytes("\n".join(lines).encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2025, 10, 14)
    from generator.analyze.publication import _closing_line
    from generator.models import Block

    text = [Block(HEADLINE, "title"), Block(LEAD, "body"), Block(SECOND, "body"), Block(THIRD, "body")]
    one = [Block("Publié le 9 juin 2022", "furniture")]
    teasers = [Block("Sur le même sujet", "furniture"), Block("Les digues de Callowby", "furniture"),
               Block("Publié le 3 mars 2021", "furniture"), Block("Westmarch et ses ponts", "furniture"),
               Block("Publié le 9 juin 2022", "furniture")]
    assert _closing_line(text + one, text[:3], "fr") == DateValue(2022, 6, 9)
    assert _closing_line(text + teasers, text[:3], "fr") is None


def test_a_numeric_date_is_read_month_first_where_its_weekday_says_so(config):
    text = "\n".join([HEADLINE, "Fri, 08/02/2024 - 10:15", "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2024, 8, 2)  # 8 February 2024 was a Thursday
    text = text.replace("Fri, 08/02/2024", "Thu, 08/02/2024")
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2024, 2, 8)


def test_a_communiques_place_and_date_above_a_tall_signature_block_date_it(config):
    text = "\n".join([HEADLINE, "", LEAD, "", SECOND, "", THIRD, "", "Fait à Callowby, le 2 juillet 2017", "",
                      "Pour le Conseil,", "Le Président en exercice", "(Signé)", "Jonas PELLWORTH",
                      "Président du conseil des digues", "---", "Secrétariat – BP 5112, Callowby",
                      "Service communication – Tél. : +222 45 25 00 00"])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2017, 7, 2)


@pytest.mark.parametrize("subject", ["Subject: Fwd: Callowby gates hold, Westmarch dykes next",
                                     "Subject: [harbour-notes] Fwd: Callowby gates hold, Westmarch dykes next"])
def test_an_e_mail_without_a_headline_in_its_text_is_titled_by_its_subject(config, subject):
    # A mailing list's tag and the forward's mark are no part of the title.
    text = "\n".join(["From: Harbour Weekly <news@example.org>", "Sent: Fri, 9 Feb 2024 07:00:12 +0000",
                      subject, "", "View this email in your browser",
                      "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "mail.txt", "txt"), for_analysis(config))
    assert (analysis.title, analysis.title_generated) == ("Callowby gates hold, Westmarch dykes next", False)


@pytest.mark.parametrize("printed, want", [("Fri, 08/02/2024 - 10:15", DateValue(2024, 8, 2)),
                                           ("Thu, 08/02/2024 - 10:15", DateValue(2024, 2, 8))])
def test_a_date_the_page_declares_either_way_round_is_read_as_its_weekday_says(config, printed, want):
    # htmldate reads the "08/02/2024" under the text day first; the weekday printed with it decides.
    page = (f"<html lang='en'><head><title>Release</title></head><body><h1>{HEADLINE}</h1><p>{LEAD}</p>"
            f"<p>{SECOND}</p><p>{THIRD}</p><div class='submitted'>Submitted by admin on <span class='field "
            f"field--name-created'>{printed}</span></div></body></html>")
    analysis = analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))
    assert (analysis.date.value, analysis.date.basis) == (want, "declared")


def test_a_readers_comment_time_does_not_date_the_page(config):
    comments = ("<div class='comments-area'><div class='comment-metadata'><time datetime='2024-03-15T21:12:00+00:00'>"
                "15 March 2024</time></div><p>Thanks for the harbour piece.</p></div>")
    page = (f"<html lang='en'><head><title>Gates</title></head><body><h1>{HEADLINE}</h1><p>{LEAD}</p><p>{SECOND}</p>"
            f"<p>{THIRD}</p>{comments}</body></html>")
    analysis = analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))
    assert analysis.date.value != DateValue(2024, 3, 15)


def test_the_date_under_the_headline_beats_a_header_bars_date_of_the_day(config):
    # htmldate reads the first element whose class says "date": the site's header bar, above the article.
    analysis = _html_page(config, "<title>Gates</title>",
                          f"<div class='top-bar'><span class='today-date'>Sunday 7 January 2024</span></div>"
                          f"<h1>{HEADLINE}</h1><div class='post-meta'><span class='author'>By Jonas Pellworth</span>"
                          f" | <span class='date-post'>Saturday 23 December 2023 at 16:40 GMT</span></div>")
    assert analysis.date.value == DateValue(2023, 12, 23)


def test_a_newsletters_masthead_dates_it_when_nothing_else_does(config):
    analysis = _html_page(config, "<title>Harbour Brief #48</title>",
                          "<table><tr><td><img src='logo.png' alt='Harbour Brief'></td><td>Issue #48 · Monday, "
                          f"December 11, 2023</td></tr></table><h1>{HEADLINE}</h1>")
    assert (analysis.date.value, analysis.title) == (DateValue(2023, 12, 11), HEADLINE)


@pytest.mark.parametrize("last, want", [(True, DateValue(2023, 12, 5)), (False, None)])
def test_an_endnote_closing_the_text_dates_it(config, last, want):
    note = "This article was first published on 5th December 2023."
    paragraphs = [LEAD, SECOND, THIRD, note] if last else [LEAD, SECOND, note, THIRD]
    text = "\n\n".join([HEADLINE, *paragraphs])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == want


def test_a_notes_line_opening_with_an_event_and_its_date_is_no_wire_dateline(config):
    note = "King Arno's harbour speech, 6 Nov 2023: proposes to open the gates to the inland towns."
    text = "\n\n".join(["(for Jonas — rough notes)", LEAD, note, SECOND, THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "notes.md", "md"), for_analysis(config))
    assert analysis.date.value != DateValue(2023, 11, 6)
    wire = "CALLOWBY, 6 Nov 2023: the harbour board proposed to open the gates to the inland towns."
    text = "\n\n".join([HEADLINE, wire, SECOND, THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2023, 11, 6)


def test_a_date_the_metadata_declares_stays_whatever_the_order_of_its_meta_tags_attributes(config):
    # The page's metadata backs the date htmldate gives: the line under the headline does not replace it.
    analysis = _html_page(config, "<meta content='2023-12-22T09:00:00+00:00' property='article:published_time'>"
                          "<title>Gates</title>", f"<h1>{HEADLINE}</h1><div class='meta'>Updated 23 December 2023"
                          "</div>")
    assert (analysis.date.value, analysis.date.basis) == (DateValue(2023, 12, 22), "declared")


def _page_with(config, head: str, above: str, below: str):
    page = (f"<html lang='en'><head>{head}</head><body><main><article>{above}<p>{LEAD}</p><p>{SECOND}</p>"
            f"<p>{THIRD}</p></article>{below}</main></body></html>")
    return analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))


def _related(*dates: str) -> str:
    items = "".join(f"<li><a href='/news/{i}'>Callowby dykes hold after the second storm of the winter</a> "
                    f"<time>{d}</time></li>" for i, d in enumerate(dates))
    return f"<section class='related'><h2>More news</h2><ul>{items}</ul></section>"


@pytest.mark.parametrize("others, want", [(("03/30/2025", "03/22/2025"), DateValue(2025, 4, 7)),
                                          (("30/03/2025", "22/03/2025"), DateValue(2025, 7, 4)),
                                          ((), DateValue(2025, 7, 4))])
def test_a_numeric_date_either_way_round_is_read_in_the_pages_own_convention(config, others, want):
    # "04/07/2025" could be 4 July or 7 April: the page's other dates that can be read one way only decide.
    analysis = _page_with(config, "<title>Gates</title>",
                          f"<h1>{HEADLINE}</h1><div class='meta'><span class='published'>Published 04/07/2025 "
                          "6:15 PM</span></div>", _related(*others))
    assert analysis.date.value == want


def test_a_date_printed_only_beside_other_articles_headlines_does_not_date_the_page(config):
    analysis = _page_with(config, "<title>Gates</title>", f"<h1>{HEADLINE}</h1>", _related("09/02/2023"))
    assert analysis.date.value != DateValue(2023, 2, 9) and analysis.date.value != DateValue(2023, 9, 2)


def test_a_month_the_metadata_gives_is_not_completed_with_the_day_of_the_run(config):
    # htmldate reads "2024/03" as a day of March: the day of the month the run happens on.
    analysis = _page_with(config, "<meta name='citation_publication_date' content='2024/03'><title>Gates</title>",
                          f"<h1>{HEADLINE}</h1><p class='pubdate'>Published: March 2024</p>", "")
    assert analysis.date.value == DateValue(2024, 3, None)


def test_the_date_line_under_a_long_standfirst_dates_the_page(config):
    deck = ("Engineers of the river authority agree in Callowby to inspect every dyke of the valley before the "
            "winter and to report to the harbour board on the state of the older gates in the spring")
    analysis = _page_with(config, "<title>Gates</title>",
                          f"<p class='kicker'>Politics</p><h1>{HEADLINE}</h1><p class='dek'>{deck}</p><div "
                          "class='meta'><span>By Jonas Pellworth</span><span class='dt'>12/24/2023</span></div>",
                          _related("09/02/2023"))
    assert analysis.date.value == DateValue(2023, 12, 24)


@pytest.mark.parametrize("letterhead", ["REPUBLIC OF WESTMARCH - KINGDOM OF CALLOWBY", "République de Westmarch"])
def test_a_letterhead_naming_states_is_not_the_headline(config, letterhead):
    text = "\n\n".join([letterhead, "FINAL COMMUNIQUE OF THE MEETING ON THE CALLOWBY FLOOD GATES",
                        "Callowby, 14 November 2011", LEAD, SECOND, THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "communique.txt", "txt"), for_analysis(config))
    assert analysis.title == "FINAL COMMUNIQUE OF THE MEETING ON THE CALLOWBY FLOOD GATES"


def test_a_cover_note_over_a_rule_leaves_the_communique_its_own_date_line(config):
    # A press office's cover note, a rule, then the communiqué: the rule names no reader's comment, and the
    # communiqué's "Callowby, le 12 février 2019" dates it, although two paragraphs of the note come first.
    text = "\n\n".join([
        "Mesdames et Messieurs les journalistes,",
        "Le service de presse du port de Callowby a l'honneur de vous faire parvenir ci-dessous, pour diffusion, "
        "le texte du communiqué conjoint publié à l'issue des travaux de la commission des digues de la vallée, "
        "qui s'est réunie pendant trois jours au siège de l'autorité du fleuve avec les ingénieurs des deux rives "
        "et les représentants des riverains de la vallée de Valbrune.",
        "Avec nos remerciements pour votre collaboration.", "---", "Callowby, le 12 février 2019",
        LEAD_FR, "Les ingénieurs ont visité les vannes du port et les digues anciennes de la vallée de Valbrune.",
        "La commission se réunira de nouveau au printemps pour examiner l'état des ponts et des passerelles."])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "communique.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2019, 2, 12)
    assert not any(b.kind == COMMENT for b in analysis.blocks)


def test_the_lines_under_a_headline_alone_in_its_container_are_read_after_the_container():
    # Joomla: <div class="page-header"><h2>headline</h2></div>, then the article's details.
    import lxml.html

    from generator.ingest.html_headline import lines_under

    tree = lxml.html.fromstring(
        f"<html><body><main><div class='page-header'><h2>{HEADLINE}</h2></div><dl class='article-info'>"
        "<dt>Détails</dt><dd class='published'>21 septembre 2017 - 17:45</dd></dl><p>" + LEAD + "</p></main>"
        "</body></html>")
    assert "21 septembre 2017 - 17:45" in lines_under(tree.xpath("//h2")[0])


@pytest.mark.parametrize("line, motto", [
    ("Un Peuple – Un Port – Une Digue", True), ("Fraternité - Travail - Progrès", True),
    ("UNITÉ - PROGRÈS - JUSTICE", True),
    ("Westmarch closes the gates - Callowby protests - the board meets", False),  # a headline's three parts
    ("Callowby: the flood – and the gates – that never came", False),
])
def test_a_states_motto_is_not_a_headline(line, motto):
    assert (headline.not_a_headline(line) == "motto") == motto


def test_a_memos_subject_set_apart_by_padding_is_its_title(config):
    text = "\n".join(["HARBOUR RISK ADVISORY LTD", "Intelligence & Analysis Desk — London", "",
                      "CLIENT MEMORANDUM — RESTRICTED (client distribution only)", "",
                      "To:        Harbour directors", "From:      J. Roe, analyst",
                      "Date:      11/03/2021", "", "Subject:   Callowby flood gates: implications for shipping",
                      "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "memo.txt", "txt"), for_analysis(config))
    assert analysis.title == "Callowby flood gates: implications for shipping"


def test_a_pages_title_that_is_the_sites_name_is_no_headline(config):
    # The headline element is empty; the <title> names the site and its section.
    page = (f"<html lang='en'><head><title>Harbour Scenes – Culture</title></head><body><main><article><h1 "
            f"class='entry-title'></h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article></main></body></html>")
    page = page.replace("<head>", "<head><meta property='og:site_name' content='harbourscenes.example'>")
    analysis = analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))
    assert analysis.title_generated


def test_a_print_editions_masthead_dates_a_page_that_says_nothing_else(config):
    # The masthead stands in the page's header, far from the headline's container; the text says "yesterday".
    lead = ("The river authority of Westmarch opened three new flood gates yesterday near the harbour town of "
            "Callowby, after a week of heavy rain raised the water level by two metres.")
    page = ("<html lang='en'><head><title>Gates</title></head><body><div id='top'><div id='logo'>Harbour Post</div>"
            "<div id='edition'>Edition of Monday 20 January 2014 — No. 6 984</div></div><table><tr><td>"
            f"<h1 class='titre'>{HEADLINE}</h1><p>{lead}</p><p>{SECOND}</p><p>{THIRD}</p></td></tr></table>"
            "</body></html>")
    analysis = analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))
    assert analysis.date.value is not None and (analysis.date.value.year, analysis.date.value.month) == (2014, 1)


def test_a_print_editions_masthead_is_the_day_its_articles_appeared_not_the_sites_date_of_the_day(config):
    # The masthead stands above a breadcrumb and a section label: a date there is the site's date of the day,
    # unless it names the print edition, the day its articles appeared (the text says "hier").
    headline_fr = "Valbrune rénove les ponts anciens de la vallée"
    lead = LEAD_FR.replace("a voté jeudi", "a voté hier")
    text = "\n".join(["Édition du lundi 20 janvier 2014", "", headline_fr, "",
                      f"Vous êtes ici : Accueil › Actualités › {headline_fr}", "Actualités",
                      "Douze ponts en cinq ans, les travaux dès l'automne", lead, SECOND_FR])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value == DateValue(2014, 1, 20)
    # The same line without the edition's name is the site's date of the day, which alone dates nothing.
    text = text.replace("Édition du lundi", "Lundi")
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert analysis.date.value is None


def test_a_wires_key_points_under_its_headline_are_neither_headline_nor_summary(config):
    text = "\n".join(["WESTMARCH-FLOODS/CALLOWBY (UPDATE 2)", "", HEADLINE, "",
                      "* Three gates opened after a week of rain",
                      '* Mayor says "the harbour is safe for now"',
                      "* Older dykes to be inspected before winter", "",
                      "(Adds mayor's comment, background)", "", "By Jonas Pellworth", "",
                      "CALLOWBY, March 12 (Northwind Wire) - " + LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "wire.txt", "txt"), for_analysis(config))
    assert analysis.title == HEADLINE
    assert not any("harbour is safe" in sentence for sentence in analysis.summary)
    # One line that opens with a dash is no list: "- Westmarch ..." under a header may still be the headline.
    assert not headline._listed(["Harbour news", "- " + HEADLINE, LEAD], 1)


def test_a_broadcast_transcripts_header_is_neither_title_nor_summary_and_dates_it(config):
    text = "\n".join(["Radio Westmarch International", "THE HARBOUR HOUR - Programme transcript",
                      "Broadcast: Friday 14 October 2016, 18:05 GMT (English service)", "Presenter: Ana Roe",
                      "Guests: Jonas Pellworth, harbour engineer; Lena Marsh, analyst",
                      "Transcript produced by RWI Monitoring. Check against delivery.", "",
                      "ROE: Good evening and welcome to The Harbour Hour. " + LEAD, "",
                      "PELLWORTH: " + SECOND, "", "ROE: " + THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "show.txt", "txt"), for_analysis(config))
    assert analysis.title_generated and "Guests" not in analysis.title and "Transcript" not in analysis.title
    assert analysis.date.value.iso() == "2016-10-14"
    assert not any("welcome" in sentence.casefold() for sentence in analysis.summary)


def test_a_clippers_note_above_the_headline_and_its_field_line_is_neither_title_nor_summary(config):
    # A Markdown clipping: the analyst's note, then the headline, then one line of fields (rubric, byline,
    # publication, update) longer than a bare date line.
    text = "\n".join(["> Clipping — full text copied from Harbour News (Politics section). My notes at the end.", "",
                      f"# {HEADLINE}", "",
                      "*Politics* · By **Jonas Pellworth** · Published 12 March 2024 at 21:12 · Updated 13 March "
                      "2024 at 10:05", "", LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "clip.md", "md"), for_analysis(config))
    assert (analysis.title, analysis.title_generated) == (HEADLINE, False)
    assert analysis.date.value == DateValue(2024, 3, 12)
    assert not any("Clipping" in sentence for sentence in analysis.summary)


def test_a_title_cell_holding_a_kicker_over_its_heading_shows_the_heading(config):
    page = ("<html lang='fr'><head><title>Le Courrier - Actualité</title></head><body><table><tr>"
            "<td class='contentheading'><span class='surtitre'>APRÈS L'EFFONDREMENT D'UNE PASSERELLE</span>"
            "<h2>Valbrune rénove les ponts anciens de la vallée</h2></td></tr></table>"
            f"<div><p>{LEAD_FR}</p><p>{SECOND_FR}</p></div></body></html>")
    analysis = analyze_source(ingest.parse_bytes(page.encode(), "page.html", "html"), for_analysis(config))
    assert analysis.title == "Valbrune rénove les ponts anciens de la vallée"


def test_a_cover_title_over_three_lines_is_joined_where_its_lines_run_on():
    assert _title("Westmarch–Callowby : une coopération", "portuaire à l'épreuve de", "la grande crue du printemps",
                  "", "Juin 2012", "", LEAD, SECOND) \
        == "Westmarch–Callowby : une coopération portuaire à l'épreuve de la grande crue du printemps"
    # A byline in lower case under a headline is no part of it.
    assert _title(HEADLINE, "• by", "", LEAD, SECOND) == HEADLINE


def test_a_programmes_name_is_not_the_episodes_title():
    # In capitals over the episode's title, or with what the show is ("a podcast about ...").
    episode = "Remembering the harbour flood of the spring"
    assert _title("WESTMARCH RADIO – TRANSCRIPT", "THE HARBOUR HOUR", "", episode, "",
                  "Broadcast: Saturday 20 July 2024, 14:06 GMT", "", "ROE: " + LEAD, "", SECOND) == episode
    assert _title("HARBOUR LINES - a podcast about the rivers of Westmarch", "Episode 31: " + episode,
                  "Published: July 6, 2018 | Duration: 38:12", "", LEAD, "", SECOND) == "Episode 31: " + episode


@pytest.mark.parametrize("line, numbered", [
    ("1. The Callowby flood gates", True), ("II) Les ponts de la vallée", True),
    ("3 Westmarch engineers honoured", False), ("V. Pellworth opens the gates", False), ("10.5 million homes", False),
])
def test_a_numbered_section_is_no_headline(line, numbered):
    assert (headline.not_a_headline(line) == "numbered") is numbered


def test_notes_open_with_neither_a_task_nor_a_numbered_section_as_their_headline(config):
    text = "\n".join(["- working notes, not for circulation.", "- [ ] ask Jonas for the harbour photos",
                      "- [ ] re-check the names of the engineers", "", "**1. The Callowby flood gates**", "",
                      "- " + LEAD, "- " + SECOND, "- " + THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "notes.md", "md"), for_analysis(config))
    assert analysis.title_generated
    assert "1. The Callowby flood gates" in [b.text for b in analysis.blocks]
    assert not any("[ ]" in b.text for b in analysis.blocks)


def test_a_ministrys_letterhead_over_two_lines_in_capitals_is_no_headline():
    headline_fr = "CONVOCATION DE L'AMBASSADEUR DE WESTMARCH : COMMUNIQUÉ DU CONSEIL RÉGIONAL"
    assert _title("Accueil > Actualités > Communiqués", "", headline_fr, "", "20 décembre 2023 | Communiqués", "",
                  "RÉPUBLIQUE DE VALBRUNE", "MINISTÈRE DES AFFAIRES ÉTRANGÈRES", "ET DE LA COOPÉRATION RÉGIONALE", "",
                  LEAD_FR, SECOND_FR) == headline_fr


def test_a_photos_caption_and_a_clippings_fields_are_neither_title_nor_lead(config):
    text = "\n".join(["**Source :** Le Courrier de Valbrune (quotidien) — paru le vendredi 1er février 2019",
                      "**URL :** https://courrier.example/ponts", "",
                      "> *Photo (non reproduite) : « Le conseil régional de Valbrune vote le plan des ponts anciens » — crédit DIRPA*", "",
                      "---", "", LEAD_FR, "", SECOND_FR])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "clip.md", "md"), for_analysis(config))
    assert analysis.title_generated and analysis.title.startswith("Le conseil régional de Valbrune")
    assert analysis.date.value == DateValue(2019, 2, 1)


def test_a_newsletters_name_before_the_headline_in_its_subject_is_not_the_title(config):
    text = "\n".join(["From: Harbour Monitor <daily@example.org>", "Date: Wed, 15 Jan 2025 at 06:58",
                      f"Subject: HM Daily | {HEADLINE}", "", "HARBOUR MONITOR - DAILY BRIEFING",
                      "Wednesday 15 January 2025 | Issue 1,412", "", "=" * 60, "TOP STORY", "=" * 60, "", HEADLINE, "",
                      LEAD, "", SECOND, "", THIRD])
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "mail.txt", "txt"), for_analysis(config))
    assert analysis.title == HEADLINE
    assert analysis.date.value == DateValue(2025, 1, 15)  # the date, though the masthead is above


def test_a_forums_label_before_a_threads_title_is_no_part_of_it():
    from generator.analyze.other_titles import strip_site_name

    assert strip_site_name(f"Discussion: {HEADLINE}") == HEADLINE
    assert strip_site_name("Discussion: Westmarch") == "Discussion: Westmarch"  # a title of its own


def test_a_box_of_the_layout_is_no_headline_element(config):
    # The extraction keeps the side box's title in the text: its own line is not what the text says.
    page = ("<html lang='fr'><head><title>Valbrune rénove les ponts anciens de la vallée | Le Soir</title></head>"
            "<body><table><tr><td><div class='bloc_titre'>Dans cette rubrique</div><p>Dans cette rubrique</p>"
            f"<p>{LEAD_FR}</p><p>{SECOND_FR}</p></td><td><div class='bloc_titre'>Les plus lus</div></td></tr>"
            "</table></body></html>")
    raw = ingest.parse_bytes(page.encode(), "page.html", "html")
    assert raw.declared.get("title") not in ("Dans cette rubrique", "Les plus lus")
