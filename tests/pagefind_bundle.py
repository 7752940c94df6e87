"""The search index (site/pagefind/: bundles.json and the Pagefind bundles it lists) as comparable data: what two
indexes of the same site hold, whatever order Pagefind wrote them in.

Pagefind writes each filter's values in a hash map's order, which changes from run to run (pagefind issue #638):
two runs over the same pages give filter files with other bytes, hence other names (their hashes), and a meta
file and pagefind-entry.json that name them. The word index chunks and the page fragments are the same bytes.
So the filter and meta files are compared by content: decoded (gzip, then CBOR after Pagefind's signature), with
their lists sorted and each filter file's name replaced by its content; every other file by its bytes.
"""
from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def bundles(index: Path) -> dict[str, Path]:
    """The bundles of an index (site/pagefind/), by name, as bundles.json lists them."""
    manifest = json.loads((index / "bundles.json").read_text(encoding="utf-8"))
    return {b["path"].rstrip("/"): index / b["path"] for b in manifest["bundles"]}


def normal(index: Path) -> dict:
    """The whole index: its list of bundles (without the digest of each one's inputs, which are the pages' bytes:
    two builders may differ where Pagefind does not read), and each bundle as comparable data."""
    manifest = json.loads((index / "bundles.json").read_text(encoding="utf-8"))
    out: dict = {"manifest": [{k: v for k, v in b.items() if k != "inputs"} for b in manifest["bundles"]]}
    for name, folder in bundles(index).items():
        out[name] = normal_bundle(folder)
    return out


def normal_bundle(bundle: Path) -> dict:
    filters = {p.stem: _canonical(_read(p)) for p in (bundle / "filter").glob("*.pf_filter")}

    def named(value):
        if isinstance(value, str) and value in filters:
            return filters[value]
        if isinstance(value, list):
            return [named(v) for v in value]
        if isinstance(value, dict):
            return {k: named(v) for k, v in value.items()}
        return value

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    out: dict = {"version": entry.get("version")}
    for language, info in entry["languages"].items():
        out[f"meta:{language}"] = _canonical(named(_read(bundle / f"pagefind.{info['hash']}.pf_meta")))
        out[f"entry:{language}"] = {k: v for k, v in info.items() if k != "hash"}
    for path in sorted(bundle.rglob("*")):
        rel = path.relative_to(bundle).as_posix()
        if path.is_file() and not rel.startswith("filter/") and not rel.endswith((".pf_meta", "pagefind-entry.json")):
            out[rel] = path.read_bytes()
    return out


def fragments(index: Path) -> dict[str, dict]:
    """The pages the index holds, in all its bundles: URL -> Pagefind's fragment (its text, meta and filters)."""
    out: dict[str, dict] = {}
    for bundle in bundles(index).values():
        mine = fragments_of(bundle)
        assert not set(mine) & set(out), f"{sorted(set(mine) & set(out))} in two bundles"
        out.update(mine)
    return out


def fragments_of(bundle: Path) -> dict[str, dict]:
    """The pages one bundle holds: URL -> Pagefind's fragment."""
    out = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[len(SIGNATURE):])
        out[fragment["url"]] = fragment
    return out


def page_counts(index: Path) -> dict[str, int]:
    """Pages of each language, over all the bundles."""
    counts: dict[str, int] = {}
    for bundle in bundles(index).values():
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        for language, info in entry["languages"].items():
            counts[language] = counts.get(language, 0) + info["page_count"]
    return counts


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return cbor(data[len(SIGNATURE):])


def _canonical(value):
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def cbor(data: bytes):
    """The first CBOR item of `data` (RFC 8949, definite lengths: what Pagefind writes)."""
    def item(i: int):
        head = data[i]
        major, info = head >> 5, head & 31
        i += 1
        if info < 24:
            value = info
        elif info <= 27:
            size = 1 << (info - 24)
            value = int.from_bytes(data[i:i + size], "big")
            i += size
        else:
            raise ValueError(f"indefinite-length CBOR item at byte {i - 1}")
        if major == 0:
            return value, i
        if major == 1:
            return -1 - value, i
        if major in (2, 3):
            raw = data[i:i + value]
            return (raw.decode("utf-8") if major == 3 else raw), i + value
        if major == 4:
            out = []
            for _ in range(value):
                v, i = item(i)
                out.append(v)
            return out, i
        if major == 5:
            mapping = {}
            for _ in range(value):
                k, i = item(i)
                mapping[k], i = item(i)
            return mapping, i
        if major == 6:  # a tag: its content
            return item(i)
        if info in (25, 26, 27):
            size = 1 << (info - 24)
            return struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], data[i - size:i])[0], i
        return {20: False, 21: True, 22: None}.get(value, value), i

    return item(0)[0]
