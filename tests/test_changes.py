from generator.changes import EMPTY, compare


def briefing(sources, events=(), topics=()):
    return {"sources": [{"slug": s} for s in sources], "events": list(events),
            "topics": [{"slug": t, "sources": list(ss)} for t, ss in topics]}


def test_first_build_has_nothing_new():
    assert compare(None, briefing(["a"])) == EMPTY


def test_new_source_its_events_and_changed_topics_are_listed():
    old = briefing(["a"], [{"date": "2024", "text": "x", "sources": ["a"]}], [("t", ["a"]), ("u", [])])
    old["changes"] = EMPTY
    new = briefing(["a", "b"], [{"date": "2024", "text": "x", "sources": ["a"]},
                                {"date": "2025-01", "text": "y", "sources": ["b"]}], [("t", ["a", "b"]), ("u", [])])
    got = compare(old, new)
    assert got["new_sources"] == ["b"]
    assert got["new_events"] == [{"date": "2025-01", "text": "y", "sources": ["b"]}]
    assert got["topics"] == [{"slug": "t", "added": ["b"], "removed": []}]
    assert got["previous_sources"] == 1 and not got["first_build"]


def test_unchanged_briefing_carries_the_last_changes_forward():
    current = briefing(["a", "b"])
    last = {"first_build": False, "previous_sources": 1, "new_sources": ["b"], "removed_sources": [],
            "new_events": [], "topics": []}
    assert compare({**current, "changes": last}, current) == last


def test_removed_sources_are_listed():
    old = {**briefing(["a", "b"]), "changes": EMPTY}
    assert compare(old, briefing(["a"]))["removed_sources"] == ["b"]


def test_the_previous_briefing_is_read_once_while_it_stays_the_same(tmp_path):
    from generator.changes import read_previous

    path = tmp_path / "briefing.json"
    path.write_text('{"sources": [{"slug": "a"}]}', encoding="utf-8")
    first = read_previous(path)
    assert first == {"sources": [{"slug": "a"}]} and read_previous(path) is first  # read ahead, then reused
    replacement = tmp_path / "new.json"
    replacement.write_text('{"sources": [{"slug": "b"}]}', encoding="utf-8")
    replacement.replace(path)  # as the writer replaces it
    assert read_previous(path) == {"sources": [{"slug": "b"}]}
    path.unlink()
    assert read_previous(path) is None
    path.write_text('{"sources": [{"slug": "c"}]}', encoding="utf-8")  # edited in place, same size
    assert read_previous(path) == {"sources": [{"slug": "c"}]}
