"""Hidden HTML: what a sighted reader of the page does not see never reaches the source's text."""
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ingest
from generator.hidden import drop_hidden

VISIBLE = "Ministers of Mali and Algeria met in Algiers on Monday to discuss security in the Sahel region. "
SECRET = "Secretwords"


def page(body: str, style: str = "") -> bytes:
    head = f"<head><title>Talks in Algiers</title><style>{style}</style></head>" if style else \
        "<head><title>Talks in Algiers</title></head>"
    return (f"<html>{head}<body><article><h1>Talks in Algiers</h1><p>{VISIBLE * 3}</p>{body}"
            f"<p>{VISIBLE * 2}</p></article></body></html>").encode()


def text_of(html: bytes) -> str:
    return ingest.parse_bytes(html, "a.html", "html").text


HIDING = {
    "hidden attribute": f"<p hidden>{SECRET} in a paragraph.</p>",
    "hidden attribute, any value": f"<div hidden='hidden'><p>{SECRET} in a paragraph.</p></div>",
    "aria-hidden": f"<p aria-hidden='true'>{SECRET} in a paragraph.</p>",
    "inline display none": f"<p style='color: red; DISPLAY : none'>{SECRET} in a paragraph.</p>",
    "inline visibility hidden": f"<p style='visibility:hidden'>{SECRET} in a paragraph.</p>",
    "framework class": f"<p class='lead hidden'>{SECRET} in a paragraph.</p>",
    "bootstrap class": f"<p class='d-none'>{SECRET} in a paragraph.</p>",
}


@pytest.mark.parametrize("markup", list(HIDING.values()), ids=list(HIDING))
def test_hidden_elements_are_dropped_before_the_main_text_is_extracted(markup):
    text = text_of(page(markup))
    assert SECRET not in text
    assert "discuss security" in text


@pytest.mark.parametrize("style, markup", [
    (".note{display:none}", f"<p class='note'>{SECRET} in a paragraph.</p>"),
    ("p.note , .other{ visibility: hidden }", f"<p class='note'>{SECRET} in a paragraph.</p>"),
    ("#box{display:none!important} div#box{display:block}", f"<div id='box'><p>{SECRET} in a paragraph.</p></div>"),
    ("html body #a.x{display:none}", f"<p id='a' class='x' style='color:red'>{SECRET} in a paragraph.</p>"),
    ("article .x{display:none}", f"<p class='x'>{SECRET} in a paragraph.</p>"),
])
def test_a_class_or_id_the_pages_own_stylesheet_hides_is_dropped(style, markup):
    assert SECRET not in text_of(page(markup, style))


@pytest.mark.parametrize("style, markup", [
    # a more specific or later rule shows it, as in CSS
    (".tab{display:none} .tab.active{display:block}", "<div class='tab active'><p>{s} in a paragraph.</p></div>"),
    (".x{display:none} .x{display:block}", "<p class='x'>{s} in a paragraph.</p>"),
    (".x{display:none}", "<p class='x' style='display:block'>{s} in a paragraph.</p>"),
    # hidden only under a condition, or only its generated content, or on hover
    ("@media print{.x{display:none}}", "<p class='x'>{s} in a paragraph.</p>"),
    (".x::before{display:none} .x:hover{display:none}", "<p class='x'>{s} in a paragraph.</p>"),
    # shown at some screen width
    (".x{display:none} @media (min-width:40em){.x{display:block}}", "<p class='x'>{s} in a paragraph.</p>"),
    ("", "<p class='hidden md:block'>{s} in a paragraph.</p>"),
    (".hidden{display:none} @media (min-width:48rem){.md\\:block{display:block}}",
     "<p class='hidden md:block'>{s} in a paragraph.</p>"),
    ("#a{display:none} #a{display:block}", "<p id='a'>{s} in a paragraph.</p>"),
    ("#a#a{display:none}", "<p id='a' style='display:block'>{s} in a paragraph.</p>"),
    ("", "<p class='d-none d-lg-block'>{s} in a paragraph.</p>"),
    # not hidden: screen-reader text, text the reader can find and open
    ("", "<p class='sr-only'>{s} in a paragraph.</p>"),
    ("", "<p class='visually-hidden'>{s} in a paragraph.</p>"),
    ("", "<p hidden='until-found'>{s} in a paragraph.</p>"),
    ("", "<p aria-hidden='false'>{s} in a paragraph.</p>"),
    ("", "<p style='display:block'>{s} in a paragraph.</p>"),
])
def test_what_a_reader_can_see_is_kept(style, markup):
    assert SECRET in text_of(page(markup.format(s=SECRET), style))


def test_the_page_itself_is_never_dropped_and_tails_stay():
    tree = lxml.html.fromstring(f"<html style='display:none'><body hidden><p>Before <span hidden>{SECRET}</span> "
                                "after.</p></body></html>")
    assert drop_hidden(tree) == 1
    assert tree.find("body").text_content() == "Before  after."


def test_a_page_with_nothing_visible_has_no_article_text():
    from generator.errors import SourceError

    with pytest.raises(SourceError, match="no article text"):
        text_of(f"<html><body><div hidden><article><p>{VISIBLE * 4}</p></article></div></body></html>".encode())


def test_many_rules_cost_what_they_match():
    """A stylesheet of thousands of rules that show is matched only where a hidden element could be shown."""
    style = "".join(f".c{i}{{display:flex}}" for i in range(5000)) + ".x{display:none}"
    tree = lxml.html.fromstring("<html><head><style>" + style + "</style></head><body>" +
                                "".join(f"<p class='c{i}'>p</p>" for i in range(2000)) +
                                f"<p class='x'>{SECRET}</p></body></html>")
    assert drop_hidden(tree) == 1
    assert SECRET not in tree.text_content().split("</style>")[-1].replace(style, "")


def test_a_page_marked_aria_hidden_behind_an_open_dialog_keeps_its_article():
    html = (f"<html><body><div id='root' aria-hidden='true'><article><h1>Talks</h1><p>{VISIBLE * 4}</p>"
            f"<p aria-hidden='true'>{SECRET} icon label.</p></article></div>"
            "<div role='dialog'><p>We use cookies.</p></div></body></html>").encode()
    text = text_of(html)
    assert "discuss security" in text and SECRET not in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(way=st.sampled_from(sorted(HIDING)), word=st.from_regex(r"Zq[a-z]{6,12}", fullmatch=True),
       depth=st.integers(0, 3))
def test_hidden_text_never_reaches_the_source_however_deep(way, word, depth):
    markup = HIDING[way].replace(SECRET, word)
    for _ in range(depth):
        markup = f"<div><section>{markup}</section></div>"
    text = text_of(page(markup))
    assert word not in text and "discuss security" in text
