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


def test_workflow_builds_with_the_project_makefile_and_deploys_with_the_official_actions():
    text = WORKFLOW.read_text()
    for needle in ("branches: [main]", "workflow_dispatch", "make install", "actions/upload-pages-artifact",
                   "actions/deploy-pages", "path: site"):
        assert needle in text


# The first major of each action that runs on Node 24 (Node 20 is deprecated on GitHub's runners), from the
# actions' release notes; the workflow may use these or later ones.
NODE24_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5, "actions/configure-pages": 6,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def _workflow() -> dict:
    import yaml

    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(job: str) -> list[dict]:
    return _workflow()["jobs"][job]["steps"]


def test_every_action_is_at_a_major_that_runs_on_node_24():
    used = [step["uses"] for job in _workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert {u.split("@")[0] for u in used} == set(NODE24_MAJORS)
    for use in used:
        name, _, ref = use.partition("@")
        assert ref.startswith("v") and int(ref[1:].split(".")[0]) >= NODE24_MAJORS[name], use


def _build_step() -> dict:
    return next(s for s in _steps("build") if "generator" in s.get("run", ""))


def test_the_address_from_configure_pages_reaches_the_build():
    steps = _steps("build")
    pages = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages@"))
    assert steps[pages]["id"] == "pages" and pages < steps.index(_build_step())
    assert _build_step()["env"]["BRIEFING_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [BRIEFING_SITE_URL" in mkdocs


def test_the_virtualenv_and_the_analysis_cache_are_cached_between_runs():
    caches = {s["with"]["path"]: s for s in _steps("build") if s.get("uses", "").startswith("actions/cache@")}
    assert set(caches) == {".venv", ".cache"}
    assert "hashFiles('requirements.txt'" in caches[".venv"]["with"]["key"]
    assert caches[".cache"]["with"]["restore-keys"]
    steps = _steps("build")
    assert steps.index(caches[".cache"]) < steps.index(_build_step())


def _run_build_step(tmp_path, exit_code: int, strict: bool):
    """The build step's script under bash as GitHub runs it, with `make` and the virtualenv's Python replaced by
    stand-ins: the generator stand-in reports one unusable source and exits with `exit_code` (1 under --strict,
    as the command line does)."""
    bin_dir = tmp_path / "bin"
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    bin_dir.mkdir()
    (bin_dir / "make").write_text("#!/bin/sh\nexit 0\n")
    (tmp_path / ".venv" / "bin" / "python").write_text(
        "#!/bin/sh\necho 'sources/ok.md analysed'\n"
        "echo 'error: sources/broken.html: not valid UTF-8 nor any known encoding' >&2\n"
        f'case " $* " in *" --strict "*) exit 1;; esac\nexit {exit_code}\n')
    for f in (bin_dir / "make", tmp_path / ".venv" / "bin" / "python"):
        f.chmod(0o755)
    script = tmp_path / "step.sh"
    script.write_text(_build_step()["run"])
    summary = tmp_path / "summary.md"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary),
           "STRICT": "true" if strict else "false"}
    run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=tmp_path,
                         capture_output=True, text=True, env=env)
    return run, summary.read_text() if summary.exists() else ""


def test_unusable_sources_are_listed_in_the_job_summary_and_the_site_is_still_published(tmp_path):
    run, summary = _run_build_step(tmp_path, exit_code=3, strict=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "error: sources/broken.html: not valid UTF-8" in summary and "published without them" in summary
    assert "sources/ok.md analysed" in run.stdout  # the log is still shown


def test_strict_runs_fail_on_an_unusable_source(tmp_path):
    run, summary = _run_build_step(tmp_path, exit_code=3, strict=True)
    assert run.returncode == 1
    assert "sources/broken.html" in summary and "published without them" not in summary


def test_a_failed_build_fails_the_job(tmp_path):
    run, _ = _run_build_step(tmp_path, exit_code=1, strict=False)
    assert run.returncode == 1


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
