"""How a record is kept in `.cache/`: written atomically, and when it is a pickle, sealed in an envelope.

    <magic>\\n<key>\\n<sha256 of the pickle>\\n<length of the pickle>\\n<pickle>

A sealed value is unpickled only when the envelope names the expected key and the pickle has the stated length
and checksum, so a damaged or truncated record is recomputed, never trusted. The checksum detects damage, not
tampering: the cache is as trusted as the project folder it sits in. Records are written to a temporary file
and renamed into place, so a reader never sees half of one.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import secrets
from pathlib import Path

log = logging.getLogger(__name__)


def seal(key: str, payload: bytes, magic: bytes) -> bytes:
    """The pickled payload in its envelope."""
    return magic + f"{key}\n{hashlib.sha256(payload).hexdigest()}\n{len(payload)}\n".encode() + payload


def open_sealed(data: bytes, key: str, magic: bytes):
    """The value inside an envelope, or None when the envelope does not check out."""
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
        unlink(tmp)
        return False


def unlink(path: Path) -> int:
    """Remove path; 1 if it was removed, 0 otherwise."""
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
