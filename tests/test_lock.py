"""The lock files: every package pinned, the ones the declared dependencies pull in included, compiled from
pyproject.toml by `make lock`; the Makefile installs from them and lets pip show its progress."""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest
from packaging.requirements import Requirement

from tests import dependencies
from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#;]+)(?:\s+#.*)?$")


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"{name}: not an exact pin: {line!r}"
        pins[dependencies.normal(match[1])] = match[2]
    return pins


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {dependencies.normal(Requirement(line).name) for line in lines}


def test_every_line_of_the_lock_files_is_an_exact_pin_made_by_make_lock():
    for name in ("requirements.txt", "requirements-dev.txt"):
        assert _pins(name)
        assert "#    make lock" in (ROOT / name).read_text(encoding="utf-8")


def test_the_runtime_lock_pins_the_declared_dependencies_and_everything_they_require():
    pins = _pins("requirements.txt")
    assert _declared() <= set(pins)
    needed = dependencies.closure(_declared())
    assert needed - set(pins) == set(), "required, installed, but not in requirements.txt"
    assert {"lxml", "dateparser", "htmldate", "justext", "courlan"} <= set(pins)  # trafilatura's, pinned too
    assert "nh3" not in pins and "nh3" not in _declared()  # nothing imports it


def test_the_dev_lock_holds_the_runtime_lock_at_the_same_versions_plus_the_tests_tools():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert {k: dev.get(k) for k in runtime} == runtime
    assert _declared("dev") <= set(dev)
    assert dependencies.closure(_declared("dev")) - set(dev) == set()


def test_this_environment_has_the_locked_versions():
    """The venv the tests run in was installed from the lock (make test does): what the tests check is what a
    fresh install gets."""
    import importlib.metadata as md

    wrong = {}
    for name, version in _pins("requirements.txt").items():
        try:
            installed = md.version(name)
        except md.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (installed, version)
    assert wrong == {}, "installed, locked"


def test_make_installs_from_the_lock_files_and_shows_pip_progress(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    run = subprocess.run(["make", "-n", "test", f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    installs = [line for line in run.stdout.splitlines() if " -m pip install " in line]
    assert any(line.endswith("-r requirements.txt") for line in installs)
    assert any(line.endswith("-r requirements-dev.txt") for line in installs)
    assert any(line.endswith("--no-deps -e .") for line in installs)  # the project itself, nothing unpinned
    assert all("--quiet" not in line and " -q " not in line for line in installs), installs
    assert "Installing the pinned packages" in run.stdout
