"""The site builds with ProperDocs, the maintained MkDocs 1.x line (issue 21: mkdocs-material's end of life and
MkDocs 2.0 dropping plugins and theme overrides), and gives the pages MkDocs gives.

Both builders read the same mkdocs.yml, theme/ overrides and hooks (the hooks build the Pagefind index under both).
Two differences are expected and allowed: the `generator` meta tag names the builder, and Pagefind's filter and
meta files come in another order at each run (tests/pagefind_bundle.py), so the index is compared by content."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pagefind_bundle
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(command: str, project: Path, site: Path) -> None:
    result = subprocess.run([str(BIN / command), "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", str(site)],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, f"{command}: {result.stderr}"


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR_META.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file() and "pagefind" not in p.relative_to(site).parts}


@pytest.mark.skipif(not (BIN / "properdocs").exists(), reason="ProperDocs is a test dependency (requirements-dev.txt)")
def test_properdocs_builds_the_pages_mkdocs_builds(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    for name in ("theme", "content"):
        shutil.copytree(ROOT / name, project / name)
    _build("mkdocs", project, tmp_path / "mkdocs-site")
    _build("properdocs", project, tmp_path / "properdocs-site")
    made, proper = _pages(tmp_path / "mkdocs-site"), _pages(tmp_path / "properdocs-site")
    assert made.keys() == proper.keys() and len(made) > 40
    assert [path for path in made if made[path] != proper[path]] == []
    assert pagefind_bundle.normal(tmp_path / "mkdocs-site" / "pagefind") == \
        pagefind_bundle.normal(tmp_path / "properdocs-site" / "pagefind")
