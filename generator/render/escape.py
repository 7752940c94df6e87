"""Untrusted text made inert where the pages print it: Markdown, HTML attributes, and paragraphs as raw HTML
blocks with their entity links. Nothing here knows the briefing; every function is pure."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

from generator import controls
from generator.hrefs import built_url, page_href, vetted


# Must match markdown_extensions in mkdocs.yml: these decide which characters a backslash can escape.
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "toc"]


# What Python-Markdown with MARKDOWN_EXTENSIONS lets a backslash escape, but `<`, `>` and `&`, which become HTML
# entities instead. Written out because building a Markdown instance to ask costs a tenth of a second at every
# run; a test checks it against the installed Markdown.
ESCAPABLE = "!#()*+-.[\\]_`{|}"


_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
# Dropped: control characters that are not whitespace (str.split() takes care of those).
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLOCK_OPENERS = "?=:~/$"


def visible(value: str) -> str:
    """Untrusted text without what a reader cannot see: control characters that are not whitespace, lone
    surrogates (replaced) and the invisible controls of controls.py."""
    return controls.strip(_UNPRINTABLE.sub("", _SURROGATE.sub("\ufffd", value)))


def attribute(value) -> Markup:
    """Untrusted text as the value of an HTML attribute in a raw HTML block (where Markdown escapes do not apply):
    one line, entity-escaped, quotes included."""
    return Markup(html.escape(" ".join(visible(str(value)).split()), quote=True))


def md_escape(value) -> Markup:
    """Untrusted text to inert Markdown: one line, every Markdown and HTML special character neutralised.

    What Markdown can backslash-escape is backslash-escaped; `<`, `>`, `&` and quotes become HTML entities;
    control characters are dropped. A first character that can open a block and that no backslash can escape
    (`???` details, `===` setext underlines and tabs, `:` definitions, `~~~` fences, `///` blocks, `$$` maths)
    becomes a numeric character reference, since a template may put the text at the start of a line."""
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _escaped(value)
    return _escaped(str(value))


@lru_cache(maxsize=1 << 16)
def _escaped(value: str) -> Markup:
    """md_escape of a string, remembered: titles, names and sentences recur on many pages."""
    text = " ".join(visible(value).split())
    if not text:
        return Markup("")
    special, table = escaper()
    escape = lambda m: table[m.group()]  # noqa: E731
    head = f"&#{ord(text[0])};" if text[0] in _BLOCK_OPENERS else special.sub(escape, text[0])
    return Markup(head + special.sub(escape, text[1:]))


@lru_cache(maxsize=1)
def escaper() -> tuple[re.Pattern, dict[str, str]]:
    """The characters to neutralise, as one character class (a regex finds the few in a sentence much faster
    than str.translate looks up every character), and what each becomes."""
    table = {ch: "\\" + ch for ch in ESCAPABLE}
    table.update(_HTML_ENTITIES)
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(table)) + "]"), table


def link(text, href: str) -> Markup:
    """A link to one of the site's own files (built from slugs, or a hand-written page's file name)."""
    return Markup(f"[{md_escape(text)}]({page_href(href)})")


def web_href(url: str) -> Markup:
    """An address of the original (an http(s) URL, see analyze/provenance.web_address) as an href attribute's
    value: what could end the attribute or be read as Markdown (brackets, parentheses, stars, backslashes,
    backticks, quotes) is percent-encoded, then the rest entity-escaped."""
    from urllib.parse import quote

    return Markup(html.escape(quote(vetted(url), safe="/:?#=&%+,;@~!$"), quote=True))


def with_links(text: str, spans) -> Markup:
    """Escape the text around each linked span; single spaces at the seams survive the escaping."""
    out, pos = [], 0
    for start, end, key in spans:
        before = text[pos:start]
        out.append(str(md_escape(before)))
        if before[-1:].isspace() and before.strip():
            out.append(" ")
        out.append(str(link(text[start:end], f"../entities/{key}.md")))
        pos = end
        if text[pos:pos + 1].isspace():
            out.append(" ")
    out.append(str(md_escape(text[pos:])))
    return Markup("".join(out))


def url(target: str, here: str) -> Markup:
    """The address of the built page (or file) of `target` from that of `here` (both paths of content/), as an
    href attribute's value in a raw HTML block, where MkDocs rewrites no link: percent-encoded, then
    entity-escaped."""
    return Markup(html.escape(page_href(built_url(here, target)), quote=True))


def entity_href(key: str) -> str:
    """From a source page to an entity's page, both as built."""
    return page_href(built_url("sources/page.md", f"entities/{key}.md"))


def paragraph(text: str, spans) -> Markup:
    """A paragraph as one raw HTML block (`<p>` on one line), its text HTML-escaped and each linked span an
    `<a href>` to the entity's built page. Python-Markdown passes the block through untouched; Markdown with a
    backslash before every special character instead costs MkDocs time quadratic in the paragraph's length
    (a 540 KB paragraph of `*`, `.` and `#` took minutes). Escaping `<`, `>`, `&` and quotes keeps any tag,
    link or script in the text inert; control characters (Markdown's own placeholders among them) go."""
    out, pos = ["<p>"], 0
    for start, end, key in spans:
        out.append(_html_text(text[pos:start]))
        href = html.escape(entity_href(key), quote=True)
        out.append(f'<a href="{href}">{_html_text(text[start:end])}</a>')
        pos = end
    out.append(_html_text(text[pos:]))
    out.append("</p>")
    return Markup("".join(out))


def _html_text(value: str) -> str:
    """Untrusted text as inert HTML on one line; a seam's single space is kept (the text around a link)."""
    cleaned = visible(value)
    inner = " ".join(cleaned.split())
    if not inner:
        return " " if cleaned[:1].isspace() else ""
    lead = " " if cleaned[:1].isspace() else ""
    trail = " " if cleaned[-1:].isspace() else ""
    return lead + html.escape(inner, quote=True) + trail
