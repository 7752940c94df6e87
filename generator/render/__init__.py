"""Render: the linked briefing to pages (front matter + Markdown) and data files, as {relative path: bytes}.

Source text is untrusted. Every value a template prints is escaped for Markdown and HTML unless it is a
`Markup` the generator built itself (links to its own pages); front matter goes through a YAML serializer.

escape: untrusted text made inert; templates: the Jinja environment and page(); views: what a page reads of the
rest of the briefing, and the digests of its inputs; article: a source page's text and front matter; data:
briefing.json; pages: render_pages, the jobs that make every file and reuse the last run's.
"""
from generator.render.article import date_from
from generator.render.data import briefing_data
from generator.render.escape import MARKDOWN_EXTENSIONS, attribute, md_escape, web_href
from generator.render.pages import output_paths, render, render_pages
from generator.render.templates import Labels, environment, prepare
from generator.render.views import outlet

__all__ = ["MARKDOWN_EXTENSIONS", "Labels", "attribute", "briefing_data", "date_from", "environment", "md_escape",
           "outlet", "output_paths", "prepare", "render", "render_pages", "web_href"]
