"""The command line: exit codes, one line per problem, the summary line, and a --help that starts fast."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from generator.cli import FAILED, OK, PARTIAL, main
from tests.conftest import FIXTURES, ROOT

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
    from generator import rebuild
    from generator.build import _chosen_inputs

    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    config = tmp_path / "conf.yml"
    config.write_text("site: {url: 'https://example.org/a/'}\n", encoding="utf-8")

    def fingerprint(content: str) -> str:
        return rebuild.plan(tmp_path / "mkdocs.yml", tmp_path / "site", None,
                            ("strict", *_chosen_inputs(tmp_path / content, config))).fingerprint

    first = fingerprint("a")
    assert fingerprint("a") == first
    assert fingerprint("b") != first  # another folder's pages may be older than the last site's
    config.write_text("site: {url: 'https://example.org/b/'}\n", encoding="utf-8")
    assert fingerprint("a") != first  # the hooks read it
