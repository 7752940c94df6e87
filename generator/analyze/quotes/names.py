"""Speakers given by their last name made whole with the full name their source gives."""
from __future__ import annotations

from dataclasses import replace

from generator.models import Mention, Quote
from generator.text import fold


def with_full_names(found: list[Quote], mentions: tuple[Mention, ...]) -> tuple[Quote, ...]:
    """Quotations whose speaker is a last name ("Bourita told reporters") given the full name of the one person
    of the source whose name ends with it ("Nasser Bourita"): the quotes page shows whom it is, not a surname."""
    last: dict[str, set[str]] = {}
    for m in mentions:
        words = m.name.split()
        # A person, or a name the rules could not type ("Nasser Bourita" found by its capitals alone).
        if m.kind in ("person", "other") and len(words) > 1:
            last.setdefault(fold(words[-1]), set()).add(m.name)
    out = []
    for q in found:
        names = last.get(fold(q.speaker)) if q.speaker and " " not in q.speaker.strip() else None
        out.append(replace(q, speaker=next(iter(names))) if names and len(names) == 1 else q)
    return tuple(out)
