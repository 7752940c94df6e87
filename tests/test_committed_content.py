"""The committed content/ is what `make site` makes on a fresh clone: a clone has the committed content/ (whose
briefing.json is the "previous build" the What's new pages compare with) and no .cache/, and generating from the
committed sources/ and briefing.yml must leave every file byte for byte as committed, none added or removed.

When this fails after an intended change of output, regenerate and commit content/ (`make generate`, then
`git add content`); the message lists the files that differ.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _tracked(folder: str) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout to know the committed files")
    out = subprocess.run(["git", "ls-files", "-z", "--", folder], cwd=ROOT, capture_output=True, check=True)
    return sorted(name for name in out.stdout.decode().split("\0") if name)


def _committed(name: str) -> bytes:
    """The file as committed (HEAD), not as this working tree has it."""
    return subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, capture_output=True, check=True).stdout


def _ignored(paths: list[str]) -> set[str]:
    """Which of these paths (relative to the repository) git ignores: lock files and the like."""
    if not paths:
        return set()
    run = subprocess.run(["git", "check-ignore", "--no-index", "--stdin", "-z"], cwd=ROOT, capture_output=True,
                         input="\0".join(paths).encode())
    return {name for name in run.stdout.decode().split("\0") if name}


def _clone(tmp_path: Path) -> Path:
    """sources/, briefing.yml and content/ as a fresh clone has them."""
    clone = tmp_path / "clone"
    for name in _tracked("sources") + _tracked("content") + ["briefing.yml"]:
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_bytes(_committed(name))
    return clone


def test_generating_on_a_fresh_clone_leaves_the_committed_content_unchanged(tmp_path):
    from generator.config import load_config
    from generator.pipeline import generate

    committed = _tracked("content")
    assert "content/index.md" in committed and "content/briefing.json" in committed
    clone = _clone(tmp_path)
    result = generate(clone / "sources", clone / "content", load_config(clone / "briefing.yml"), cache_dir=None)
    assert not result.failures, result.failures

    made = sorted(p.relative_to(clone).as_posix() for p in (clone / "content").rglob("*") if p.is_file())
    made = [name for name in made if name not in _ignored(made)]
    assert sorted(set(made) - set(committed)) == [], "generated but not committed"
    assert sorted(set(committed) - set(made)) == [], "committed but no longer generated"
    differ = [name for name in committed if (clone / name).read_bytes() != _committed(name)]
    assert differ == [], f"content/ is stale: regenerate it (make generate) and commit; these differ: {differ}"
