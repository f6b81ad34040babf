"""The one event type of watch mode: everything the outside world says becomes one of these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from persistence_drills.engine.verdict import Verdict


@dataclass(frozen=True)
class FileChanged:
    path: Path


@dataclass(frozen=True)
class KeyPressed:
    key: str  # one character, or a name: enter, escape, up, down, pageup, pagedown, home, end


@dataclass(frozen=True)
class RunFinished:
    run: int  # which run this is, so that a result of a superseded run can be dropped
    verdict: Verdict | None  # None when the run was cancelled
    text: str  # the drill file's content that was checked


@dataclass(frozen=True)
class Settle:
    """A finished run's verdict, held back a moment because its file had just changed."""

    run: int
    verdict: Verdict
    text: str


@dataclass(frozen=True)
class Tick:
    """Once a second: time to look whether another terminal changed the progress."""


@dataclass(frozen=True)
class WatcherNote:
    message: str  # e.g. the switch from native file events to polling


@dataclass(frozen=True)
class Redraw:
    """Draw the screen again: the terminal was resized, or a run is taking a while."""


@dataclass(frozen=True)
class CheckProgress:
    finished: int
    total: int


@dataclass(frozen=True)
class CheckDone:
    results: dict[str, bool]  # drill name -> passed


Event = (
    FileChanged
    | KeyPressed
    | RunFinished
    | Settle
    | Tick
    | WatcherNote
    | Redraw
    | CheckProgress
    | CheckDone
)
