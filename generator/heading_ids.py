"""Heading ids, as MkDocs makes them: mkdocs.yml names heading_id as the toc extension's slugify.

Apart from slugs.py: the analysis imports that, and Python-Markdown is none of its business (nor of its cache
key)."""
import re

from markdown.extensions.toc import slugify as toc_slugify

_THEME_ID = re.compile(r"^_+")


def heading_id(value: str, separator: str) -> str:
    """A heading's id (Python-Markdown's toc slugify), never one of the theme's: Material finds its components
    by ids that start with two underscores (`__config`, `__search`, `__drawer`, `__palette_0`...), and a heading
    "__config" taking that id would stop every script of its page. Leading underscores are dropped; toc then
    makes the id unique among the page's headings as usual."""
    slug = toc_slugify(value, separator)
    return _THEME_ID.sub("", slug) or ("section" if slug else slug)
