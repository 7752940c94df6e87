"""A run whose inputs are the last run's, finding content/ as that run left it, does nothing; any difference in
the sources, the configuration, the hand-written pages or content/ itself means a full run."""
import json
import shutil
from dataclasses import replace

import pytest

from generator import uptodate
from generator.pipeline import generate
from tests import dependencies
from tests.conftest import FIXTURES


@pytest.fixture
def project(tmp_path, config):
    shutil.copytree(FIXTURES / "golden_sources", tmp_path / "sources")
    (tmp_path / "sources" / "empty.txt").write_text("   \n")  # a source that fails, every time
    return tmp_path, config


def run(tmp_path, config):
    return generate(tmp_path / "sources", tmp_path / "content", config, cache_dir=tmp_path / ".cache", workers=1)


def snapshot(root):
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_nothing_changed_means_nothing_done_and_the_same_report(project, monkeypatch):
    tmp_path, config = project
    first = run(tmp_path, config)
    before = snapshot(tmp_path / "content")
    import generator.pipeline as pipeline

    monkeypatch.setattr(pipeline, "link", lambda *a, **k: pytest.fail("linked although nothing changed"))
    second = run(tmp_path, config)
    assert second.briefing is None
    assert snapshot(tmp_path / "content") == before  # every file, the manifest included, untouched
    assert second.failures == first.failures and [f.path for f in second.failures] == ["empty.txt"]
    assert (second.counts.pages, second.counts.sources, second.counts.failed) == \
        (first.counts.pages, first.counts.sources, first.counts.failed)
    assert (second.counts.new, second.counts.changed, second.counts.analysed) == (0, 0, 0)
    assert second.stats == {"written": 0, "unchanged": first.stats["written"], "removed": 0}


@pytest.mark.parametrize("touch", ["edit", "delete", "add_hand_written"])
def test_a_touched_content_folder_is_regenerated(project, touch):
    tmp_path, config = project
    run(tmp_path, config)
    content = tmp_path / "content"
    before = snapshot(content)
    page = next(p for p in sorted((content / "sources").glob("*.md")))
    if touch == "edit":
        page.write_text("edited by hand\n")
    elif touch == "delete":
        page.unlink()
    else:
        (content / "notes.md").write_text("# Desk notes\n")
    result = run(tmp_path, config)
    assert result.briefing is not None
    after = snapshot(content)
    assert after[page.relative_to(content).as_posix()][0] == before[page.relative_to(content).as_posix()][0]
    if touch == "add_hand_written":
        assert after["notes.md"][0] == b"# Desk notes\n"
    assert run(tmp_path, config).briefing is None  # and then it is up to date again


def test_a_changed_source_or_configuration_means_a_full_run(project):
    tmp_path, config = project
    run(tmp_path, config)
    changed = replace(config, title="Another title", fingerprint=config.fingerprint + "-edited")
    assert run(tmp_path, changed).briefing is not None
    assert b"Another title" in (tmp_path / "content" / "index.md").read_bytes()
    source = next(p for p in sorted((tmp_path / "sources").iterdir()) if p.suffix == ".txt" and p.stat().st_size > 100)
    source.write_text(source.read_text() + "\nThe talks resume in the spring.\n")
    result = run(tmp_path, changed)
    assert result.briefing is not None and result.counts.changed == 1  # (and empty.txt, never cached)


def test_a_damaged_or_foreign_record_is_not_trusted(project):
    tmp_path, config = project
    run(tmp_path, config)
    record = tmp_path / ".cache" / uptodate.RECORD
    for damaged in (b"{not json", b"[]", json.dumps({"fingerprint": "x", "files": {}}).encode()):
        record.write_bytes(damaged)
        assert run(tmp_path, config).briefing is not None
    assert run(tmp_path, config).briefing is None


@pytest.mark.parametrize("edited", ["templates/source.md.j2", "data/sentences.yml", "render/pages.py"])
def test_the_generator_hash_covers_code_templates_and_data(tmp_path, monkeypatch, edited):
    package = tmp_path / "generator"
    shutil.copytree(uptodate.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(uptodate, "PACKAGE", package)
    uptodate.generator_hash.cache_clear()
    try:
        before = uptodate.generator_hash()
        with open(package / edited, "a", encoding="utf-8") as handle:
            handle.write("\n")
        uptodate.generator_hash.cache_clear()
        assert uptodate.generator_hash() != before
    finally:
        uptodate.generator_hash.cache_clear()


def test_the_fingerprint_covers_every_library_the_generator_runs():
    """Every distribution the package imports, and everything those require as installed (matplotlib's font and
    image libraries draw the charts), but the command line's progress bar, which writes nothing to content/."""
    code = [p for p in uptodate.PACKAGE.rglob("*.py") if p.name != "cli.py"]
    imported = dependencies.distributions(dependencies.third_party_imports(code))
    needed = dependencies.closure(set().union(*imported.values()))
    listed = {dependencies.normal(name) for name in uptodate.LIBRARIES}
    assert "matplotlib" in needed and "pillow" in needed
    assert needed <= listed, f"not in uptodate.LIBRARIES: {sorted(needed - listed)}"
