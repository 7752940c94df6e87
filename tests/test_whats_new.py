"""After adding one source and regenerating, the home page's "What's new" lists it and its events."""
import json
import shutil
from pathlib import Path

from generator.config import load_config
from generator.pipeline import generate
from tests.conftest import ROOT


def test_added_source_and_its_events_appear_in_whats_new(tmp_path):
    config = load_config(ROOT / "briefing.yml")
    sources, content = tmp_path / "sources", tmp_path / "content"
    sources.mkdir()
    for f in sorted((ROOT / "sources").glob("*.txt"))[:4]:
        shutil.copy(f, sources / f.name)
    generate(sources, content, config)
    assert "first build" in (content / "index.md").read_text()
    added = sorted((ROOT / "sources").glob("*.txt"))[4]
    shutil.copy(added, sources / added.name)
    generate(sources, content, config)
    data = json.loads((content / "briefing.json").read_text())
    new = next(s for s in data["sources"] if s["source_file"] == added.name)
    assert data["changes"]["new_sources"] == [new["slug"]]
    assert data["changes"]["new_events"] and all(new["slug"] in e["sources"] for e in data["changes"]["new_events"])
    home = (content / "index.md").read_text()
    whats_new = home.split("## What's new", 1)[1].split("\n## ", 1)[0]
    assert f"sources/{new['slug']}.md" in whats_new
    assert "New dated events" in whats_new
    assert (content / "changes.md").exists()
    # Regenerating with nothing changed keeps the same bytes (the changes are carried forward).
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    generate(sources, content, config)
    assert before == {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}


def test_with_a_cache_the_last_briefing_is_not_parsed_and_the_changes_are_the_same(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from generator import changes
    from generator.pipeline import BASIS

    config = load_config(ROOT / "briefing.yml")
    sources = tmp_path / "sources"
    sources.mkdir()
    files = sorted((ROOT / "sources").glob("*.txt"))
    for f in files[:4]:
        shutil.copy(f, sources / f.name)
    generate(sources, tmp_path / "content", config, tmp_path / "cache", workers=1)
    assert (tmp_path / "cache" / BASIS).is_file()
    shutil.copytree(tmp_path / "content", tmp_path / "content2")
    shutil.copytree(tmp_path / "cache", tmp_path / "cache2")
    (tmp_path / "cache2" / BASIS).unlink()  # as after a run that wrote none: the file is parsed
    shutil.copy(files[4], sources / files[4].name)
    generate(sources, tmp_path / "content2", config, tmp_path / "cache2", workers=1)

    def no_parsing(raw):
        raise AssertionError("the last briefing.json was parsed though its basis was kept")

    monkeypatch.setattr(changes, "orjson", SimpleNamespace(dumps=changes.orjson.dumps, loads=no_parsing,
                                                           JSONDecodeError=changes.orjson.JSONDecodeError))
    generate(sources, tmp_path / "content", config, tmp_path / "cache", workers=1)
    tree = {p.relative_to(tmp_path / "content"): p.read_bytes() for p in (tmp_path / "content").rglob("*")
            if p.is_file()}
    assert tree == {p.relative_to(tmp_path / "content2"): p.read_bytes() for p in (tmp_path / "content2").rglob("*")
                    if p.is_file()}
    data = json.loads(tree[Path("briefing.json")])
    assert len(data["changes"]["new_sources"]) == 1 and data["changes"]["previous_sources"] == 4


def test_briefing_json_lines_are_the_last_run_s_for_sources_whose_inputs_did_not_change(tmp_path, monkeypatch):
    from generator.render import data, pages

    config = load_config(ROOT / "briefing.yml")
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    content, cache = tmp_path / "content", tmp_path / ".cache"
    generate(sources, content, config, cache, workers=1)
    made = []
    real = data.source_json
    monkeypatch.setattr(data, "source_json", lambda e, b: made.append(e.slug) or real(e, b))
    changed = sorted(sources.glob("*.txt"))[0]
    added = "\n\nOne more paragraph, added by the desk, says little.\n"
    changed.write_text(changed.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = generate(sources, content, config, cache, workers=1)
    slug = next(s for s, e in result.briefing.sources.items() if e.analysis.source.path == changed.name)
    assert slug in made and len(made) < len(result.briefing.sources)
    made.clear()
    common = pages.common_inputs
    monkeypatch.setattr(pages, "common_inputs", lambda b, code: common(b, code) + "another generator\n")  # no line is reused
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nAnd one more.\n", encoding="utf-8")
    generate(sources, content, config, cache, workers=1)
    assert len(made) == len(result.briefing.sources)
