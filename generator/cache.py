"""The analysis cache: one file per analysed source, so that a run analyses only new or changed sources.

An entry's key is a hash of everything its analysis depends on: the source's bytes (sha256) and relative path
(the title may come from the file name, the format from the extension), the settings the analysis can read
(`config.for_analysis(config).fingerprint`) and the generator (`__version__`, the code and data the analysis
runs, the versions of the libraries it calls). Change any of these and the key changes, so a stale entry is
never found.

An entry is a small header followed by a pickle:

    briefing-analysis-cache 1\\n<key>\\n<sha256 of the pickle>\\n<length of the pickle>\\n<pickle>

It is unpickled only when the header names the expected key and the pickle has the stated length and checksum,
so a damaged or truncated entry is recomputed, never trusted. The checksum detects damage, not tampering: the
cache is as trusted as the project folder it sits in. Entries are written to a temporary file and renamed into
place, so a reader never sees half an entry. The cache is an optimisation: any problem reading or writing it
is logged and the run goes on as if the entry were missing.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import secrets
import sys
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.models import Analysis

log = logging.getLogger(__name__)

MAGIC = b"briefing-analysis-cache 1\n"
SUFFIX = ".analysis"
INDEX = "index.json"
TEMP_MAX_AGE = 3600.0  # seconds; an older temporary file was left by a killed run
PACKAGE = Path(__file__).resolve().parent
# Where the per-source analysis starts; everything they import from the package counts, nothing else does.
ANALYSIS_ROOTS = ("analyze", "ingest", "models.py")
# Libraries whose version can change what the analysis finds: those it imports, everything they require
# (trafilatura reads HTML with lxml, justext and htmldate, which dates pages with dateparser...), and the optional
# companions they use when installed (PyStemmer for snowballstemmer, lxml-html-clean for lxml). A few cannot change
# a result (certifi, urllib3) but listing the whole set is what tests/test_cache.py can check against the installed
# metadata, so a new dependency of a new version is never missed.
LIBRARIES = ("annotated-types", "babel", "certifi", "charset-normalizer", "courlan", "cssselect", "dateparser",
             "htmldate", "justext", "lingua-language-detector", "lxml", "lxml-html-clean", "numpy", "pydantic",
             "pydantic-core", "PyStemmer", "pysbd", "python-dateutil", "python-slugify", "pytz", "PyYAML", "rapidfuzz",
             "regex", "scipy", "snowballstemmer", "text-unidecode", "tinycss2", "tld", "trafilatura", "typing-extensions",
             "typing-inspection", "tzdata", "tzlocal", "urllib3", "webencodings", "yake-rust")


@lru_cache(maxsize=1)
def generator_version() -> str:
    """The generator as far as the analysis is concerned: its version, the code the analysis runs (found by
    following imports from analyze/ and ingest/), its data files, and the versions of the libraries it calls.
    Editing the link stage, the templates or the writer leaves the cache valid."""
    data_files = {p for folder in ("data", "analyze") for p in (PACKAGE / folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    return code_digest(sorted(analysis_modules() | data_files), LIBRARIES)


def code_digest(files: list[Path], libraries: tuple[str, ...], package: Path = PACKAGE) -> str:
    """A hash of the generator's version, Python's, these files of the package (names and bytes) and the installed
    versions of these libraries."""
    # Python's version too: its Unicode tables (unicodedata, str.casefold, re's \w) decide folding and word splits.
    h = hashlib.sha256(f"briefing {__version__}\npython {sys.version_info[:2]} unicode {unicodedata.unidata_version}\n"
                       .encode())
    for path in files:
        data = path.read_bytes()
        h.update(f"{path.relative_to(package).as_posix()}\n{len(data)}\n".encode())
        h.update(data)
    versions = library_versions(libraries)
    for name in libraries:
        h.update(f"{name}=={versions.get(normal_name(name), 'missing')}\n".encode())
    return h.hexdigest()


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Installed versions of these distributions, read from the names of their .dist-info folders on sys.path (one
    listing per folder: importlib.metadata takes a few hundred ms for the same answer)."""
    wanted = {normal_name(n) for n in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                key = normal_name(project)
                if key in wanted and key not in found:
                    found[key] = version
    return found


def normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]*))",
                     re.M)


def analysis_modules() -> set[Path]:
    """The package's modules the analysis can run: the roots and, transitively, every module they import
    (at the top or inside a function). A textual scan: an import in a docstring counts too, which errs on the
    safe side."""
    todo = []
    for name in ANALYSIS_ROOTS:
        root = PACKAGE / name
        todo += sorted(root.rglob("*.py")) if root.is_dir() else [root]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        for dots, module, names, plain in _IMPORT.findall(text):
            if plain:  # import generator.a.b as c, other
                for name in plain.split(","):
                    if name.split():
                        todo += _module_files(name.split()[0].split("."))
                continue
            if dots:
                base = path.parent  # relative imports count from the module's folder
                for _ in range(len(dots) - 1):
                    base = base.parent
                parts = list(base.relative_to(PACKAGE.parent).parts) + (module.split(".") if module else [])
            else:
                parts = module.split(".")
            todo += _module_files(parts)
            for name in names.strip("()").split(","):
                if name.split():
                    todo += _module_files(parts + [name.split()[0]])
    return seen


def _module_files(parts: list[str]) -> list[Path]:
    """The files of module generator.a.b (itself and the __init__ of each package on the way), if it is ours."""
    if not parts or parts[0] != PACKAGE.name:
        return []
    out, here = [], PACKAGE
    out.append(here / "__init__.py")
    for part in parts[1:]:
        here = here / part
        out.append(here / "__init__.py" if here.is_dir() else here.with_suffix(".py"))
    return [p for p in out if p.is_file()]


class AnalysisCache:
    """Analyses on disk under root, keyed by source, configuration and generator."""

    def __init__(self, root: Path, fingerprint: str, version: str | None = None):
        self.root = Path(root)
        self.salt = f"{version if version is not None else generator_version()}\n{fingerprint}\n"
        self.counts = {"hits": 0, "misses": 0, "damaged": 0, "stored": 0}

    def key(self, rel: str, digest: str) -> str:
        return hashlib.sha256(f"{self.salt}{rel}\n{digest}\n".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under key (counted as a miss when not; get() tells whether it is usable)."""
        if self._path(key).is_file():
            return True
        self.counts["misses"] += 1
        return False

    def get(self, key: str, rel: str, digest: str) -> Analysis | None:
        """The cached analysis of the source rel with these bytes, or None (missing, damaged, stale)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.counts["misses"] += 1
            return None
        except OSError as exc:
            log.debug("cache: cannot read %s: %s", path, exc)
            self.counts["misses"] += 1
            return None
        value = open_sealed(data, key)
        if not isinstance(value, Analysis) or value.source.path != rel or value.source.digest != digest:
            log.info("cache: entry %s for %s is damaged or stale; analysing the source again", path.name, rel)
            self.counts["damaged"] += 1
            self.counts["misses"] += 1
            _unlink(path)
            return None
        self.counts["hits"] += 1
        return value

    def _setup(self) -> str:
        return hashlib.sha256(self.salt.encode()).hexdigest()

    def same_setup(self) -> bool:
        """Whether the last run used this configuration and generator: otherwise none of its entries can serve
        as earlier(), and reading them would be wasted."""
        try:
            return json.loads((self.root / INDEX).read_text(encoding="utf-8")).get("setup") == self._setup()
        except (OSError, ValueError, AttributeError):
            return False

    def earlier(self, rel: str, key: str) -> Analysis | None:
        """What is stored under key, a key the last run used for rel, when it is an analysis of rel made with
        this configuration and generator (of other bytes, since rel changed); None otherwise. Never counted:
        it is a hint for the new analysis, not a hit."""
        try:
            value = open_sealed(self._path(key).read_bytes(), key)
        except OSError:
            return None
        if isinstance(value, Analysis) and value.source.path == rel and self.key(rel, value.source.digest) == key:
            return value
        return None

    def put(self, key: str, analysis: Analysis) -> bytes | None:
        """Store the analysis under key; returns it pickled as stored (None when it could not be stored)."""
        try:
            payload = pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable value is a bug to report, not a reason to stop the run
            log.warning("cache: cannot store the analysis of %s: %s", analysis.source.path, exc)
            return None
        if not write_atomic(self._path(key), seal(key, payload)):
            return None
        self.counts["stored"] += 1
        return payload

    def previous(self) -> dict[str, str]:
        """Source path -> key, as the last completed run left them (empty when unknown)."""
        try:
            data = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
            sources = data["sources"]
            return {str(k): str(v) for k, v in sources.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def finish(self, current: dict[str, str]) -> int:
        """Record this run's sources and delete every entry it did not use; returns how many were deleted."""
        index = json.dumps({"format": 1, "setup": self._setup(), "sources": dict(sorted(current.items()))},
                           indent=0).encode() + b"\n"
        write_atomic(self.root / INDEX, index)
        return self.prune(set(current.values()))

    def prune(self, keep: set[str]) -> int:
        removed = 0
        try:
            names = sorted(os.listdir(self.root))
        except OSError:
            return 0
        now = time.time()
        for name in names:
            path = self.root / name
            if name.endswith(SUFFIX) and name[: -len(SUFFIX)] not in keep:
                removed += _unlink(path)
            elif name.endswith(".tmp") and name.startswith("."):
                try:
                    if now - path.stat().st_mtime > TEMP_MAX_AGE:
                        removed += _unlink(path)
                except OSError:
                    pass
        return removed


def seal(key: str, payload: bytes, magic: bytes = MAGIC) -> bytes:
    """An entry: the pickled payload in its envelope (see the module's docstring)."""
    return magic + f"{key}\n{hashlib.sha256(payload).hexdigest()}\n{len(payload)}\n".encode() + payload


def open_sealed(data: bytes, key: str, magic: bytes = MAGIC):
    """The value inside an entry, or None when the envelope does not check out."""
    if not data.startswith(magic):
        return None
    parts = data[len(magic):].split(b"\n", 3)
    if len(parts) != 4:
        return None
    stored_key, checksum, length, payload = parts
    try:
        if stored_key.decode("ascii") != key or int(length) != len(payload):
            return None
        if hashlib.sha256(payload).hexdigest() != checksum.decode("ascii"):
            return None
        return pickle.loads(payload)
    except Exception:  # a checksummed payload that still fails to load was written by other code: recompute
        return None


def write_atomic(path: Path, data: bytes) -> bool:
    """Write data to path through a temporary file and a rename; False (and a debug line) on failure."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        try:
            handle = open(tmp, "wb")
        except FileNotFoundError:  # the folder only, once: a mkdir per entry costs more than the write
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(tmp, "wb")
        with handle:
            handle.write(data)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        log.debug("cache: cannot write %s: %s", path, exc)
        _unlink(tmp)
        return False


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
