"""The one code fingerprint: what the generator is, as far as any output can tell.

It covers every file of the package (code, templates, data), the generator's and Python's versions (Python's
Unicode tables decide folding and word splits) and the installed versions of the libraries whose version can
change a result. Every record in `.cache/` is keyed by it. It is deliberately coarse: editing the templates or
the link stage also makes the cached analyses stale, which costs one cold run after an upgrade and can never
serve a stale result.
"""
from __future__ import annotations

import hashlib
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.versions import library_versions, normal_name

PACKAGE = Path(__file__).resolve().parent.parent
# Libraries whose version can change what the generator writes: those it imports, everything they require
# (trafilatura reads HTML with lxml, justext and htmldate, which dates pages with dateparser...), and the optional
# companions they use when installed (PyStemmer for snowballstemmer, lxml-html-clean for lxml). A few cannot change
# a result (certifi, urllib3), but listing the whole set is what tests/test_fingerprint.py can check against the
# installed metadata, so that a new dependency of a new version is never missed.
LIBRARIES = ("annotated-types", "babel", "certifi", "charset-normalizer", "contourpy", "courlan", "cssselect",
             "cycler", "dateparser", "feedgen", "fonttools", "ftfy", "htmldate", "Jinja2", "justext", "kiwisolver",
             "lingua-language-detector", "lxml", "lxml-html-clean", "Markdown", "MarkupSafe", "matplotlib",
             "networkx", "numpy", "orjson", "packaging", "pillow", "pydantic", "pydantic-core", "pyparsing",
             "PyStemmer", "pysbd", "python-dateutil", "python-frontmatter", "python-slugify", "pytz", "PyYAML",
             "rapidfuzz", "regex", "scipy", "snowballstemmer", "text-unidecode", "tinycss2", "tld", "trafilatura",
             "typing-extensions", "typing-inspection", "tzdata", "tzlocal", "urllib3", "wcwidth", "webencodings",
             "yake-rust")


@lru_cache(maxsize=1)
def code() -> str:
    """The fingerprint of the generator as installed."""
    files = sorted(p for p in PACKAGE.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    return digest(files, LIBRARIES, PACKAGE)


def digest(files: list[Path], libraries: tuple[str, ...], package: Path = PACKAGE) -> str:
    """A hash of the generator's and Python's versions, these files (their names under `package`, and their
    bytes) and the installed versions of these libraries."""
    h = hashlib.sha256(f"briefing {__version__}\npython {sys.version_info[:2]} unicode {unicodedata.unidata_version}\n"
                       .encode())
    for path in files:
        data = path.read_bytes()
        h.update(f"{path.relative_to(package).as_posix()}\n{len(data)}\n".encode())
        h.update(data)
    versions = library_versions(libraries)
    for name in libraries:
        h.update(f"{name}=={versions.get(normal_name(name), 'missing')}\n".encode())
    return h.hexdigest()
