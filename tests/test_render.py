import markdown
import pytest

from generator.render import MARKDOWN_EXTENSIONS, attribute, md_escape

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![img](data:text/html;base64,PHNjcmlwdD4=)",
    "<!-- hidden --> text",
    "{{ config.title }} {% include 'x' %}",
    "!!! danger \"pwned\"",
    "*[HTML]: Hyper",
    "{: onclick=\"alert(1)\" }",
    "[ref]: http://evil.example",
    "<http://evil.example>",
    "# heading",
    "1. item",
    "| a | b |",
    "&lt;script&gt;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_literally(text):
    html = markdown.markdown(str(md_escape(text)), extensions=MARKDOWN_EXTENSIONS)
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<h1" not in html
    assert "<ol" not in html and "<table" not in html and 'class="admonition' not in html
    import re as _re

    assert not _re.search(r"<[^>]*\son\w+=", html)
    # The reader sees the original characters.
    from html import unescape
    import re

    visible = unescape(re.sub(r"<[^>]+>", "", html))
    assert visible.strip() == " ".join(text.split())


def test_an_attribute_value_from_source_text_stays_inside_its_quotes():
    """The search metadata (source.md.j2) puts outlets and topic names in attributes of a raw HTML block."""
    value = attribute('Le "Monde" <script>\nalert(1)</script> & co\x00')
    assert value == "Le &quot;Monde&quot; &lt;script&gt; alert(1)&lt;/script&gt; &amp; co"
    html = markdown.markdown(f'<div>\n<span data-pagefind-meta="outlet[content]" content="{value}"></span>\n</div>',
                             extensions=MARKDOWN_EXTENSIONS)
    assert html.count("<span ") == 1 and "<script>" not in html


def test_briefing_json_is_valid_json_with_one_item_per_line():
    import json

    from generator.changes import briefing_json, core_json

    data = {"title": "Alger–Bamako « accord »", "sources": [{"slug": "a", "quotes": [{"text": "x\ny"}]}, {"slug": "b"}],
            "topics": [], "events": [[1, "two"]]}
    text = briefing_json(core_json(data), {"new": ["a"], "since": None}).decode("utf-8")
    assert json.loads(text) == {**data, "changes": {"new": ["a"], "since": None}}
    assert list(json.loads(text)) == [*data, "changes"]  # keys in their order, what changed last
    lines = text.splitlines()
    assert '  {"slug":"a","quotes":[{"text":"x\\ny"}]},' in lines and '  {"slug":"b"}' in lines
    assert '  [1,"two"]' in lines and ' "changes": {"new":["a"],"since":null}' in lines
    assert "Alger–Bamako « accord »" in text  # not \u-escaped


def test_the_escapable_characters_are_those_of_the_installed_markdown():
    from generator.render.escape import ESCAPABLE

    chars = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS).ESCAPED_CHARS
    assert sorted(ESCAPABLE) == sorted(c for c in chars if c not in "<>&")


def test_briefing_data_is_already_what_reading_briefing_json_back_gives(config):
    """The "What's new" comparison takes the data as built, against the last file as read: they must agree."""
    import json

    from generator.link import link
    from generator.corpus_analysis import analyse_all
    from generator.render import briefing_data
    from tests.conftest import FIXTURES

    done = analyse_all(FIXTURES / "golden_sources", config, workers=1)
    data = briefing_data(link(done.analyses, config, done.failures))
    assert data["sources"] and data["events"]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert _types(data) <= {"dict", "list", "str", "int", "float", "bool", "NoneType"}  # no tuple compares as a list


def _types(value) -> set[str]:
    if isinstance(value, dict):
        return {"dict"} | {t for k, v in value.items() for t in _types(k) | _types(v)}
    if isinstance(value, list):
        return {"list"} | {t for v in value for t in _types(v)}
    return {type(value).__name__}
