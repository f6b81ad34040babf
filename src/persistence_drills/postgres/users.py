"""Who uses a workspace's server, and how long it stays up once nobody does.

Kept in `<state>/users.json` under a file lock (the same lock guards starting and stopping the
embedded server):

    {"pids": [4711, 4802, 4802],   # runner processes using the server now, once for each of
                                   # their providers (dead ones pruned)
     "linger_until": 1767225600.0} # wall-clock time until which it stays up once unused

Every runner process joins when it first needs the server and leaves when it exits, asking the
server to stay up for its idle period (DRILLS_PG_LINGER) or not at all. The keeper process ends
the server once the list is empty and the time has passed; a runner killed with SIGKILL never
leaves, so the keeper prunes dead pids too.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from persistence_drills.fileio import write_atomic
from persistence_drills.postgres.host import alive

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one runner at a time
    fcntl = None  # type: ignore[assignment]  # the module is absent there


@dataclass(frozen=True)
class Usage:
    pids: tuple[int, ...]
    linger_until: float | None

    def over(self, now: float) -> bool:
        """Nobody uses the server and its idle period is over."""
        return not self.pids and (self.linger_until is None or self.linger_until <= now)


class Users:
    def __init__(self, state_dir: Path) -> None:
        self.state = state_dir
        self.path = state_dir / "users.json"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.state.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        with open(self.state / "lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def read(self) -> Usage:
        """The usage as recorded, dead pids left out (no lock needed: writes are atomic)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            pids = tuple(int(pid) for pid in raw.get("pids", ()))
            until = raw.get("linger_until")
            linger_until = float(until) if until is not None else None
        except (OSError, ValueError, TypeError, AttributeError):
            return Usage((), None)
        return Usage(tuple(pid for pid in pids if alive(pid)), linger_until)

    def write(self, usage: Usage) -> None:
        record = {"pids": sorted(usage.pids), "linger_until": usage.linger_until}
        write_atomic(self.path, json.dumps(record) + "\n", durable=False)

    # --- under the lock --------------------------------------------------------------------

    def join(self) -> Usage:
        usage = self.read()
        joined = Usage((*usage.pids, os.getpid()), usage.linger_until)
        self.write(joined)
        return joined

    def leave(self, linger: float) -> Usage:
        """Leave once; the server stays up `linger` more seconds (or as long as asked before)."""
        usage = self.read()
        others = list(usage.pids)
        if os.getpid() in others:
            others.remove(os.getpid())
        until = usage.linger_until
        if linger > 0:
            until = max(until or 0.0, time.time() + linger)
        left = Usage(tuple(others), until)
        self.write(left)
        return left

    def prune(self, linger: float) -> Usage:
        """Drop dead pids; if that leaves nobody, the idle period starts now."""
        try:
            raw_pids = json.loads(self.path.read_text(encoding="utf-8")).get("pids", [])
        except (OSError, ValueError, AttributeError):
            raw_pids = []
        usage = self.read()
        if len(usage.pids) == len(raw_pids):
            return usage
        until = usage.linger_until
        if not usage.pids:
            until = max(until or 0.0, time.time() + linger)
        pruned = Usage(usage.pids, until)
        self.write(pruned)
        return pruned
