"""Live preview: regenerate content/ when sources/ or briefing.yml change; MkDocs then rebuilds and reloads.

Uses watchdog (a MkDocs dependency). Events are debounced so that saving ten files regenerates once.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)


class Regenerator:
    """Calls `regenerate` once after changes under `paths` settle for `delay` seconds."""

    def __init__(self, paths: list[Path], regenerate: Callable[[], None], delay: float = 0.5):
        self.paths = [p.resolve() for p in paths]
        self.regenerate = regenerate
        self.delay = delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._observer = None

    def touched(self, path: str) -> None:
        name = Path(path).name
        if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")):
            return  # editors' scratch files
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        try:
            self.regenerate()
        except Exception as exc:  # a bad edit must not stop the preview; the next save tries again
            log.error("regeneration failed: %s", exc)

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        outer = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return
                watched = [Path(event.src_path).resolve()]
                if getattr(event, "dest_path", ""):
                    watched.append(Path(event.dest_path).resolve())
                if any(p == w or w in p.parents for p in watched for w in outer.paths):
                    outer.touched(event.src_path)

        self._observer = Observer()
        for path in self.paths:
            target = path if path.is_dir() else path.parent
            self._observer.schedule(Handler(), str(target), recursive=path.is_dir())
        self._observer.start()

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
