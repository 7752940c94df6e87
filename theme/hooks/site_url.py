"""MkDocs hook: take `site_url` from briefing.yml (`site.url`) when mkdocs.yml does not set one.

One setting then serves both the Atom feed (absolute links) and the 404 page, which a server shows at any depth
and whose links and assets MkDocs therefore makes absolute from the path of `site_url`. The environment variable
BRIEFING_SITE_URL (read by mkdocs.yml) still wins, for a one-off build for another address.
"""
from __future__ import annotations

from pathlib import Path

import yaml


def on_config(config):
    if config.site_url:
        return config
    path = Path(config.config_file_path).parent / "briefing.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return config
    site = data.get("site") if isinstance(data, dict) else None
    url = site.get("url") if isinstance(site, dict) else None
    if isinstance(url, str) and url.strip():
        config.site_url = url.strip().rstrip("/") + "/"
    return config
