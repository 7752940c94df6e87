"""A clean build shared by several MkDocs processes (generator/build_parts.py) makes the site one process makes."""
import os
import shutil
from pathlib import Path

import pytest

from generator import build_parts
from generator.build import build_site
from generator.config import load_config
from generator.pipeline import generate
from tests.test_rebuild import ROOT, files, without_plugins


@pytest.fixture
def built_content(project):
    without_plugins(project / "mkdocs.yml")
    for name in sorted(os.listdir(ROOT / "sources")):
        shutil.copy(ROOT / "sources" / name, project / "sources" / name)
    generate(project / "sources", project / "content", load_config(project / "briefing.yml"), project / ".cache")
    return project


def test_a_build_in_parts_makes_the_site_one_process_makes(built_content, monkeypatch):
    p = built_content
    monkeypatch.setattr(build_parts, "MIN_PAGES_PER_PART", 10**9)
    build_site(p / "mkdocs.yml", p / "one")
    monkeypatch.setattr(build_parts, "MIN_PAGES_PER_PART", 1)
    monkeypatch.setattr(build_parts, "count", lambda pages, cores=None: 3)
    build_site(p / "mkdocs.yml", p / "parts")
    assert files(p / "parts") == files(p / "one")
    assert not any(q.name.startswith(("one.", "parts.")) for q in p.iterdir())  # no part folder left behind


def test_parts_are_balanced_by_size_and_fixed(tmp_path):
    sizes = {"big.md": 900, "a.md": 300, "b.md": 300, "c.md": 250, "d.md": 50}
    for name, size in sizes.items():
        (tmp_path / name).write_text("x" * size)
    parts = build_parts.split(sorted(sizes), tmp_path, 2)
    assert parts == [["big.md"], ["a.md", "b.md", "c.md", "d.md"]]
    assert build_parts.split(sorted(sizes, reverse=True), tmp_path, 2) == parts
    assert sorted(page for part in build_parts.split(sorted(sizes), tmp_path, 3) for page in part) == sorted(sizes)


@pytest.mark.parametrize("pages, cores, parts", [(100, 2, 1), (300, 2, 2), (10_000, 2, 2), (10_000, 16, 4),
                                                 (10_000, 1, 1)])
def test_a_process_more_only_for_enough_pages(pages, cores, parts):
    assert build_parts.count(pages, cores) == parts


def test_a_page_mkdocs_left_out_leaves_no_stand_in(tmp_path):
    into, folder = tmp_path / "into", tmp_path / "part"
    (into / "a").mkdir(parents=True)
    (into / "a" / "index.html").write_text("")
    folder.mkdir()
    build_parts.gather(into, folder, ["a.md"], directory_urls=True)
    assert not (into / "a" / "index.html").exists()


def test_a_part_folder_a_killed_build_left_is_removed(built_content):
    from generator.writer import staging_folder

    p = built_content
    leftover = staging_folder((p / "site").resolve()).with_name(
        staging_folder((p / "site").resolve()).name + build_parts.SUFFIX + "1")
    (leftover / "sources").mkdir(parents=True)
    build_site(p / "mkdocs.yml", p / "site")
    assert not leftover.exists() and (p / "site" / "index.html").is_file()


def test_one_process_when_asked(built_content, monkeypatch):
    from generator import build

    seen = []
    monkeypatch.setattr(build_parts, "MIN_PAGES_PER_PART", 1)
    monkeypatch.setattr(build, "_run", lambda commands, env: seen.append(len(commands)) or (_ for _ in ()).throw(
        KeyboardInterrupt))
    for processes in (1, 2):
        with pytest.raises(KeyboardInterrupt):
            build_site(built_content / "mkdocs.yml", built_content / "site", processes=processes)
    assert seen == [1, 2]


def test_the_part_that_fails_is_reported_and_stops_the_others(tmp_path):
    import sys

    from generator.build import _run
    from generator.errors import BriefingError

    slow = [sys.executable, "-c", "import time; time.sleep(60)"]
    fails = [sys.executable, "-c", "import sys; sys.exit('strict: a link to a missing page')"]
    with pytest.raises(BriefingError, match="a link to a missing page"):
        _run([slow, fails], dict(os.environ))
