"""MkDocs hook: the site's title, description and interface language come from briefing.yml (`site.title`,
`site.description`, `site.language`), the one place they are set; mkdocs.yml's values are fallbacks.

The language sets the theme's (mkdocs-material's own words and `<html lang>`), and names the generator's interface file (generator/data/interface/<code>.yml), from which the
navigation labels of the generated pages and the theme overrides' words (404 page, feed link) are taken.
"""
from __future__ import annotations

import briefing_yml
from markupsafe import Markup, escape
from mkdocs.plugins import event_priority


@event_priority(50)  # before the other hooks, which read the theme's language
def on_config(config):
    if not config["use_directory_urls"]:
        # The generated pages link the others in raw HTML, which MkDocs does not rewrite, at the addresses it
        # gives them with use_directory_urls (generator/hrefs.built_url): without it those links would break.
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{config.config_file_path}: use_directory_urls: false is not supported: the generated "
                          "pages link each page at its folder address (sources/<slug>/); remove the setting")
    from generator.search_index import query_words

    config.extra["query_words"] = query_words()  # the search page's (theme/search.html)
    briefing = briefing_yml.load(config)
    if briefing is None:  # no briefing configuration: mkdocs.yml's values stand
        return config
    # site_name is printed unescaped by the theme (the header, <title>): escaped here, once; Markup so that the
    # places that escape it (| e) leave it as it is.
    config["site_name"] = Markup(escape(" ".join(briefing.title.split())))
    config["site_description"] = Markup(escape(" ".join(briefing.description.split())))
    from generator import interface

    language = briefing.language
    words = interface.load(language)
    config.theme["language"] = language
    labels = words.nav()
    config.nav = _relabelled(config.nav, labels) if config.nav else config.nav
    config.extra["interface"] = {**words.data["theme"], "nav": labels}
    return config


def _relabelled(nav: list, labels: dict[str, str]) -> list:
    """The nav with each generated page's title in the interface's language; other entries as they are."""
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, list):
                out.append({title: _relabelled(target, labels)})
            else:
                out.append({labels.get(target, title): target})
        else:
            out.append(item)
    return out
