"""The one code fingerprint (generator/incremental/fingerprint.py): every file of the package, the generator's and
Python's versions, and every library that can change a result."""
import shutil

import pytest

from generator.incremental import fingerprint
from tests import dependencies


@pytest.fixture
def fresh():
    fingerprint.code.cache_clear()
    yield fingerprint
    fingerprint.code.cache_clear()


@pytest.mark.parametrize("edited", ["templates/source.md.j2", "data/sentences.yml", "pipeline.py", "analyze/dates/inference.py"])
def test_the_fingerprint_covers_code_templates_and_data(tmp_path, monkeypatch, fresh, edited):
    package = tmp_path / "generator"
    shutil.copytree(fingerprint.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    before = fresh.code()
    with open(package / edited, "a", encoding="utf-8") as handle:
        handle.write("\n")
    fresh.code.cache_clear()
    assert fresh.code() != before


def test_the_fingerprint_follows_the_package_version(monkeypatch, fresh):
    before = fresh.code()
    fresh.code.cache_clear()
    monkeypatch.setattr(fingerprint, "__version__", "99.0")
    assert fresh.code() != before


def test_the_fingerprint_follows_each_library_version(monkeypatch):
    files = [fingerprint.PACKAGE / "models.py"]
    versions = fingerprint.library_versions(fingerprint.LIBRARIES)
    assert {"lxml", "dateparser", "htmldate", "justext", "matplotlib"} <= set(versions)  # found, not "missing"
    before = fingerprint.digest(files, fingerprint.LIBRARIES)
    monkeypatch.setattr(fingerprint, "library_versions", lambda names: {**versions, "lxml": "0.0"})
    assert fingerprint.digest(files, fingerprint.LIBRARIES) != before


def test_the_fingerprint_covers_every_library_the_generator_runs():
    """Every distribution the package imports, and everything those require as installed (lxml, justext,
    htmldate and dateparser under trafilatura; matplotlib's font and image libraries), but the command line's
    progress bar, which writes nothing to content/."""
    code = [p for p in fingerprint.PACKAGE.rglob("*.py") if p.name != "cli.py"]
    imported = dependencies.distributions(dependencies.third_party_imports(code))
    needed = dependencies.closure(set().union(*imported.values())) | {"pystemmer", "lxml-html-clean"}
    listed = {dependencies.normal(name) for name in fingerprint.LIBRARIES}
    assert {"trafilatura", "matplotlib", "pillow", "lxml", "justext", "htmldate", "dateparser"} <= needed
    assert needed <= listed, f"not in fingerprint.LIBRARIES: {sorted(needed - listed)}"
