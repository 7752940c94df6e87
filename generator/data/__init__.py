"""The generator's own data files (language rules, defaults), and YAML read and written with libyaml when
PyYAML has it: the C parser is several times faster than the pure Python one, a cost every run pays at its
start (a run that analyses one changed source included).
"""
from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# The same safe constructors either way; only the parser and emitter are C.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(name: str):
    """The parsed content of data file `name` (e.g. "dates.yml")."""
    return yaml.load((HERE / name).read_text(encoding="utf-8"), Loader=LOADER)
