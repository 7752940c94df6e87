"""Briefing: turn a folder of source documents into a static briefing site."""

__version__ = "0.1.0"
