"""A run never replaces a published briefing with one that silently lost its sources.

Two runs are refused, the previous content/ (and so site/) kept, unless the user asks for it (`allow_lost`, the
`--allow-empty` option):
- a run that finds a folder it cannot read, where the last run found sources: publishing would drop their pages
  without a word (a folder that cannot be read and never held sources is reported, and the run goes on);
- a run that can use no source at all, when the last run published some: an empty sources folder is more often
  a share that is not mounted, or a mistake, than a wish to publish nothing. The option says it is a wish.

What the last run had is read from the cache's record of it and from the published briefing.json, so that either
one is enough (a run with --no-cache has only the second).
"""
from __future__ import annotations

import json
from pathlib import Path

from generator import writer
from generator.errors import BriefingError

OPTION = "--allow-empty"


class LostSourcesError(BriefingError):
    """The run would publish a briefing without sources the last one had. Carries one line per problem."""

    def __init__(self, lines: list[str]):
        self.lines = list(lines)
        super().__init__("; ".join(self.lines))


def published(content: Path) -> tuple[set[str], int]:
    """The sources named in the last published briefing.json (published or failed), and how many were
    published."""
    data = writer.previous_output(content)("briefing.json")
    try:
        doc = json.loads(data) if data else {}
        sources = [s["source_file"] for s in doc.get("sources", [])]
        failed = [f["source_file"] for f in doc.get("failures", [])]
    except (ValueError, TypeError, KeyError, AttributeError):
        return set(), 0
    return {str(p) for p in (*sources, *failed)}, len(sources)


def check_folders(unreadable, cached: dict[str, str], content: Path) -> None:
    """Refuse the run when a folder that cannot be read held sources in the last run."""
    if not unreadable:
        return
    before = set(cached) | published(content)[0]
    lines, lost = [], 0
    for folder, reason in unreadable:
        inside = sum(1 for rel in before if rel.startswith(folder))
        if inside:
            lost += inside
            lines.append(f"{folder}: {reason} (the last run had {inside} source"
                         f"{'s' if inside > 1 else ''} in it)")
    if lines:
        raise LostSourcesError([*lines, f"{lost} source{'s' if lost > 1 else ''} of the last run would be left "
                                f"out; the previous content and site are kept (make the folder readable, or pass "
                                f"{OPTION} to publish without them)"])


def check_not_empty(usable: int, failures, content: Path) -> None:
    """Refuse a run that can use no source when the last one published some."""
    if usable:
        return
    _names, before = published(content)
    if not before:
        return
    lines = [f"{f.path}: {f.reason}" for f in failures]
    found = f"none of the {len(failures)} sources found can be used" if failures else "no source found"
    raise LostSourcesError([*lines, f"{found}, and the last run published {before}: the previous content and "
                            f"site are kept (pass {OPTION} to publish an empty briefing)"])
