"""Ingest: find source files, read and decode them, and reduce each to text plus declared metadata.

One reader per format with one contract: bytes in, RawSource out, SourceError on anything unusable.
Source files are untrusted: every step here runs in time linear in the size of the file (no regular expression
can backtrack over a whole line), reads at most `max_bytes` bytes, and never follows a link out of the sources
folder.

`files` lists the sources, `reading` turns one file into a RawSource, `decoding` turns bytes into normalised
text, and `markdown_reader` and `html_reader` read their formats (a text file is its text).
"""
from generator.ingest.files import READERS, Listing, discover
from generator.ingest.reading import parse_bytes, read_source

__all__ = ["READERS", "Listing", "discover", "parse_bytes", "read_source"]
