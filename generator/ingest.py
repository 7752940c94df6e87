"""Ingest: find source files, read and decode them, and reduce each to text plus declared metadata.

One reader per format with one contract: bytes in, RawSource out, SourceError on anything unusable.
Source files are untrusted: every step here runs in time linear in the size of the file (no regular expression
can backtrack over a whole line), reads at most `max_bytes` bytes, and never follows a link out of the sources
folder.
"""
from __future__ import annotations

import errno
import hashlib
import html
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator import controls, hidden
from generator.errors import SourceError, display_path
from generator.models import RawSource

log = logging.getLogger(__name__)

READERS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
BACKUP_RE = re.compile(r"(~|\.bak|\.swp|\.swo|\.swx|\.tmp|\.orig|\.rej|\.part|\.crdownload)$|^#.*#$", re.I)
# Bytes that never occur in text: control characters other than tab, newline, carriage return, form feed.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32)) | {127}
# What counts against a text: control characters but NUL (counted apart) and the replacement character.
_BAD_CHARS = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL - {0})) + "\ufffd]")
_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"PK\x03\x04": "a ZIP archive (or Office document)", b"\x7fELF": "an executable", b"\x1f\x8b": "a gzip archive",
          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Office document", b"{\\rtf": "an RTF document",
          b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive", b"Rar!\x1a\x07": "a RAR archive", b"\xfd7zXZ\x00": "an xz archive",
          b"(\xb5/\xfd": "a zstd archive", b"SQLite format 3\x00": "an SQLite database", b"II*\x00": "a TIFF image",
          b"MM\x00*": "a TIFF image", b"\x1aE\xdf\xa3": "a video", b"\x00asm": "a WebAssembly module",
          b"\xca\xfe\xba\xbe": "an executable", b"MZ": "an executable"}
# Other binary formats (audio, fonts, archives without a signature above) are caught by their control bytes.
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "an audio file", b"AVI ": "a video"}
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# A valid multi-byte UTF-8 sequence (RFC 3629): evidence that a file which does not decode is broken UTF-8,
# not a legacy single-byte encoding.
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                         rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                         rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# Characters dropped from every text: C0/C1 controls except tab and newline, lone surrogates, the BOM and
# non-characters. Form feed, vertical tab and the Unicode line and paragraph separators become newlines.
_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# More control characters (or U+FFFD from undecodable bytes) than this share of a file, and it is binary.
BINARY_RATIO, BINARY_MIN = 0.01, 4


@dataclass(frozen=True)
class Listing:
    files: tuple[Path, ...]  # sources to read, sorted by relative path
    notices: tuple[str, ...]  # files skipped on purpose, one line each
    refused: tuple[tuple[str, str], ...]  # (relative path, reason) of files that can never be read
    unreadable: tuple[tuple[str, str], ...] = ()  # (relative path + "/", reason) of folders that cannot be listed


def ignored(name: str) -> bool:
    """Hidden files and editor backups: skipped without a word."""
    return name.startswith(".") or bool(BACKUP_RE.search(name))


def discover(sources_dir: Path) -> Listing:
    """List readable sources under sources_dir, in a stable order independent of the file system."""
    root = sources_dir.resolve()
    if not root.is_dir():
        raise SourceError(sources_dir, "sources folder not found")
    files, notices, refused, unreadable = [], [], [], []

    def cannot_list(exc: OSError) -> None:  # os.walk skips such a folder without a word: each one is named
        folder = Path(exc.filename) if exc.filename else root
        if folder == root:
            raise SourceError(sources_dir, f"cannot read the sources folder: {exc.strerror or exc}")
        unreadable.append((display_path(folder.relative_to(root).as_posix()) + "/",
                           f"cannot read the folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=cannot_list, followlinks=False):
        here = Path(dirpath)
        prefix = "" if here == root else here.relative_to(root).as_posix() + "/"  # once a folder, not a file
        for name in sorted(dirnames):
            path = here / name
            if name.startswith(".") or not path.is_symlink():
                continue
            rel = display_path(path.relative_to(root).as_posix())
            problem = _link_problem(path, root)
            if problem is None:
                notices.append(f"{rel}: ignored (symbolic link to a folder inside the sources folder; "
                               "its files are read where they are)")
            else:
                refused.append((rel, problem))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            if ignored(name):
                continue
            path = here / name
            raw_rel = prefix + name
            rel = display_path(raw_rel)
            if rel != raw_rel:
                refused.append((rel, "file name is not valid UTF-8 or contains control characters; rename it"))
                continue
            problem = _link_problem(path, root) if path.is_symlink() else None
            if problem == LOOP:  # a loop of links to folders is listed as a file: named as what it is
                refused.append((rel, problem))
                continue
            if path.suffix.lower() not in READERS:
                notices.append(f"{rel}: ignored (unknown extension {path.suffix or 'none'}; "
                               f"known: {', '.join(sorted(READERS))})")
                continue
            if problem:
                refused.append((rel, problem))
                continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                reason = "broken symbolic link" if path.is_symlink() else f"cannot read: {exc.strerror or exc}"
                refused.append((rel, reason))
                continue
            if not stat.S_ISREG(mode):
                refused.append((rel, "not a regular file (a device, pipe or socket), refused"))
                continue
            files.append((raw_rel, path))
    files.sort(key=lambda item: item[0])
    return Listing(tuple(path for _rel, path in files), tuple(sorted(notices)), tuple(sorted(refused)),
                   tuple(sorted(unreadable)))


LOOP = "symbolic link loop (following it never reaches a file), refused"


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symbolic link cannot be followed (a loop, or a target outside the sources folder); None when it
    leads inside the folder."""
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # Python < 3.13 raises RuntimeError on a loop
        return LOOP
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
    if not target.is_relative_to(root):
        return "symbolic link leading outside the sources folder, refused"
    return None


def decode(data: bytes, rel: str) -> tuple[str, str]:
    """Bytes to text: BOMs first, then UTF-8, then a charset detector. Binary and broken UTF-8 are refused."""
    if not data.strip():
        raise SourceError(rel, "empty file")
    _refuse_binary_signature(data, rel)
    text, enc = _decode(data, rel)
    if not text.strip(" \t\r\n\x0b\x0c\ufeff\u2028\u2029\x85"):
        raise SourceError(rel, "empty file (only whitespace)")
    sample = text[:65536]
    bad = len(_BAD_CHARS.findall(sample))
    nul = text.count("\x00")  # a stray NUL is dropped; many of them make a binary file
    if bad > max(BINARY_MIN, BINARY_RATIO * len(sample)) or nul > max(BINARY_MIN, BINARY_RATIO * len(text)):
        raise SourceError(rel, "binary content (control bytes), not text")
    return text, enc


def _refuse_binary_signature(data: bytes, rel: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic) and (magic != b"MZ" or b"\x00" in data[:64]):
            raise SourceError(rel, f"binary content ({what}), not text")
    if data.startswith(b"RIFF") and data[8:12] in _RIFF:
        raise SourceError(rel, f"binary content ({_RIFF[data[8:12]]}), not text")
    if data[4:8] == b"ftyp":
        raise SourceError(rel, "binary content (a video or image), not text")


def _decode(data: bytes, rel: str) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc.split("-le")[0].split("-be")[0]
            except UnicodeDecodeError as exc:
                raise SourceError(rel, f"invalid {enc.upper()} text at byte {exc.start + len(bom)}") from None
    if b"\x00" in data[:4096] and _looks_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            # Cut off in the middle of its last character (a truncated download): the rest is good UTF-8.
            return data[:exc.start].decode("utf-8"), "utf-8"
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, exc.start) + 1
            raise SourceError(rel, f"invalid UTF-8 at byte {exc.start} (line {line}): the file mixes UTF-8 with "
                                   "another encoding; save it again as UTF-8") from None
    return _detect(data, rel)


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly valid UTF-8 sequences: broken UTF-8 rather than cp1252."""
    high = len(data.translate(None, bytes(range(0x80))))
    in_sequences = sum(len(m.group()) for m in _UTF8_MULTI.finditer(data))
    return in_sequences > 0 and in_sequences >= high - in_sequences


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    # UTF-16 puts the zero byte of ASCII characters always on the same side; binary data scatters them.
    many, few = max(zeros_even, zeros_odd), min(zeros_even, zeros_odd)
    return many > 0.3 * (len(sample) / 2) and few < 0.1 * many


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
    """NFC, "\n" line endings, no NUL or other control characters, no invisible direction or zero-width
    controls (see controls.py), no trailing spaces at line ends."""
    text = _NEWLINES.sub("\n", text)
    text = controls.strip(_DROP.sub("", text))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def read_source(path: Path, sources_dir: Path, max_bytes: int) -> RawSource:
    root = sources_dir.resolve()
    # The link itself, not its target, names the source (a link inside the folder is read as the file it is).
    try:
        rel = (path.parent.resolve() / path.name).relative_to(root).as_posix()
    except ValueError:
        raise SourceError(path, "outside the sources folder, refused") from None
    if path.is_symlink() and (problem := _link_problem(path, root)):
        raise SourceError(rel, problem)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it changes nothing for a regular file.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SourceError(rel, "not a regular file (a device, pipe or socket), refused")
            data = handle.read(max_bytes + 1)  # never more than the limit, even if the file grows meanwhile
            if len(data) > max_bytes:
                size = max(os.fstat(handle.fileno()).st_size, len(data))
                raise SourceError(rel, f"too large ({size:,} bytes; the limit is {max_bytes:,}, "
                                       "set limits.max_file_bytes in briefing.yml)")
    except OSError as exc:
        raise SourceError(rel, f"cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, rel, READERS[path.suffix.lower()])


def parse_bytes(data: bytes, rel: str, fmt: str) -> RawSource:
    digest = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data, rel)
    text = normalise(text)
    if not text.strip():
        raise SourceError(rel, "empty file (only whitespace and control characters)")
    if fmt == "md":
        return _read_markdown(text, rel, digest, encoding)
    if fmt == "html":
        return _read_html(text, rel, digest, encoding)
    return RawSource(rel, text, "txt", digest, {}, (), encoding)


MAX_FRONT_MATTER = 100_000  # characters; front matter is a few lines of metadata
DECLARED_KEYS = ("title", "date", "language", "lang", "author", "url", "source", "publisher", "site_name")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def _read_markdown(text: str, rel: str, digest: str, encoding: str) -> RawSource:
    declared: dict = {}
    body = text
    match = FRONT_MATTER.match(text)
    if match:
        declared = _front_matter(match.group(1), rel)
        body = text[match.end():]
    body = normalise(_markdown_to_text(body))
    if not body.strip():
        raise SourceError(rel, "no text after the front matter" if match else "no text (only Markdown markup)")
    return RawSource(rel, body, "md", digest, declared, (), encoding)


def _front_matter(block: str, rel: str) -> dict:
    import yaml

    if len(block) > MAX_FRONT_MATTER:
        raise SourceError(rel, f"malformed front matter: longer than {MAX_FRONT_MATTER:,} characters")
    try:
        meta = yaml.load(block, Loader=_front_matter_loader()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise SourceError(rel, f"malformed front matter{where}: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise SourceError(rel, "malformed front matter: nested too deeply") from None
    except (ValueError, OverflowError, TypeError) as exc:  # a constructor of the safe loader gave up
        raise SourceError(rel, f"malformed front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise SourceError(rel, "malformed front matter: expected key: value pairs")
    declared = {}
    for key in DECLARED_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if key == "author" and _names(value):
            value = _names(value)
        if isinstance(value, (dict, list, set, tuple)):
            raise SourceError(rel, f"malformed front matter: '{key}' must be a single value, "
                                   f"not a {'list' if isinstance(value, (list, set, tuple)) else 'mapping'}")
        declared[key] = _plain(value)
    if "lang" in declared:
        declared.setdefault("language", declared.pop("lang"))
    declared.pop("lang", None)
    return {k: v for k, v in declared.items() if v}


@lru_cache(maxsize=1)
def _front_matter_loader():
    """yaml.SafeLoader, except that an impossible date (2024-02-30, year 0) is a YAML error naming the value and
    its line, not a bare ValueError from datetime."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def timestamp(loader, node):
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, f"impossible date {node.value!r} ({exc})",
                                                    node.start_mark) from None

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _names(value) -> str | None:
    """Several authors, as front matter lists them ([Jane Doe, John Roe]), as one line; None for anything else."""
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return ", ".join(" ".join(v.split()) for v in value)
    return None


def _plain(value) -> str:
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bytes):  # !!binary
        value = value.decode("utf-8", "replace")
    return " ".join(normalise(str(value)).split())


# Markdown to plain text. Every pattern is bounded so that no match attempt can scan more than a short stretch
# of text: labels and URLs stop at the next bracket, parenthesis or line end, emphasis at the next star.
_URL = r"\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)"  # "(url)", with one level of parentheses inside
_MD_STRIP = [
    (re.compile(r"!\[([^\[\]\n]{0,1000})\]" + _URL), r""),  # images carry no article text
    (re.compile(r"\[([^\[\]\n]{1,1000})\]" + _URL), r"\1"),  # links keep their label
    (re.compile(r"^[ \t]{0,3}\[[^\[\]\n]{1,1000}\]:[^\n]*$", re.M), r""),  # reference and footnote definitions
    (re.compile(r"(\*\*|__)([^*_\n]{1,2000})\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?![\s*])([^*\n]{1,2000})(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M), r""),  # block quotes, nested too
    (re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+", re.M), r""),  # list markers
    (re.compile(r"</?[A-Za-z][^<>]{0,5000}>"), r""),  # tags; the text between them stays
]
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)([^\n]*)$", re.M)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = re.compile("\x02([0-9]{2,3})\x03")


def _markdown_to_text(text: str) -> str:
    """Reduce Markdown to plain paragraphs; the article is re-rendered by us, never passed through."""
    # Backslash-escaped characters are set aside first (as \x02<code>\x03; the text has no control characters)
    # so that no pattern below takes an escaped star or bracket for markup.
    text = _ESCAPE.sub(lambda m: f"\x02{ord(m.group(1))}\x03", text)
    text = _cut_between(text, "<!--", "-->")
    for tag in ("script", "style"):
        text = _cut_elements(text, tag)
    text = _HEADING.sub(lambda m: _heading_text(m.group(1)), text)
    for pattern, repl in _MD_STRIP:
        text = pattern.sub(repl, text)
    return html.unescape(_ESCAPED.sub(lambda m: chr(int(m.group(1))), text))


def _heading_text(line: str) -> str:
    """An ATX heading's text without its optional closing hashes ("## Title ##")."""
    line = line.rstrip(" \t")
    bare = line.rstrip("#")
    if bare != line and (not bare or bare[-1] in " \t"):
        line = bare.rstrip(" \t")
    return line


def _cut_between(text: str, start: str, end: str, lower: str | None = None, close: str = "") -> str:
    """Remove every start...end stretch (and an unclosed one to the end of the text), in linear time.
    With `close`, the stretch goes on past `end` to the next `close` ("</script" ... ">")."""
    hay = lower if lower is not None else text
    out, pos = [], 0
    while True:
        i = hay.find(start, pos)
        if i < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:i])
        j = hay.find(end, i + len(start))
        if j < 0:
            break
        pos = j + len(end)
        if close:
            k = hay.find(close, pos)
            pos = len(text) if k < 0 else k + len(close)
    return "".join(out)


def _cut_elements(text: str, tag: str) -> str:
    """Drop <script>...</script> and <style>...</style> with their content: code, never article text."""
    lower = text.lower()
    if f"<{tag}" not in lower:
        return text
    return _cut_between(text, f"<{tag}", f"</{tag}", lower, close=">")


def _read_html(text: str, rel: str, digest: str, encoding: str) -> RawSource:
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(text)  # the tree trafilatura would make of the text
        if tree is not None:
            hidden.drop_hidden(tree)
        doc = trafilatura.bare_extraction(tree if tree is not None else text, include_comments=True,
                                          include_tables=False, with_metadata=True, favor_recall=True,
                                          deduplicate=False, date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise SourceError(rel, f"cannot parse HTML: {type(exc).__name__}: {exc}") from None
    if doc is None:
        raise SourceError(rel, "no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = normalise(data.get("text") or "").strip()
    if not body:
        raise SourceError(rel, "no article text found in the HTML")
    declared = {}
    for key, name in (("title", "title"), ("date", "date"), ("author", "author"), ("url", "url"),
                      ("sitename", "site_name")):
        if data.get(key):
            value = _plain(data[key])
            if value:
                declared[name] = value
    if "url" not in declared:
        address = _json_ld_address(text)
        if address:
            declared["url"] = address
    lang = _html_lang(text)
    if lang:
        declared["language"] = lang
    comments = tuple(c.strip() for c in normalise(data.get("comments") or "").split("\n") if c.strip())
    return RawSource(rel, body, "html", digest, declared, comments, encoding)


# htmldate's default upper bound is today's date: a page dated after it would lose its date today and get it
# later, so the output would depend on the day of the run. A fixed bound keeps the output a function of the input.
_DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "2099-12-31"}


MAX_JSON_LD = 200_000  # characters of one JSON-LD block; metadata, never a whole page
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "backgroundnewsarticle", "blogposting", "report", "webpage"}


def _json_ld_address(html_text: str) -> str | None:
    """The article's address in its JSON-LD (`url`, else `mainEntityOfPage`): trafilatura reads the author and
    publisher there, and the address only from <link rel=canonical> and og:url."""
    import json

    lower = html_text.lower()
    pos = 0
    while True:
        start = lower.find("application/ld+json", pos)
        if start < 0:
            return None
        open_end = lower.find(">", start)
        close = lower.find("</script", open_end)
        if open_end < 0 or close < 0:
            return None
        pos = close
        if close - open_end > MAX_JSON_LD:
            continue
        try:
            data = json.loads(html_text[open_end + 1:close])
        except (ValueError, RecursionError):
            continue
        for item in _json_ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                continue
            for value in (item.get("url"), item.get("mainEntityOfPage")):
                value = value.get("@id") if isinstance(value, dict) else value
                if isinstance(value, str) and re.match(r"(?i)https?://", value.strip()):
                    return value.strip()


def _json_ld_items(data, depth: int = 0):
    """The objects of a JSON-LD document: itself, the items of a list, those of an @graph."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph"), depth + 1)


def _html_lang(html_text: str) -> str | None:
    match = re.search(r"<html[^>]{0,2000}?\blang\s*=\s*[\"']?([A-Za-z]{2})(?:[-_][A-Za-z]+)?", html_text[:5000], re.I)
    return match.group(1).lower() if match else None

