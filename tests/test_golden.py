import difflib

import pytest
from lxml import etree

from tests.conftest import tree
from tests.golden import CHART_DATA, EXPECTED, chart_json, generate_into, is_chart, pages

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The golden sources generated once: the content folder and the linked briefing."""
    folder = tmp_path_factory.mktemp("golden") / "content"
    return folder, generate_into(folder)


def _diff(want: str, got: str, name: str) -> str:
    return "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{name}", f"generated/{name}",
                                          lineterm="", n=1))[:3000]


def test_generated_content_matches_the_golden_tree(generated):
    got, want = pages(generated[0]), tree(EXPECTED)
    assert sorted(got) == sorted(want), "file list differs; run `make golden` after a deliberate change"
    for name in sorted(want):
        if got[name] != want[name]:
            raise AssertionError(f"{name} differs from the golden file (run `make golden` if intended):\n"
                                 f"{_diff(want[name].decode(), got[name].decode(), name)}")


def test_the_charts_show_the_golden_chart_data(generated):
    from generator import charts

    folder, b = generated
    assert sorted(p for p in tree(folder) if is_chart(p)) == sorted(charts.FILES.values())
    got, want = chart_json(b), CHART_DATA.read_text(encoding="utf-8")
    assert got == want, f"chart data differs (run `make golden` if intended):\n{_diff(want, got, CHART_DATA.name)}"


def _groups(svg: bytes) -> dict:
    root = etree.fromstring(svg)  # well-formed, or this raises
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def _count(groups: dict, gid: str, tag: str) -> int:
    return len(groups[gid].findall(f".//{SVG}{tag}")) if gid in groups else 0


def _texts(groups: dict, prefix: str) -> list[str]:
    """The text of each group whose id starts with prefix, its lines joined, in document order."""
    return [" ".join(t.text or "" for t in g.iter(f"{SVG}text")) for gid, g in groups.items() if gid.startswith(prefix)]


def _shows(shown: str, label: str) -> bool:
    """A label as drawn: whole, or cut short with an ellipsis (the table beside the chart has it whole)."""
    return shown == label or (shown.endswith("…") and label.startswith(shown[:-1].rstrip()))


def test_the_charts_are_svg_that_draw_what_their_data_says(generated):
    from generator import charts

    folder, b = generated
    timeline = _groups((folder / charts.TIMELINE).read_bytes())
    rows = charts.timeline_rows(b)
    assert len(rows) > 2
    for i, (_key, _label, events) in enumerate(rows):
        dates = [ev.date for ev in events]
        assert _count(timeline, f"days-{i}", "use") == len({d for d in dates if d.day})
        months = {(d.year, d.month) for d in dates if d.month and not d.day}
        assert _count(timeline, f"months-{i}", "path") == len(months)
        assert _count(timeline, f"years-{i}", "path") == len({d.year for d in dates if not d.month})
    labels = _texts(timeline, "ytick_")
    assert len(labels) == len(rows) and all(_shows(s, r[1]) for s, r in zip(labels, reversed(rows)))

    topics = _groups((folder / charts.TOPICS_OVER_TIME).read_bytes())
    topic_rows = charts.topic_rows(b)
    # A circle per month: matplotlib writes circles of one size as <use>s of one marker (defined once, as a <path>),
    # of several sizes as <path>s.
    assert topic_rows and all((_count(topics, f"months-{i}", "use") or _count(topics, f"months-{i}", "path"))
                              == len(row.months) for i, row in enumerate(topic_rows))

    network = _groups((folder / charts.NETWORK).read_bytes())
    data = charts.chart_data(b)
    assert len(data["actors"]) > 2 and len(data["pairs"]) > 2
    assert sum(gid.startswith("actor-") for gid in network) == len(data["actors"])
    assert sum(gid.startswith("link-") for gid in network) == len(data["pairs"])
    names = _texts(network, "text_")
    assert all(any(_shows(s, b.entities[k].name) for s in names) for k in data["actors"])


def test_generation_is_deterministic(generated, tmp_path):
    generate_into(tmp_path / "two")
    assert tree(generated[0]) == tree(tmp_path / "two")


def test_pages_rendered_in_several_processes_match_the_golden_tree(tmp_path, monkeypatch):
    from generator import parallel
    from generator.render import pages as render_pages

    calls = []
    real = parallel.run
    kinds = []
    monkeypatch.setattr(parallel, "run", lambda task, items, shared, workers, *a, **k:
                        calls.append((task.__name__, len(items), workers)) or
                        (task.__name__ == "_render_pages" and kinds.append(
                            ({job[0] for chunk in items for job in chunk}, k.get("background") is not None))) or
                        real(task, items, shared, 2, *a, **k))
    monkeypatch.setattr(render_pages, "PAGES_PER_JOB", 2)  # about 25 jobs: enough to be shared out
    b = generate_into(tmp_path / "content")
    assert any(name == "_render_pages" and jobs >= parallel.SERIAL_BELOW for name, jobs, _w in calls), calls
    # Every job goes to the workers, the listing pages' (what changed among them) too.
    assert all("listings" in sent and not here for sent, here in kinds) and kinds, kinds
    assert pages(tmp_path / "content") == tree(EXPECTED) and chart_json(b) == CHART_DATA.read_text(encoding="utf-8")
