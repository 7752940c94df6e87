"""Bytes to text: BOMs, UTF-8 and legacy encodings decoded, binary files refused, and every text normalised
(NFC, "\n" line endings, no control characters)."""
from __future__ import annotations

import re
import unicodedata

from generator import controls
from generator.errors import SourceError

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


def decode(data: bytes, rel: str) -> tuple[str, str]:
    """Bytes to text: BOMs first, then UTF-8, then a charset detector. Binary and broken UTF-8 are refused."""
    if not data.strip():
        raise SourceError(rel, "empty file")
    _refuse_binary_signature(data, rel)
    text, enc = _decode(data, rel)
    text = unmangled(text)
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


# UTF-8 read as Windows-1252 (or Latin-1): "Ã©" for "é", "â€™" for "’", "Â " for a no-break space.
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def unmangled(text: str) -> str:
    """The text with its mojibake undone ("the worldâ€™s" is "the world’s"): a page saved, pasted or converted
    through the wrong encoding once. ftfy decides, conservatively, and only reads texts that show the signs."""
    if not _MOJIBAKE.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def normalise(text: str) -> str:
    """NFC, "\n" line endings, no NUL or other control characters, no invisible direction or zero-width
    controls (see controls.py), no trailing spaces at line ends."""
    text = _NEWLINES.sub("\n", text)
    text = controls.strip(_DROP.sub("", text))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def plain(value) -> str:
    """A declared value (front matter, HTML metadata) as one line of normalised text; a date as YYYY-MM-DD."""
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bytes):  # !!binary
        value = value.decode("utf-8", "replace")
    return " ".join(normalise(str(value)).split())
