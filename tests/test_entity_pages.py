"""entity_pages: a discovered entity gets a page only when supported, within a cap per source and in all."""
from dataclasses import replace
from types import SimpleNamespace

import pytest

from generator.config import load_config
from generator.errors import ConfigError
from generator.link.entities import _capped
from generator.models import Mention


def _source(keys, duplicate_of=None):
    mentions = [Mention(k, k.upper(), "organisation", 1, k.upper(), discovered=not k.startswith("w-")) for k in keys]
    return SimpleNamespace(analysis=SimpleNamespace(mentions=mentions), duplicate_of=duplicate_of)


def _config(config, **caps):
    return replace(config, **{f"entity_{k}": v for k, v in caps.items()})


def test_an_entity_named_once_by_one_source_gets_no_page_unless_watched(config):
    entries = {"a": _source(["lone", "w-watched", "shared"]), "b": _source(["shared"])}
    support = {"lone": (1, 1), "w-watched": (1, 1), "shared": (2, 2)}
    kept, picked = _capped(set(support), entries, _config(config, min_sources=2, min_mentions=3), support,
                           {"lone", "shared"})
    assert kept == {"w-watched", "shared"}
    assert picked == {"a": ("shared", "w-watched"), "b": ("shared",)}


def test_many_mentions_in_one_source_are_support_enough(config):
    entries = {"a": _source(["often", "rare"])}
    support = {"often": (1, 3), "rare": (1, 2)}
    kept, _ = _capped(set(support), entries, _config(config, min_sources=2, min_mentions=3), support, set(support))
    assert kept == {"often"}


def test_a_flooding_source_adds_at_most_max_per_source_entities_the_best_supported_first(config):
    flood = [f"acr-{i:04d}" for i in range(500)]
    support = {k: (1, 3 + (i % 7 == 0)) for i, k in enumerate(flood)}
    support.update({"w-mali": (1, 1)})
    entries = {"flood": _source(flood + ["w-mali"])}
    settings = _config(config, max_per_source=10, max_total=1000, min_sources=2, min_mentions=3)
    kept, picked = _capped(set(support), entries, settings, support, set(flood))
    better = sorted(k for k in flood if support[k][1] == 4)[:10]  # most mentions first, then by key
    assert kept == set(better) | {"w-mali"}
    assert picked["flood"] == tuple(sorted(better + ["w-mali"]))


def test_the_corpus_cap_keeps_the_best_supported_and_is_deterministic(config):
    keys = [f"e{i:03d}" for i in range(60)]
    support = {k: (2 + i % 5, 3) for i, k in enumerate(keys)}
    entries = {f"s{j}": _source(keys[j::3]) for j in range(3)}
    settings = _config(config, max_per_source=100, max_total=12)
    kept, picked = _capped(set(keys), entries, settings, support, set(keys))
    assert kept == set(sorted(keys, key=lambda k: (-support[k][0], k))[:12])
    shuffled = dict(reversed(list(entries.items())))
    assert _capped(set(reversed(keys)), shuffled, settings, support, set(keys)) == (kept, picked)
    assert all(set(p) <= kept for p in picked.values())


def test_a_duplicate_does_not_bring_entities_of_its_own(config):
    entries = {"a": _source(["x"]), "b": _source(["x", "y"], duplicate_of="a")}
    support = {"x": (2, 3), "y": (2, 3)}
    kept, picked = _capped(set(support), entries, config, support, set(support))
    assert kept == {"x"} and picked["b"] == ("x",)


def test_the_defaults_are_read_from_defaults_yml(config):
    assert (config.entity_max_per_source, config.entity_max_total, config.entity_min_sources,
            config.entity_min_mentions) == (40, 3000, 2, 3)


@pytest.mark.parametrize("text, problem", [
    ("entity_pages: {max_per_source: 0}", "entity_pages.max_per_source:"),
    ("entity_pages: {max_total: -1}", "entity_pages.max_total:"),
    ("entity_pages: {min_sources: '2'}", "entity_pages.min_sources:"),
    ("entity_pages: {min_mention: 2}", "entity_pages.min_mention: unknown key (did you mean min_mentions?)"),
])
def test_a_bad_entity_pages_setting_is_refused_naming_its_key(tmp_path, text, problem):
    path = tmp_path / "b.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert any(p.startswith(problem) for p in err.value.problems), err.value.problems


def test_a_flood_of_acronyms_in_one_source_makes_at_most_max_per_source_entity_pages(tmp_path, config):
    from bench.corpus import acronym_flood
    from generator.link import link
    from generator.corpus_analysis import analyse_file

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "flood.txt").write_text(acronym_flood(8_000), encoding="utf-8")
    (sources / "other.txt").write_text("Talks in Bamako\n\nThe Alliance Nationale Sahel (ANS) met in Bamako.\n",
                                       encoding="utf-8")
    analyses = [analyse_file(p, sources, config) for p in sorted(sources.iterdir())]
    flood = {m.key for m in analyses[0].mentions if m.discovered}
    assert len(flood) > 200  # every acronym is a candidate
    # With one mention as support enough, only the cap holds the flood back.
    settings = replace(config, entity_min_mentions=1, entity_max_per_source=25)
    b = link(analyses, settings)
    discovered = sorted(k for k, e in b.entities.items() if e.discovered)
    assert set(discovered) == set(sorted(flood)[:25]) | {"ans"}  # equal support: the first keys
    slug = next(s for s, e in b.sources.items() if e.analysis.source.path.endswith("flood.txt"))
    assert len([k for k in b.sources[slug].entities if b.entities[k].discovered]) == 25
    # With the defaults, a name given once by one source is no support: no page for any of them.
    assert not {k for k, e in link(analyses, config).entities.items() if e.discovered} & flood


def test_a_source_page_links_an_entity_where_it_is_named_not_inside_a_longer_name(config):
    """The first mention linked is one of the entity itself: not "Sahel" in "G5 Sahel" (another entity's name),
    nor "Algiers" in "Algiers Accord" (a topic's)."""
    from dataclasses import replace
    from types import SimpleNamespace

    from generator import ingest
    from generator.analyze import analyze_source
    from generator.config import for_analysis
    from generator.render.article import article

    text = ("Mali leaves the G5 Sahel\n\nMali left the G5 Sahel and ended the Algiers Accord on Friday, its "
            "government said in a statement.\n\nThe envoy of Mali flew home from Algiers, and the drought in the "
            "Sahel went on through the summer months.\n")
    analysis = analyze_source(ingest.parse_bytes(text.encode(), "page.txt", "txt"), for_analysis(config))
    entry = SimpleNamespace(entities=tuple(m.key for m in analysis.mentions), analysis=analysis)
    html = "\n".join(str(markup) for _kind, markup in article(entry, replace(config, publish_text="full")))
    assert 'G5 <a href="../../entities/sahel/">' not in html
    assert 'the <a href="../../entities/sahel/">Sahel</a> went' in html
    assert 'the <a href="../../entities/algiers/">Algiers</a> Accord' not in html
    assert 'from <a href="../../entities/algiers/">Algiers</a>' in html
