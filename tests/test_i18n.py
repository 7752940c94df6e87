"""The interface language (site.language): language files, dates, plurals, and a French site built end to end."""
import ast
import re
import shutil

import pytest
import yaml
from jinja2 import nodes

from generator import charts, interface, render
from generator.config import load_config
from generator.errors import ConfigError
from generator.models import ENTITY_KINDS, DateValue
from tests.conftest import FIXTURES, ROOT, copy_project

TEMPLATES = ROOT / "generator" / "templates"
THEME = ROOT / "theme"


def _ui_keys_in_templates() -> set[str]:
    """Every key the templates look up with a literal: ui("k"), ui.count("k", n), ui.plain("k")."""
    env = render.environment()
    keys = set()
    for path in TEMPLATES.glob("*.j2"):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            target = call.node
            is_ui = (getattr(target, "name", None) == "ui" or
                     getattr(getattr(target, "node", None), "name", None) == "ui")
            if is_ui and call.args and hasattr(call.args[0], "value") and isinstance(call.args[0].value, str):
                keys.add(call.args[0].value)
    return keys


def _chart_keys() -> set[str]:
    keys = set()
    for path in sorted((ROOT / "generator" / "charts").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        keys |= {"charts." + node.args[1].value for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say"
                 and isinstance(node.args[1], ast.Constant)}
    assert "charts.no_event" in keys  # the charts' labels were found
    return keys


def _theme_keys() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in THEME.rglob("*.html"))
    keys = {"theme." + k for k in re.findall(r"config\.extra\.interface\.(\w+)", text)}
    keys |= {"theme." + k for k in re.findall(r"\bui\.(\w+)", text) if k != "nav"}
    keys |= {"nav." + k for k in re.findall(r'ui\.nav\["([^"]+)"\]', text)}
    return keys


def test_there_are_english_and_french_interfaces():
    assert {"en", "fr"} <= set(interface.available())


@pytest.mark.parametrize("language", interface.available())
def test_every_language_file_has_every_key_english_has(language):
    want = interface.flat_keys(interface.load("en").data)
    got = interface.flat_keys(interface.load(language).data)
    assert got == want, f"{language}.yml: missing {sorted(want - got)}, unknown {sorted(got - want)}"


@pytest.mark.parametrize("language", interface.available())
def test_every_key_the_templates_charts_and_theme_use_is_in_every_language(language):
    used = _ui_keys_in_templates() | _chart_keys() | _theme_keys()
    used |= {f"kind.{k}" for k in ENTITY_KINDS} | {f"kinds.{k}" for k in ENTITY_KINDS}  # looked up by kind
    assert len(used) > 100  # the parsing found the lookups
    have = interface.flat_keys(interface.load(language).data)
    assert used - have == set()


def test_every_english_string_is_used_somewhere():
    """A key no template, chart or theme file asks for is dead weight every translator must carry."""
    used = _ui_keys_in_templates() | _chart_keys() | _theme_keys()
    data = interface.load("en").data
    sections = {"plural", "date", "languages", "basis", "nav", "titles", "kind", "kinds", "related"}
    unused = {k for k in interface.flat_keys(data) if k.split(".")[0] not in sections} - used
    assert unused == set()


def test_french_dates_write_the_first_of_the_month_as_1er():
    fr = interface.load("fr")
    assert fr.date(DateValue(2022, 9, 1)) == "1er septembre 2022"
    assert fr.date(DateValue(2022, 9, 2)) == "2 septembre 2022"
    assert fr.date(DateValue(2022, 9, None)) == "septembre 2022"
    assert fr.date(DateValue(2024, 2, None)) == "février 2024"
    assert fr.date(DateValue(2015, None, None)) == "2015"
    assert fr.date(None) == "non daté"
    assert fr.month(2023, None) == "2023 (mois inconnu)"


def test_english_dates_are_unchanged():
    assert interface.load("en").date(DateValue(2022, 9, 1)) == "1 September 2022"
    assert interface.load("en").date(DateValue(2022, 9, None)) == "September 2022"
    assert interface.load("en").date(None) == "undated"
    assert interface.load("fr").date(DateValue(2022, 9, 1)) == "1er septembre 2022"


def test_plurals_follow_each_language_rule():
    en, fr = interface.load("en"), interface.load("fr")
    assert [en.plural("count.stories", n) for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    # French counts zero in the singular.
    assert [fr.plural("count.stories", n) for n in (0, 1, 2)] == ["0 article", "1 article", "2 articles"]
    assert fr.plural("count.dated_events", 3) == "3 événements datés"
    assert fr.plural("word.languages", 1) == "langue"


def test_values_filled_into_interface_strings_are_escaped():
    ui = render.Labels("fr")
    out = ui("related.shares", names="<script>x</script> [a](b)")
    assert "<script>" not in out and "[a](b)" not in out
    assert ui.reason("similar wording") == "formulation proche"
    assert ui.count("count.sources", 2) == "2 sources"


def test_site_language_defaults_to_english_and_is_validated(tmp_path):
    path = tmp_path / "briefing.yml"
    path.write_text("site: {title: T, description: D}\n")
    assert load_config(path).language == "en"
    path.write_text("site: {title: T, description: D, language: fr}\n")
    assert load_config(path).language == "fr"
    path.write_text("site: {title: T, description: D, language: de}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "site.language: " in str(err.value) and "'de'" in str(err.value)


def test_the_interface_language_does_not_change_the_analysis(tmp_path):
    """Cached analyses stay valid when only the interface language changes."""
    from generator.config import for_analysis

    path = tmp_path / "briefing.yml"
    path.write_text("site: {title: T, description: D}\n")
    en = for_analysis(load_config(path)).fingerprint
    path.write_text("site: {title: T, description: D, language: fr}\n")
    assert for_analysis(load_config(path)).fingerprint == en


# --- a French site, end to end ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """The sample sources built with site.language: fr, in a project made like the `project` fixture."""
    from generator.build import build_site
    from generator.pipeline import generate

    project = copy_project(tmp_path_factory.mktemp("french"))
    shutil.copytree(FIXTURES / "golden_sources", project / "sources", dirs_exist_ok=True)
    data = yaml.safe_load((project / "briefing.yml").read_text(encoding="utf-8"))
    data["site"].update(language="fr", title=TITLE, description="Un dossier de test.")
    (project / "briefing.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = load_config(project / "briefing.yml")
    generate(project / "sources", project / "content", config, workers=1)
    mp = pytest.MonkeyPatch()
    mp.setenv("PYTHONPATH", str(ROOT))  # the MkDocs hooks import the generator
    try:
        build_site(project / "mkdocs.yml", project / "site")
    finally:
        mp.undo()
    return project


TITLE = "Algérie et Mali : le dossier"  # not mkdocs.yml's site_name


def _english_only_strings(min_length: int = 12) -> list[str]:
    """The literal parts of the English interface strings that French says otherwise, long enough to be told
    apart from words a source or a name may contain."""
    en, fr = interface.load("en").data, interface.load("fr").data
    out = []

    def walk(a, b):
        if isinstance(a, dict):
            for key in a:
                if key not in ("plural", "languages", "months", "days") and isinstance(b, dict) and key in b:
                    walk(a[key], b[key])
        elif isinstance(a, list):
            pass
        elif str(a) != str(b):
            out.extend(part.strip() for part in re.split(r"\{\w+\}", str(a)) if len(part.strip()) >= min_length)

    walk(en, fr)
    return out


@pytest.mark.slow
def test_the_french_site_has_a_french_interface(french):
    site = french / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home
    for label in ("Vue d&#39;ensemble", "Thèmes", "Chronologie", "Qui a dit quoi", "Nouveautés", "Étiquettes",
                  "À propos"):
        assert label in home or label.replace("&#39;", "'") in home, label
    for english in (">Overview<", ">Who said what<", ">What's new<", ">About<"):
        assert english not in home
    assert "Rechercher" in home  # Material's own words follow theme.language
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "<strong>1er septembre 2022</strong>" in timeline  # an event's date (the text beside it is the source's)
    months = "|".join(interface.load("en").data["date"]["months"])
    assert not re.search(rf"<strong>(\d+ )?({months}) \d{{4}}</strong>", timeline)
    sources = list((french / "content" / "sources").glob("*.md"))
    page = next(p.read_text(encoding="utf-8") for p in sources if "## Citations clés" in p.read_text(encoding="utf-8"))
    assert "## Sources liées" in page and '<p class="admonition-title">Résumé</p>' in page
    assert "Key quotes" not in page and "Related sources" not in page


@pytest.mark.slow
def test_no_english_interface_string_is_left_in_the_french_site(french):
    strings = _english_only_strings()
    assert len(strings) > 50
    for path in sorted((french / "content").rglob("*")):
        if path.suffix not in (".md", ".svg"):
            continue
        text = path.read_text(encoding="utf-8")
        left = [s for s in strings if s in text]
        assert not left, f"{path.relative_to(french)}: {left}"
    # The short ones (headings, labels) are looked for where the interface puts them, whole.
    labels = set(_english_only_strings(min_length=1))
    for path in sorted((french / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"^#+ (.+?)(?: \{ data-search-exclude \})?$", text, re.M)
        found += re.findall(r"<dt>(.*?)</dt>", text) + re.findall(r'^[!?]{3} \w+ "(.*?)"', text, re.M)
        found += re.findall(r'<span class="bf-[\w-]+">([^<]*)</span>', text)
        assert not labels & set(found), f"{path.relative_to(french)}: {labels & set(found)}"
    for path in ("index.html", "404.html", "timeline/index.html"):
        html = (french / "site" / path).read_text(encoding="utf-8")
        for english in ("Page not found", "Atom feed", 'aria-label="Breadcrumbs"'):
            assert english not in html, (path, english)


@pytest.mark.slow
def test_the_french_site_takes_its_title_from_briefing_yml_and_searches_french_first(french):
    import json

    home = (french / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="md-header__topic">\s*<span class="md-ellipsis">\s*' + re.escape(TITLE), home)
    timeline = (french / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert f"<title>Chronologie - {TITLE}</title>" in timeline
    assert '<meta name="description" content="Un dossier de test.">' in home
    assert "Algeria–Mali relations" not in home  # mkdocs.yml's site_name is only a fallback
    search = (french / "site" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-language="fr"' in search and "<h1>Rechercher</h1>" in search  # the page searches French first


def test_chart_labels_follow_the_interface_language(config):
    from dataclasses import replace

    from generator.charts import data as charts_data
    from generator.link import link

    b = link([], replace(config, language="fr"))
    assert charts_data.say(b, "no_event") == "Aucun événement daté pour l'instant"
    assert charts.chart_key(b) != charts.chart_key(link([], config))  # French charts are drawn again


@pytest.fixture
def hooks(monkeypatch):
    """The MkDocs hooks as modules (MkDocs puts their folder on the import path while it loads them)."""
    import importlib

    monkeypatch.syspath_prepend(str(THEME / "hooks"))
    return importlib.import_module("briefing_yml"), importlib.import_module("site_config")


def test_the_hooks_read_the_configuration_named_by_briefing_config(hooks, tmp_path, monkeypatch):
    briefing_yml, _ = hooks
    config = type("Config", (), {"config_file_path": str(tmp_path / "mkdocs.yml")})()
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    assert briefing_yml.load(config) is None  # a site built without a briefing.yml
    (tmp_path / "briefing.yml").write_text("site: {title: Beside, description: D}\n")
    loaded = briefing_yml.load(config)
    assert (loaded.title, loaded.language) == ("Beside", "en")
    other = tmp_path / "other.yml"
    other.write_text("site: {title: Named, description: D, language: fr}\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(other))
    assert briefing_yml.path(config) == other
    assert (briefing_yml.load(config).title, briefing_yml.load(config).language) == ("Named", "fr")


def test_the_nav_hook_relabels_generated_pages_and_keeps_hand_written_entries(hooks):
    _, site_config = hooks
    nav = [{"Overview": "index.md"}, {"My notes": "notes.md"}, {"More": [{"Who said what": "quotes.md"}]}]
    out = site_config._relabelled(nav, interface.load("fr").nav())
    assert out == [{"Vue d'ensemble": "index.md"}, {"My notes": "notes.md"}, {"More": [{"Qui a dit quoi": "quotes.md"}]}]
