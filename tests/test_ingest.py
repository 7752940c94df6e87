import pytest

from generator import ingest
from generator.ingest import markdown_reader
from generator.errors import SourceError
from tests.conftest import deny_listing


def test_utf8_and_crlf_are_normalised():
    raw = ingest.parse_bytes("Caf\u0065\u0301 line\r\nnext\rlast".encode(), "a.txt", "txt")
    assert raw.text == "Café line\nnext\nlast"


@pytest.mark.parametrize("data,encoding", [
    ("Le ministre algérien à Bamako, été déjà.".encode("cp1252") * 20, "cp1252"),
    ("\ufeffLe ministre algérien à Bamako.".encode("utf-16-le"), "utf-16"),
    (b"\xff\xfe" + "Le ministre algérien à Bamako.".encode("utf-16-le"), "utf-16"),
    ("\ufeffLe ministre algérien".encode("utf-8"), "utf-8"),
])
def test_other_encodings_are_decoded(data, encoding):
    raw = ingest.parse_bytes(data, "a.txt", "txt")
    assert "algérien" in raw.text
    assert raw.encoding == encoding


def test_text_once_saved_through_the_wrong_encoding_is_read_as_written():
    # "the world’s", "west–east" and "Ménaka" encoded in UTF-8, read as Windows-1252, saved again in UTF-8.
    written = "The harbour is the world’s least guarded: the west–east route passes Ménaka, déjà vu."
    mangled = written.encode("utf-8").decode("cp1252").encode("utf-8")
    assert ingest.parse_bytes(mangled, "a.txt", "txt").text == written
    french = "Le ministre algérien « déjà » à Bamako — l'État, la forêt, Â-propos de l'Ãle."
    assert ingest.parse_bytes(french.encode("utf-8"), "b.txt", "txt").text == french  # nothing to undo


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b"  \n\t\n", "empty"), (b"%PDF-1.4 blah", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"),
    (bytes(range(256)) * 40, "binary"),
])
def test_unusable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(SourceError, match=reason):
        ingest.parse_bytes(data, "bad.txt", "txt")


@pytest.mark.parametrize("date, want", [("Tue, 12 Nov 2024 08:30:00 +0100", "2024-11-12"),
                                        ("2024-11-12T08:30:00Z", "2024-11-12")])
def test_a_saved_feed_item_declares_its_title_and_date(date, want):
    paragraph = "<p>" + "The harbour of Callowby exported more fish to its neighbours this autumn than ever. " * 4
    item = (f"<item><title>Callowby fish exports leap by a third</title><pubDate>{date}</pubDate>"
            f"<description><![CDATA[{paragraph}</p>]]></description></item>")
    raw = ingest.parse_bytes(item.encode(), "item.html", "html")
    assert raw.declared["title"] == "Callowby fish exports leap by a third" and raw.declared["date"] == want


def test_a_clippers_published_key_is_the_declared_date_and_its_clipping_day_is_not():
    text = "---\ntitle: Harbour notes\npublished: 2024-01-08\ncreated: 2024-01-10\n---\n\nThe gates opened on Monday.\n"
    assert ingest.parse_bytes(text.encode(), "notes.md", "md").declared["date"] == "2024-01-08"
    both = text.replace("published:", "date: 2024-01-09\npublished:")
    assert ingest.parse_bytes(both.encode(), "notes.md", "md").declared["date"] == "2024-01-09"
    clipped = "---\ntitle: Harbour notes\ncreated: 2024-01-10\n---\n\nThe gates opened on Monday.\n"
    assert "date" not in ingest.parse_bytes(clipped.encode(), "notes.md", "md").declared


def test_markdown_front_matter_is_declared_metadata():
    raw = ingest.parse_bytes(b"---\ntitle: 'A: title'\ndate: 2024-01-25\nlang: fr\n---\n# Head\n\nSome [text](http://x) here.\n",
                             "a.md", "md")
    assert raw.declared == {"title": "A: title", "date": "2024-01-25", "language": "fr"}
    assert "Some text here." in raw.text and "http" not in raw.text


def test_malformed_front_matter_is_an_error_naming_the_line():
    with pytest.raises(SourceError, match="malformed front matter at line"):
        ingest.parse_bytes(b"---\ntitle: [oops\n---\nbody\n", "a.md", "md")


def test_html_is_reduced_to_main_text():
    html = b"""<html lang="fr"><head><title>Un titre</title></head><body><nav>Menu Accueil</nav>
    <article><h1>Un titre</h1><p>Le ministre est arriv\xc3\xa9 \xc3\xa0 Bamako jeudi pour une visite officielle de deux jours.</p>
    <p>Il a rencontr\xc3\xa9 son homologue et ils ont parl\xc3\xa9 de s\xc3\xa9curit\xc3\xa9 dans la r\xc3\xa9gion du Sahel.</p>
    <script>alert(1)</script></article><footer>Copyright</footer></body></html>"""
    raw = ingest.parse_bytes(html, "a.html", "html")
    assert "Bamako" in raw.text and "alert" not in raw.text
    assert raw.declared["language"] == "fr"
    assert raw.declared["title"] == "Un titre"


def test_discover_skips_hidden_backups_unknown_and_outside_links(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    (src / "b.txt").write_text("x")
    (src / "a b é'.txt").write_text("x")
    (src / "-dash.md").write_text("x")
    (src / ".hidden.txt").write_text("x")
    (src / "c.txt~").write_text("x")
    (src / "notes.docx").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    (src / "link.txt").symlink_to(tmp_path / "secret.txt")
    listing = ingest.discover(src)
    assert [p.name for p in listing.files] == ["-dash.md", "a b é'.txt", "b.txt"]
    assert any("notes.docx" in n for n in listing.notices)
    assert listing.refused == (("link.txt", "symbolic link leading outside the sources folder, refused"),)


def test_too_large_file_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(SourceError, match="too large.*limit is 100"):
        ingest.read_source(path, tmp_path, 100)


# ---------------------------------------------------------------- robustness (#7)

import os
import random
import signal
import stat
import time

TEXT = "Le ministre algérien des Affaires étrangères est arrivé à Bamako, déjà l'été dernier. " * 5


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("latin-1"), "cp1252"),
    (("“" + TEXT + "” — 10 €").encode("cp1252"), "cp1252"),
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16"),  # no BOM: told apart by its zero bytes
    (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32"),
    (b"\xef\xbb\xbf" + TEXT.encode(), "utf-8"),
])
def test_legacy_and_bom_encodings_decode_to_the_same_text(data, encoding):
    raw = ingest.parse_bytes(data, "a.txt", "txt")
    assert raw.encoding == encoding
    assert "algérien" in raw.text and "\ufeff" not in raw.text and "\x00" not in raw.text


def test_line_endings_are_normalised():
    raw = ingest.parse_bytes(b"one\r\ntwo\rthree\x0cfour\xe2\x80\xa8five\r\n\r\nsix", "a.txt", "txt")
    assert raw.text == "one\ntwo\nthree\nfour\nfive\n\nsix"


def test_a_stray_nul_byte_is_dropped_but_many_make_a_binary_file():
    raw = ingest.parse_bytes(TEXT.encode()[:200] + b"\x00" + TEXT.encode()[200:], "a.txt", "txt")
    assert "\x00" not in raw.text and "algérien" in raw.text
    with pytest.raises(SourceError, match="binary"):
        data = bytearray(b"Some text. " * 100)
        for i in random.Random(3).sample(range(len(data)), 60):
            data[i] = 0
        ingest.parse_bytes(bytes(data), "a.txt", "txt")


def test_control_characters_never_reach_the_text():
    raw = ingest.parse_bytes(TEXT.encode() + b"\x1b[1m bold \x7f\xc2\x85 next", "a.txt", "txt")
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in raw.text)


def test_invalid_utf8_is_refused_naming_byte_and_line():
    data = "Première ligne\nDeuxième ligne é".encode() + b" puis \xe9t\xe9 en Latin-1\n"
    with pytest.raises(SourceError) as info:
        ingest.parse_bytes(data, "mixed.txt", "txt")
    assert str(info.value).startswith("mixed.txt: invalid UTF-8 at byte ")
    assert "(line 2)" in str(info.value) and "\n" not in str(info.value)


def test_utf8_cut_in_the_middle_of_its_last_character_is_read():
    raw = ingest.parse_bytes(TEXT.encode() + "é".encode()[:1], "a.txt", "txt")
    assert raw.text == TEXT.rstrip()


@pytest.mark.parametrize("data,reason", [
    (b"\xef\xbb\xbf", "empty"), (b"\xff\xfe" + " \n\t".encode("utf-16-le"), "empty"),
    (b"\n\r\n\x0c", "empty"), (b"\x00" * 64, "binary"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"), (b"PK\x03\x04\x14\x00", "ZIP"), (b"\x1f\x8b\x08\x00", "gzip"),
    (b"\x7fELF\x02\x01", "executable"), (b"{\\rtf1\\ansi Some text}", "RTF"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"), (b"\x00\x00\x00\x18ftypmp42", "video"),
    (random.Random(7).randbytes(20_000), "binary"),
    (b"\xff\xfe" + b"\x00\xd8A\x00", "invalid UTF-16"),
])
def test_more_unusable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(SourceError, match=reason) as info:
        ingest.parse_bytes(data, "bad.txt", "txt")
    assert str(info.value).startswith("bad.txt: ") and "\n" not in str(info.value)


def test_text_that_merely_starts_like_a_signature_is_text():
    assert ingest.parse_bytes(b"MZ Bank reported a profit on Monday.", "a.txt", "txt").text.startswith("MZ Bank")


# Markdown sources


@pytest.mark.parametrize("front,reason", [
    ("title: [oops\n", "malformed front matter at line 3"),
    ("- a\n- list\n", "expected key: value pairs"),
    ("title: !!python/object/apply:os.system ['echo x']\n", "malformed front matter at line 2"),
    ("title:\n  nested: mapping\n", "'title' must be a single value, not a mapping"),
    ("title: [a, b]\n", "'title' must be a single value, not a list"),
    ("date: 2024-02-30\n", "at line 2: impossible date '2024-02-30' \\(day is out of range for month\\)"),
    ("date: 0000-01-01\n", "impossible date '0000-01-01' \\(year 0 is out of range\\)"),
    ("title: " + "[" * 5000 + "]" * 5000 + "\n", "malformed front matter"),
    ("title: x\nbody: '" + "x" * 200_000 + "'\n", "longer than 100,000 characters"),
])
def test_bad_front_matter_is_one_clear_error(front, reason):
    with pytest.raises(SourceError, match=reason) as info:
        ingest.parse_bytes(f"---\n{front}---\nBody text.\n".encode(), "a.md", "md")
    assert "\n" not in str(info.value) and str(info.value).startswith("a.md: ")


def test_front_matter_aliases_are_not_expanded():
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    raw = ingest.parse_bytes(f"---\ntitle: Laughs\n{laughs}---\nBody text here.\n".encode(), "a.md", "md")
    assert raw.declared == {"title": "Laughs"}  # expanded, the aliases would be 9^9 items


def test_front_matter_may_end_with_dots_and_unclosed_front_matter_is_text():
    raw = ingest.parse_bytes(b"---\ntitle: T\n...\nBody.\n", "a.md", "md")
    assert raw.declared == {"title": "T"} and raw.text.strip() == "Body."
    raw = ingest.parse_bytes(b"---\ntitle: never closed\n\nBody text.\n", "a.md", "md")
    assert raw.declared == {} and "never closed" in raw.text


def test_markdown_is_reduced_to_its_text():
    md = ("## Heading ##\n\nSee [the *statement*](javascript:alert(1)) and ![pic](data:x) here.\n"
          "[ref]: https://evil.example\n[^1]: a footnote\n<!-- hidden\ncomment -->\n"
          "<script>alert('x')</script><style>p{}</style><b onclick='x'>bold</b> &lt;kept&gt; \\*stars\\*\n"
          "> quoted\n- item\n1. first\n")
    text = ingest.parse_bytes(md.encode(), "a.md", "md").text
    assert text.split("\n")[:3] == ["Heading", "", "See the statement and  here."]
    for gone in ("javascript", "data:", "evil", "footnote", "hidden", "alert", "p{}", "onclick", "##"):
        assert gone not in text
    assert "bold <kept> *stars*" in text and "\nquoted\nitem\nfirst" in text


@pytest.mark.parametrize("unit", [" *a", "[", "![a](", "[a](", "<!--", "<a", "\n[a", "**a", "__a", "<script",
                                  "\\*", "> ", "\n- ", "&amp;", "# " + " " * 50])
def test_markdown_reduction_takes_linear_time(unit):
    text = unit * (1_000_000 // len(unit))
    start = time.monotonic()
    markdown_reader._markdown_to_text(text)
    assert time.monotonic() - start < 3, "a pattern backtracks over the line"


# HTML sources


def test_html_publication_date_does_not_depend_on_the_day_of_the_run():
    html = ("<html><head><meta property='article:published_time' content='2090-03-04'><title>T</title></head>"
            "<body><article><p>" + "Mali and Algeria met in Algiers to talk about the Sahel. " * 5 +
            "</p></article></body></html>").encode()
    raw = ingest.parse_bytes(html, "a.html", "html")
    assert raw.declared.get("date") == "2090-03-04"


def test_html_scripts_styles_and_markup_never_reach_the_text():
    html = (b"<html><body><article><p>" + b"Mali and Algeria met in Algiers about the Sahel. " * 4 +
            b"<script>alert('s')</script><style>.x{}</style><img src=x onerror=alert(1)>"
            b"<iframe src='https://evil.example'></iframe> &lt;script&gt;literal&lt;/script&gt;</p>"
            b"</article></body></html>")
    text = ingest.parse_bytes(html, "a.html", "html").text
    assert "alert" not in text and ".x{}" not in text and "evil" not in text and "onerror" not in text
    assert "<script>literal</script>" in text  # what the page showed as text stays text


# Discovery and reading


def test_discover_refuses_what_it_cannot_read_and_notices_what_it_skips(tmp_path):
    src = tmp_path / "sources"
    (src / "sub").mkdir(parents=True)
    (src / ".git").mkdir()
    (src / ".git" / "inside.txt").write_text("x")
    (src / "sub" / "ok.md").write_text("x")
    for name in ("a.txt.bak", "b.md.swp", "#c.txt#", "d.txt.orig", ".e.txt"):
        (src / name).write_text("x")
    os.mkfifo(src / "pipe.txt")
    (tmp_path / "outside").mkdir()
    (src / "linked-out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (src / "linked-in").symlink_to(src / "sub", target_is_directory=True)
    (src / "broken.txt").symlink_to(src / "missing.txt")
    (src / "inside-link.txt").symlink_to(src / "sub" / "ok.md")
    (src / "line\nbreak.txt").write_text("x")
    (src / os.fsdecode(b"caf\xe9.txt")).write_text("x")
    listing = ingest.discover(src)
    assert [p.relative_to(src).as_posix() for p in listing.files] == ["inside-link.txt", "sub/ok.md"]
    refused = dict(listing.refused)
    assert refused == {
        "broken.txt": "broken symbolic link",
        "caf\\xe9.txt": "file name is not valid UTF-8 or contains control characters; rename it",
        "line\\nbreak.txt": "file name is not valid UTF-8 or contains control characters; rename it",
        "linked-out": "symbolic link leading outside the sources folder, refused",
        "pipe.txt": "not a regular file (a device, pipe or socket), refused",
    }
    assert listing.notices == ("linked-in: ignored (symbolic link to a folder inside the sources folder; "
                               "its files are read where they are)",)


def test_read_source_never_blocks_on_a_pipe_nor_reads_past_the_limit(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    signal.alarm(10)  # a blocking open would hang the test run
    try:
        with pytest.raises(SourceError, match="not a regular file"):
            ingest.read_source(tmp_path / "pipe.txt", tmp_path, 1000)
    finally:
        signal.alarm(0)
    sparse = tmp_path / "huge.txt"
    with open(sparse, "wb") as handle:
        handle.truncate(20 * 10**9)  # 20 GB of nothing: reading it whole would exhaust memory
    start = time.monotonic()
    with pytest.raises(SourceError, match=r"too large \(20,000,000,000 bytes; the limit is 5,000,000"):
        ingest.read_source(sparse, tmp_path, 5_000_000)
    assert time.monotonic() - start < 5


def test_read_source_names_a_link_inside_the_folder_by_the_link(tmp_path):
    (tmp_path / "real.txt").write_text("Some text that is long enough to be read as a source.")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    assert ingest.read_source(tmp_path / "alias.txt", tmp_path, 1000).path == "alias.txt"
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret")
    (tmp_path / "out.txt").symlink_to(outside)
    with pytest.raises(SourceError, match="outside the sources folder"):
        ingest.read_source(tmp_path / "out.txt", tmp_path, 1000)


def test_unreadable_file_is_one_error(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("text")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything")
        with pytest.raises(SourceError, match="cannot read: Permission denied"):
            ingest.read_source(path, tmp_path, 1000)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_discover_names_each_folder_it_cannot_read(tmp_path, monkeypatch):
    src = tmp_path / "sources"
    for folder in ("a", "b/c", "d"):
        (src / folder).mkdir(parents=True)
        (src / folder / "x.txt").write_text("x")
    deny_listing(monkeypatch, src / "a", src / "b" / "c")
    listing = ingest.discover(src)
    assert [p.relative_to(src).as_posix() for p in listing.files] == ["d/x.txt"]
    reason = "cannot read the folder: Permission denied"
    assert listing.unreadable == (("a/", reason), ("b/c/", reason))


def test_discover_refuses_a_sources_folder_it_cannot_read(tmp_path, monkeypatch):
    src = tmp_path / "sources"
    src.mkdir()
    deny_listing(monkeypatch, src)
    with pytest.raises(SourceError, match=r"cannot read the sources folder: Permission denied"):
        ingest.discover(src)


def test_discover_reports_symbolic_link_loops_as_loops(tmp_path):
    src = tmp_path / "sources"
    (src / "sub").mkdir(parents=True)
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "ping.md").symlink_to(src / "pong.md")
    (src / "pong.md").symlink_to(src / "ping.md")
    (src / "sub" / "up").symlink_to(src / "sub" / "down", target_is_directory=True)
    (src / "sub" / "down").symlink_to(src / "sub" / "up", target_is_directory=True)
    (tmp_path / "outside.txt").write_text("x")
    (src / "out.txt").symlink_to(tmp_path / "outside.txt")
    loop = "symbolic link loop (following it never reaches a file), refused"
    refused = dict(ingest.discover(src).refused)
    assert refused == {"self.txt": loop, "ping.md": loop, "pong.md": loop, "sub/up": loop, "sub/down": loop,
                       "out.txt": "symbolic link leading outside the sources folder, refused"}
    with pytest.raises(SourceError, match=r"symbolic link loop"):
        ingest.read_source(src / "ping.md", src, 1000)


def test_an_html_page_without_a_declared_date_gets_none_from_a_year_in_its_text():
    """htmldate's search of the text would make "came to power in 2020" 2020-01-01, a day the page never gives:
    only the dates a page declares (its metadata and markup) are read here; the text's are the analysis's."""
    body = " ".join(["The junta, which came to power in 2020, dissolved every political party on Tuesday."] * 6)
    html = (f"<html><head><title>Junta dissolves the parties</title></head><body><article><h1>Junta dissolves the "
            f"parties</h1><p>{body}</p><p>{body}</p></article></body></html>").encode()
    raw = ingest.parse_bytes(html, "a.html", "html")
    assert "date" not in raw.declared
    dated = (f"<html><head><meta property=\"article:published_time\" content=\"2024-11-05T08:00:00Z\"></head><body>"
             f"<article><h1>Junta dissolves the parties</h1><p>{body}</p></article></body></html>").encode()
    assert ingest.parse_bytes(dated, "b.html", "html").declared["date"].startswith("2024-11-05")


@pytest.mark.parametrize("text, title", [
    (b"# Three juntas sign a *defence* pact\n\nThe three juntas signed a pact on Saturday in the capital.\n",
     "Three juntas sign a defence pact"),
    (b"---\ndate: 2023-09-16\n---\n\nThree juntas sign a pact\n=========================\n\nThe text.\n",
     "Three juntas sign a pact"),
    (b"---\ntitle: The declared one\n---\n# Another heading\n\nThe text of the page.\n", "The declared one"),
    (b"The text opens at once.\n\n# A heading further down\n\nMore text.\n", None),
])
def test_a_markdown_title_is_its_opening_level_one_heading(text, title):
    raw = ingest.parse_bytes(text, "a.md", "md")
    assert raw.declared.get("title") == title


def test_markdown_footnote_markers_are_no_text():
    raw = ingest.parse_bytes(b"This analysis argues[^1] that the force failed.[^note]\n\n[^1]: A source.\n", "a.md", "md")
    assert raw.text.strip() == "This analysis argues that the force failed."


CLIPPING = """---
title: "Gates of Callowby: the harbour closes its doors"
source: "https://news.example.org/harbour/gates-of-callowby-closing"
clipped: 2024-05-02T10:14:33+02:00
---

Harbour > Works

# The gates of Callowby close for the winter: what the harbour loses

Engineers closed the gates of Callowby on Monday for the winter storms.
"""


@pytest.mark.parametrize("front, want", [
    # A clipper's front matter: its title is the page's <title>; the page showed the heading.
    ("", "The gates of Callowby close for the winter: what the harbour loses"),
    # The analyst's own front matter (no web address as its source) keeps its title.
    ("source: \"https://news.example.org/harbour/gates-of-callowby-closing\"\n", None),
])
def test_a_clippings_shown_headline_beats_its_front_matter_title(front, want):
    text = CLIPPING if not front else CLIPPING.replace(front, "")
    raw = ingest.parse_bytes(text.encode(), "clip.md", "md")
    assert raw.declared["title"] == (want or "Gates of Callowby: the harbour closes its doors")


def test_a_clippings_heading_about_something_else_is_not_its_headline():
    text = CLIPPING.replace("# The gates of Callowby close for the winter: what the harbour loses", "# Background")
    assert ingest.parse_bytes(text.encode(), "clip.md", "md").declared["title"] == \
        "Gates of Callowby: the harbour closes its doors"


DYKES = ("<p>Le comité des digues de Callowby a tenu sa huitième session au port, a-t-on appris auprès de la "
         "direction des digues.</p><p>Les deux directions ont examiné l'entretien des digues et la formation des "
         "gardiens.</p>")


def _french_page(title: str, above: str):
    """The RawSource of a French page: `above` the two paragraphs on the dykes."""
    page = f"<html lang='fr'><head><title>{title}</title></head><body>{above}{DYKES}</body></html>"
    return ingest.parse_bytes(page.encode(), "page.html", "html")


def test_a_sites_banner_title_is_not_the_headline():
    raw = _french_page("Ministère - Communiqués", "<header><div class='titre-site'>\n<span>République de Callowby"
                       "</span>\n<strong>Ministère des Digues</strong></div></header><div class='type'>COMMUNIQUÉ"
                       "</div><h2 class='titre-communique'>Session du comité des digues de Callowby au port</h2>")
    assert raw.declared["title"] == "Session du comité des digues de Callowby au port"


def test_sub_headings_the_extraction_dropped_are_put_back_over_their_paragraphs():
    from trafilatura.utils import load_html

    from generator.ingest.html_headline import with_subheadings

    tree = load_html("<html><body><nav><h2>Sections</h2><p>Harbour, Works</p></nav><div><h2>1. The gates close</h2>"
                     "<p>Engineers closed the gates of Callowby on Monday.</p><h2>2. The dyke holds</h2><div><p>The "
                     "dyke held through the storm, the board said.</p><p>Repairs start in May.</p></div></div>"
                     "</body></html>")
    body = ("Engineers closed the gates of Callowby on Monday.\nThe dyke held through the storm, the board said.\n"
            "Repairs start in May.")
    assert with_subheadings(tree, body).split("\n") == [
        "1. The gates close", "Engineers closed the gates of Callowby on Monday.", "2. The dyke holds",
        "The dyke held through the storm, the board said.", "Repairs start in May."]
    # Headings the text holds already are not repeated.
    assert with_subheadings(tree, with_subheadings(tree, body)) == with_subheadings(tree, body)


def test_joomlas_contentheading_is_the_headline_and_the_line_under_it_dates_the_page():
    raw = _french_page("Digues - Callowby Presse", "<div class='date-du-jour'>Mercredi, 19 Novembre 2014</div><h2 "
                       "class='contentheading'>Callowby : le comité des digues tient sa 8e session au port</h2><div "
                       "class='article-info'><span class='published'>Publié le : Mardi, 18 Novembre 2014 17:25"
                       "</span></div>")
    assert raw.declared["title"] == "Callowby : le comité des digues tient sa 8e session au port"
    lines = raw.text.splitlines()  # the date line under the headline, where the extraction kept the headline
    assert lines[lines.index(raw.declared["title"]) + 1] == "Publié le : Mardi, 18 Novembre 2014 17:25"


@pytest.mark.parametrize("own, want", [
    ("<base href='https://digues.example/securite/1187-le-comite-des-digues'/>", True),
    ("<link rel='canonical' href='https://digues.example/securite/1187-le-comite-des-digues'/>", True),
    ("<base href='https://digues.example/securite/9999-un-autre-article'/>", False),  # another article's
    ("", False),
])
def test_a_heading_that_links_to_the_page_itself_is_its_headline(own, want):
    # A CMS without <h1> prints the article's title as a link to its own address; the <title> is rewritten.
    headline = "Callowby : le silence du comité des digues face à la crue"
    page = (f"<html lang='fr'><head>{own}<title>Où est passé le comité ? - Digues Presse</title></head><body>"
            f"<div class='item-page'><h2><a href='/securite/1187-le-comite-des-digues'>{headline}</a></h2>"
            f"{DYKES}</div></body></html>")
    raw = ingest.parse_bytes(page.encode(), "page.html", "html")
    assert (raw.declared["title"] == headline) == want
