import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def config():
    from generator.config import load_config

    return load_config(ROOT / "briefing.yml")


@pytest.fixture
def project(tmp_path):
    """A copy of the project's configuration files in a temporary folder, with an empty sources folder."""
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    (tmp_path / "sources").mkdir()
    return tmp_path
