import os

import pytest

from generator import locking, writer
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
    with locking.lock(dest):
        with pytest.raises(BusyError, match="another briefing run"):
            with locking.lock(dest, wait=0.3):
                pass


# ---------------------------------------------------------------- robustness (#7)

import signal
import subprocess
import sys
import textwrap
import time

from tests.conftest import ROOT, tree


def test_taking_the_lock_repairs_a_half_done_swap(tmp_path):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"a"})
    dest.rename(tmp_path / "content.previous")
    (tmp_path / "content.staging").mkdir()
    (tmp_path / "content.staging" / "half.md").write_text("half")
    with locking.lock(dest):
        assert tree(dest) == {"a.md": b"a", writer.MANIFEST: (dest / writer.MANIFEST).read_bytes()}
        assert not (tmp_path / "content.previous").exists() and not (tmp_path / "content.staging").exists()


def test_hand_written_files_are_listed_even_between_the_two_renames(tmp_path):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"a"})
    (dest / "notes.md").write_text("mine")
    dest.rename(tmp_path / "content.previous")
    assert writer.hand_written(dest) == ["notes.md"]


def test_a_hand_written_file_added_while_staging_is_not_lost(tmp_path, monkeypatch):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"a", "old.md": b"old"})
    (dest / "edited.md").write_text("before")
    fsync = writer._fsync_tree

    def meanwhile(root):  # the user saves files while the new tree is being staged
        (dest / "new.md").write_text("written during the run")
        (dest / "edited.tmp").write_text("after")
        (dest / "edited.tmp").replace(dest / "edited.md")  # how editors save: a new file renamed over the old
        fsync(root)

    monkeypatch.setattr(writer, "_fsync_tree", meanwhile)
    writer.write_tree(dest, {"a.md": b"b"})
    assert (dest / "new.md").read_text() == "written during the run"
    assert (dest / "edited.md").read_text() == "after"
    assert not (dest / "old.md").exists()  # a stale generated file is not "rescued"
    assert (dest / "a.md").read_bytes() == b"b"


def test_a_write_error_leaves_the_previous_tree_and_no_staging(tmp_path):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one"})
    (dest / "topics").write_text("a hand-written file where the generator needs a folder")
    before = tree(dest)
    with pytest.raises(OutputError, match="cannot write"):
        writer.write_tree(dest, {"index.md": b"two", "topics/a.md": b"a"})
    assert tree(dest) == before
    assert not (tmp_path / "content.staging").exists()


def test_unsafe_paths_are_refused(tmp_path):
    for rel in ("/etc/x.md", "a/../../x.md", "", "a\x00.md"):
        with pytest.raises(OutputError):
            writer.write_tree(tmp_path / "content", {rel: b"x"})
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())


def test_the_lock_waits_for_a_run_that_finishes(tmp_path):
    dest = tmp_path / "content"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from generator import locking
        with locking.lock(Path({str(dest)!r})):
            print("locked", flush=True)
            time.sleep(1.5)
        """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        start = time.monotonic()
        with locking.lock(dest, wait=20):
            waited = time.monotonic() - start
        assert 0.5 < waited < 10
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_run_does_not_leave_its_lock_to_its_forked_workers(tmp_path):
    """Analysis workers are forked while the lock is held; if the run is killed they may live on. They must not
    keep the output folder locked."""
    dest = tmp_path / "content"
    run = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import multiprocessing, os, time
        from pathlib import Path
        from generator import locking
        with locking.lock(Path({str(dest)!r})):
            worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
            worker.start()
            print(worker.pid, flush=True)
            time.sleep(60)
        """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    worker = int(run.stdout.readline())
    try:
        run.send_signal(signal.SIGKILL)
        run.wait()
        os.kill(worker, 0)  # the orphaned worker is still alive...
        with locking.lock(dest, wait=2):  # ...and the folder is free
            pass
    finally:
        os.kill(worker, signal.SIGKILL)


def test_staging_file_by_file_is_write_tree_and_content_is_untouched_until_commit(tmp_path):
    from generator.writer import Staging

    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"a", "b.md": b"b", "gone.md": b"x"})
    (dest / "mine.md").write_bytes(b"hand-written")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in dest.rglob("*") if p.is_file()}
    staging = Staging(dest, ["a.md", "b.md", "sub/c.md"])
    staging.put("b.md", b"B")
    staging.put("a.md", b"a")
    staging.put("sub/c.md", b"c")
    with pytest.raises(OutputError):
        staging.put("elsewhere.md", b"?")  # not a planned path
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in dest.rglob("*") if p.is_file()}
    assert staging.commit() == {"written": 2, "unchanged": 1, "removed": 1}
    assert {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*.md")} == \
        {"a.md": b"a", "b.md": b"B", "sub/c.md": b"c", "mine.md": b"hand-written"}
    assert (dest / "a.md").stat().st_mtime_ns == before[dest / "a.md"][1]


def test_a_staging_never_committed_or_incomplete_leaves_content_as_it_was(tmp_path):
    from generator.writer import Staging

    dest = tmp_path / "content"
    writer.write_tree(dest, {"a.md": b"a"})
    staging = Staging(dest, ["a.md", "b.md"])
    staging.put("a.md", b"changed")
    with pytest.raises(OutputError, match="b.md was never staged"):
        staging.commit()
    assert (dest / "a.md").read_bytes() == b"a" and not (dest / "b.md").exists()
    assert not any(p.name.endswith(".staging") for p in tmp_path.iterdir())
    staging = Staging(dest, ["a.md"])
    staging.put("a.md", b"changed")
    staging.abort()
    assert (dest / "a.md").read_bytes() == b"a"
    (dest / "b.md").write_bytes(b"hand-written")
    with pytest.raises(OutputError, match="was not made by the generator"):
        Staging(dest, ["a.md", "b.md"])  # refused before anything is staged


def _deny_writing(monkeypatch, *folders):
    """What os.access says of a read-only folder, for these folders (chmod means nothing to root)."""
    real, denied = os.access, {os.fspath(f) for f in folders}

    def access(path, mode, *a, **k):
        if os.fspath(path) in denied and mode & os.W_OK:
            return False
        return real(path, mode, *a, **k)

    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("where", ["", "sources", ".."])
def test_a_folder_that_cannot_be_written_is_one_error_before_anything_is_staged(tmp_path, monkeypatch, where):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one", "sources/a.md": b"a"})
    before = tree(dest)
    folder = (dest / where) if where != ".." else tmp_path
    _deny_writing(monkeypatch, folder)
    with pytest.raises(OutputError) as caught:
        writer.write_tree(dest, {"index.md": b"two", "sources/a.md": b"b"})
    message = str(caught.value)
    assert "\n" not in message and "not writable (permission denied)" in message
    assert (str(folder) in message) if where else "the folder is not writable" in message
    assert message.endswith("the previous content is kept")
    assert tree(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # no staging, no previous


def test_a_rename_that_fails_puts_the_previous_tree_back(tmp_path, monkeypatch):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one"})
    before = tree(dest)
    real = type(dest).rename

    def rename(self, target):
        if self.name == "content.staging":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, target)

    monkeypatch.setattr(type(dest), "rename", rename)
    with pytest.raises(OutputError, match=r"^cannot replace .*content: .*Permission denied; the previous content "
                                          r"is kept$"):
        writer.write_tree(dest, {"index.md": b"two"})
    assert tree(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_a_leftover_that_cannot_be_removed_is_one_clear_error(tmp_path, monkeypatch):
    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one"})
    (tmp_path / "content.previous").mkdir()

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(writer, "remove_tree", refuse)
    with pytest.raises(OutputError, match=r"cannot repair .*content after an earlier run that was stopped: "
                                          r".*content\.previous: Permission denied; make it writable"):
        with locking.lock(dest):
            pass


def test_a_lock_file_that_cannot_be_made_is_one_clear_error(tmp_path, monkeypatch):
    real = open

    def no_lock(path, *a, **k):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *a, **k)

    monkeypatch.setattr("builtins.open", no_lock)
    with pytest.raises(OutputError, match=r"cannot write .*content: cannot create its lock file \(.*\.content\.lock: "
                                          r"Permission denied\)"):
        with locking.lock(tmp_path / "content"):
            pass


def test_read_only_content_for_real_is_refused_and_nothing_is_left(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT, without_permission_override

    prefix = without_permission_override()
    if prefix is None:
        pytest.skip("no way here to run a process that chmod binds")
    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one", "sources/a.md": b"a"})
    before = tree(dest)
    code = ("import sys; from pathlib import Path; from generator import writer, errors\n"
            "try:\n    writer.write_tree(Path(sys.argv[1]), {'index.md': b'two', 'sources/b.md': b'b'})\n"
            "except errors.OutputError as exc:\n    sys.exit(str(exc))\n")
    for folder in (dest, dest / "sources"):
        folder.chmod(0o555)
        try:
            result = subprocess.run([*prefix, sys.executable, "-c", code, str(dest)], cwd=ROOT, capture_output=True,
                                    text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        finally:
            folder.chmod(0o755)
        assert result.returncode == 1
        assert result.stderr.strip().endswith("not writable (permission denied); the previous content is kept")
        assert tree(dest) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_ctrl_c_during_the_swap_waits_for_both_renames_and_is_recorded(tmp_path, monkeypatch):
    import signal

    from generator import interrupt

    dest = tmp_path / "content"
    writer.write_tree(dest, {"index.md": b"one"})
    real = type(dest).rename

    def rename(self, target):
        if self.name == "content":  # the first of the two renames: Ctrl-C lands between them
            os.kill(os.getpid(), signal.SIGINT)
        return real(self, target)

    monkeypatch.setattr(type(dest), "rename", rename)
    previous = signal.getsignal(signal.SIGINT)
    interrupt.install()
    try:
        with pytest.raises(KeyboardInterrupt):
            writer.write_tree(dest, {"index.md": b"two"})
        assert interrupt.was_replaced(dest)
    finally:
        signal.signal(signal.SIGINT, previous)
        interrupt._pending = False
    assert (dest / "index.md").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
