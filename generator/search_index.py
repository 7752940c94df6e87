"""The search index: Pagefind run over the built site, writing a chunked static index into `site/pagefind/`.

A reader's browser then downloads the index in pieces (the word list's chunks its query needs, and the fragments
of the pages it shows), never the whole index, so search keeps the full text at any size. Pagefind indexes what
the theme marks with `data-pagefind-body` (theme/main.html) and reads each page's language from its `<html lang>`
(theme/hooks/page_language.py), so French and English pages get their own stemming.

`briefing build` runs it on the staged site after MkDocs and before the swap: a failed index keeps the previous
site. `mkdocs serve` (and a bare `mkdocs build`) run it from theme/hooks/search_index.py.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from generator.errors import BriefingError, failure_detail

# The bundle's folder inside the site; the search page loads `<site>/pagefind/pagefind.js` by a relative address.
BUNDLE = "pagefind"
# What a page shows that is not its text: the headings' permalink signs, the labels of a source's facts, where
# its date was read, the generator's notes and the source's file name; and the lists of other pages (`bf-listing`:
# the sources an entity, topic or outlet page lists, a source's related sources), whose titles and sentences are
# found on those pages themselves. Indexed here too, they made every list that names a source a result for its
# words, and cost a third of the index's work (entity pages alone held 30% of the indexed words at 1,000 sources).
EXCLUDED = (".headerlink", ".bf-meta dt", ".bf-basis", ".bf-note", ".bf-meta code", ".bf-listing")
# Set by `briefing build`, which runs the index itself on the staged site: the theme's hook then leaves it alone.
LATER = "BRIEFING_SEARCH_INDEX"


def command(site_dir: Path) -> list[str]:
    """Pagefind's binary comes in a wheel (pagefind-bin-extended, which the `extended` extra installs); `python -m
    pagefind` finds it and runs it in its own place, with no download."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
            "--exclude-selectors", ", ".join(EXCLUDED), "--quiet"]


def index_site(site_dir: Path) -> None:
    """Index the built site in `site_dir`, replacing any index it holds; BriefingError when Pagefind fails."""
    site_dir = Path(site_dir)
    # Pagefind adds its files beside an earlier bundle's (their names are hashes) and never removes the old ones.
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    try:
        result = subprocess.run(command(site_dir), capture_output=True, text=True, errors="replace",
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    except OSError as exc:
        raise BriefingError(f"cannot run pagefind: {exc}") from None
    if result.returncode != 0:
        raise BriefingError(f"the search index (pagefind) failed: {failure_detail(result)}")
    if not (site_dir / BUNDLE / "pagefind.js").is_file():
        raise BriefingError(f"the search index (pagefind) wrote no {BUNDLE}/pagefind.js in {site_dir}")


def _die_with_parent() -> None:
    """In the child, before Pagefind starts (`python -m pagefind` execs its binary, which keeps this): killed when
    the build that started it dies, so that a killed build leaves no indexer writing into its staging folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - without it, the indexer only outlives a killed build by a few seconds
        pass
