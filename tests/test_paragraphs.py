"""Source paragraphs are written as raw HTML blocks: inert whatever the text, linear to parse, entity links kept."""
import re
from html import unescape

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render import MARKDOWN_EXTENSIONS
from generator.render.escape import entity_href, paragraph as _paragraph
from tests.test_render import HOSTILE


def _built(block: str) -> str:
    """The paragraph as MkDocs turns it into HTML, inside the article's `markdown` div as source.md.j2 puts it."""
    doc = f'<div class="bf-article" markdown>\n\n### Heading\n\n{block}\n\n</div>\n'
    return markdown.markdown(doc, extensions=MARKDOWN_EXTENSIONS)


def _tags(html: str) -> list[str]:
    return re.findall(r"<(/?[a-zA-Z][^\s>/]*)", html)


def _visible(html: str) -> str:
    body = html.split("</h3>", 1)[1]
    return unescape(re.sub(r"<[^>]+>", "", body)).strip()


@pytest.mark.parametrize("text", HOSTILE + ["*a* _b_ `c` [d] #e (f) \\g \x02wzxhzdk:0\x03 </div> <p> &amp; '\"'"])
def test_a_hostile_paragraph_is_shown_literally(text):
    html = _built(str(_paragraph(text, [])))
    assert _tags(html) == ["div", "h3", "/h3", "p", "/p", "/div"]
    assert _visible(html) == " ".join(re.sub("[\x00-\x08]", "", text).split())


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
@settings(max_examples=300, deadline=None)
@example("href")
@example('<a href="x">y</a>')
def test_no_text_opens_a_tag_or_a_link(text):
    html = _built(str(_paragraph(text, [])))
    assert [t for t in _tags(html) if t not in ("div", "/div", "h3", "/h3")] in (["p", "/p"], [])
    # Text may say "href"; no tag may carry one.
    assert not re.search(r"<[^>]*\bhref\s*=", html) and "<script" not in html.lower()


def test_an_entity_mention_links_to_the_entity_page():
    text = "Officials in <b>Bamako</b> said the [Mali] talks* went on."
    start = text.index("Mali")
    html = _built(str(_paragraph(text, [(start, start + 4, "mali")])))
    href = entity_href("mali")
    assert f'<a href="{href}">Mali</a>' in html
    assert re.findall(r"<a\b", html) == ["<a"]
    assert _visible(html) == text
    # From sources/<slug>/index.html, the link reaches entities/mali/.
    assert href == "../../entities/mali/"


def test_a_link_at_the_start_or_end_keeps_the_spaces_around_it():
    text = "Mali and Niger"
    html = str(_paragraph(text, [(0, 4, "mali"), (9, 14, "niger")]))
    assert html == '<p><a href="../../entities/mali/">Mali</a> and <a href="../../entities/niger/">Niger</a></p>'
