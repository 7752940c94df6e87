from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError

REQUIRED_TOPICS = {"cemoc", "algiers-accord", "morocco-role", "g5-sahel", "alliance-of-sahel-states",
                   "russia-wagner", "military-cooperation", "drug-trafficking", "terrorism"}


def test_default_config_has_the_taxonomy(config):
    assert REQUIRED_TOPICS <= {t.slug for t in config.topics}
    for topic in config.topics:
        langs = {lang for lang, _ in topic.aliases}
        assert {"en", "fr"} <= langs, topic.slug
        assert topic.description


def test_every_problem_is_reported_naming_its_key(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text("""
site: {title: ""}
languages: english
topics:
  - slug: Bad Slug
    name: X
  - slug: ok
    name: Y
    description: d
    related: [nope]
analysis: {topic_threshold: "high"}
surprise: 1
""")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    text = "\n".join(err.value.problems)
    for key in ("site.title:", "languages:", "topics[0].slug:", "topics[0].description:",
                "topics[1].related:", "analysis.topic_threshold:", "surprise:"):
        assert key in text


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text("site:\n  title: [unclosed\n")
    with pytest.raises(ConfigError, match="line"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yml")


def test_fingerprint_changes_with_content(tmp_path, config):
    text = open(config.path, encoding="utf-8").read()
    path = tmp_path / "b.yml"
    path.write_text(text, encoding="utf-8")
    assert load_config(path).fingerprint == config.fingerprint
    path.write_text(text.replace("summary_sentences: 3", "") + "\nanalysis: {summary_sentences: 2}\n", encoding="utf-8")
    assert load_config(path).fingerprint != config.fingerprint


def test_scope_is_validated(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text("scope: {aliases: {en: [Mali]}, min_mentions: -1}\n")
    with pytest.raises(ConfigError, match="scope.min_mentions: "):
        load_config(path)


def _problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "b.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    return err.value.problems


@pytest.mark.parametrize("text, problem", [
    ("site: {titel: X}", "site.titel: unknown key (did you mean title?)"),
    ("analysis: {topic_treshold: 2}", "analysis.topic_treshold: unknown key (did you mean topic_threshold?)"),
    ("limits: {max_file_byte: 10}", "limits.max_file_byte: unknown key (did you mean max_file_bytes?)"),
    ("performance: {worker: 2}", "performance.worker: unknown key (did you mean workers?)"),
    ("scope: {min_mention: 2}", "scope.min_mention: unknown key (did you mean min_mentions?)"),
    ("topics: [{slug: a, name: A, description: D, alias: {en: [A]}}]",
     "topics[0].alias: unknown key (did you mean aliases?)"),
    ("entities: [{name: A, knd: place}]", "entities[0].knd: unknown key (did you mean kind?)"),
    ("sitee: {title: X}", "sitee: unknown key (did you mean site?)"),
    ("site: {2: X}", "site.2: unknown key (known: description, feed_entries, language, title, url)"),
])
def test_an_unknown_key_at_any_depth_is_named_with_the_closest_known_one(tmp_path, text, problem):
    assert problem in _problems(tmp_path, text)


def test_an_unknown_key_like_no_known_one_lists_the_known_keys(tmp_path):
    (problem,) = _problems(tmp_path, "publish: {zzz: 1}")
    assert problem == "publish.zzz: unknown key (known: excerpt_chars, text)"


def test_the_removed_search_setting_is_an_unknown_key(tmp_path):
    """search.full_text_max_sources sized Material's index, downloaded whole; Pagefind's is read in chunks at any
    size, so the setting is gone, and a configuration that still has it is told so."""
    (problem,) = _problems(tmp_path, "search: {full_text_max_sources: 300}")
    assert problem == "search.full_text_max_sources: unknown key (known: bundle_pages, bundles_per_language)"


def test_the_search_layout_is_the_configurations(tmp_path, config):
    from generator.search_index import Layout

    assert Layout.of(config) == Layout()  # the defaults (data/defaults.yml) are the layout's own
    path = tmp_path / "briefing.yml"
    path.write_text(Path(config.path).read_text(encoding="utf-8") + "\nsearch: {bundles_per_language: 1}\n",
                    encoding="utf-8")
    assert Layout.of(load_config(path)) == Layout(bundles_per_language=1)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_nan_and_infinity_are_refused_where_a_number_is_expected(tmp_path, value):
    (problem,) = _problems(tmp_path, f"analysis: {{duplicate_threshold: {value}}}")
    assert problem.startswith("analysis.duplicate_threshold: must be a finite number")


@pytest.mark.parametrize("text, key", [
    ("analysis: {topic_threshold: '3'}", "analysis.topic_threshold: must be a number"),
    ("analysis: {summary_sentences: 3.0}", "analysis.summary_sentences: must be an integer"),
    ("performance: {workers: true}", "performance.workers: must be an integer"),
    ("analysis: {related_count: 21}", "analysis.related_count: must be less than or equal to 20"),
    ("limits: {max_file_bytes: 0}", "limits.max_file_bytes: must be greater than or equal to 1"),
    ("site: {feed_entries: -1}", "site.feed_entries: must be greater than or equal to 0"),
    ("entities: [{name: A, kind: country}]", "entities[0].kind: must be 'person', 'organisation', 'place' or 'other'"),
    ("scope: {aliases: {en: [Mali, '']}}", "scope.aliases.en[1]: must be a non-empty string"),
    ("site: [a]", "site: must be a mapping"),
    ("search: {bundle_pages: 0}", "search.bundle_pages: must be greater than or equal to 1"),
    ("search: {bundles_per_language: 2.5}", "search.bundles_per_language: must be an integer"),
])
def test_types_and_ranges_are_checked_with_the_value_given(tmp_path, text, key):
    assert any(problem.startswith(key) for problem in _problems(tmp_path, text))


@pytest.mark.parametrize("text, key, hint", [
    ("languages: [en, xx]", "languages[1]:", ""),
    ("languages: [english]", "languages[0]:", "did you mean en?"),
    ("detect_languages: [fr, eng]", "detect_languages[1]:", "did you mean en?"),
    ("scope: {aliases: {qq: [Mali]}}", "scope.aliases.qq:", ""),
    ("topics: [{slug: a, name: A, description: D, aliases: {french: [A]}}]", "topics[0].aliases.french:",
     "did you mean fr?"),
])
def test_only_languages_the_generator_can_detect_are_accepted(tmp_path, text, key, hint):
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith(key) and "not a language the generator can detect" in problem and hint in problem


def test_every_supported_language_is_accepted(tmp_path):
    from generator.analyze.language import supported_languages

    codes = sorted(supported_languages())
    path = tmp_path / "b.yml"
    path.write_text(f"detect_languages: [{', '.join(codes)}]\n", encoding="utf-8")
    assert set(load_config(path).detect_languages) == set(codes)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/", "//example.org/",
                                 "https://", "example.org", "https://exa mple.org/",
                                 "https://[::1"])
def test_the_site_address_must_be_http_or_https(tmp_path, url):
    (problem,) = _problems(tmp_path, f"site: {{url: '{url}'}}")
    assert problem.startswith("site.url: must be an http:// or https:// address")


@pytest.mark.parametrize("url", ["https://example.org/briefing/", "http://localhost:8000", "HTTPS://EXAMPLE.ORG"])
def test_an_http_or_https_site_address_is_kept(tmp_path, url):
    path = tmp_path / "b.yml"
    path.write_text(f"site: {{url: '{url}'}}\n", encoding="utf-8")
    assert load_config(path).site_url == url


@pytest.mark.parametrize("text, key", [
    ("topics: [{slug: index, name: A, description: D}]", "topics[0].slug: 'index'"),
    ("entities: [{name: Mali, slug: index}]", "entities[0].slug: 'index'"),
    ("entities: [{name: Index}]", "entities[0].name: 'Index' makes the slug 'index'"),
])
def test_a_slug_that_would_replace_a_generated_page_is_refused_naming_its_key(tmp_path, text, key):
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith(key)


def test_an_entity_named_like_a_generated_page_may_take_another_slug(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text("entities: [{name: Index, slug: index-group}]\n", encoding="utf-8")
    assert [e.slug for e in load_config(path).entities] == ["index-group"]


def test_all_problems_are_reported_at_once_in_one_run(tmp_path):
    problems = _problems(tmp_path, """
site: {titel: X, url: "javascript:alert(1)"}
analysis: {topic_treshold: 2, duplicate_threshold: .nan}
performance: {worker: 2}
topics: [{slug: index, name: A, description: D, related: [nope]}]
""")
    assert [p.split(":")[0] for p in problems] == [
        "site.url", "site.titel", "topics[0].slug", "analysis.duplicate_threshold", "analysis.topic_treshold",
        "performance.worker", "topics[0].related"]


def test_the_cli_prints_each_problem_on_its_own_line_with_the_file(tmp_path, capsys):
    from generator.cli import main

    path = tmp_path / "briefing.yml"
    path.write_text("analysis: {topic_treshold: 2}\nsite: {titel: X}\n", encoding="utf-8")
    assert main(["generate", "--config", str(path), "--sources", str(tmp_path / "none"),
                 "--content", str(tmp_path / "content")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert f"error: {path}: analysis.topic_treshold: unknown key (did you mean topic_threshold?)" in lines
    assert f"error: {path}: site.titel: unknown key (did you mean title?)" in lines
    assert not (tmp_path / "content").exists()


def test_a_configuration_validated_before_is_taken_from_the_cache(tmp_path, monkeypatch):
    import generator.config_schema
    from generator.incremental.configs import VALIDATED, load

    path = tmp_path / "b.yml"
    path.write_text("site: {title: T}\n", encoding="utf-8")
    first = load(path, tmp_path / "cache")
    assert (tmp_path / "cache" / VALIDATED).exists()

    def no_validation(data):
        raise AssertionError("validated again")

    monkeypatch.setattr(generator.config_schema, "validate", no_validation)
    again = load(path, tmp_path / "cache")
    assert again == first and again.fingerprint == first.fingerprint and again.title == "T"
    moved = tmp_path / "elsewhere.yml"
    moved.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load(moved, tmp_path / "cache").path == str(moved)  # same content elsewhere: its own path
    monkeypatch.undo()

    # An edit is validated again, and a refused configuration is never stored.
    path.write_text("site: {title: T, titel: U}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="site.titel: unknown key"):
        load(path, tmp_path / "cache")
    with pytest.raises(ConfigError, match="site.titel: unknown key"):
        load(path, tmp_path / "cache")


def test_a_damaged_record_of_the_validated_configuration_is_not_trusted(tmp_path):
    from generator.incremental.configs import VALIDATED, load

    path = tmp_path / "b.yml"
    path.write_text("site: {title: T}\n", encoding="utf-8")
    load(path, tmp_path)
    record = tmp_path / VALIDATED
    record.write_bytes(record.read_bytes()[:-10])
    assert load(path, tmp_path).title == "T"
    record.write_bytes(b"\0" * 100)
    assert load(path, tmp_path).title == "T"
