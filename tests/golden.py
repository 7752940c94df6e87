"""Golden files: generate from tests/fixtures/golden_sources and compare with tests/golden/content.

`make golden` (python -m tests.golden --update) rewrites the expected tree after a deliberate change;
review the diff before committing it.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.conftest import tree

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "golden_sources"
EXPECTED = ROOT / "tests" / "golden" / "content"


def generate_into(dest: Path) -> None:
    from generator.config import load_config
    from generator.pipeline import generate

    generate(SOURCES, dest, load_config(ROOT / "briefing.yml"))


def update() -> None:
    import shutil

    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    generate_into(EXPECTED)
    print(f"golden files written to {EXPECTED.relative_to(ROOT)}: review `git diff` before committing")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            generate_into(Path(tmp) / "content")
            print("same" if tree(Path(tmp) / "content") == tree(EXPECTED) else "different")
