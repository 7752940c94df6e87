"""No dead code in the generator and its MkDocs hooks: vulture finds no unused name, bar those in
tests/dead_code_whitelist.py (called by a library or by MkDocs, each with its reason)."""
import subprocess
import sys

from tests.conftest import ROOT


def test_no_unused_code():
    run = subprocess.run([sys.executable, "-m", "vulture", "generator", "theme/hooks", "tests/dead_code_whitelist.py",
                          "--min-confidence", "60"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
