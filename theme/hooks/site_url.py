"""MkDocs hook: take `site_url` from the briefing's configuration (`site.url`) when mkdocs.yml does not set one.

One setting then serves both the Atom feed (absolute links) and the 404 page, which a server shows at any depth
and whose links and assets MkDocs therefore makes absolute from the path of `site_url`. The configuration is the
one `briefing --config FILE` names (passed as BRIEFING_CONFIG), else briefing.yml beside mkdocs.yml; it is
validated as `generate` validates it, so only an http(s) address gets here. The environment variable
BRIEFING_SITE_URL (read by mkdocs.yml) still wins, for a one-off build for another address.
"""
from __future__ import annotations

import os
from pathlib import Path


def on_config(config):
    if config.site_url:
        return config
    from mkdocs.exceptions import PluginError

    from generator.config import load_config
    from generator.errors import ConfigError

    named = os.environ.get("BRIEFING_CONFIG")  # `--config FILE`: it must be there
    path = Path(named or Path(config.config_file_path).parent / "briefing.yml")
    if not named and not path.is_file():  # a site without a briefing configuration: nothing to take
        return config
    try:
        url = load_config(path).site_url
    except ConfigError as exc:
        raise PluginError(str(exc)) from None
    if url:
        config.site_url = url.rstrip("/") + "/"
    return config
