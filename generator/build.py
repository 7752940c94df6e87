"""Build: content/ to site/ with MkDocs, into a staging folder swapped in only when the build succeeded."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.errors import BriefingError
from generator.writer import recover, swap


def build_site(mkdocs_yml: Path, site_dir: Path, strict: bool = True) -> None:
    site_dir = site_dir.resolve()
    recover(site_dir)
    staging = site_dir.with_name(site_dir.name + ".staging")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(mkdocs_yml), "-d", str(staging)]
    if strict:
        cmd.insert(4, "--strict")
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [l for l in (result.stderr + result.stdout).splitlines() if l.strip()]
        detail = "; ".join(lines[-5:]) or f"exit code {result.returncode}"
        if staging.exists():
            import shutil

            shutil.rmtree(staging)
        raise BriefingError(f"mkdocs build failed, previous site kept: {detail}")
    swap(staging, site_dir)
