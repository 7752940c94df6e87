"""MkDocs hook: take `site_url` from the briefing's configuration (`site.url`) when mkdocs.yml does not set one.

One setting then serves both the Atom feed (absolute links) and the 404 page, which a server shows at any depth
and whose links and assets MkDocs therefore makes absolute from the path of `site_url`. The configuration is the
one `briefing --config FILE` names (passed as BRIEFING_CONFIG), else briefing.yml beside mkdocs.yml; it is
validated as `generate` validates it, so only an http(s) address gets here. The environment variable
BRIEFING_SITE_URL (read by mkdocs.yml) still wins, for a one-off build for another address.
"""
from __future__ import annotations

import briefing_yml


def on_config(config):
    if config.site_url:
        return config
    briefing = briefing_yml.load(config)
    if briefing is not None and briefing.site_url:
        config.site_url = briefing.site_url.rstrip("/") + "/"
    return config
