"""Ingest: find source files, read and decode them, and reduce each to text plus declared metadata.

One reader per format with one contract: bytes in, RawSource out, SourceError on anything unusable.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SourceError
from generator.models import RawSource

log = logging.getLogger(__name__)

READERS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
BACKUP_RE = re.compile(r"(~|\.bak|\.swp|\.swo|\.tmp|\.orig)$|^#.*#$", re.I)
# Bytes that never occur in text: control characters other than tab, newline, carriage return, form feed.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32)) | {127}
_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"PK\x03\x04": "a ZIP archive (or Office document)", b"\x7fELF": "an executable", b"\x1f\x8b": "a gzip archive"}


@dataclass(frozen=True)
class Listing:
    files: tuple[Path, ...]  # sources to read, sorted by relative path
    notices: tuple[str, ...]  # files skipped on purpose, one line each
    refused: tuple[tuple[str, str], ...]  # (relative path, reason) of files that can never be read


def discover(sources_dir: Path) -> Listing:
    """List readable sources under sources_dir, in a stable order independent of the file system."""
    root = sources_dir.resolve()
    if not root.is_dir():
        raise SourceError(sources_dir, "sources folder not found")
    files, notices, refused = [], [], []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or BACKUP_RE.search(name):
                continue
            if path.suffix.lower() not in READERS:
                notices.append(f"{rel}: ignored (unknown extension {path.suffix or 'none'}; "
                               f"known: {', '.join(sorted(READERS))})")
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    refused.append((rel, "symbolic link leading outside the sources folder, refused"))
                    continue
            files.append(path)
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    return Listing(tuple(files), tuple(notices), tuple(refused))


def decode(data: bytes, rel: str) -> tuple[str, str]:
    """Bytes to text: BOMs first, then UTF-8, then a charset detector. Binary is refused."""
    if not data.strip():
        raise SourceError(rel, "empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise SourceError(rel, f"binary content ({what}), not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise SourceError(rel, f"invalid {enc} text at byte {exc.start}") from None
    if b"\x00" in data[:4096] and _looks_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace"), "utf-16"
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = _detect(data, rel)
    if not text.strip():
        raise SourceError(rel, "empty file (only whitespace)")
    bad = sum(1 for ch in text[:65536] if ord(ch) in _CONTROL and ch != "\x00")
    nul = text.count("\x00")
    if bad > 0.01 * min(len(text), 65536) or nul > 0.01 * len(text):
        raise SourceError(rel, "binary content (control bytes), not text")
    return text, enc


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    return max(zeros_even, zeros_odd) > 0.3 * (len(sample) / 2)


def _detect(data: bytes, rel: str) -> tuple[str, str]:
    """Legacy encodings. Western text (a few accented letters among ASCII) is cp1252, a superset of Latin-1
    in practice; detectors guess badly there (cp1257, cp1250), so they are asked only about other scripts."""
    try:
        text = data.decode("cp1252")
        letters = [ch for ch in text[:100_000] if ch.isalpha()]
        if letters and sum(1 for ch in letters if ord(ch) > 127) / len(letters) < 0.25:
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("latin-1"), "latin-1"


def normalise(text: str) -> str:
    """NFC, "\n" line endings, no NUL, no trailing spaces at line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def read_source(path: Path, sources_dir: Path, max_bytes: int) -> RawSource:
    rel = path.resolve().relative_to(sources_dir.resolve()).as_posix() if not path.is_symlink() \
        else path.relative_to(sources_dir).as_posix()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(rel, f"too large ({size:,} bytes; the limit is {max_bytes:,}, "
                                   "set limits.max_file_bytes in briefing.yml)")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(rel, f"cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, rel, READERS[path.suffix.lower()])


def parse_bytes(data: bytes, rel: str, fmt: str) -> RawSource:
    digest = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data, rel)
    text = normalise(text)
    if fmt == "md":
        return _read_markdown(text, rel, digest, encoding)
    if fmt == "html":
        return _read_html(text, rel, digest, encoding)
    return RawSource(rel, text, "txt", digest, {}, (), encoding)


DECLARED_KEYS = ("title", "date", "language", "lang", "author", "url", "source", "publisher")


def _read_markdown(text: str, rel: str, digest: str, encoding: str) -> RawSource:
    import yaml

    declared: dict = {}
    body = text
    match = re.match(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", text, re.S)
    if match:
        try:
            meta = yaml.safe_load(match.group(1) or "") or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            raise SourceError(rel, f"malformed front matter{where}: {getattr(exc, 'problem', None) or exc}") from None
        if not isinstance(meta, dict):
            raise SourceError(rel, "malformed front matter: expected key: value pairs")
        declared = {k: _plain(meta[k]) for k in DECLARED_KEYS if meta.get(k) not in (None, "")}
        if "lang" in declared:
            declared.setdefault("language", declared.pop("lang"))
        body = text[match.end():]
    body = _markdown_to_text(body)
    if not body.strip():
        raise SourceError(rel, "no text after the front matter")
    return RawSource(rel, body, "md", digest, declared, (), encoding)


def _plain(value) -> str:
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


_MD_STRIP = [
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M), r"\1"),  # ATX headings keep their text
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r""),  # images carry no article text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their label
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.M), r""),  # reference definitions
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"^\s{0,3}>\s?", re.M), r""),
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.M), r""),
    (re.compile(r"<!--.*?-->", re.S), r""),
    (re.compile(r"</?[A-Za-z][^>]*>"), r""),
]


def _markdown_to_text(text: str) -> str:
    """Reduce Markdown to plain paragraphs; the article is re-rendered by us, never passed through."""
    for pattern, repl in _MD_STRIP:
        text = pattern.sub(repl, text)
    return text


def _read_html(text: str, rel: str, digest: str, encoding: str) -> RawSource:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, include_comments=True, include_tables=False, with_metadata=True,
                                          favor_recall=True, deduplicate=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise SourceError(rel, f"cannot parse HTML: {exc}") from None
    if doc is None:
        raise SourceError(rel, "no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        raise SourceError(rel, "no article text found in the HTML")
    declared = {}
    for key in ("title", "date", "author", "url"):
        if data.get(key):
            declared[key] = str(data[key]).strip()
    lang = _html_lang(text)
    if lang:
        declared["language"] = lang
    comments = tuple(c.strip() for c in (data.get("comments") or "").split("\n") if c.strip())
    return RawSource(rel, normalise(body), "html", digest, declared, comments, encoding)


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})(?:[-_][A-Za-z]+)?", html[:5000], re.I)
    return match.group(1).lower() if match else None
