"""Provenance: where a source comes from (address, author, outlet, where its date was read), read from front
matter, the page's metadata and, conservatively, the text; shown on the pages, the cards, the feed and
briefing.json; and an outlet facet."""
import json
import re
from dataclasses import replace

import markdown
import pytest

from generator.analyze import provenance
from generator.analyze.source import analyze_source
from generator.ingest import parse_bytes
from generator.link import link
from generator.models import BODY, BYLINE, DATELINE, TITLE, Block, Provenance, PubDate, RawSource
from generator.render import MARKDOWN_EXTENSIONS, render, web_href

LEAD = ("Officials from both countries met on Friday in the border town to resume talks on security and trade "
        "after a year of silence between the two capitals.")
SECOND = ("The meeting, the first since the crisis began, ended with a joint statement promising further sessions "
          "in the coming months and a review of the customs posts.")
BODY_HTML = f"<body><article><h1>Border talks resume</h1><p>{LEAD}</p><p>{SECOND}</p></article></body></html>"


def html_source(head: str, body: str = BODY_HTML):
    page = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Border talks resume</title>{head}</head>'
    return parse_bytes((page + body).encode(), "page.html", "html")


def of(raw, blocks=(), date=PubDate(None, "unknown")) -> Provenance:
    return provenance.of(raw, list(blocks), date)


# ---------------------------------------------------------------- metadata


def test_html_metadata_gives_the_address_the_author_and_the_outlet():
    raw = html_source('<meta property="og:url" content="https://valleypost.example/2024/05/border-talks">'
                      '<meta property="og:site_name" content="The Valley Post">'
                      '<meta name="author" content="Jane Doe">'
                      '<meta property="article:published_time" content="2024-05-03T09:30:00Z">')
    got = of(raw, date=PubDate(None, "declared"))
    assert got == Provenance(url="https://valleypost.example/2024/05/border-talks", author="Jane Doe",
                             publisher="The Valley Post", author_from="metadata", date_from="metadata")


def test_json_ld_gives_the_publisher_the_authors_and_the_address():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "https://c.example/z#page"},
        {"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://c.example/2024/z"},
         "author": [{"@type": "Person", "name": "Ann One"}, {"@type": "Person", "name": "Bob Two"}],
         "publisher": {"@type": "Organization", "name": "C Daily"}}]}
    raw = html_source(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    got = of(raw)
    assert got.publisher == "C Daily" and "Ann One" in got.author and "Bob Two" in got.author
    # The WebPage item comes first but is no article, and its @id is no address of the article.
    assert got.url == "https://c.example/2024/z"


def test_a_home_page_address_names_the_outlet_but_is_not_the_article():
    got = of(html_source('<base href="https://www.site.example/">'))
    assert (got.url, got.publisher) == ("", "site.example")
    raw = parse_bytes(f"---\nurl: https://site.example/?p=12\n---\n{LEAD}".encode(), "a.md", "md")
    assert of(raw).url == "https://site.example/?p=12"


def test_the_canonical_link_gives_the_address_and_a_relative_or_unsafe_one_none():
    canonical = of(html_source('<link rel="canonical" href="https://a.example/x">'))
    assert canonical.url == "https://a.example/x" and canonical.publisher == "a.example"
    assert of(html_source('<link rel="canonical" href="/relative/path">')).url == ""
    assert of(html_source('<meta property="og:url" content="javascript:alert(1)">')).url == ""


def test_front_matter_gives_the_address_the_authors_and_the_publisher():
    text = ("---\ntitle: Border talks\ndate: 2024-05-03\nurl: https://www.ledger.example/a?b=1\n"
            "author: [Ann Example, Bob Example]\npublisher: The Northern Ledger\n---\n" + LEAD + "\n\n" + SECOND)
    raw = parse_bytes(text.encode(), "a.md", "md")
    got = of(raw, date=PubDate(None, "declared"))
    assert got == Provenance(url="https://www.ledger.example/a?b=1", author="Ann Example, Bob Example",
                             publisher="The Northern Ledger", author_from="front-matter", date_from="front-matter")


def test_a_source_key_is_an_address_or_an_outlet_name():
    as_url = parse_bytes(f"---\nsource: https://www.wire.example/feed\n---\n{LEAD}".encode(), "a.md", "md")
    assert of(as_url).url == "https://www.wire.example/feed" and of(as_url).publisher == "wire.example"
    as_name = parse_bytes(f"---\nsource: Wire Service\n---\n{LEAD}".encode(), "a.md", "md")
    assert of(as_name).url == "" and of(as_name).publisher == "Wire Service"


def test_nothing_declared_gives_empty_provenance():
    raw = parse_bytes(f"{LEAD}\n\n{SECOND}".encode(), "a.txt", "txt")
    assert of(raw, [Block(LEAD, BODY)]) == Provenance(date_from="unknown")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,x", "ftp://a.example/x", "//a.example/x", "https://a.example/x y",
    'https://a.example/"><script>', "https://user:pw@a.example/", "https://localhost/", "https:///x",
    "https://a.example:99999/", "https://a.example/" + "x" * 3000])
def test_only_absolute_web_addresses_are_kept(url):
    assert provenance.web_address(url) == ""


def test_a_kept_address_cannot_leave_its_attribute_nor_become_markdown():
    url = "https://a.example/p?q=[x](javascript:alert(1))*b*&c='d'"
    assert provenance.web_address(url) == url
    html = markdown.markdown(f'<a href="{web_href(url)}">original</a>', extensions=MARKDOWN_EXTENSIONS)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert len(hrefs) == 1 and "<a" not in html.replace('<a href="', "", 1)
    assert not re.search(r"[\[\]()*'<>]", hrefs[0])


# ---------------------------------------------------------------- the text


@pytest.mark.parametrize("line, author", [
    ("By Jane Doe", "Jane Doe"),
    ("Par Jean Dupont et Marie Curie", "Jean Dupont et Marie Curie"),
    ("By Alfred de Montesquiou", "Alfred de Montesquiou"),
    ("Written by: Ann Smith.", "Ann Smith"),
    ("By AFP", ""),  # one word: an agency, not a person
    ("By Staff Reporter", ""),
    ("By Example News English", ""),  # an outlet's edition
    ("By Jane Doe, Reuters and others from the region", ""),  # more than a name: left alone
    ("Par kibaru", ""),
])
def test_a_byline_gives_the_author_only_when_it_is_a_name(line, author):
    assert provenance.byline_author([Block("Border talks resume", TITLE), Block(line, BYLINE),
                                     Block(LEAD, BODY)]) == author


def test_a_byline_below_the_lead_paragraphs_is_not_the_articles():
    blocks = [Block(LEAD, BODY), Block(SECOND, BODY), Block("By Jane Doe", BYLINE)]
    assert provenance.byline_author(blocks) == ""


def test_a_text_source_states_its_author_and_address_in_its_lines(config):
    text = f"Border talks resume in the north\n\nBy Jane Doe\n\n{LEAD}\n\n{SECOND}\n\nSource: https://post.example/a\n"
    a = analyze_source(parse_bytes(text.encode(), "a.txt", "txt"), config)
    assert a.provenance == Provenance(url="https://post.example/a", author="Jane Doe", publisher="post.example",
                                      author_from="byline", date_from=a.date.basis)


def test_an_html_page_byline_is_read_by_trafilatura_not_by_the_text_rule():
    raw = html_source("", f'<body><article><h1>Border talks resume</h1><p class="byline">By Jane Doe</p>'
                          f"<p>{LEAD}</p><p>{SECOND}</p></article></body></html>")
    assert of(raw).author == "Jane Doe" and of(raw).author_from == "metadata"


# ---------------------------------------------------------------- pages, cards, feed, briefing.json

HOSTILE_OUTLET = "Coastal *Herald*"  # Markdown in source text: printed literally


@pytest.fixture(scope="module")
def rendered(config):
    """A briefing of two sources of one outlet (under two spellings) and one naming none, rendered."""
    sources = [
        (f"---\ntitle: Border talks resume in the north\ndate: 2024-05-03\nurl: https://herald.example/a?x=1&y=2\n"
         f"author: Jane Doe\npublisher: '{HOSTILE_OUTLET}'\n---\n{LEAD}\n\n{SECOND}\n", "a.md"),
        (f"---\ntitle: Customs posts reopen along the border\ndate: 2024-06-01\n"
         f"publisher: COASTAL HERALD\n---\n{SECOND}\n\n{LEAD}\n", "b.md"),
        ("Harvest festival opens in the valley\n\nThe harvest festival opened on Saturday in the valley with a parade "
         "of farmers, a market of local produce and music late into the night.\n\nOrganisers expect more visitors than "
         "last year, when rain kept many families at home for most of the weekend.\n", "c.txt"),
    ]
    analyses = [analyze_source(parse_bytes(t.encode(), name, name.rsplit(".", 1)[1]), config) for t, name in sources]
    b = link(analyses, config)
    files = render(b)
    return b, {path: data.decode("utf-8") for path, data in files.items() if data is not None}


def _by_file(b, name):
    return next(s for s in b.sources.values() if s.analysis.source.path == name)


def test_the_source_page_links_the_original_and_names_author_outlet_and_date_basis(rendered):
    b, files = rendered
    page = files[f"sources/{_by_file(b, 'a.md').slug}.md"]
    assert '<a class="bf-original" href="https://herald.example/a?x=1&amp;y=2" rel="noopener noreferrer">' in page
    assert "Read the original at Coastal *Herald*</a>" in page  # source text, in a raw HTML block: as it is
    assert "<dt>Author</dt>\n<dd>Jane Doe</dd>" in page
    assert "declared in its front matter" in page
    assert 'href="../../outlets/coastal-herald/"' in page
    bare = files[f"sources/{_by_file(b, 'c.txt').slug}.md"]
    assert "Read the original" not in bare and "<dt>Author</dt>" not in bare


def test_an_outlet_is_one_page_for_its_spellings_linked_from_the_sources_page_and_the_cards(rendered):
    b, files = rendered
    outlet = files["outlets/coastal-herald.md"]
    for name in ("a.md", "b.md"):
        assert f'href="../../sources/{_by_file(b, name).slug}/"' in outlet
    assert _by_file(b, "c.txt").slug not in outlet
    assert not any(p.startswith("outlets/") and p != "outlets/coastal-herald.md" for p in files)
    index = files["sources/index.md"]
    assert "(../outlets/coastal-herald.md) (2)" in index and "1 source names no outlet" in index
    card = index[index.index(_by_file(b, "a.md").slug):].split("\n<li>", 1)[0]
    assert 'href="../outlets/coastal-herald/"' in card


def test_the_feed_links_the_original_and_names_the_author(rendered):
    from lxml import etree

    b, files = rendered
    atom = "{http://www.w3.org/2005/Atom}"
    root = etree.fromstring(files["feed.xml"].encode())
    entries = {e.findtext(f"{atom}title"): e for e in root.iter(f"{atom}entry")}
    entry = entries[_by_file(b, "a.md").analysis.title]
    related = [link.get("href") for link in entry.iter(f"{atom}link") if link.get("rel") == "related"]
    assert related == ["https://herald.example/a?x=1&y=2"]
    assert entry.findtext(f"{atom}author/{atom}name") == "Jane Doe"
    bare = entries[_by_file(b, "c.txt").analysis.title]
    assert [link.get("rel") for link in bare.iter(f"{atom}link")] == [None]  # its page only, the alternate


def test_briefing_json_carries_the_provenance_and_the_outlets(rendered):
    b, files = rendered
    data = json.loads(files["briefing.json"])
    line = next(s for s in data["sources"] if s["source_file"] == "a.md")
    assert (line["url"], line["author"], line["publisher"], line["date_from"]) == \
        ("https://herald.example/a?x=1&y=2", "Jane Doe", HOSTILE_OUTLET, "front-matter")
    # One outlet under two spellings, the first in sort order of the most frequent; its sources newest first.
    assert data["outlets"] == [{"slug": "coastal-herald", "name": "COASTAL HERALD",
                                "sources": [_by_file(b, "b.md").slug, _by_file(b, "a.md").slug]}]
    assert data["text_published"] == b.config.publish_text


def test_the_outlet_takes_its_most_frequent_spelling():
    from generator.outlets import group

    grouped = group([("a", "Le Monde"), ("b", "le monde"), ("c", "Le Monde"), ("d", ""), ("e", "Index")])
    assert [(o.slug, o.name, o.sources) for o in grouped] == [("le-monde", "Le Monde", ("a", "b", "c")),
                                                             ("index-outlet", "Index", ("e",))]


def test_a_declared_date_says_where_it_was_declared(rendered):
    b, _files = rendered
    from generator.render import date_from

    entry = _by_file(b, "a.md")
    assert date_from(entry) == "front-matter"
    assert date_from(replace(entry, date=PubDate(entry.date.value, "translation"))) == "translation"


@pytest.mark.parametrize("url, value", [
    ("https://news.example/2023/12/06/chad-g5-dissolution/", (2023, 12, 6)),
    ("https://news.example/world/2024/01/junta-ends-accord", (2024, 1, None)),
    ("https://news.example/2023/02/30/impossible/", None),
    ("https://news.example/article/12345/2023-story", None),
    ("", None),
])
def test_the_date_an_address_gives(url, value):
    from generator.models import DateValue

    assert provenance.address_date(url) == (DateValue(*value) if value else None)


def test_an_undated_text_takes_the_date_its_address_gives(config):
    from generator.config import for_analysis

    text = ("https://news.example/2023/12/06/chad-g5-dissolution/\n\nMauritania and Chad open the way to the end "
            "of the G5 Sahel\n\nMauritania and Chad said they took note of the departure of the three other members "
            "and would take every measure needed under the convention that founded the group, their statement "
            "said.\n")
    a = analyze_source(parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert a.provenance.url == "https://news.example/2023/12/06/chad-g5-dissolution/"
    assert a.date.iso() == "2023-12-06" and a.date.basis == "address"


def test_a_communique_is_dated_by_its_closing_line(config):
    from generator.config import for_analysis

    text = ("COMMUNIQUÉ DU GOUVERNEMENT\n\nLe gouvernement de la Transition informe l'opinion nationale et "
            "internationale qu'il a décidé de se retirer de tous les organes et instances de l'organisation, y "
            "compris de sa force conjointe.\n\nLe gouvernement remercie les pays amis pour leur soutien constant "
            "au peuple malien durant toutes ces années de lutte.\n\nBamako, le 15 mai 2022\n\nLe Ministre porte-"
            "parole du gouvernement\n")
    a = analyze_source(parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    assert a.date.iso() == "2022-05-15"


@pytest.mark.parametrize("declared, want", [
    # trafilatura reads an author box for the byline, and its "and" as a second author
    ("Jonas Pellworth is a journalist covering the harbour; The Dykes", "Jonas Pellworth"),
    ("Jeanne Roe est journaliste au service Digues", "Jeanne Roe"),
    ("Jane Roe and John Doe", "Jane Roe and John Doe"),
    ("Le Courrier avec AFP", "Le Courrier avec AFP"),  # a credit, not a sentence
    ("Mohamed ould Ahmed", "Mohamed ould Ahmed"),
    ("[[Jane Roe]]", "Jane Roe"),  # a clipper's wiki link (Obsidian's web clipper writes the author so)
    ("[[Jane Roe|Roe]], [[John Doe]]", "Jane Roe, John Doe"),
    ("Par Jeanne Roe", "Jeanne Roe"),  # the byline's own word
    ("Byron Doe", "Byron Doe"),
    # trafilatura splits a byline's roles and places off as more authors
    ("Amel Roe; Senior Analyst; North Africa Jonas Doe; Consultant; Dykes", "Amel Roe"),
    ("Jane Roe; West Harbour Security Correspondent", "Jane Roe"),
    ("Authors Jane Roe; Lea Doe; Jonas Pellworth", "Jane Roe; Lea Doe; Jonas Pellworth"),
    ("Jane Roe; John Doe · ·", "Jane Roe; John Doe"),
    ("Roe; Jane", "Jane Roe"),  # a citation's "Roe, Jane"
    ("Jane Roe · Updated", "Jane Roe"),  # the byline's line run on
    ("Jane Roe Published", "Jane Roe"),
    ("The Harbour Post", ""),  # the outlet (harbourpost.example), not an author
])
def test_a_declared_author_is_the_name_without_what_came_with_it(declared, want):
    raw = RawSource("page.html", "Text.", "html", "0" * 64, {"author": declared,
                                                               "url": "https://harbourpost.example/news/gates"})
    assert provenance.of(raw, [], PubDate(None, "unknown")).author == want


@pytest.mark.parametrize("byline, want", [
    ("Par Jeanne Roe", "Jeanne Roe"),
    ("By Jonas Pellworth · Oct. 3, 2024 · 5 min read", "Jonas Pellworth"),
    ("Par Mehdi Roe, directeur de la publication", "Mehdi Roe"),
    ("Par <a href='/auteurs/claire-doe'>Claire Doe</a>", "Claire Doe"),
    ("(AFP)", ""),  # an agency
])
def test_the_byline_a_pages_markup_marks_names_its_author(byline, want):
    page = (f"<html lang='en'><head><title>Gates</title></head><body><article><h1>Westmarch opens new flood gates"
            f"</h1><div class='meta'><span class='byline'>{byline}</span></div><p>{LEAD}</p><p>{SECOND}</p>"
            f"</article><div class='comments'><span class='comment-author'>By Ann Reader</span></div></body></html>")
    raw = parse_bytes(page.encode(), "page.html", "html")
    assert provenance.of(raw, [], PubDate(None, "unknown")).author == want


def test_a_byline_in_a_date_lines_parts_names_the_author():
    blocks = [Block("The committee that never met", TITLE), Block("Jul 3, 2017 · by Jane Roe · 9 min read", DATELINE),
              Block(LEAD, BODY)]
    assert provenance.byline_author(blocks) == "Jane Roe"
