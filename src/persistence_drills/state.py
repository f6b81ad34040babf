"""Progress state: the one owner of .drills/state.json.

File format, version 1 (JSON, written atomically: temp file in the same folder, fsync,
os.replace):

    {
      "format_version": 1,
      "current": "json_book",          # the drill that `run`, `hint` and watch mode default to
      "welcome_shown": true,           # the manifest's welcome message was shown once
      "drills": {                      # only drills that were touched; names unknown to the
        "welcome": {                   # manifest (after a catalog update) are kept, not used
          "done": true,                # the latest run passed
          "first_done": "2026-11-27T10:02:11+00:00",   # kept when a done drill fails again
          "attempts": 3,               # runs recorded
          "hints_seen": 1              # how many hints were shown
        }
      }
    }

Every mutation re-reads the file under a lock, applies itself and saves, so two runner
processes on one workspace (watch mode and a `drills run` in another terminal) never lose
each other's updates. A file that cannot be read is moved aside, never fatal.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from persistence_drills.errors import environment_error
from persistence_drills.fileio import write_atomic
from persistence_drills.manifest import Drill, Manifest

STATE_FORMAT = 1

try:  # POSIX advisory locks; elsewhere the lock is a no-op (one process at a time is usual).
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # the module is absent there


@dataclass(frozen=True)
class DrillProgress:
    done: bool = False
    first_done: str | None = None
    attempts: int = 0
    hints_seen: int = 0


class Progress:
    """The learner's progress through one manifest."""

    def __init__(self, path: Path, manifest: Manifest) -> None:
        self.path = path
        self.manifest = manifest
        self.notices: list[str] = []
        self._stamp = self._file_stamp()
        self._data = self._read()

    def refresh(self) -> bool:
        """Read the file again if another process changed it (a `drills goto` in another
        terminal while watch mode runs); True if it did."""
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        self._data = self._read()
        return True

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    # --- queries -------------------------------------------------------------------------

    def drill(self, name: str) -> DrillProgress:
        raw = self._data["drills"].get(name, {})
        return DrillProgress(
            done=bool(raw.get("done", False)),
            first_done=raw.get("first_done"),
            attempts=int(raw.get("attempts", 0)),
            hints_seen=int(raw.get("hints_seen", 0)),
        )

    def is_done(self, name: str) -> bool:
        return self.drill(name).done

    @property
    def current(self) -> Drill:
        name = self._data.get("current")
        known = self.manifest.names()
        if isinstance(name, str) and name in known:
            return self.manifest.find(name)
        return self.first_pending() or self.manifest.drills[-1]

    @property
    def welcome_shown(self) -> bool:
        return bool(self._data.get("welcome_shown", False))

    def done_count(self) -> int:
        return sum(self.is_done(drill.name) for drill in self.manifest.drills)

    def all_done(self) -> bool:
        return self.done_count() == len(self.manifest.drills)

    def first_pending(self, after: Drill | None = None) -> Drill | None:
        """The first drill not done, searching from after `after` and wrapping around."""
        drills = list(self.manifest.drills)
        start = self.manifest.index(after.name) + 1 if after else 0
        for drill in drills[start:] + drills[:start]:
            if not self.is_done(drill.name):
                return drill
        return None

    # --- mutations: each one saves -------------------------------------------------------

    def record_run(self, name: str, passed: bool) -> None:
        # Until the learner moves, the current drill is the first pending one; pin it now, or
        # passing it would silently move them on before they asked for `next`.
        current = self.current.name

        def apply(data: dict[str, Any]) -> None:
            data.setdefault("current", current)
            _record(data, name, passed)

        self._mutate(apply)

    def set_current(self, name: str) -> None:
        self.manifest.find(name)
        self._mutate(lambda data: data.__setitem__("current", name))

    def take_hint(self, name: str) -> int:
        """Mark the next hint of a drill as seen; returns its index (capped at the last)."""
        last = len(self.manifest.find(name).hints) - 1
        shown = min(self.drill(name).hints_seen, last)

        def apply(data: dict[str, Any]) -> None:
            entry = data["drills"].setdefault(name, {})
            entry["hints_seen"] = max(int(entry.get("hints_seen", 0)), shown + 1)

        self._mutate(apply)
        return shown

    def mark_pending(self, name: str) -> None:
        def apply(data: dict[str, Any]) -> None:
            entry = data["drills"].setdefault(name, {})
            entry["done"] = False
            entry["hints_seen"] = 0

        self._mutate(apply)

    def mark_welcome_shown(self) -> None:
        self._mutate(lambda data: data.__setitem__("welcome_shown", True))

    def replace_done(self, results: dict[str, bool]) -> None:
        """Set the done flag of every drill named in `results` (used by `verify`)."""

        def apply(data: dict[str, Any]) -> None:
            for name, passed in results.items():
                _record(data, name, passed)

        self._mutate(apply)

    # --- storage -------------------------------------------------------------------------

    def _mutate(self, apply: Callable[[dict[str, Any]], None]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                data = self._read()
                apply(data)
                write_atomic(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")
                self._data = data
                self._stamp = self._file_stamp()
        except OSError as error:  # a full or read-only disk: the learner's to fix, not a bug
            known = environment_error(error)
            if known is None:
                raise
            raise known from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        with open(self.path.parent / "state.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> dict[str, Any]:
        fresh: dict[str, Any] = {"format_version": STATE_FORMAT, "drills": {}}
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return fresh
        except OSError as error:
            self._set_aside(f"it could not be read ({error.strerror})")
            return fresh
        except UnicodeDecodeError:
            self._set_aside("it is not text")
            return fresh
        try:
            data: dict[str, Any] = json.loads(text)
            _validate(data)
        except (ValueError, TypeError) as error:
            self._set_aside(f"it is not valid ({error})")
            return fresh
        return data

    def _set_aside(self, why: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        with contextlib.suppress(OSError):
            os.replace(self.path, target)
        self.notices.append(
            f"Your progress file {self.path.name} was set aside as {target.name} because {why}. "
            "Progress starts fresh; run `drills verify` to mark the drills you already solved "
            "as done."
        )


def _record(data: dict[str, Any], name: str, passed: bool) -> None:
    """A run's result: status follows it; the first time done is kept when it fails again."""
    entry = data["drills"].setdefault(name, {})
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["done"] = passed
    if passed and not entry.get("first_done"):
        entry["first_done"] = datetime.now(UTC).isoformat(timespec="seconds")


def _validate(data: object) -> None:
    if not isinstance(data, dict):
        raise ValueError("the top level is not an object")
    if data.get("format_version") != STATE_FORMAT:
        raise ValueError(f"unknown format_version {data.get('format_version')!r}")
    drills = data.get("drills")
    if not isinstance(drills, dict) or not all(isinstance(v, dict) for v in drills.values()):
        raise ValueError("'drills' is not an object of objects")
    if "current" in data and not isinstance(data["current"], str):
        raise ValueError("'current' is not a string")
