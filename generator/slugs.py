"""Slugs: stable, ASCII, readable."""
from slugify import slugify as _slugify

# Apostrophes join words in French ("d’état-major"); treat them as separators.
_REPLACEMENTS = [["’", "-"], ["'", "-"], ["&", " and "]]


def slugify(text: str, max_length: int = 60) -> str:
    slug = _slugify(text, replacements=_REPLACEMENTS, max_length=max_length, word_boundary=True, save_order=True)
    return slug or "untitled"
