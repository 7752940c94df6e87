"""The Markdown reader: front matter to declared metadata, the body reduced to plain paragraphs."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from generator.errors import SourceError
from generator.ingest.decoding import normalise, plain
from generator.models import RawSource
from generator.text import fold

MAX_FRONT_MATTER = 100_000  # characters; front matter is a few lines of metadata
DECLARED_KEYS = ("title", "date", "language", "lang", "author", "url", "source", "publisher", "site_name")
# Other names clipping tools give the publication date ("published": Obsidian's web clipper), used when `date` is
# absent; never the day of the clipping ("created", "clipped").
DATE_KEYS = ("published", "pubDate", "publish_date", "published_at", "date_published")
# The document's title, as Markdown writes it: a level-one heading opening the text ("# Title", or "Title" over
# "=====").
FIRST_HEADING = re.compile(r"\A\s*(?:#[ \t]+(?P<atx>[^\n]+?)[ \t#]*(?:\n|\Z)|(?P<setext>[^\n#][^\n]*)\n=+[ \t]*(?:\n|\Z))")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def read_markdown(text: str, rel: str, digest: str, encoding: str) -> RawSource:
    """The RawSource of a Markdown text; SourceError for malformed front matter or no text."""
    declared: dict = {}
    body = text
    match = FRONT_MATTER.match(text)
    if match:
        declared = _front_matter(match.group(1), rel)
        body = text[match.end():]
    clipped_heading = _clipped_headline(declared, body)
    if clipped_heading:
        declared["title"] = clipped_heading
    if "title" not in declared:
        heading = FIRST_HEADING.match(body)
        if heading:
            title = plain(html.unescape(_markdown_to_text(heading.group("atx") or heading.group("setext"))))
            if title.strip():
                declared["title"] = " ".join(title.split())
    body = normalise(_markdown_to_text(body))
    if not body.strip():
        raise SourceError(rel, "no text after the front matter" if match else "no text (only Markdown markup)")
    return RawSource(rel, body, "md", digest, declared, (), encoding)


def _clipped_headline(declared: dict, body: str) -> str | None:
    """The headline a clipped page showed: its text's first level-one heading, near the top, when the front
    matter names a web address as the source (a clipper's, whose `title` is the page's <title>, written for search
    engines) and the heading names the same article (it shares words with that title)."""
    if "title" not in declared or not WEB.match(declared.get("source") or declared.get("url") or ""):
        return None
    found = ATX_HEADING.search(body[:CLIPPING_TOP])
    if found is None:
        return None
    heading = " ".join(plain(html.unescape(_markdown_to_text(found.group(1)))).split())
    shared = set(_long_words(heading)) & set(_long_words(declared["title"]))
    return heading if len(shared) >= SHARED_WORDS and heading != declared["title"] else None


def _long_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", fold(text)) if len(w) >= 4]


WEB = re.compile(r"(?i)\s*https?://")
ATX_HEADING = re.compile(r"^#[ \t]+([^\n]+?)[ \t#]*$", re.M)
CLIPPING_TOP = 1000  # characters of the text where a clipped page's headline stands (under a breadcrumb, a kicker)
SHARED_WORDS = 2


def _front_matter(block: str, rel: str) -> dict:
    import yaml

    if len(block) > MAX_FRONT_MATTER:
        raise SourceError(rel, f"malformed front matter: longer than {MAX_FRONT_MATTER:,} characters")
    try:
        meta = yaml.load(block, Loader=_front_matter_loader()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise SourceError(rel, f"malformed front matter{where}: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise SourceError(rel, "malformed front matter: nested too deeply") from None
    except (ValueError, OverflowError, TypeError) as exc:  # a constructor of the safe loader gave up
        raise SourceError(rel, f"malformed front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise SourceError(rel, "malformed front matter: expected key: value pairs")
    declared = {}
    if meta.get("date") in (None, ""):
        meta = {**meta, "date": next((meta[k] for k in DATE_KEYS if meta.get(k) not in (None, "")), None)}
    for key in DECLARED_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if key == "author" and _names(value):
            value = _names(value)
        if isinstance(value, (dict, list, set, tuple)):
            raise SourceError(rel, f"malformed front matter: '{key}' must be a single value, "
                                   f"not a {'list' if isinstance(value, (list, set, tuple)) else 'mapping'}")
        declared[key] = plain(value)
    if "lang" in declared:
        declared.setdefault("language", declared.pop("lang"))
    declared.pop("lang", None)
    return {k: v for k, v in declared.items() if v}


@lru_cache(maxsize=1)
def _front_matter_loader():
    """yaml.SafeLoader, except that an impossible date (2024-02-30, year 0) is a YAML error naming the value and
    its line, not a bare ValueError from datetime."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def timestamp(loader, node):
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, f"impossible date {node.value!r} ({exc})",
                                                    node.start_mark) from None

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _names(value) -> str | None:
    """Several authors, as front matter lists them ([Jane Doe, John Roe]), as one line; None for anything else."""
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return ", ".join(" ".join(v.split()) for v in value)
    return None


# Markdown to plain text. Every pattern is bounded so that no match attempt can scan more than a short stretch
# of text: labels and URLs stop at the next bracket, parenthesis or line end, emphasis at the next star.
_URL = r"\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)"  # "(url)", with one level of parentheses inside
_MD_STRIP = [
    (re.compile(r"!\[([^\[\]\n]{0,1000})\]" + _URL), r""),  # images carry no article text
    (re.compile(r"\[([^\[\]\n]{1,1000})\]" + _URL), r"\1"),  # links keep their label
    (re.compile(r"^[ \t]{0,3}\[[^\[\]\n]{1,1000}\]:[^\n]*$", re.M), r""),  # reference and footnote definitions
    (re.compile(r"\[\^[^\[\]\s]{1,100}\]"), r""),  # footnote markers in the text ("argues[^1] that")
    (re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M), r""),  # block quotes, nested too
    # list markers and a task's box ("- [ ] ask K."), before emphasis: "**1. The plane**" is a bold line, no list
    (re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?", re.M), r""),
    (re.compile(r"(\*\*|__)([^*_\n]{1,2000})\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?![\s*])([^*\n]{1,2000})(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>]{0,5000}>"), r""),  # tags; the text between them stays
]
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)([^\n]*)$", re.M)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = re.compile("\x02([0-9]{2,3})\x03")


def _markdown_to_text(text: str) -> str:
    """Reduce Markdown to plain paragraphs; the article is re-rendered by us, never passed through."""
    # Backslash-escaped characters are set aside first (as \x02<code>\x03; the text has no control characters)
    # so that no pattern below takes an escaped star or bracket for markup.
    text = _ESCAPE.sub(lambda m: f"\x02{ord(m.group(1))}\x03", text)
    text = _cut_between(text, "<!--", "-->")
    for tag in ("script", "style"):
        text = _cut_elements(text, tag)
    text = _HEADING.sub(lambda m: _heading_text(m.group(1)), text)
    for pattern, repl in _MD_STRIP:
        text = pattern.sub(repl, text)
    return html.unescape(_ESCAPED.sub(lambda m: chr(int(m.group(1))), text))


def _heading_text(line: str) -> str:
    """An ATX heading's text without its optional closing hashes ("## Title ##")."""
    line = line.rstrip(" \t")
    bare = line.rstrip("#")
    if bare != line and (not bare or bare[-1] in " \t"):
        line = bare.rstrip(" \t")
    return line


def _cut_between(text: str, start: str, end: str, lower: str | None = None, close: str = "") -> str:
    """Remove every start...end stretch (and an unclosed one to the end of the text), in linear time.
    With `close`, the stretch goes on past `end` to the next `close` ("</script" ... ">")."""
    hay = lower if lower is not None else text
    out, pos = [], 0
    while True:
        i = hay.find(start, pos)
        if i < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:i])
        j = hay.find(end, i + len(start))
        if j < 0:
            break
        pos = j + len(end)
        if close:
            k = hay.find(close, pos)
            pos = len(text) if k < 0 else k + len(close)
    return "".join(out)


def _cut_elements(text: str, tag: str) -> str:
    """Drop <script>...</script> and <style>...</style> with their content: code, never article text."""
    lower = text.lower()
    if f"<{tag}" not in lower:
        return text
    return _cut_between(text, f"<{tag}", f"</{tag}", lower, close=">")
