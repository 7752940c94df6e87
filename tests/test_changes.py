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
