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
    for key in ("'site.title'", "'languages'", "'topics[0].slug'", "'topics[0].description'",
                "'topics[1].related'", "'analysis.topic_threshold'", "'surprise'"):
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
    with pytest.raises(ConfigError, match="'scope.min_mentions'"):
        load_config(path)
