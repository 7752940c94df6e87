"""Charts and feed without a browser: byte-deterministic output, hostile names kept as text, empty briefings,
feed order, dates and links. Fast; they need neither Chromium nor a built site."""
from __future__ import annotations

import re
from dataclasses import replace
from xml.etree import ElementTree

import pytest

from generator import charts, feed
from generator.charts import drawing
from generator.models import Briefing, EntityEntry, SourceEntry, TimelineEvent, TopicEntry
from generator.models import Analysis, DateValue, Mention, PubDate, RawSource

ATOM = {"a": "http://www.w3.org/2005/Atom"}
HOSTILE = "<script>alert(1)</script> $x^2$ & {{ config }}"


NAMES = {"p1": (HOSTILE, "person"), "p2": ("Jane Doe", "person"), "o1": ("The Committee", "organisation")}


def _source(slug, title, date, topics=(), entities=(), language="en"):
    raw = RawSource(path=f"{slug}.txt", text=title, fmt="txt", digest=slug)
    mentions = tuple(Mention(k, NAMES[k][0], NAMES[k][1], 1, NAMES[k][0]) for k in entities)
    analysis = Analysis(source=raw, title=title, title_generated=False, language=language, date=date, blocks=(),
                        summary=(f"{title} summary.",), standfirst=title, quotes=(), events=(), keyphrases=(),
                        topics=(), mentions=mentions)
    return SourceEntry(slug, analysis, date, topics=tuple(topics), entities=tuple(entities))


def briefing(config, with_data=True) -> Briefing:
    t1, t2 = config.topics[0].slug, config.topics[1].slug
    if not with_data:
        return Briefing(config, {}, tuple(TopicEntry(t, ()) for t in config.topics), {}, (), ())
    sources = {
        "a": _source("a", "Day \x0bstory", PubDate(DateValue(2023, 5, 2), "declared"), [t1], ["p1", "o1"]),
        "b": _source("b", HOSTILE, PubDate(DateValue(2024), "inferred"), [t1, t2], ["p1", "p2", "o1"]),
        "c": _source("c", "Month story", PubDate(DateValue(2022, 9), "dateline"), [t2], ["p2", "o1"], "fr"),
        "d": _source("d", "Undated story", PubDate(None, "unknown"), [], ["p1"]),
    }
    entities = {
        "p1": EntityEntry("p1", HOSTILE, "person", "", True, ("a", "b", "d"), 5),
        "p2": EntityEntry("p2", "Jane Doe", "person", "", False, ("b", "c"), 3),
        "o1": EntityEntry("o1", "The Committee", "organisation", "", False, ("a", "b", "c"), 4),
    }
    events = (TimelineEvent(DateValue(2010), "Created.", ("c",), (t2,)),
              TimelineEvent(DateValue(2022, 2), "Met.", ("c",), (t1, t2)),
              TimelineEvent(DateValue(2023, 5, 1), "Signed.", ("a",), ()))
    topics = []
    for t in config.topics:
        members = tuple(s for s in ("b", "a", "c") if t.slug in sources[s].topics)
        topics.append(TopicEntry(t, members, {s: f"{sources[s].analysis.title}." for s in members}))
    topics = tuple(topics)
    return Briefing(config, sources, topics, entities, events, ())


def test_charts_are_svg_files_under_assets_charts_and_byte_identical(config):
    b = briefing(config)
    first, second = charts.draw(b), charts.draw(b)
    assert sorted(first) == sorted(charts.FILES.values())
    assert all(re.fullmatch(r"assets/charts/[a-z-]+\.svg", path) for path in first)
    assert first == second
    for svg in first.values():
        text = svg.decode("utf-8")
        assert text.startswith("<?xml") and "<svg" in text
        ElementTree.fromstring(svg)  # well-formed
        assert "<dc:date>" not in text  # no build timestamp
        assert "<script" not in text
        assert "<text" in text  # svg.fonttype none: labels stay text, not glyph paths


def _charts(b, last=None):
    """The charts render makes of b, and their memos, given the last run's files and memos."""
    import hashlib

    from generator import render
    from generator.incremental.pages import Memos, PageMemo

    files, digests = render.render_pages(b, (), None, memos=Memos(last[1], last[0].get) if last else None)
    return ({p: files[p] for p in charts.FILES.values()},
            {p: PageMemo(digests[p], hashlib.sha256(files[p]).hexdigest()) for p in charts.FILES.values()})


def test_charts_are_reused_while_their_data_is_the_same(config, monkeypatch):
    b = briefing(config)
    first, record = _charts(b)
    monkeypatch.setattr(drawing, "draw_timeline", lambda *a, **k: pytest.fail("redrawn although nothing changed"))
    reworded = replace(b, sources={**b.sources, "a": replace(b.sources["a"], analysis=replace(
        b.sources["a"].analysis, summary=("Another summary.",), standfirst="Another."))})
    assert _charts(reworded, (first, record)) == (first, record)  # a story's text is not chart data
    with pytest.raises(pytest.fail.Exception):  # a file that is not what the last run wrote is not reused
        _charts(b, ({k: v.replace(b"<svg", b"<svg ") for k, v in first.items()}, record))
    with pytest.raises(pytest.fail.Exception):
        _charts(b, ({k: v for k, v in first.items() if k != charts.NETWORK}, record))


@pytest.mark.parametrize("change", ["event", "topic", "date", "entity"])
def test_a_change_in_chart_data_redraws_the_charts(config, change, monkeypatch):
    b = briefing(config)
    first, record = _charts(b)
    drawn, real = [], drawing.draw_timeline
    monkeypatch.setattr(drawing, "draw_timeline", lambda *a, **k: drawn.append(1) or real(*a, **k))
    if change == "event":
        b = replace(b, events=b.events[:-1])
    elif change == "topic":
        b = replace(b, topics=(replace(b.topics[0], sources=b.topics[0].sources[:-1]),) + b.topics[1:])
    elif change == "date":
        b = replace(b, sources={**b.sources, "d": replace(b.sources["d"], date=PubDate(DateValue(2021), "inferred"))})
    else:
        b = replace(b, entities={**b.entities, "p2": replace(b.entities["p2"], sources=("b",))})
    assert charts.chart_key(b) != charts.chart_key(briefing(config))
    again, _record = _charts(b, (first, record))
    assert drawn and again == charts.draw(b)


def test_hostile_names_stay_text_in_the_charts(config):
    svg = charts.draw(briefing(config))[charts.NETWORK].decode("utf-8")
    root = ElementTree.fromstring(svg)
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    assert "&lt;script&gt;" in svg  # escaped, and no mathtext: the dollar signs are still there
    assert "$x^2$" in svg


def test_charts_of_an_empty_briefing_render(config):
    out = charts.draw(briefing(config, with_data=False))
    assert all(b"No dated" in svg or b"Not enough" in svg for svg in out.values())
    data = charts.chart_data(briefing(config, with_data=False))
    assert data["event_range"] is None and data["months"] == [] and data["pairs"] == []


def test_chart_data_matches_what_is_drawn(config):
    data = charts.chart_data(briefing(config))
    assert data["event_count"] == 3
    assert [d.iso() for d in data["event_range"]] == ["2010", "2023-05-01"]
    labels = [m.label for m in data["months"]]
    assert labels == ["September 2022", "May 2023", "2024 (month unknown)"]
    assert data["undated_stories"] == 1
    assert set(data["actors"]) == {"p1", "p2", "o1"}
    assert {(p.a, p.b): p.shared for p in data["pairs"]}[("o1", "p1")] == 2


def test_feed_is_newest_first_without_build_time_and_relative_without_site_url(config):
    b = briefing(replace(config, site_url=""))
    xml = feed.render_feed(b)
    assert xml == feed.render_feed(b)
    root = ElementTree.fromstring(xml)
    entries = root.findall("a:entry", ATOM)
    assert [e.find("a:title", ATOM).text for e in entries] == [HOSTILE, "Day story", "Month story", "Undated story"]
    assert root.find("a:updated", ATOM).text.startswith("2024-01-01")
    assert entries[-1].find("a:updated", ATOM).text.startswith("2022-09-01")  # undated: the oldest known date
    assert entries[0].find("a:link", ATOM).get("href") == "sources/b/"
    assert entries[0].find("a:id", ATOM).text.startswith("tag:")
    assert len({e.find("a:id", ATOM).text for e in entries}) == len(entries)


def _feed_titles(b: Briefing) -> list[str]:
    return [e.find("a:title", ATOM).text for e in ElementTree.fromstring(feed.render_feed(b)).findall("a:entry", ATOM)]


def test_feed_carries_the_newest_stories_up_to_its_limit(config):
    assert _feed_titles(briefing(replace(config, feed_entries=2))) == [HOSTILE, "Day story"]
    assert len(_feed_titles(briefing(replace(config, feed_entries=0)))) == 4  # 0: all
    root = ElementTree.fromstring(feed.render_feed(briefing(replace(config, feed_entries=1))))
    assert root.find("a:updated", ATOM).text.startswith("2024-01-01")


def test_feed_links_are_absolute_with_a_site_url(config):
    b = briefing(replace(config, site_url="https://example.org/briefing"))
    root = ElementTree.fromstring(feed.render_feed(b))
    entry = root.find("a:entry", ATOM)
    assert entry.find("a:link", ATOM).get("href") == "https://example.org/briefing/sources/b/"
    assert entry.find("a:id", ATOM).text == "https://example.org/briefing/sources/b/"
    self_link = [l.get("href") for l in root.findall("a:link", ATOM) if l.get("rel") == "self"]
    assert self_link == ["https://example.org/briefing/feed.xml"]


@pytest.mark.parametrize("name", ["home.md.j2", "topics_index.md.j2", "timeline.md.j2", "entities_index.md.j2"])
def test_chart_pages_render_and_reference_the_charts(config, name):
    from generator import render

    out = render.render(briefing(config))
    page = {"home.md.j2": "index.md", "topics_index.md.j2": "topics/index.md", "timeline.md.j2": "timeline.md",
            "entities_index.md.j2": "entities/index.md"}[name]
    text = out[page].decode("utf-8")
    assert "assets/charts/" in text
    assert "<script" not in text
    for path in re.findall(r"\]\((?:\.\./)?(assets/charts/[^)]+)\)", text):
        assert path in out


def test_topic_counts_are_written_on_the_circles_only_while_they_fit(config, monkeypatch):
    b = briefing(config)
    t1 = config.topics[0].slug
    pairs = {f"s{i}": _source(f"s{i}", f"Story {i}", PubDate(DateValue(2000 + i // 12, i % 12 + 1), "declared"),
                              [t1]) for i in range(2 * 12)}
    crowded = replace(b, sources={**b.sources, **{f"{k}b": v for k, v in pairs.items()}, **pairs})
    counts = re.compile(rb"<!-- 2 -->")  # matplotlib's SVG comments each text with its string
    assert counts.search(charts.draw_topics_over_time(crowded))
    monkeypatch.setattr(drawing, "MAX_COUNT_LABELS", 10)
    assert not counts.search(charts.draw_topics_over_time(crowded))
