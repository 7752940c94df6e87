"""The package as a user installs it: the wheel built from the tracked files, installed into a new virtual
environment, gives a `briefing` command that builds a site from a folder outside the repository.

No download: the wheel is built without build isolation (setuptools and wheel are in the dev lock), and the new
environment sees the installed dependencies through a path file naming this interpreter's site-packages (a plain
path line: the path files in that folder, such as the editable install of this checkout, are not run). The
declared requirements are checked against what that environment sees, and the run happens without a network
where `unshare -n` can take it away.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests import dependencies
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow


def _tracked(under: str) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout to know the tracked files")
    out = subprocess.run(["git", "ls-files", "-z", under], cwd=ROOT, capture_output=True, check=True)
    return [name for name in out.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the tracked files (as from a fresh clone: no build/ or egg-info left over)."""
    tree = tmp_path_factory.mktemp("clone")
    for name in _tracked("."):
        if (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                             "--disable-pip-version-check", "-w", str(out), str(tree)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (found,) = out.glob("briefing-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed and this environment's packages visible."""
    env = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(site) / "_briefing_test_deps.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    result = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check",
                             str(wheel)], capture_output=True, text=True, cwd=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return env


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "BRIEFING_"))}


def _offline(cmd: list) -> list:
    """The command without a network namespace, where this machine lets us take it away."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n", *map(str, cmd)]
    return cmd


def test_the_wheel_holds_every_tracked_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in _tracked("generator") if name not in names]
    assert not missing, f"not in the wheel: {missing}"


def test_the_wheel_declares_every_package_the_generator_needs(venv, tmp_path):
    """Each requirement the installed distribution declares is installed at a version that fits; the generator's
    third-party imports are all among them (or their dependencies), so `pip install .` alone gives a working
    command."""
    check = r"""
import importlib.metadata as md
from packaging.requirements import Requirement
reqs = [Requirement(r) for r in md.requires("briefing") or []]
bad = []
for r in reqs:
    if r.marker is not None and not r.marker.evaluate({"extra": ""}):
        continue
    try:
        version = md.version(r.name)
    except md.PackageNotFoundError:
        bad.append(f"{r.name}: not installed")
        continue
    if not r.specifier.contains(version, prereleases=True):
        bad.append(f"{r.name}: {version} does not fit {r.specifier}")
print("\n".join(bad))
"""
    result = subprocess.run([venv / "bin" / "python", "-c", check], capture_output=True, text=True, cwd=tmp_path,
                            env=_clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    from packaging.requirements import Requirement

    runtime = [Requirement(line) for line in _metadata(venv, "Requires-Dist")]
    declared = {dependencies.normal(r.name) for r in runtime if r.marker is None}
    given = dependencies.closure(declared)
    imported = dependencies.distributions(dependencies.third_party_imports((ROOT / "generator").rglob("*.py")))
    for module, dists in imported.items():
        assert dists & given, f"{module} is imported by the generator but no declared package gives it"


def test_the_installed_command_builds_a_site_from_a_folder_outside_the_repository(venv, tmp_path):
    project = tmp_path / "my briefing"
    project.mkdir()
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(FIXTURES / "versions", project / "sources")
    env = _clean_env()
    where = subprocess.run([venv / "bin" / "python", "-c", "import generator; print(generator.__file__)"],
                           capture_output=True, text=True, cwd=project, env=env, check=True).stdout
    assert Path(where).resolve().is_relative_to(venv.resolve()), where  # the wheel's code, not this checkout's

    result = subprocess.run(_offline([venv / "bin" / "briefing", "site"]), capture_output=True, text=True,
                            cwd=project, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 sources" in result.stdout
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<html" in index and len(list((project / "content" / "sources").glob("*.md"))) >= 6
    assert (project / "site" / "sources" / "index.html").is_file()
    assert not (ROOT / "my briefing").exists()


def _metadata(venv: Path, field: str) -> list[str]:
    code = f"import importlib.metadata as md; print('\\n'.join(md.metadata('briefing').get_all({field!r}) or []))"
    return subprocess.run([venv / "bin" / "python", "-c", code], capture_output=True, text=True, check=True,
                          cwd=venv, env=_clean_env()).stdout.splitlines()
