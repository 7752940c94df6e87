"""The Jinja environment the pages are rendered with (one per interface language, its filters and words), the
compiled templates' cache, and page(): front matter plus a template's Markdown."""
from __future__ import annotations

import html
from pathlib import Path

import frontmatter
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import controls, interface, outlets
from generator.data import DUMPER
from generator.models import SHARES, SIMILAR_WORDING
from generator.render.escape import attribute, escaper, link, md_escape, url, web_href


TEMPLATES = Path(__file__).parent.parent / "templates"


class Labels:
    """The interface strings as the templates call them (`ui("key", name=value)`, `ui.count("key", n)`): trusted
    Markdown from the language file, with every value filled in escaped like anything else a template prints."""

    def __init__(self, language: str):
        self.strings = interface.load(language)

    def __call__(self, key: str, **values) -> Markup:
        return Markup(self.strings.text(key, **_escaped_values(values)))

    def count(self, key: str, n: int, **values) -> Markup:
        return Markup(self.strings.plural(key, n, **_escaped_values(values)))

    def html(self, key: str, **values) -> Markup:
        """The string for a raw HTML block: its text entity-escaped, like every value filled in (a Markup value,
        an HTML fragment a macro made, as it is). Only for strings without Markdown."""
        return Markup(html.escape(self.strings.text(key), quote=False).format_map(_html_values(values)))

    def count_html(self, key: str, n: int, **values) -> Markup:
        """count() for a raw HTML block (see html())."""
        form = self.strings.plural(key, n, **{k: "{" + k + "}" for k in values})
        return Markup(html.escape(form, quote=False).format_map(_html_values(values)))

    def plain(self, key: str) -> str:
        """The string as text, to be escaped where it is printed (a link's text)."""
        return self.strings.text(key)

    def reason(self, reason: str, as_html: bool = False) -> Markup:
        """Why a source is related (link/related.py's reason, kept in English in briefing.json), in the interface's
        words: Markdown, or text for a raw HTML block (`as_html`)."""
        words, text = (self.html, attribute) if as_html else (self, md_escape)
        if reason == SIMILAR_WORDING:
            return words("related.similar")
        if reason.startswith(SHARES):
            return words("related.shares", names=reason[len(SHARES):])
        return text(reason)


def _escaped_values(values: dict) -> dict:
    return {k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else md_escape(v)
            for k, v in values.items()}


def _html_values(values: dict) -> dict:
    return {k: v if isinstance(v, (int, float, Markup)) and not isinstance(v, bool) else attribute(v)
            for k, v in values.items()}


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_escape(value)


def environment(language: str = interface.DEFAULT) -> Environment:
    """The templates' environment for an interface language: its words (`ui`), dates, language names and date
    bases. One per language, as the filters are the environment's."""
    env = _environments.get(language)
    if env is None:
        env = _environments[language] = _new_environment(language)
    return env


def _new_environment(language: str) -> Environment:
    labels = Labels(language)
    strings = labels.strings
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False,
                      finalize=_finalize, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=_bytecode_cache)
    env.globals["ui"] = labels
    # `h` and `url` print text and links in raw HTML blocks (see templates/_html.md.j2).
    env.filters.update(link=link, md=md_escape, attr=attribute, h=attribute, url=url, href=web_href,
                       outlet_page=outlets.page_path, date=strings.date, language=strings.language_name,
                       basis=strings.basis, reason=labels.reason)
    return env


_environments: dict[str, Environment] = {}
_bytecode_cache = None  # set by prepare(), for every language's environment


# Front-matter fields the theme prints into HTML as they are (<title>, the header, the tags index): their text
# is entity-escaped there, so a title shows literally and never becomes markup. briefing.json keeps raw text.
_CHROME_FIELDS = ("title", "description")


def page(meta: dict, template: str, lang: str = interface.DEFAULT, **context) -> bytes:
    """A page: front matter and the template's Markdown, in interface language `lang`."""
    body = environment(lang).get_template(template).render(**context)
    meta = {k: html.escape(controls.strip(v), quote=True) if k in _CHROME_FIELDS and isinstance(v, str) else v
            for k, v in meta.items()}
    post = frontmatter.Post(body, **meta)
    text = frontmatter.dumps(post, Dumper=DUMPER, sort_keys=False, width=10_000)
    return (text.rstrip("\n") + "\n").encode("utf-8")


def load_templates(language: str = interface.DEFAULT) -> None:
    """Compile the templates before the worker processes are forked, so that they start with them."""
    env = environment(language)
    for name in sorted(p.name for p in TEMPLATES.glob("*.j2")):
        env.get_template(name)


def prepare(bytecode_cache=None, language: str = interface.DEFAULT) -> None:
    """Compile the templates (kept in `bytecode_cache`, a jinja2.BytecodeCache, when given) for an interface
    language and import what rendering uses, so that it can be done in advance."""
    if bytecode_cache is not None:
        global _bytecode_cache
        _bytecode_cache = bytecode_cache
        for env in _environments.values():
            env.bytecode_cache = bytecode_cache
    load_templates(language)
    escaper()
