"""Names, ids, links and invisible controls that a hostile source, file name or configuration can choose: none
may take a page the site makes, a hand-written page, an id the theme's scripts use, or a link's scheme."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import controls
from generator.heading_ids import heading_id
from generator.hrefs import page_href, vetted
from generator.slugs import free, reserved, slugify, taken_by
from tests.test_hostile import ENGLISH, Page, make_project, run

RLO = "\u202e"
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THEME_IDS = ("__config", "__search", "__drawer", "__palette_0", "__consent", "__toc", "__settings")


# ---------------------------------------------------------------- slugs


def test_a_free_slug_is_kept_and_a_taken_or_reserved_one_gets_a_stable_suffix():
    assert free("mali", {"algeria"}, "a.txt") == "mali"
    index = free("index", set(), "a.txt")
    assert index != "index" and index.startswith("index-") and index == free("index", set(), "a.txt")
    assert free("index", set(), "b.txt") != index  # the suffix comes from the salt: stable per source
    assert free("mali", {"mali"}, "a.txt") not in {"mali"}
    assert free("tags", set(), "a.txt", "sources") != "tags"
    assert free("tags", set(), "a.txt", "topics") == "tags"


@FEW
@given(st.text(max_size=30), st.sets(st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12),
                                     max_size=20), st.text(max_size=10))
def test_free_never_returns_a_taken_or_reserved_slug(title, taken, salt):
    slug = slugify(title)
    got = free(slug, taken, salt)
    assert got not in taken and got not in reserved()
    assert got == free(slug, taken, salt)


def test_hand_written_pages_take_the_slug_published_at_their_address():
    pages = ["sources/Mine.md", "sources/other/index.md", "sources/deep/er/page.md", "entities/x/README.md",
             "sources/README.md", "notes.md", "sources/picture.png", "sources/y/index.html"]
    assert taken_by(pages, "sources") == {"mine", "other", "y"}  # README.md is the folder's index: reserved
    assert taken_by(pages, "entities") == {"x"}
    assert taken_by(pages, "topics") == frozenset()


def test_a_hand_written_page_published_where_a_generated_one_is_is_refused_naming_both(tmp_path):
    from generator.errors import OutputError
    from generator.writer import Staging

    (tmp_path / "timeline").mkdir()
    (tmp_path / "timeline" / "index.md").write_text("# Mine\n")
    with pytest.raises(OutputError, match=r"timeline/index\.md exists and was not made by the generator, and would "
                                          r"be published where the generator's timeline\.md is"):
        Staging(tmp_path, ["timeline.md", "index.md"])
    assert (tmp_path / "timeline" / "index.md").read_text() == "# Mine\n"
    Staging(tmp_path, ["quotes.md"]).abort()  # elsewhere it is published beside them


def test_source_slugs_avoid_hand_written_pages_and_listing_pages():
    from generator.link import assign_slugs
    from tests.test_cache import analysis

    made = [analysis(p, title=t) for p, t in (("a.txt", "Index"), ("b.txt", "Mine"), ("c.txt", "Tags"),
                                                ("d.txt", "Mine"))]
    slugs = assign_slugs(made, frozenset({"mine"}))
    assert len(set(slugs)) == 4
    assert not {"index", "tags", "mine"} & set(slugs)


def test_discovered_entities_named_like_a_listing_page_or_a_hand_written_page_are_renamed_everywhere(config):
    from dataclasses import replace

    from generator.link import entity_keys
    from generator.models import Mention
    from tests.test_cache import analysis

    mention = Mention("index", "INDEX", "organisation", 2, "INDEX", discovered=True)
    mine = Mention("mine", "Mine", "organisation", 1, "Mine", discovered=True)
    watched = Mention(config.entities[0].slug, config.entities[0].name, "person", 1, "x")
    one = replace(analysis("one.txt"), mentions=(mention, mine, watched))
    two = replace(analysis("two.txt"), mentions=(mention,))
    out = entity_keys([one, two], config, frozenset({"mine", config.entities[0].slug}))
    keys = [[m.key for m in a.mentions] for a in out]
    assert keys[0][0] == keys[1][0] != "index"  # the same new key in every source
    assert keys[0][1] != "mine"
    assert keys[0][2] == config.entities[0].slug  # a watchlist slug is the configuration's to fix


# ---------------------------------------------------------------- heading ids


def test_a_heading_never_takes_a_theme_id():
    for theme_id in THEME_IDS:
        assert heading_id(theme_id, "-") == theme_id.strip("_")
    assert heading_id("Who said what", "-") == "who-said-what"  # other ids are Python-Markdown's as before
    assert heading_id("___", "-") == "section"


@FEW
@given(st.text(max_size=40))
def test_no_heading_id_starts_with_an_underscore(text):
    assert not heading_id(text, "-").startswith("_")


def test_mkdocs_yml_uses_the_heading_id_slugify():
    text = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text()
    assert "slugify: !!python/name:generator.heading_ids.heading_id" in text


# ---------------------------------------------------------------- controls


def test_bidi_and_invisible_controls_are_stripped_and_joiners_kept():
    assert controls.strip(f"Mali{RLO} — shares: Algeria\u2066x\u2069\u200e") == "Mali — shares: Algeriax"
    assert controls.strip("Ma\u200bli\u2060\U000e0041") == "Mali"
    persian = "می\u200cخواهم"
    assert controls.strip(persian) == persian  # ZWNJ spells Persian words
    emoji = "\U0001F468\u200d\U0001F469"
    assert controls.strip(emoji) == emoji


@FEW
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_escaped_text_holds_no_control_and_no_markup(text):
    from generator.render import md_escape

    out = str(md_escape(text))
    assert not controls.has(out)
    assert "<" not in out and ">" not in out
    assert not any(unicodedata.category(c) == "Cc" for c in out)


def test_ingest_drops_controls_from_titles_and_text():
    from generator.ingest import parse_bytes

    raw = parse_bytes(f"---\ntitle: \"Evil{RLO}txt.exe\"\n---\n\nMa\u200bli and Algeria{RLO} met.\n".encode(),
                      "a.md", "md")
    assert raw.declared["title"] == "Eviltxt.exe" and not controls.has(raw.text)


# ---------------------------------------------------------------- links


def test_a_file_name_becomes_a_relative_link_without_a_scheme():
    assert page_href("topics/cemoc.md") == "topics/cemoc.md"  # the generator's own links are unchanged
    assert page_href("../entities/mali.md") == "../entities/mali.md"
    assert page_href("javascript:alert(1).md") == "javascript%3Aalert%281%29.md"
    assert page_href("//evil.example/x.md").startswith("./")
    assert page_href("a b](x).md") == "a%20b%5D%28x%29.md"


@FEW
@given(st.text(max_size=40))
def test_page_href_never_has_a_scheme_or_a_host(path):
    from urllib.parse import urlsplit

    out = page_href(path)
    parts = urlsplit(out)
    assert not parts.scheme and not parts.netloc
    assert not re.search(r"[\s<>\"'()\[\]`\\]", out)


def test_only_http_https_and_relative_addresses_are_vetted():
    assert vetted("https://example.org/a") == "https://example.org/a"
    assert vetted("../x/") == "../x/"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,x", "//evil.example/", "vbscript:x",
                "http://", "file:///etc/passwd"):
        assert vetted(bad) == "", bad


def test_the_about_page_links_a_hand_written_page_by_a_relative_address():
    from generator.render import environment

    out = environment().from_string("{% for p in pages %}{{ p | link(p) }}{% endfor %}").render(
        pages=["javascript:alert(1).md"])
    assert "](javascript%3Aalert%281%29.md)" in out


# ---------------------------------------------------------------- configuration


def _config_problems(tmp_path, edit) -> list[str]:
    from generator.config import load_config
    from generator.errors import ConfigError

    root = Path(__file__).resolve().parent.parent
    data = yaml.safe_load((root / "briefing.yml").read_text())
    edit(data)
    path = tmp_path / "briefing.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    try:
        load_config(path)
    except ConfigError as exc:
        return str(exc).splitlines()
    return []


def test_a_topic_slug_index_is_refused_naming_the_key(tmp_path):
    problems = _config_problems(tmp_path, lambda d: d["topics"][1].update(slug="index"))
    assert any("briefing.yml: topics[1].slug: 'index'" in p for p in problems), problems


def test_config_text_loses_its_controls_and_a_name_of_controls_alone_is_refused(tmp_path):
    from generator.config import load_config

    assert _config_problems(tmp_path, lambda d: d["topics"][0].update(name=f"{RLO}\u200b")) != []
    assert _config_problems(tmp_path, lambda d: d["topics"][0].update(name=f"Cemoc {RLO}evil")) == []
    config = load_config(tmp_path / "briefing.yml")
    assert config.topics[0].name == "Cemoc evil"


# ---------------------------------------------------------------- one build with every hostile name


ACRONYM = ("The Integrated Network Defence Exchange (INDEX) said on Tuesday that Algeria and Mali would hold "
           "talks on border security in Algiers next month. INDEX officials met Malian ministers in Bamako to "
           "prepare the talks, which will cover drones, patrols and the return of refugees to Kidal. An INDEX report "
           "on the border is due in May.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("names") / "project")
    src = project / "sources"
    texts = {
        "index.md": "---\ntitle: Index\n---\n\n" + ENGLISH,
        "acronym.txt": "Defence exchange in Algiers\n\n" + ACRONYM,
        "tags.md": "---\ntitle: Tags\n---\n\n" + ENGLISH.replace("Monday", "Thursday"),
        "search.md": "---\ntitle: Search\n---\n\n" + ENGLISH.replace("Monday", "Friday"),
        "config.md": ("---\ntitle: Theme ids\n---\n\nThe foreign ministers of Mali and Algeria spoke by "
                      "telephone on Saturday 11 March 2023 about the grain convoys stuck at the border near "
                      "Tinzaouaten.\n\n### __config مالي\n\nAlgerian customs officers said the convoys would cross "
                      "into Mali within a week, once the new permits are signed in Bamako.\n\n### __search مالي\n\n"
                      "Malian traders in Kidal said prices of flour and sugar had doubled since the crossing "
                      "closed in February, according to the Integrated Network Defence Exchange (INDEX).\n"),
        f"rl{RLO}o.md": f"---\ntitle: \"Evil {RLO}title\"\n---\n\n" + ENGLISH.replace("Monday", "Sunday"),
        "mine.md": ("---\ntitle: Hand written clash\npublisher: My Outlet\n---\n\n"
                    + ENGLISH.replace("6 March", "7 March")),
    }
    for name, text in texts.items():
        (src / name).write_text(text)
    content = project / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "hand-written-clash.md").write_text("# My own page\n\nWritten by hand.\n")
    (content / "outlets").mkdir()
    (content / "outlets" / "my-outlet.md").write_text("# My own outlet page\n\nWritten by hand.\n")
    (content / "javascript:alert(1).md").write_text("# Scheme\n\nA page whose name looks like a scheme.\n")
    data = yaml.safe_load((project / "briefing.yml").read_text())
    data["topics"][0]["name"] = "Cemoc <img src=x onerror=alert(1)> " + RLO + "evil"
    (project / "briefing.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = run(project, "site", "--strict")
    return project, result


def test_the_build_with_hostile_names_succeeds(built):
    project, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    assert "staged twice" not in result.stdout + result.stderr


def test_no_source_or_entity_takes_a_listing_or_hand_written_page(built):
    project, _ = built
    content = project / "content"
    assert (content / "sources" / "hand-written-clash.md").read_text().startswith("# My own page")
    sources = {p.stem for p in (content / "sources").glob("*.md")}
    assert len(sources) == 7 + 2  # seven sources, the listing page and the hand-written one
    indexes = [p.name for p in (content / "entities").glob("index*.md")]
    assert "index.md" in indexes and len(indexes) == 2, indexes  # the listing page and INDEX's own
    listing = (content / "entities" / "index.md").read_text()
    assert "entities_index" not in listing and "INDEX" in listing
    assert (content / "outlets" / "my-outlet.md").read_text().startswith("# My own outlet page")
    moved = [p.name for p in (content / "outlets").glob("my-outlet-*.md")]
    assert len(moved) == 1
    source = content / "sources" / f"{_slug_of(content, 'Hand written clash')}.md"
    assert f'href="../../outlets/{moved[0][:-3]}/"' in source.read_text()


def _slug_of(content: Path, title: str) -> str:
    return next(p.stem for p in (content / "sources").glob("*.md")
                if p.read_text().startswith(f"---\ntitle: {title}\n"))


def test_theme_ids_are_unique_in_every_page(built):
    project, _ = built
    headings = Page((project / "site" / "sources" / _slug_of(project / "content", "Theme ids") / "index.html")
                    .read_text())
    assert [a.get("id") for t, a, _ in headings.elements if t == "h3"][:2] == ["config", "search"]
    for html in (project / "site").rglob("*.html"):
        page = Page(html.read_text())
        ids = Counter(a["id"] for _, a, _ in page.elements if a.get("id"))
        twice = {i for i, n in ids.items() if n > 1}
        assert not twice, (html, twice)
        assert not any(i.startswith("__") for _, a, inside in page.elements if inside and (i := a.get("id", ""))), html


def test_no_control_reaches_a_page_and_the_tags_page_escapes_topic_names(built):
    project, _ = built
    shown = [*(project / "site").rglob("*.html"), *(project / "content").rglob("*.md"),
             *(project / "content").rglob("*.svg"), project / "content" / "feed.xml",
             project / "content" / "briefing.json"]
    for path in shown:
        # The data keep the file's real name, what identifies it (`source_file`); no page shows it as it is.
        text = re.sub(r'(source_file: |"source_file":)[^\n,]*', "", path.read_text())
        assert not controls.has(text), path
    assert "<code>rlo.md</code>" in (project / "content" / "sources" / "evil-title.md").read_text()
    tags = (project / "site" / "tags" / "index.html").read_text()
    assert "<img src=x" not in tags and "&lt;img src=x onerror=alert(1)&gt;" in tags


def test_every_link_has_a_vetted_scheme(built):
    project, _ = built
    for html in (project / "site").rglob("*.html"):
        page = Page(html.read_text())
        for _, attrs, _ in page.elements:
            href = attrs.get("href")
            if href is not None:
                assert vetted(href) == href, (html, href)
    about = (project / "site" / "about" / "index.html").read_text()
    assert 'href="javascript' not in about


# ---------------------------------------------------------------- properties over the whole set of pages

NAMES = st.one_of(st.sampled_from(["Index", "(INDEX)", "Tags", "Search", "index", "README", "Mine", "__config",
                                   f"Evil {RLO}txt", "Mali", "Mali 2", "index-2"]),
                  st.text(max_size=20))


@FEW
@given(titles=st.lists(NAMES, min_size=1, max_size=8), entities=st.lists(NAMES, max_size=6),
       hand=st.lists(st.sampled_from(["sources/mine.md", "sources/index-2/index.md", "entities/mali.md",
                                      "entities/index-2.md", "outlets/mine.md", "sources/README.md", "about.md"]),
                     max_size=4))
def test_random_names_never_collide_with_each_other_a_listing_or_a_hand_written_page(config, titles, entities,
                                                                                     hand):
    from dataclasses import replace

    from generator.link import link
    from generator.models import Mention, Provenance
    from generator.render import output_paths
    from tests.test_cache import analysis

    watched = {e.slug for e in config.entities}  # the configuration's: a clash with them is refused, named
    mentions = tuple(Mention(slugify(n), n, "organisation", 2, n, discovered=True) for n in dict.fromkeys(entities)
                     if slugify(n) not in watched)
    made = [replace(analysis(f"s{i}.txt", digest=f"{i:064d}", title=t), mentions=mentions,
                    provenance=Provenance(publisher=t)) for i, t in enumerate(titles)]
    b = link(made, config, (), hand)
    paths = output_paths(b)
    assert len(paths) == len(set(paths))
    assert not {p for p in paths if "/" in p} & set(hand)  # a top-level clash is the user's (refused, named)
    for folder in ("sources", "entities", "outlets"):
        taken = taken_by(hand, folder)
        assert not {p.split("/")[1][:-3] for p in paths if p.startswith(folder + "/") and p != f"{folder}/index.md"} \
            & (taken | {"index"})
