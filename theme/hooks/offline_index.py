"""MkDocs hook: write the search index for a site opened from disk (generator/offline_index.py), so that
`mkdocs serve` and a bare `mkdocs build` have it too. `briefing build` writes it itself on the staged site,
after Pagefind, and tells this hook so (BRIEFING_SEARCH_INDEX=later, as for theme/hooks/search_index.py)."""
from __future__ import annotations

import os


def on_post_build(config):
    from mkdocs.exceptions import PluginError

    try:
        from generator.errors import BriefingError
        from generator.offline_index import write
        from generator.search_index import LATER
    except ImportError as exc:
        raise PluginError(f"the briefing generator cannot be imported ({exc}); build with `briefing build`, or "
                          "install it (`pip install -e .`)") from None
    if os.environ.get(LATER) == "later":
        return
    try:
        write(config.site_dir)
    except BriefingError as exc:
        raise PluginError(str(exc)) from None
