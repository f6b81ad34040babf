"""Records of the runs that were handed databases, and which of them may now be dropped.

One small JSON file per run in `<state>/runs/<run>.json`, written by the runner process:

    {"drill": "async_orm", "pid": 4711, "started": 1767225600.1, "finished": 1767225600.4}

(`finished` is null while the run lasts.) The record is written before the run's child starts,
so that every database named after the run (settings.run_of) belongs to a known run. A run's
databases are kept after it so that `drills db` can show what the checks left; they are
dropped once the same drill runs again, or when more than KEPT_DRILLS other drills have run
since, or when the record is gone.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from persistence_drills.fileio import write_atomic
from persistence_drills.postgres.host import alive

KEPT_DRILLS = 3


@dataclass(frozen=True)
class RunRecord:
    run: str
    drill: str
    pid: int
    started: float
    finished: float | None

    def over(self) -> bool:
        """Finished, or its runner died before it could say so."""
        return self.finished is not None or not alive(self.pid)


def folder(state_dir: Path) -> Path:
    return state_dir / "runs"


def started(state_dir: Path, run: str, drill: str, pid: int) -> None:
    folder(state_dir).mkdir(parents=True, exist_ok=True)
    _write(state_dir, RunRecord(run, drill, pid, time.time(), None))


def finished(state_dir: Path, run: str) -> None:
    for record in read_all(state_dir):
        if record.run == run:
            _write(state_dir, RunRecord(**{**record.__dict__, "finished": time.time()}))


def forget(state_dir: Path, run: str) -> None:
    with contextlib.suppress(OSError):
        (folder(state_dir) / f"{run}.json").unlink()


def read_all(state_dir: Path) -> list[RunRecord]:
    records = []
    with contextlib.suppress(OSError):
        for path in folder(state_dir).glob("*.json"):
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                records.append(
                    RunRecord(
                        path.stem,
                        str(raw["drill"]),
                        int(raw["pid"]),
                        float(raw["started"]),
                        None if raw.get("finished") is None else float(raw["finished"]),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue  # being written, or damaged: a damaged one is an orphan's record
    return records


def droppable(records: list[RunRecord]) -> set[str]:
    """The runs whose databases are no longer wanted (pure, for table-driven tests)."""
    newest: dict[str, RunRecord] = {}
    for record in sorted(records, key=lambda r: r.started):
        newest[record.drill] = record
    drop = {r.run for r in records if r.over() and newest[r.drill] is not r}
    kept = sorted(
        (r for r in newest.values() if r.over()),
        key=lambda r: r.finished or r.started,
        reverse=True,
    )
    drop |= {r.run for r in kept[KEPT_DRILLS:]}
    return drop


def latest(state_dir: Path, drill: str) -> RunRecord | None:
    """The drill's newest run, for `drills db`."""
    mine = [r for r in read_all(state_dir) if r.drill == drill]
    return max(mine, key=lambda r: r.started) if mine else None


def _write(state_dir: Path, record: RunRecord) -> None:
    data = {k: v for k, v in record.__dict__.items() if k != "run"}
    write_atomic(folder(state_dir) / f"{record.run}.json", json.dumps(data) + "\n", durable=False)
