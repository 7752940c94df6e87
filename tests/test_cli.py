"""The command line: exit codes, one line per problem, the summary line, and a --help that starts fast."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from generator.cli import FAILED, OK, PARTIAL, main
from tests.conftest import FIXTURES, ROOT, deny_listing, tree

SUMMARY = re.compile(r"^\d+ sources \(\d+ new, \d+ changed, \d+ failed\) → \d+ pages in \d+\.\d s$")
HEAVY = ("sklearn", "scipy", "numpy", "lingua", "matplotlib", "trafilatura", "yake_rust", "pysbd", "networkx",
         "datasketch", "jinja2", "mkdocs", "tqdm", "yaml", "generator.pipeline", "generator.analyze")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def project(tmp_path):
    shutil.copy(ROOT / "briefing.yml", tmp_path / "briefing.yml")
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("declared.md", "003_3d8f307ad409dae6.txt"):
        shutil.copy(FIXTURES / "golden_sources" / name, sources / name)
        (sources / name).chmod(0o644)
    return tmp_path


def generate(project, *extra):
    return main(["generate", "--sources", str(project / "sources"), "--content", str(project / "content"),
                 "--config", str(project / "briefing.yml"), *extra])


def test_all_good_is_0_and_the_last_line_sums_up(project, capsys):
    assert generate(project) == OK
    out, err = capsys.readouterr()
    assert out.splitlines()[-1].startswith("2 sources (2 new, 0 changed, 0 failed) → ")
    assert SUMMARY.match(out.splitlines()[-1]), out
    assert err == ""
    assert (project / ".cache" / "analysis" / "index.json").exists()  # beside content/ by default
    assert generate(project) == OK
    assert capsys.readouterr().out.splitlines()[-1].startswith("2 sources (0 new, 0 changed, 0 failed) → ")


def test_a_failed_source_is_3_and_named_on_its_own_line(project, capsys):
    (project / "sources" / "empty.txt").write_text("")
    assert generate(project) == PARTIAL
    out, err = capsys.readouterr()
    assert err.splitlines() == ["error: empty.txt: empty file"]
    assert out.splitlines()[-1].startswith("3 sources (3 new, 0 changed, 1 failed) → ")
    assert (project / "content" / "index.md").exists()  # built from the others


def test_strict_turns_a_failed_source_into_1(project, capsys):
    (project / "sources" / "empty.txt").write_text("")
    assert generate(project, "--strict") == FAILED
    assert "error: empty.txt: empty file" in capsys.readouterr().err


def test_quiet_prints_only_problems(project, capsys):
    assert generate(project, "--quiet") == OK
    assert capsys.readouterr() == ("", "")
    (project / "sources" / "empty.txt").write_text("")
    assert generate(project, "-q") == PARTIAL
    assert capsys.readouterr() == ("", "error: empty.txt: empty file\n")


def test_cache_options(project, capsys, tmp_path):
    assert generate(project, "--cache", str(tmp_path / "elsewhere")) == OK
    assert (tmp_path / "elsewhere" / "analysis" / "index.json").exists()
    assert not (project / ".cache").exists()
    assert generate(project, "--no-cache", "--workers", "1") == OK
    assert not (project / ".cache").exists()
    assert capsys.readouterr().out.splitlines()[-1].startswith("2 sources (2 new, 0 changed, 0 failed)")


def test_bad_configuration_is_1_with_one_line_per_problem_naming_the_key(project, capsys):
    text = (project / "briefing.yml").read_text()
    text = text.replace("- slug: cemoc", "- slug: Not A Slug", 1) + "\nanalysis:\n  summary_sentences: 9\nbogus: 1\n"
    (project / "briefing.yml").write_text(text)
    assert generate(project) == FAILED
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == ""
    assert lines and all(re.match(rf"error: {re.escape(str(project / 'briefing.yml'))}: [\w.\[\]]+: \S", line)
                         for line in lines), lines
    assert any(": bogus: unknown key" in line for line in lines)
    assert any(": topics[0].slug: " in line for line in lines)
    assert any(": analysis.summary_sentences: " in line for line in lines)
    assert not (project / "content").exists()


def test_missing_configuration_is_1(project, capsys):
    assert main(["generate", "--config", str(project / "nope.yml"), "--sources", str(project / "sources"),
                 "--content", str(project / "content")]) == FAILED
    assert capsys.readouterr().err == f"error: {project / 'nope.yml'}: file not found\n"


def test_wrong_usage_is_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["generate", "--workers", "many"])
    assert exc.value.code == 2


def _imported(args: list[str]) -> set[str]:
    run = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, env=ENV,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "usage:" in run.stdout
    return {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["-m", "generator", "--help"], ["-m", "generator", "generate", "--help"],
                                  ["-c", "import sys; from generator.cli import main; sys.argv[0] = 'briefing'; "
                                         "sys.exit(main(['--help']))"]],
                         ids=["python -m generator --help", "generate --help", "briefing --help"])
def test_help_imports_no_heavy_module(args):
    modules = _imported(args)
    assert "generator.cli" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert heavy == []


def _in_terminal(args: list[str], cwd) -> str:
    """Run a command with a pseudo-terminal (100 columns) as stdin, stdout and stderr; what it printed."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of a real size, as tqdm draws nothing in zero columns
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, *args], ENV)
        finally:
            os._exit(127)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode()[-2000:]
    return out.decode()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test")
def test_progress_bar_only_on_a_terminal_and_not_when_quiet(project):
    shown = _in_terminal(["-m", "generator", "generate", "--workers", "1"], project)
    assert "analysing: 100%" in shown
    assert SUMMARY.match(shown.replace("\r\n", "\n").split("\r")[-1].strip()), shown[-300:]
    assert _in_terminal(["-m", "generator", "generate", "--quiet"], project) == ""


def test_verbose_prints_the_generators_details_not_its_libraries(tmp_path):
    shutil.copytree(FIXTURES / "golden_sources", tmp_path / "sources")
    run = subprocess.run([sys.executable, "-m", "generator", "generate", "-v", "--config", str(ROOT / "briefing.yml")],
                         cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=300)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^\d+\.\d\d s: render$", run.stderr, re.M), run.stderr  # the stage timings
    assert "findfont" not in run.stderr and "matplotlib" not in run.stderr  # the charts' library keeps quiet
    assert "Successfully loaded extension" not in run.stderr


def test_site_sums_up_in_one_line_in_the_order_things_happened(project, capsys):
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "theme", project / "theme")
    cwd = os.getcwd()
    os.chdir(project)  # mkdocs.yml names content/ and theme/ relative to itself; the defaults are relative too
    try:
        assert main(["site", "--sources", "sources", "--config", "briefing.yml"]) == OK
    finally:
        os.chdir(cwd)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert re.match(r"^2 sources \(2 new, 0 changed, 0 failed\) → \d+ pages → site/ in \d+\.\d s$", lines[0]), lines
    assert (project / "site" / "index.html").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_a_busy_port_says_so_and_how_to_choose_another(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--addr", f"127.0.0.1:{port}"]) == FAILED
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"error: 127.0.0.1:{port} is already in use (another preview, or another server); "
                                f"serve on another port with --addr 127.0.0.1:{port + 1}, or `make serve PORT={port + 1}`"]
    assert "Traceback" not in out + err
    assert main(["serve", "--addr", "8000"]) == 2
    assert "expected HOST:PORT" in capsys.readouterr().err


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path, encoding="ascii") as f:
        return [int(p) for p in f.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped; only its entry is left
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads child processes from /proc")
@pytest.mark.parametrize("sig, code", [("SIGTERM", 128 + 15), ("SIGKILL", -9)])
def test_serve_stopped_or_killed_takes_the_mkdocs_child_with_it(project, sig, code):
    import signal
    import socket
    import time

    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    port = _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}", "-q"],
                             cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300  # a bound on waiting for the preview, not a timing goal
        while True:
            assert serve.poll() is None, serve.stderr.read().decode()[-2000:]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the preview never listened"
                time.sleep(0.5)
        children = _children(serve.pid)
        assert children and all(_alive(c) for c in children)
        serve.send_signal(getattr(signal, sig))
        assert serve.wait(timeout=60) == code
        deadline = time.monotonic() + 30
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(c) for c in children), "mkdocs serve outlived briefing serve"
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


def test_the_preview_does_not_list_the_pages_left_out_of_the_nav(project):
    """`mkdocs serve` logs at the INFO level on every rebuild; the pages kept out of the small nav are no news."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    assert generate(project) == OK
    assert len(list((project / "content" / "sources").glob("*.md"))) == 3  # two sources and the index
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(project / "out")],
                         cwd=project, capture_output=True, text=True, env=ENV, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "INFO" in run.stderr  # the level the preview shows
    assert 'not included in the "nav"' not in run.stderr
    assert "sources/" not in run.stderr, run.stderr


def test_a_content_folder_that_cannot_be_written_is_one_line_and_1(project, capsys, monkeypatch):
    assert generate(project) == OK
    before = tree(project / "content")
    (project / "sources" / "declared.md").write_text("# Changed\n\nA new paragraph about the talks in Algiers.\n")
    real, read_only = os.access, str(project / "content" / "sources")
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: False if os.fspath(path) == read_only
                        and mode & os.W_OK else real(path, mode, *a, **k))
    capsys.readouterr()
    assert generate(project) == FAILED
    err = capsys.readouterr().err
    assert err.splitlines() == [f"error: cannot write {project / 'content'}: {read_only} is not writable "
                                "(permission denied); the previous content is kept"]
    assert tree(project / "content") == before
    assert not (project / "content.staging").exists() and not (project / "content.previous").exists()


@pytest.mark.parametrize("command, stop_in, message", [
    ("generate", "generator.pipeline.link", "interrupted; previous content kept ({content})"),
    ("site", "generator.pipeline.link", "interrupted; previous content and site kept ({content}, {site})"),
    ("site", "generator.build.build_site", "interrupted; the new content is written ({content}), previous site kept "
                                           "({site})"),
])
def test_ctrl_c_says_which_folders_are_new_and_which_were_kept(project, capsys, monkeypatch, command, stop_in,
                                                               message):
    def ctrl_c(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(stop_in, ctrl_c)
    content, site = project / "content", project / "site"
    code = main([command, "--sources", str(project / "sources"), "--content", str(content), "--site", str(site),
                 "--config", str(project / "briefing.yml"), "-q"])
    assert code == 130
    assert capsys.readouterr().err.splitlines()[-1] == message.format(content=content, site=site)
    assert (content / "index.md").exists() == (stop_in == "generator.build.build_site")
    assert not site.exists()


@pytest.mark.parametrize("cache", [True, False])
def test_a_folder_that_held_sources_and_cannot_be_read_keeps_the_previous_content(project, capsys, monkeypatch,
                                                                                   cache):
    sub = project / "sources" / "sub"
    sub.mkdir()
    shutil.copy(FIXTURES / "golden_sources" / "000_2805a1f5e35ba435.txt", sub / "more.txt")
    extra = () if cache else ("--no-cache",)
    assert generate(project, *extra) == OK
    before = tree(project / "content")
    deny_listing(monkeypatch, sub)
    capsys.readouterr()
    assert generate(project, *extra) == FAILED
    assert capsys.readouterr().err.splitlines() == [
        "error: sub/: cannot read the folder: Permission denied (the last run had 1 source in it)",
        "error: 1 source of the last run would be left out; the previous content and site are kept (make the "
        "folder readable, or pass --allow-empty to publish without them)"]
    assert tree(project / "content") == before
    assert generate(project, *extra, "--allow-empty") == PARTIAL  # asked for: published without them, and named
    assert "error: sub/: cannot read the folder: Permission denied; its sources are left out" in \
        capsys.readouterr().err.splitlines()
    assert "sub/more.txt" not in (project / "content" / "briefing.json").read_text()


def test_a_folder_that_cannot_be_read_and_never_held_sources_is_named_and_the_run_goes_on(project, capsys,
                                                                                          monkeypatch):
    assert generate(project) == OK
    (project / "sources" / "locked").mkdir()
    deny_listing(monkeypatch, project / "sources" / "locked")
    capsys.readouterr()
    assert generate(project) == PARTIAL
    assert capsys.readouterr().err.splitlines() == [
        "error: locked/: cannot read the folder: Permission denied; its sources are left out"]


def test_a_sources_folder_that_cannot_be_read_is_1_and_the_site_is_kept(project, capsys, monkeypatch):
    assert main(["site", "--sources", str(project / "sources"), "--content", str(project / "content"),
                 "--config", str(project / "briefing.yml"), "--site", str(project / "site"), "-q"]) == OK
    before = tree(project / "content"), tree(project / "site")
    deny_listing(monkeypatch, project / "sources")
    for extra in ((), ("--allow-empty",)):  # an empty briefing is asked for with an empty folder, not this
        capsys.readouterr()
        assert main(["site", "--sources", str(project / "sources"), "--content", str(project / "content"),
                     "--config", str(project / "briefing.yml"), "--site", str(project / "site"), *extra]) == FAILED
        assert capsys.readouterr().err.splitlines() == [
            f"error: {project / 'sources'}: cannot read the sources folder: Permission denied"]
        assert (tree(project / "content"), tree(project / "site")) == before


def test_no_usable_source_after_a_published_run_keeps_it_unless_asked(project, capsys):
    assert generate(project) == OK
    before = tree(project / "content")
    for path in (project / "sources").iterdir():
        path.unlink()
    (project / "sources" / "empty.txt").write_text("")
    capsys.readouterr()
    assert generate(project) == FAILED
    assert capsys.readouterr().err.splitlines() == [
        "error: empty.txt: empty file",
        "error: none of the 1 sources found can be used, and the last run published 2: the previous content and "
        "site are kept (pass --allow-empty to publish an empty briefing)"]
    assert tree(project / "content") == before
    (project / "sources" / "empty.txt").unlink()
    assert generate(project) == FAILED
    assert "error: no source found, and the last run published 2" in capsys.readouterr().err
    assert generate(project, "--allow-empty") == OK
    assert '"sources": []' in (project / "content" / "briefing.json").read_text()
    assert generate(project) == OK  # nothing published before this run: nothing to keep


def test_an_unreadable_sources_folder_for_real(project):
    from tests.conftest import without_permission_override

    prefix = without_permission_override()
    if prefix is None:
        pytest.skip("no way here to run a process that chmod binds")
    args = ["-m", "generator", "generate", "-q"]
    assert subprocess.run([sys.executable, *args], cwd=project, env=ENV).returncode == OK
    before = tree(project / "content")
    (project / "sources").chmod(0)
    try:
        result = subprocess.run([*prefix, sys.executable, *args], cwd=project, env=ENV, capture_output=True,
                                text=True)
    finally:
        (project / "sources").chmod(0o755)
    assert result.returncode == FAILED
    assert result.stderr.splitlines() == [f"error: {project / 'sources'}: cannot read the sources folder: "
                                          "Permission denied"]
    assert tree(project / "content") == before

@pytest.mark.slow
def test_site_and_build_use_the_content_folder_and_configuration_named_on_the_command_line(project, capsys):
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    # briefing.yml beside mkdocs.yml says one address; the configuration named on the command line another.
    text = (project / "briefing.yml").read_text(encoding="utf-8")
    (project / "briefing.yml").write_text(_with_url(text, "https://beside.example/wrong/"), encoding="utf-8")
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "conf.yml").write_text(_with_url(text, "https://example.org/named/"), encoding="utf-8")
    paths = ["--sources", str(project / "sources"), "--mkdocs", str(project / "mkdocs.yml")]

    assert main(["site", *paths, "--content", str(elsewhere / "generated"), "--config", str(elsewhere / "conf.yml"),
                 "--site", str(project / "site")]) == OK
    assert not (project / "content").exists()  # mkdocs.yml's docs_dir: never read or written
    assert (elsewhere / "generated" / "index.md").exists()
    pages = {p.stem for p in (elsewhere / "generated" / "sources").glob("*.md")} - {"index"}
    assert len(pages) == 2
    assert all((project / "site" / "sources" / page / "index.html").exists() for page in pages)
    assert 'href="/named/assets/' in (project / "site" / "404.html").read_text(encoding="utf-8")

    # `build` alone, from that content, with another configuration: its address in the 404 page.
    (elsewhere / "other.yml").write_text(_with_url(text, "https://example.org/other/"), encoding="utf-8")
    assert main(["build", *paths, "--content", str(elsewhere / "generated"), "--config", str(elsewhere / "other.yml"),
                 "--site", str(project / "site2")]) == OK
    assert 'href="/other/assets/' in (project / "site2" / "404.html").read_text(encoding="utf-8")
    assert all((project / "site2" / "sources" / page / "index.html").exists() for page in pages)

    # A configuration the generator would refuse is refused by the build too, naming the key; the site is kept.
    (elsewhere / "bad.yml").write_text(_with_url(text, "javascript:alert(1)"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", *paths, "--content", str(elsewhere / "generated"), "--config", str(elsewhere / "bad.yml"),
                 "--site", str(project / "site2")]) == FAILED
    assert "site.url: must be an http:// or https:// address" in capsys.readouterr().err
    assert main(["build", *paths, "--content", str(elsewhere / "generated"), "--config", str(elsewhere / "gone.yml"),
                 "--site", str(project / "site2")]) == FAILED  # named, so it must be there
    assert "gone.yml: file not found" in capsys.readouterr().err
    assert 'href="/other/assets/' in (project / "site2" / "404.html").read_text(encoding="utf-8")


def _with_url(config_text: str, url: str) -> str:
    """The configuration with `site.url` set (the shipped one sets none)."""
    assert "\nsite:\n" in "\n" + config_text and "  url:" not in config_text
    return config_text.replace("site:\n", f"site:\n  url: '{url}'\n", 1)


@pytest.mark.parametrize("declared, reason", [
    ("0001-01-01", "year 1 is outside the years the generator dates (1800-2099)"),
    ("9999-12-31", "year 9999 is outside the years the generator dates (1800-2099)"),
    ("'2023-13'", "month 13 does not exist"),
])
def test_a_declared_date_that_cannot_be_used_is_a_warning_naming_the_source(project, capsys, declared, reason):
    text = (FIXTURES / "golden_sources" / "declared.md").read_text(encoding="utf-8")
    assert "\ndate: " in text
    (project / "sources" / "declared.md").write_text(re.sub(r"\ndate: [^\n]*", f"\ndate: {declared}", text, count=1),
                                                     encoding="utf-8")
    assert generate(project, "-q") == OK  # the source is used, dated from its text
    value = declared.strip("'")
    warning = f"warning: declared.md: declared date {value!r} refused ({reason}); dated from its text"
    assert capsys.readouterr().err.splitlines() == [warning]
    page = next((project / "content" / "sources").glob("mali-and-algeria*.md")).read_text(encoding="utf-8")
    assert value not in page
    assert generate(project, "-q") == OK  # nothing changed: the warning is the last run's, said again
    assert capsys.readouterr().err.splitlines() == [warning]


def test_the_incremental_build_starts_clean_when_the_content_folder_or_named_configuration_changes(tmp_path):
    from generator.incremental import rebuild
    from generator.build import plan_options

    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    config = tmp_path / "conf.yml"
    config.write_text("site: {url: 'https://example.org/a/'}\n", encoding="utf-8")

    def fingerprint(content: str) -> str:
        return rebuild.plan(tmp_path / "mkdocs.yml", tmp_path / "site", None,
                            plan_options(tmp_path / "mkdocs.yml", True, tmp_path / content, config)).fingerprint

    first = fingerprint("a")
    assert fingerprint("a") == first
    assert fingerprint("b") != first  # another folder's pages may be older than the last site's
    config.write_text("site: {url: 'https://example.org/b/'}\n", encoding="utf-8")
    assert fingerprint("a") != first  # the hooks read it
