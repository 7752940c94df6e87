"""Incremental builds: which pages of site/ must MkDocs make again, and which can stay as the last build made them.

A build is incremental when the last build's record says it was made from the same inputs that every page shares
(mkdocs.yml, the theme folder and its hooks, briefing.yml, the generator (its code fingerprint: the hooks run
it), the builder's packages, the options of the build) and
no plugin needs every page in every build. MkDocs then runs with `--dirty` on stand-ins of the last site's files
(`seed`: empty, with their times; `fill` links the last site's bytes in afterwards): it makes
again the pages whose Markdown is newer than their HTML (the generator leaves an unchanged page's file as it was,
modification time included) and every template-made file (sitemap, 404 page); what the sources that are gone
made is removed here. The result is the site a clean build makes, byte for byte (tests/test_rebuild.py).

Without a record, or when a shared input changed, the build is clean. The record is dropped before the new site
is swapped in and written after, so a build interrupted between the two is followed by a clean one.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.incremental import FOLDER, fingerprint

# The packages whose version changes the HTML MkDocs writes. Pagefind's (pagefind, pagefind-bin-extended) is not
# one: its index is never carried over (NOT_CARRIED), so a new version is used by the next build, whatever kind.
BUILDER_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments")
# Plugins that read every page on every build (the search index, the tags index): with one of them, a build that
# skips the unchanged pages would lose their entries, so every build is clean.
# Plugins that only act on the pages they are given are safe; none is listed until one is needed and checked.
INCREMENTAL_PLUGINS: frozenset[str] = frozenset()
# Folders another step writes into the built site after MkDocs (the search index): made again from the whole
# site by that step, never carried over.
NOT_CARRIED = ("pagefind",)
RECORD_VERSION = 1


@dataclass(frozen=True)
class Plan:
    """How to build: `incremental` on a copy of the last site, or clean; `fingerprint` of the shared inputs;
    `sources` the files of the docs folder now; `gone` the outputs of the files that were there last time."""
    incremental: bool
    fingerprint: str
    sources: tuple[str, ...]
    gone: tuple[str, ...]
    reason: str
    directory_urls: bool = True


def record_path(site_dir: Path) -> Path:
    """In the cache folder beside site/, never inside the published site."""
    site_dir = Path(site_dir)
    return site_dir.parent / FOLDER / f"{site_dir.name}-build.json"


def plan(mkdocs_yml: Path, site_dir: Path, docs_dir: Path | None, options: tuple[str, ...]) -> Plan:
    mkdocs_yml = Path(mkdocs_yml).resolve()
    config = read_mkdocs_yml(mkdocs_yml)
    sources = tuple(_docs_files(docs_dir)) if docs_dir is not None and docs_dir.is_dir() else ()
    fingerprint = _fingerprint(mkdocs_yml, config, options)
    record = _read_record(record_path(site_dir))

    def clean(reason: str) -> Plan:
        return Plan(False, fingerprint, sources, (), reason, _directory_urls(config))

    if docs_dir is None or not sources:
        return clean("no docs folder to compare")
    if unsafe := _plugins_needing_every_page(config):
        return clean(f"plugin {unsafe} reads every page")
    if record is None or not Path(site_dir).is_dir():
        return clean("no record of the last build")
    if record.get("fingerprint") != fingerprint:
        return clean("mkdocs.yml, the theme, briefing.yml or the builder changed")
    directory_urls = _directory_urls(config)
    now = {dest for src in sources for dest in [output_of(src, directory_urls)]}
    gone = sorted({output_of(src, directory_urls) for src in record.get("sources", ()) if src not in sources} - now)
    return Plan(True, fingerprint, sources, tuple(gone), "", directory_urls)


@dataclass
class Seeded:
    """What `seed` put in the staging folder: hard links to the last site's files that MkDocs will not make
    again (path -> modification time), and stand-ins for the others (path -> inode and time)."""
    linked: dict[str, int]
    standins: dict[str, tuple[int, int]]


def seed(site_dir: Path, staging: Path, docs_dir: Path, done: Plan) -> Seeded:
    """The last site in `staging`, as `mkdocs build --dirty` needs it, without copying its bytes: copying the
    whole site was 1.1 to 1.8 s of every build after one edit at 1,000 sources (48 MB in 1,100 files) on this
    machine's disk, where a new file costs a millisecond and a hard link nothing.

    A file made from a docs file that is not newer than it is one MkDocs skips (its own test: the output's time
    against the source's, `File.is_modified`; the docs folder is locked meanwhile): it is hard-linked, sharing
    bytes and time. Any other file (a page whose source changed, the theme's files, the sitemap and the 404 page,
    which MkDocs writes at every build) gets a stand-in: a new, empty file with the last one's time, which is all
    MkDocs reads of it. MkDocs writes into a file in place, so it only ever writes into a stand-in, never into the
    last site, which a failed build leaves whole (`check` verifies the links; `fill` puts the last site's bytes
    in the stand-ins MkDocs left)."""
    makers = {output_of(src, done.directory_urls): src for src in done.sources}
    seeded = Seeded({}, {})
    site_dir = Path(site_dir)
    for folder, dirs, files in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        if not prefix:
            dirs[:] = [d for d in dirs if d not in NOT_CARRIED]
        (staging / prefix).mkdir(parents=True, exist_ok=True)
        for name in list(dirs):  # a link to a folder is carried as the link it is
            if os.path.islink(os.path.join(folder, name)):
                dirs.remove(name)
                files.append(name)
        for name in files:
            path, source, target = prefix + name, os.path.join(folder, name), staging / (prefix + name)
            info = os.lstat(source)
            if stat.S_ISLNK(info.st_mode):
                os.symlink(os.readlink(source), target)
            elif not stat.S_ISREG(info.st_mode):
                continue
            elif path in makers and not _newer(docs_dir / makers[path], source) and _linked(source, target):
                seeded.linked[path] = info.st_mtime_ns
            else:
                seeded.standins[path] = (stand_in(target, info), info.st_mtime_ns)
    return seeded


def _linked(source: str, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:  # a file system without hard links: the file gets a stand-in, filled by a copy
        return False


def stand_in(target: Path, like: os.stat_result) -> int:
    """An empty file at `target` with the time of `like`; its inode."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.utime(fd, ns=(like.st_atime_ns, like.st_mtime_ns))
        return os.fstat(fd).st_ino
    finally:
        os.close(fd)


def _newer(source: Path, output: str) -> bool:
    """MkDocs' test of a file to make again, as it writes it (`File.is_modified`: float times, strictly newer)."""
    try:
        return os.path.getmtime(output) < os.path.getmtime(source)
    except OSError:
        return True


def check(staging: Path, seeded: Seeded) -> None:
    """BuildWroteLastSite when a hard-linked file was written after all (its time changed): the builder no
    longer decides as `seed` expects (tests/test_rebuild.py guards it), and the last site holds its new page."""
    for rel, mtime in seeded.linked.items():
        try:
            if os.lstat(staging / rel).st_mtime_ns == mtime:
                continue
        except FileNotFoundError:
            continue
        raise BuildWroteLastSite(rel)


class BuildWroteLastSite(Exception):
    """MkDocs wrote into a file that `seed` had linked to the last site's."""


def fill(site_dir: Path, staging: Path, seeded: Seeded) -> None:
    """Put the last site's file in the place of every stand-in MkDocs left as it was (same inode, same time,
    empty): a hard link, which no later step writes into (they replace files whole); a copy where the file
    system has no hard links."""
    for rel, (inode, mtime) in seeded.standins.items():
        target = staging / rel
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            continue  # removed with the source that made it (prune)
        if info.st_ino != inode or info.st_mtime_ns != mtime or info.st_size:
            continue  # made again by this build
        temporary = target.with_name(target.name + ".link")
        source = Path(site_dir) / rel
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copy2(source, temporary)
        os.replace(temporary, target)


def prune(staging: Path, gone: tuple[str, ...]) -> None:
    """Remove what the removed sources made, then the folders that left empty."""
    for rel in gone:
        path = staging / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
        parent = path.parent
        while parent != staging and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def forget(site_dir: Path) -> None:
    record_path(site_dir).unlink(missing_ok=True)


def remember(site_dir: Path, done: Plan) -> None:
    path = record_path(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": RECORD_VERSION, "fingerprint": done.fingerprint, "sources": list(done.sources)}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def is_page(src: str) -> bool:
    """Whether MkDocs renders the docs file `src` (Markdown) rather than copying it."""
    return src.rpartition(".")[2].lower() in ("md", "markdown") and "." in src


def _directory_urls(config: dict) -> bool:
    return config.get("use_directory_urls", True) is not False


def output_of(src: str, directory_urls: bool = True) -> str:
    """The file MkDocs makes from a docs file: `a/b.md` -> `a/b/index.html` (with directory URLs), `a/index.md`
    -> `a/index.html`; any other file is copied as it is."""
    if not is_page(src):
        return src
    stem = src.rpartition(".")[0]
    folder, _, name = stem.rpartition("/")
    prefix = folder + "/" if folder else ""
    if name.lower() in ("index", "readme"):
        return prefix + "index.html"
    return f"{prefix}{name}/index.html" if directory_urls else f"{prefix}{name}.html"


def _docs_files(docs_dir: Path) -> list[str]:
    """The files MkDocs reads, as it sees them: dot files and folders are left out."""
    out = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, docs_dir)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        out += [prefix + f for f in sorted(files) if not f.startswith(".")]
    return out


def _plugins_needing_every_page(config: dict) -> str | None:
    plugins = config.get("plugins", ["search"])  # MkDocs enables search when the key is absent
    names = []
    for item in plugins or []:
        names += list(item) if isinstance(item, dict) else [item]
    return next((str(n) for n in names if str(n).split("/")[-1] not in INCREMENTAL_PLUGINS), None)


def _fingerprint(mkdocs_yml: Path, config: dict, options: tuple[str, ...]) -> str:
    h = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    root = mkdocs_yml.parent
    add("mkdocs.yml", mkdocs_yml.read_bytes())
    for name in ("briefing.yml",):  # read by the hooks (site.url)
        path = root / name
        add(name, path.read_bytes() if path.is_file() else b"")
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    folders = [theme.get("custom_dir")] + [str(Path(h).parent) for h in config.get("hooks") or [] if isinstance(h, str)]
    for folder in sorted({f for f in folders if isinstance(f, str)}):
        base = (root / folder).resolve()
        if base.is_dir():
            for rel in _docs_files(base):
                # Bytecode is made from the hooks by whichever build first imports them: never an input.
                if "__pycache__/" not in f"/{rel}" and not rel.endswith(".pyc"):
                    add(f"{folder}/{rel}", (base / rel).read_bytes())
    # The generator, which the hooks run (the interface's words for the navigation and the theme), and the builder.
    add("generator", fingerprint.code().encode())
    add("builder", fingerprint.digest([], BUILDER_PACKAGES).encode())
    # mkdocs.yml reads the environment (!ENV); any BRIEFING_ variable may change the pages.
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("BRIEFING_"))
    add("env", json.dumps(env).encode())
    add("options", json.dumps(list(options)).encode())
    add("record", str(RECORD_VERSION).encode())
    return h.hexdigest()


def _read_record(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == RECORD_VERSION else None


def read_mkdocs_yml(path: Path) -> dict:
    """mkdocs.yml as plain data, its tags read as None; {} when it cannot be read."""
    class _Loader(yaml.SafeLoader):  # mkdocs.yml may carry tags (!ENV, !!python/name:...) this does not need
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
