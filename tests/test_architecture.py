"""The import structure of the generator, read from its source with ast (nothing is imported): no module uses
another module's private (underscore) names, the records in `models` depend on no stage, and no import circle
joins two modules, whether an import is at the top or inside a function."""
import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _parsed(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def _imports(name: str, tree: ast.Module, is_package: bool = False) -> list[tuple[int, str, str | None, str]]:
    """(line, module imported, name taken from it or None, local name) for every import of a generator module
    in `tree`, relative imports resolved."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, None, a.asname or a.name) for a in node.names
                      if a.name.split(".")[0] == "generator"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] == "generator":
                found += [(node.lineno, base, a.name, a.asname or a.name) for a in node.names]
    return found


def _module_imports(name: str) -> list[tuple[int, str, str | None, str]]:
    return _imports(name, _parsed(name), MODULES[name].name == "__init__.py")


def _targets(name: str) -> set[str]:
    """The generator modules `name` imports (a name taken from a package is its submodule when it is one)."""
    out = {f"{module}.{taken}" if f"{module}.{taken}" in MODULES else module
           for _, module, taken, _ in _module_imports(name)}
    return out - {name, "generator"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_uses(name: str, tree: ast.Module) -> list[str]:
    """Where `tree` (module `name`) takes an underscore name from another generator module: imported by name,
    or read as an attribute of a module it imported."""
    imports = _imports(name, tree)
    found = [f"{line}: {module}.{taken}" for line, module, taken, _ in imports
             if taken and _private(taken) and module != name]
    modules = {local: f"{module}.{taken}" if taken else module for _, module, taken, local in imports}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                and modules.get(node.value.id, name) != name):
            found.append(f"{node.lineno}: {modules[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    found = [f"{MODULES[name].relative_to(ROOT)}:{where}" for name in MODULES
             for where in _private_uses(name, _parsed(name))]
    assert found == []


def test_private_uses_are_seen_however_they_are_written():
    source = ("from generator.writer import _stage\n"
              "from generator import writer\n"
              "from . import cache as c\n"
              "def f():\n"
              "    return writer._remove, c._seal, writer.lock\n")
    assert _private_uses("generator.build", ast.parse(source)) == [
        "1: generator.writer._stage", "5: generator.writer._remove", "5: generator.cache._seal"]  # (a made-up source)


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _imports_within(packages: tuple[str, ...], targets: tuple[str, ...]) -> dict[str, list[str]]:
    """Module -> the modules of `targets` it imports, for every module of `packages` that imports any."""
    found = {name: sorted(t for t in _targets(name) if _within(t, targets))
             for name in MODULES if _within(name, packages)}
    assert found, packages  # the packages exist: an empty check would pass on anything
    return {name: got for name, got in found.items() if got}


def test_link_and_render_import_nothing_from_analyze():
    # They read analyses as records (models) and share the text helpers below the stages (text, matcher).
    assert _imports_within(("generator.link", "generator.render"), ("generator.analyze",)) == {}


def test_imports_within_sees_nested_modules_and_function_level_imports():
    # link/entities.py imports the alias matcher inside a function.
    found = _imports_within(("generator.link",), ("generator.matcher",))
    assert found == {"generator.link.entities": ["generator.matcher"]}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the modules along it from its smallest name."""
    found = set()

    def walk(path: list[str]) -> None:
        for nxt in sorted(graph.get(path[-1], ())):
            if nxt == path[0]:
                found.add(tuple(path))
            elif nxt > path[0] and nxt not in path:  # a circle is found from its smallest module only
                walk(path + [nxt])

    for start in sorted(graph):
        walk([start])
    return sorted(list(c) for c in found)


def test_no_import_circle():
    assert _circles({name: _targets(name) for name in MODULES}) == []


def test_circles_are_found_however_long():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"d", "e"}, "e": set(), "f": {"g"}, "g": {"f"}}
    assert _circles(graph) == [["a", "b", "c"], ["d"], ["f", "g"]]


def test_models_imports_no_stage():
    # The records every stage passes on: below all of them, so any stage may import them.
    assert _targets("generator.models") <= {"generator.errors"}


MAX_MODULE_LINES = 400  # a module a newcomer reads in one sitting; beyond it, split by what the parts read or make


def test_no_module_is_over_the_line_limit():
    lines = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in lines.items() if n > MAX_MODULE_LINES} == {}


def test_the_offline_search_index_is_made_from_the_built_site_only():
    # Like Pagefind's step, it reads built pages after MkDocs: it needs no stage, and only the build calls it
    # (the theme's hook, outside the package, calls it for `mkdocs serve`).
    assert _targets("generator.offline_index") <= {"generator.errors", "generator.search_index"}
    assert sorted(name for name in MODULES if "generator.offline_index" in _targets(name)) == ["generator.build"]


# The stages and what they are made of; above them: pipeline, executor/parallel, incremental, writer, build, cli.
STAGES = ("generator.ingest", "generator.analyze", "generator.link", "generator.render", "generator.charts",
          "generator.feed", "generator.changes", "generator.features", "generator.topic_inference")
SPEED_LAYERS = ("generator.parallel", "generator.incremental")


def test_no_stage_imports_the_speed_layers():
    # Where per-item work runs and what is reused are decided above the stages (pipeline), which hand them in:
    # a stage knows the executor's interface (executor.py), never the processes or the cache behind it.
    assert _imports_within(STAGES, SPEED_LAYERS) == {}


def test_the_cache_folder_is_read_and_written_by_one_package():
    """Only generator/incremental/ names the cache folder or a file in it, and only the layer above the stages
    (pipeline and its analysis of the corpus, command line, build and its parts) uses it: a stage is handed values, never the folder."""
    from generator import incremental
    from generator.incremental import analyses, configs, pages, runs, search_pages, templates, verdicts

    names = {incremental.FOLDER, analyses.FOLDER, configs.VALIDATED, pages.PAGES, runs.RECORD, templates.FOLDER,
             search_pages.SEARCH_PAGES, verdicts.VERDICTS}
    assert len(names) == 8 and "" not in names
    named = []
    for name, path in MODULES.items():
        if _within(name, ("generator.incremental",)):
            continue
        for node in ast.walk(_parsed(name)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                named.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert named == []
    users = {name for name in MODULES if not _within(name, ("generator.incremental",))
             and any(_within(t, ("generator.incremental",)) for t in _targets(name))}
    assert users == {"generator.pipeline", "generator.corpus_analysis", "generator.cli", "generator.build",
                     "generator.build_parts"}
    assert not {"generator.cache", "generator.uptodate", "generator.rebuild"} & set(MODULES)  # one package, no other


def test_the_build_and_the_stages_do_not_import_each_other():
    # The build (MkDocs, its incremental plan, the search index) reads only what the stages wrote into content/: it
    # can change how the site is built and indexed without touching how the pages are made, and the reverse.
    build = {"generator.build", "generator.incremental.rebuild", "generator.search_index", "generator.offline_index"}
    stages = {name for name in MODULES if name.split(".")[1:2] in (["ingest"], ["analyze"], ["link"], ["render"])}
    assert build <= set(MODULES) and {"generator.ingest", "generator.link", "generator.render"} <= stages
    assert {b: _targets(b) & stages for b in build if _targets(b) & stages} == {}
    assert {s: _targets(s) & build for s in stages if _targets(s) & build} == {}


def test_every_link_a_template_writes_in_html_takes_its_address_from_one_place():
    """The address of a built page is known in one place (hrefs.built_url, through the `url` filter): a raw HTML
    link in a template is `url(here)` of a content path, or `href` of an address on the web, never a path
    written out (MkDocs rewrites no link in raw HTML, so one written for another URL form would break)."""
    found = []
    for path in sorted((PACKAGE / "templates").glob("*.j2")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for value in re.findall(r'\bhref="(\{\{.*?\}\}|[^"{]*)"', line):
                if not re.fullmatch(r"\{\{ .+ \| (url\(here\)|href) \}\}", value):
                    found.append(f"{path.name}:{line_no}: href=\"{value}\"")
    assert found == []
