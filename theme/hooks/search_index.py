"""MkDocs hook: index the built site for search (build.index_for_search: Pagefind's index, and the one for a site
opened from disk), so that `mkdocs serve` and a bare `mkdocs build` have search too. `briefing build` indexes the
staged site itself, after MkDocs and before the swap, and tells this hook so (BRIEFING_SEARCH_INDEX=later)."""
from __future__ import annotations

import os

import briefing_yml  # this folder is on the import path while a hook loads


def on_post_build(config):
    from mkdocs.exceptions import PluginError

    try:
        from generator.build import index_for_search
        from generator.errors import BriefingError
        from generator.search_index import LATER, Layout
    except ImportError as exc:
        raise PluginError(f"the briefing generator cannot be imported ({exc}); build with `briefing build`, or "
                          "install it (`pip install -e .`)") from None
    if os.environ.get(LATER) == "later":
        return
    loaded = briefing_yml.load(config)
    try:
        index_for_search(config.site_dir, layout=Layout.of(loaded) if loaded is not None else Layout())
    except BriefingError as exc:
        raise PluginError(str(exc)) from None
