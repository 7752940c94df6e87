import hashlib

import orjson
import pytest

from generator import changes
from generator.changes import EMPTY, basis, compare


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
    got = compare(basis(old), new)
    assert got["new_sources"] == ["b"]
    assert got["new_events"] == [{"date": "2025-01", "text": "y", "sources": ["b"]}]
    assert got["topics"] == [{"slug": "t", "added": ["b"], "removed": []}]
    assert got["previous_sources"] == 1 and not got["first_build"]


def test_unchanged_briefing_carries_the_last_changes_forward():
    current = briefing(["a", "b"])
    last = {"first_build": False, "previous_sources": 1, "new_sources": ["b"], "removed_sources": [],
            "new_events": [], "topics": []}
    assert compare(basis({**current, "changes": last}), current) == last
    assert compare(basis(current), current)["new_sources"] == []  # no changes to carry: compared


def test_removed_sources_are_listed():
    old = {**briefing(["a", "b"]), "changes": EMPTY}
    assert compare(basis(old), briefing(["a"]))["removed_sources"] == ["b"]


def test_a_basis_tolerates_a_briefing_edited_by_hand():
    odd = {"sources": [{"slug": "a"}, "junk"], "events": "none", "topics": [{"slug": "t"}], "changes": []}
    found = basis(odd)
    assert found.sources == {"a"} and found.events == frozenset() and found.topics == {"t": frozenset()}
    assert found.changes is None


def test_the_file_is_its_core_then_its_changes_and_the_digest_is_of_the_core():
    data = {"title": "Alger–Bamako « accord »", "sources": [{"slug": "a"}, {"slug": "b"}], "topics": [],
            "events": [[1, "two"]]}
    core = changes.core_json(data)
    text = changes.briefing_json(core, {"new": ["a"]}).decode("utf-8")
    assert orjson.loads(text) == {**data, "changes": {"new": ["a"]}}
    assert text.startswith(core.decode("utf-8")) and text.splitlines()[-2] == ' "changes": {"new":["a"]}'
    assert changes.core_digest({**data, "changes": {"other": 1}}) == hashlib.sha256(core).hexdigest()
    assert orjson.loads(changes.briefing_json(changes.core_json({}), EMPTY)) == {"changes": EMPTY}


@pytest.mark.parametrize("content", [None, b"\xff\xfe", b"[1, 2]", b'{"sources": 3}'])
def test_no_basis_without_a_briefing(tmp_path, content):
    path = tmp_path / "briefing.json"
    if content is not None:
        path.write_bytes(content)
    assert changes.previous(path) is None
