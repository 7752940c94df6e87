import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by its POSIX path relative to root, read: a file that cannot be read fails here."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def config():
    from generator.config import load_config

    return load_config(ROOT / "briefing.yml")


def copy_project(dest: Path) -> Path:
    """The project's configuration files (briefing.yml, mkdocs.yml, theme/) copied into dest, with an empty
    sources folder."""
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "theme", dest / "theme")
    (dest / "sources").mkdir()
    return dest


@pytest.fixture
def project(tmp_path):
    """A copy of the project's configuration files in a temporary folder, with an empty sources folder."""
    return copy_project(tmp_path)


def without_permission_override() -> list[str] | None:
    """A command prefix that runs a process bound by file permissions (chmod), or None when there is none.

    Root ignores chmod: as root, the process is run without the capabilities that override permissions
    (setpriv drops them), so that a real chmod test runs in CI as well."""
    import os
    import subprocess

    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return prefix if probe.returncode == 0 else None


def deny_listing(monkeypatch, *folders) -> None:
    """os.scandir as it fails on a folder without read permission, for these folders (chmod means nothing to
    root, and CI runs as root)."""
    import os

    real, denied = os.scandir, {os.fspath(f) for f in folders}

    def scandir(path="."):
        if isinstance(path, (str, bytes, os.PathLike)) and os.fspath(path) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
