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
