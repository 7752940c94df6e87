"""The import structure of the generator, read from its source with ast (nothing is imported): no module uses
another module's private (underscore) names, the records in `models` depend on no stage, and no import circle
joins two modules, whether an import is at the top or inside a function."""
import ast
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
        "1: generator.writer._stage", "5: generator.writer._remove", "5: generator.cache._seal"]


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


def test_the_build_and_the_stages_do_not_import_each_other():
    # The build (MkDocs, its incremental plan, the search index) reads only what the stages wrote into content/: it
    # can change how the site is built and indexed without touching how the pages are made, and the reverse.
    build = {"generator.build", "generator.rebuild", "generator.search_index"}
    stages = {name for name in MODULES if name.split(".")[1:2] in (["ingest"], ["analyze"], ["link"], ["render"])}
    assert build <= set(MODULES) and {"generator.ingest", "generator.link", "generator.render"} <= stages
    assert {b: _targets(b) & stages for b in build if _targets(b) & stages} == {}
    assert {s: _targets(s) & build for s in stages if _targets(s) & build} == {}
