"""Publishing: the GitHub Pages workflow is valid, and `make deploy` pushes a complete site to gh-pages."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("actionlint is not installed (requirements-dev.txt)")
    return found


def test_pages_workflow_passes_actionlint():
    run = subprocess.run([_actionlint(), str(WORKFLOW)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.nope }}", 1))
    run = subprocess.run([_actionlint(), str(broken)], capture_output=True, text=True)
    assert run.returncode != 0


def test_workflow_builds_with_make_site_and_deploys_with_the_official_actions():
    text = WORKFLOW.read_text()
    for needle in ("branches: [main]", "workflow_dispatch", "make site", "actions/upload-pages-artifact",
                   "actions/deploy-pages", "path: site"):
        assert needle in text


def _git(*args, cwd):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.mark.slow
def test_make_deploy_pushes_the_site_to_a_bare_remote(tmp_path):
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs the project's virtualenv (make test creates it)")
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "briefing.yml", "mkdocs.yml", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    for folder in ("theme", "sources"):
        shutil.copytree(ROOT / folder, project / folder)
    remote = tmp_path / "remote.git"
    _git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    _git("init", "-q", "-b", "main", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-q", "-m", "briefing", cwd=project)
    _git("remote", "add", "origin", str(remote), cwd=project)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    run = subprocess.run(["make", "deploy", f"VENV={ROOT / '.venv'}"], cwd=project, capture_output=True,
                         text=True, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    files = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    for name in ("index.html", ".nojekyll", "briefing.json"):
        assert name in files
