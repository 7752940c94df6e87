import os

import pytest

from generator import writer
from generator.errors import BusyError, OutputError


def test_hand_written_pages_survive_and_stale_generated_files_go(tmp_path):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one", "sources/a.md": b"a"})
    (dest / "notes.md").write_text("mine")
    (dest / "sources" / "extra.md").write_text("mine too")
    stats = writer.write_tree(dest, {"index.md": b"two"})
    assert (dest / "index.md").read_bytes() == b"two"
    assert not (dest / "sources" / "a.md").exists()
    assert (dest / "notes.md").read_text() == "mine"
    assert (dest / "sources" / "extra.md").read_text() == "mine too"
    assert stats == {"written": 1, "unchanged": 0, "removed": 1}
    assert writer.hand_written(dest) == ["notes.md", "sources/extra.md"]


def test_unchanged_files_keep_their_modification_time(tmp_path):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"same", "b.md": b"old"})
    past = 1_000_000_000
    os.utime(dest / "a.md", (past, past))
    os.utime(dest / "b.md", (past, past))
    stats = writer.write_tree(dest, {"a.md": b"same", "b.md": b"new"})
    assert (dest / "a.md").stat().st_mtime == past
    assert (dest / "b.md").stat().st_mtime != past
    assert stats["unchanged"] == 1 and stats["written"] == 1


def test_never_overwrites_a_file_it_did_not_make(tmp_path):
    dest = tmp_path / "content"
    dest.mkdir()
    (dest / "index.md").write_text("hand-written home")
    with pytest.raises(OutputError, match="not made by the generator"):
        writer.write_tree(dest, {"index.md": b"generated"})
    assert (dest / "index.md").read_text() == "hand-written home"


def test_refuses_paths_outside_the_tree(tmp_path):
    with pytest.raises(OutputError):
        writer.write_tree(tmp_path / "content", {"../evil.md": b"x"})


def test_half_done_swap_is_recovered(tmp_path):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"a"})
    dest.rename(tmp_path / "content.previous")  # killed between the two renames
    writer.recover(dest)
    assert (dest / "a.md").read_bytes() == b"a"


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    dest = tmp_path / "content"
    with writer.lock(dest):
        with pytest.raises(BusyError, match="another briefing run"):
            with writer.lock(dest, wait=0.3):
                pass
