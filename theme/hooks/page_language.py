"""MkDocs hook: a source page's `<html lang>` is the language of its text (front matter `language`), not the
interface's, so that the search index (Pagefind, which reads the language from `<html lang>`) stems a French
article as French and an English one as English (Pagefind has no per-element language). The page's own labels
(the interface's) then carry the article's language: a screen reader reads a few labels with the wrong accent, a
lesser harm than a French article searched with English stems."""
from __future__ import annotations

import re

_HTML_LANG = re.compile(r'<html lang="[^"]*"')
_CODE = re.compile(r"[a-z]{2}")


def on_post_page(output, page, config):
    language = page.meta.get("language") if isinstance(page.meta, dict) else None
    if not isinstance(language, str) or not _CODE.fullmatch(language) or language == config.theme["language"]:
        return output
    return _HTML_LANG.sub(f'<html lang="{language}"', output, count=1)
