"""What the generator's code imports from other distributions, and what those require, as installed here: what the
package must declare and the caches' fingerprints must cover."""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def third_party_imports(paths) -> set[str]:
    """Top-level modules these files import (at the top or inside a function) that are neither the standard
    library nor the generator."""
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("generator", "__future__")}


def distributions(modules: set[str]) -> dict[str, set[str]]:
    """For each module, the installed distributions that provide it (normalised names)."""
    owners = md.packages_distributions()
    return {m: {normal(d) for d in owners.get(m, [])} for m in modules}


def closure(names) -> set[str]:
    """These distributions and everything they require (without extras), as installed; normalised names."""
    todo, seen = [normal(n) for n in names], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(normal(req.name))
    return seen
