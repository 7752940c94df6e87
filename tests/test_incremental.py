"""The records generator/incremental/ keeps in .cache/: read back as written, and never used beyond what they
were made for (another generator, another page's inputs, a file changed since)."""
import json

from generator.incremental import fingerprint, pages, runs


def reader(folder):
    def read(rel):
        try:
            return (folder / rel).read_bytes()
        except OSError:
            return None
    return read


def test_a_page_memo_gives_the_last_file_only_for_the_same_inputs_and_bytes(tmp_path):
    content, cache = tmp_path / "content", tmp_path / ".cache"
    content.mkdir()
    (content / "a.md").write_bytes(b"page a\n")
    pages.remember(cache, {"a.md": "digest-a"}, {"a.md": b"page a\n"})
    memos = pages.read(cache, reader(content))
    assert memos.memos == {"a.md": pages.PageMemo("digest-a", memos.memos["a.md"].sha256)}
    assert memos("a.md", "digest-a") == b"page a\n"
    assert memos("a.md", "other inputs") is None
    assert memos("b.md", "digest-a") is None
    (content / "a.md").write_bytes(b"edited by hand\n")
    assert memos("a.md", "digest-a") is None


def test_page_memos_of_another_generator_or_format_are_not_used(tmp_path, monkeypatch):
    cache = tmp_path / ".cache"
    pages.remember(cache, {"a.md": "digest-a"}, {"a.md": b"page a\n"})
    assert pages.read(cache, reader(tmp_path)).memos
    monkeypatch.setattr(fingerprint, "code", lambda: "another generator")
    assert pages.read(cache, reader(tmp_path)).memos == {}
    monkeypatch.undo()
    record = json.loads((cache / pages.PAGES).read_text(encoding="utf-8"))
    (cache / pages.PAGES).write_text(json.dumps({**record, "format": 1}), encoding="utf-8")
    assert pages.read(cache, reader(tmp_path)).memos == {}


def test_the_run_record_is_read_back_as_written_and_holds_while_content_is_untouched(tmp_path):
    content, cache = tmp_path / "content", tmp_path / ".cache"
    content.mkdir()
    (content / "index.md").write_bytes(b"home\n")
    summary = runs.Summary(1, (("bad.txt", "empty file"),), ("a.txt: a declared date was refused",))
    runs.remember(cache, content, "inputs-1", ["index.md"], summary)
    record = runs.read(cache)
    assert record.summary == summary and record.fingerprint == "inputs-1"
    assert runs.unchanged(cache, content, "inputs-1") == record
    assert runs.unchanged(cache, content, "inputs-2") is None
    (content / "index.md").write_bytes(b"home, edited\n")
    assert runs.unchanged(cache, content, "inputs-1") is None
    runs.forget(cache)
    assert runs.read(cache) is None
