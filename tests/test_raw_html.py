"""The long, repetitive parts of the generated pages (lists, fact panels, quotes, events) are raw HTML blocks that
Python-Markdown passes through: their text is inert, and their links, which MkDocs does not rewrite, are the
built pages' own addresses."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote

import markdown
import pytest

from generator.hrefs import built_url
from generator.render import MARKDOWN_EXTENSIONS
from generator.render.templates import environment
from tests.conftest import ROOT, copy_project
from tests.test_render import HOSTILE

GOLDEN = ROOT / "tests" / "golden" / "content"


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _raw_html_hrefs(text: str) -> list[str]:
    """The href of every <a> the page writes as HTML (Markdown links `[x](y.md)` are MkDocs' to check)."""
    parser = _Hrefs()
    parser.feed(text)
    return parser.hrefs


def _address(path: str) -> str:
    """The built address of a file of content/, as MkDocs serves it (use_directory_urls), for the test's own
    resolution (not built_url's)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-len("index")]
    return stem.rstrip("/") + "/" if stem else ""


def test_every_link_written_as_html_reaches_a_page_of_the_site():
    """Each link in the raw HTML of the golden content, followed from the page's built address, lands on the
    built address of a file that the content holds."""
    files = [p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()]
    addresses = {_address(f) for f in files}
    checked = 0
    for page in files:
        if not page.endswith(".md"):
            continue
        base = _address(page)
        for href in _raw_html_hrefs((GOLDEN / page).read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "#")):
                continue
            path = unquote(href.split("#")[0])
            target = normpath(base + path) if base else normpath(path)
            target = "" if target == "." else target + ("/" if path.endswith("/") else "")
            assert target in addresses, f"{page}: {href} -> {target!r} is no page of the site"
            checked += 1
    assert checked > 100  # the lists of the entity pages, at least


def _raw_blocks(text: str):
    """The raw HTML blocks of a generated page: from a line that opens a tag without a `markdown` attribute to
    the next blank line."""
    block: list[str] = []
    for line in text.splitlines() + [""]:
        if block and line.strip():
            block.append(line)
        elif block:
            yield "\n".join(block)
            block = []
        elif line.startswith("<") and not line.startswith("</") and " markdown" not in line:
            block.append(line)


_ESCAPE = re.compile(r"\\[!#()*+\-.\[\]_`{|}]")


def _escapes_in_raw_html(text: str) -> list[str]:
    return [m.group() for block in _raw_blocks(text) for m in _ESCAPE.finditer(block)]


def test_no_raw_html_block_holds_a_markdown_escape():
    """A value printed in raw HTML through the Markdown escaper (a forgotten `| h`) would show its backslashes."""
    from generator.render import md_escape

    assert _escapes_in_raw_html(f"<dd>{md_escape('Jean-Pierre (AFP).')}</dd>\n") == ["\\-", "\\(", "\\)", "\\."]
    found = [f"{page.relative_to(GOLDEN)}: {e}" for page in sorted(GOLDEN.rglob("*.md"))
             for e in _escapes_in_raw_html(page.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("page, target, expected", [
    ("entities/mali.md", "sources/a-b.md", "../../sources/a-b/"),
    ("sources/index.md", "sources/a.md", "a/"),
    ("index.md", "sources/a.md", "sources/a/"),
    ("index.md", "index.md", "./"),
    ("timeline.md", "assets/charts/timeline.svg", "../assets/charts/timeline.svg"),
    ("entities/mali.md", "entities/niger.md", "../niger/"),
    ("topics/x.md", "timeline.md", "../../timeline/"),
    ("notes/README.md", "index.md", "../"),
])
def test_built_url_gives_the_address_mkdocs_serves_with_use_directory_urls(page, target, expected):
    assert built_url(page, target) == expected


def _fragment(macro: str, *args, within: str = "{}", **kwargs) -> str:
    """A macro of _html.md.j2, called, put `within` the block the templates give it, then through Markdown as
    MkDocs would."""
    module = environment("en").get_template("_html.md.j2").module
    block = within.format(str(getattr(module, macro)(*args, **kwargs)))
    return markdown.markdown(f"## Heading\n\n{block}\n\nafter", extensions=MARKDOWN_EXTENSIONS)


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("text", HOSTILE + ["*a* _b_ `c` [d] #e (f) \\g \x02wzxhzdk:0\x03 </div> <p> &amp; '\"'"])
def test_source_text_in_a_quote_block_stays_text(text):
    html = _fragment("quote", text, "")
    assert re.findall(r"<(/?[a-z0-9]+)", html) == ["h2", "/h2", "blockquote", "p", "/p", "/blockquote", "p", "/p"]
    assert " ".join(re.sub("[\x00-\x08]", "", text).split()) in _text(html)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_title_standfirst_or_outlet_in_a_listing_stays_text(text):
    from types import SimpleNamespace as NS

    from generator.models import PubDate

    s = NS(slug="a-b", date=PubDate(None, "unknown"), publisher=text,
           analysis=NS(title=text, standfirst=text + " lead", language="en"))
    html = _fragment("source_list", NS(sources={"a-b": s}), ["a-b"], "entities/x.md")
    hrefs = _raw_html_hrefs(html)
    assert hrefs[0] == "../../sources/a-b/" and len(hrefs) == 2
    assert hrefs[1].startswith("../../outlets/") and "<" not in hrefs[1] and '"' not in hrefs[1]
    assert "<script" not in html and "<img" not in html and "<h1" not in html and "<table" not in html
    assert not re.search(r"<[^>]*\son\w+=", html)
    assert _text(html).count(" ".join(text.split())) == 3


def test_a_build_without_directory_urls_fails_saying_why(tmp_path):
    project = copy_project(tmp_path)
    conf = project / "mkdocs.yml"
    conf.write_text(conf.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    (project / "content").mkdir()
    (project / "content" / "index.md").write_text("# Home\n")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q"], cwd=project,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "use_directory_urls: false is not supported" in result.stderr
    assert not (project / "site" / "index.html").exists()


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_event_sentence_or_entity_name_stays_text(text):
    from types import SimpleNamespace as NS

    from generator.models import PubDate

    s = NS(slug="a", date=PubDate(None, "unknown"), publisher="", analysis=NS(title=text, standfirst="", language="en"))
    ev = NS(date=None, relative=False, sentence=text, sources=("a",), topics=("t",))
    html = _fragment("event_item", NS(sources={"a": s}), ev, "timeline.md", {"t": text}, within="<ul>\n{}\n</ul>")
    assert _raw_html_hrefs(html) == ["../sources/a/", "../topics/t/"]
    chip = _fragment("chip", text, "entities/k.md", "sources/a.md", within='<dl class="bf-meta">\n<dd>{}</dd>\n</dl>')
    assert _raw_html_hrefs(chip) == ["../../entities/k/"]
    for out, times in ((html, 3), (chip, 1)):
        assert "<script" not in out and "<img" not in out and "<h1" not in out and "<table" not in out
        assert not re.search(r"<[^>]*\son\w+=", out)
        assert _text(out).count(" ".join(text.split())) == times


def _html_labels() -> set[str]:
    """The interface keys the templates print in raw HTML blocks (ui.html, ui.count_html, reason(as_html)); a key
    built in the template (`"kinds." ~ kind`) stands for every key under its prefix."""
    keys = {"related.similar", "related.shares"}
    for path in (ROOT / "generator" / "templates").glob("*.j2"):
        keys.update(re.findall(r'ui\.(?:html|count_html)\("([\w.]+)"', path.read_text(encoding="utf-8")))
    return keys


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_words_printed_in_raw_html_hold_no_markdown(language):
    """Markdown in a label would show as it is in a raw HTML block (`**By outlet:**`)."""
    from generator import interface

    data = interface.load(language).data

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        else:
            yield str(value)

    found = []
    for key in sorted(_html_labels()):
        value = data
        for part in key.rstrip(".").split("."):  # "kinds.": all of them
            value = value[part]
        found += [f"{key}: {s}" for s in strings(value) if re.search(r"\*\*|`|\]\(|^[-#>] |__", s)]
    assert len(_html_labels()) > 20 and found == []
    assert re.search(r"\*\*|`", data["sources"]["by_outlet"] + data["home"]["no_source"])  # what it would catch
