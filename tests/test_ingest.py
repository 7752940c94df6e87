import pytest

from generator import ingest
from generator.errors import SourceError


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


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b"  \n\t\n", "empty"), (b"%PDF-1.4 blah", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"),
    (bytes(range(256)) * 40, "binary"),
])
def test_unusable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(SourceError, match=reason):
        ingest.parse_bytes(data, "bad.txt", "txt")


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
