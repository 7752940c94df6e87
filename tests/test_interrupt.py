"""Runs killed mid-way (SIGKILL: no cleanup code runs) and runs started at the same time.

The previous content/ and site/ must stay complete and readable, the next run must recover, hand-written pages
must survive every run, and a second run must wait for or refuse the first, never interleave with it.
"""
from __future__ import annotations

import fcntl
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests import pagefind_bundle
from tests.conftest import ROOT, tree
from tests.test_hostile import ENV, make_project

pytestmark = pytest.mark.slow

NOTES = "# My notes\n\nA page written by hand.\n"
BUILD_ENV = {**ENV, "SOURCE_DATE_EPOCH": "1700000000"}  # the sitemap's dates, so that two builds are identical


def make_corpus(src: Path, n: int, version: str) -> None:
    """n distinct articles made from the sample sources (paragraphs reordered, a numbered headline)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").glob("*.txt"))]
    for i in range(n):
        head, *rest = texts[i % len(texts)].split("\n\n")
        random.Random(f"{version}{i}").shuffle(rest)
        (src / f"r{i:03d}.txt").write_text(f"{head} (report {i}, {version})\n\n" + "\n\n".join(rest), encoding="utf-8")


def start(project: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args, "-q"], cwd=project, env=env or ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def run(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args, "-q"], cwd=project, env=env or ENV,
                          capture_output=True, text=True, timeout=900)


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the run itself (not its children) after delay; False if it had already finished."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def leftovers(proc: subprocess.Popen, grace: float = 3.0) -> bool:
    """Whether processes the killed run started are still running after grace seconds; kills them either way.
    (A dead one may linger as a zombie until init reaps it: that one does not count.)"""
    deadline = time.monotonic() + grace
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = bool(_group(proc.pid))
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return alive


def _group(sid: int) -> list[int]:
    """Live (not zombie) processes of the session a run was started in."""
    out = subprocess.run(["ps", "-o", "pid=,stat=", "-s", str(sid)], capture_output=True, text=True).stdout
    return [int(pid) for pid, stat in (line.split()[:2] for line in out.splitlines() if line.strip())
            if not stat.startswith("Z")]


def no_debris(project: Path) -> None:
    for name in ("content.staging", "content.previous", "site.staging", "site.previous"):
        assert not (project / name).exists(), name


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("interrupt") / "project")
    make_corpus(project / "sources", 16, "v1")
    (project / "content").mkdir()
    (project / "content" / "notes.md").write_text(NOTES)
    result = run(project, "site", env=BUILD_ENV)
    assert result.returncode == 0, result.stderr
    return project


def test_a_killed_generate_leaves_the_previous_content_and_the_next_run_recovers(project):
    before = tree(project / "content")
    make_corpus(project / "sources", 18, "v2")  # every page changes, two sources are new
    seen, orphans = [], []
    for delay in (0.5, 2.0, 5.0, 9.0):
        shutil.rmtree(project / ".cache", ignore_errors=True)  # analyse everything again: a long run
        proc = start(project, "generate")
        killed = kill_after(proc, delay)
        orphans.append(leftovers(proc))
        seen.append((delay, killed, tree(project / "content")))
    result = run(project, "generate")
    assert result.returncode == 0, result.stderr
    after = tree(project / "content")
    assert after != before and after["notes.md"] == NOTES.encode()
    for delay, killed, content in seen:
        assert content in (before, after), f"content/ after a kill at {delay} s is neither the old nor the new one"
        assert content["notes.md"] == NOTES.encode()
    assert any(killed and content == before for _d, killed, content in seen), "no kill landed before the swap"
    no_debris(project)


def test_ctrl_c_exits_with_130_and_keeps_the_previous_content(project):
    before = tree(project / "content")
    make_corpus(project / "sources", 18, "v2-ctrl-c")
    for delay in (0.0, 3.0):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        proc = start(project, "generate")
        wait_for_lock(proc, project / ".content.lock")  # past start-up: the run is working
        try:
            proc.wait(timeout=delay)
            pytest.skip("the run finished before it could be interrupted")
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole group, workers included
        _out, err = proc.communicate(timeout=120)
        if proc.returncode == 0:  # the interrupt came after the run had said how it ended: nothing to check
            assert not err.strip(), err
            continue
        # 130, or death by SIGINT, which a shell also reports as 130 (a worker's exit may re-raise it at shutdown)
        assert proc.returncode in (130, -signal.SIGINT), err
        assert not leftovers(proc, grace=2.0)
        if tree(project / "content") == before:
            assert err.strip().splitlines()[-1] == "interrupted; previous content kept (content)", err
        else:  # pressed after the new content was swapped in: the message says so
            assert err.strip().splitlines()[-1] == "interrupted; the new content is written (content)", err
    make_corpus(project / "sources", 18, "v2")


SWAP_POINTS = {
    # name: Python run before the CLI in the child, making it kill itself at that point of writer.write_tree
    "staged": "writer.swap = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)",
    "between-renames": textwrap.dedent("""
        real_rename = Path.rename
        def rename(self, target):
            if Path(target).name.endswith(".previous"):
                real_rename(self, target)
                os.kill(os.getpid(), signal.SIGKILL)
            return real_rename(self, target)
        Path.rename = rename
        """),
    "before-cleanup": "writer._rescue = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)",
}


@pytest.mark.parametrize("point", list(SWAP_POINTS))
def test_a_run_killed_at_any_point_of_the_swap_is_repaired(project, point):
    before = tree(project / "content")
    marker = "A paragraph added before the " + point.replace("-", " ")
    (project / "sources" / "r000.txt").write_text(
        (project / "sources" / "r000.txt").read_text(encoding="utf-8") + f"\n\n{marker} was added.\n")
    code = "\n".join(["import os, signal, sys", "from pathlib import Path", "from generator import writer",
                      SWAP_POINTS[point], "from generator.cli import main", "sys.exit(main(['generate', '-q']))"])
    killed = subprocess.run([sys.executable, "-c", code], cwd=project, env=ENV, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    content, previous = project / "content", project / "content.previous"
    if point == "staged":
        assert tree(content) == before
    elif point == "between-renames":
        assert not content.exists() and tree(previous) == before  # whole, under its temporary name
        built = run(project, "build", env=BUILD_ENV)  # a build in this state repairs content/ first
        assert built.returncode == 0, built.stderr
        assert tree(content) == before
    else:
        assert tree(content) != before and tree(content)["notes.md"] == NOTES.encode()
    result = run(project, "generate")
    assert result.returncode == 0, result.stderr
    assert any(marker.encode() in data for data in tree(content).values())
    assert tree(content)["notes.md"] == NOTES.encode()
    no_debris(project)


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_recovers(project):
    assert run(project, "build", env=BUILD_ENV).returncode == 0
    before = tree(project / "site")
    index_before = pagefind_bundle.normal(project / "site" / "pagefind")
    assert "notes/index.html" in before
    for delay in (0.3, 1.0, 2.0, 3.5):
        proc = start(project, "build", env=BUILD_ENV)
        kill_after(proc, delay)
        assert not leftovers(proc, grace=2.0), "mkdocs or pagefind outlived the killed build"
        assert same_site(project / "site", before, index_before)  # the previous site, or a finished new one
    result = run(project, "build", env=BUILD_ENV)
    assert result.returncode == 0, result.stderr
    assert same_site(project / "site", before, index_before)
    no_debris(project)


def same_site(site: Path, files: dict[str, bytes], index: dict) -> bool:
    """The site holds these files, its search index compared by content: a build that finished writes the same
    pages, but Pagefind's filter files come in another order at each run (see tests/pagefind_bundle.py)."""
    outside = lambda found: {k: v for k, v in found.items() if not k.startswith("pagefind/")}  # noqa: E731
    return outside(tree(site)) == outside(files) and pagefind_bundle.normal(site / "pagefind") == index


def _locked(path: Path) -> bool:
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def wait_for_lock(proc: subprocess.Popen, lock: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not _locked(lock):
        assert proc.poll() is None, "the run ended before it took the lock"
        assert time.monotonic() < deadline, "the run never took the lock"
        time.sleep(0.02)


def test_a_second_run_refuses_while_another_holds_the_lock(project):
    before = tree(project / "content")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from generator import locking
        with locking.lock(Path({str(project / 'content')!r})):
            print("locked", flush=True)
            time.sleep(120)
        """)], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        for command in ("generate", "build"):
            start_time = time.monotonic()
            result = run(project, command, "--lock-wait", "1.5")
            assert result.returncode == 1
            (line,) = result.stderr.strip().splitlines()
            assert re.fullmatch(r"error: another briefing run is writing (\S*)content \(lock (\S*)\.content\.lock\); "
                                r"wait for it to finish and run again", line), line
            assert time.monotonic() - start_time >= 1.5  # it waited for the lock before giving up
        assert tree(project / "content") == before
    finally:
        holder.kill()
        holder.wait()


def test_two_generate_runs_at_once_never_interleave(project):
    make_corpus(project / "sources", 18, "v3")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    before = tree(project / "content")
    first = start(project, "generate")
    wait_for_lock(first, project / ".content.lock")  # the first run takes the lock when it starts...
    assert tree(project / "content") == before  # ...and holds it while it analyses, before it writes anything
    second = start(project, "generate")
    out1, err1 = first.communicate(timeout=900)
    out2, err2 = second.communicate(timeout=900)
    assert first.returncode == 0, err1
    if second.returncode == 1:  # refused after waiting: the first one took longer than the wait
        assert "another briefing run is writing" in err2
    else:
        assert second.returncode == 0, err2  # waited for the first one, then ran
    final = tree(project / "content")
    assert final != before and final["notes.md"] == NOTES.encode()
    assert run(project, "generate").returncode == 0
    assert tree(project / "content") == final  # whole: a run over the same sources changes nothing
    no_debris(project)


def test_analysis_workers_die_with_a_killed_run(project):
    shutil.rmtree(project / ".cache", ignore_errors=True)
    make_corpus(project / "sources", 18, "v4")
    proc = start(project, "generate", env={**ENV})
    deadline = time.monotonic() + 120
    while len(_group(proc.pid)) < 3:  # the run and at least two workers
        assert proc.poll() is None and time.monotonic() < deadline, "the run never started worker processes"
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    try:
        time.sleep(5)
        assert _group(proc.pid) == []
    finally:
        leftovers(proc, grace=0)


def test_an_interrupt_swallowed_by_a_destructor_still_stops_the_run(project):
    """Ctrl-C landing in a __del__ is printed as "ignored" by Python; the run must stop all the same."""
    before = tree(project / "content")
    make_corpus(project / "sources", 18, "v2-swallowed")
    code = "\n".join([
        "import os, signal, sys",
        "from generator import pipeline",
        "real = pipeline.link",
        "class Swallow:",
        "    def __del__(self):",
        "        os.kill(os.getpid(), signal.SIGINT)",  # raised inside __del__: Python ignores it
        "def link(*a, **k):",
        "    Swallow()",
        "    return real(*a, **k)",
        "pipeline.link = link",
        "from generator.cli import main",
        "sys.exit(main(['generate', '-q']))"])
    proc = subprocess.run([sys.executable, "-c", code], cwd=project, env=ENV, capture_output=True, text=True)
    assert "Exception ignored" in proc.stderr  # the interrupt really was swallowed where it landed
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "interrupted; previous content kept (content)", proc.stderr
    assert tree(project / "content") == before


def test_ctrl_c_during_the_build_says_the_content_is_new_and_the_site_kept(project):
    assert run(project, "build", env=BUILD_ENV).returncode == 0
    site_before = tree(project / "site")
    make_corpus(project / "sources", 18, "v5-build")
    proc = start(project, "site", env=BUILD_ENV)
    wait_for_lock(proc, project / ".site.lock")  # generate is done: the build has begun
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode in (130, -signal.SIGINT), err
    assert err.strip().splitlines()[-1] == "interrupted; the new content is written (content), previous site kept " \
                                           "(site)", err
    assert any(b"v5-build" in data for data in tree(project / "content").values())
    assert tree(project / "site") == site_before
    assert not leftovers(proc, grace=2.0)
    no_debris(project)
    make_corpus(project / "sources", 18, "v2")
