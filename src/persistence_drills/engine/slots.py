"""A run's own folder and files, even when the same drill runs twice at once.

    .drills/runs/<name>/           slot 1: the folder a run works in, kept afterwards so the
    .drills/runs/<name>~2/         learner can open what their code wrote; a second run of
                                   the same drill while the first still runs gets slot 2 ...
    .drills/runs/.<name>.job.json  the slot's private files (job, report, progress, stack),
    .drills/runs/.<name>.lock      beside the folder so that the learner's code never meets them
    .drills/runs/.<name>.output.txt  what the last run printed, and the names of its failing
    .drills/runs/.<name>.failed.txt  checks (drills db shows their databases first)

The runs folder itself is a link into memory where the system has room (runs_folder.py).
A slot is held with a file lock for as long as its run lasts, so two processes (watch mode and
a `drills run` in another terminal) never share one; a process that dies lets go of its lock.
Watch mode, which runs one drill after another, always gets slot 1: the same paths every time,
which lets the warm service prepare the next run ahead (its zygote).
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from persistence_drills import trash
from persistence_drills.engine import runs_folder

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one run per drill at a time
    fcntl = None  # type: ignore[assignment]  # the module is absent there

TRASH = ".trash-"  # in the runs folder: earlier runs' folders, until they are deleted
LAST_RUN = ".last"  # in the runs folder: <name> -> the slot folder of the drill's newest run
# The only pytest settings of a run: whole diffs (the runner decides how much to show).
CONFIG = "[pytest]\nverbosity_assertions = 2\n"


@dataclass
class Slot:
    name: str  # the drill's
    folder: Path
    lock: IO[bytes] | None

    @classmethod
    def take(cls, runs_dir: Path, name: str) -> Slot:
        runs_folder.ensure(runs_dir)
        number = 1
        while True:
            folder = runs_dir / (name if number == 1 else f"{name}~{number}")
            lock = _try_lock(private_file(folder, "lock"))
            if lock is not None or fcntl is None:
                break
            number += 1
        slot = cls(name, folder, lock)
        slot._clear()
        return slot

    def _private(self, suffix: str) -> Path:
        return private_file(self.folder, suffix)

    @property
    def job(self) -> Path:
        return self._private("job.json")

    @property
    def report(self) -> Path:
        return self._private("report.json")

    @property
    def progress(self) -> Path:
        return self._private("running")

    @property
    def stack(self) -> Path:
        return self._private("stack.json")

    @property
    def output(self) -> Path:
        """Everything the last run printed; kept until the next run of this slot."""
        return self._private("output.txt")

    @property
    def failed(self) -> Path:
        """The names of the last run's failing checks, one per line; kept like the output."""
        return self._private("failed.txt")

    @property
    def config(self) -> Path:
        """An empty pytest configuration, so that no project settings leak into a run."""
        return self.folder.with_name("pytest.ini")

    def _clear(self) -> None:
        """A fresh folder; the previous run's moves aside at once and is deleted in the
        background (deleting competes for the disk with the drill's own writes)."""
        for stale in (self.report, self.progress, self.stack, self.failed):
            stale.unlink(missing_ok=True)
        if self.folder.exists() and not trash.set_aside(self.folder, TRASH):
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        if not self.config.exists() or self.config.read_text(encoding="utf-8") != CONFIG:
            self.config.write_text(CONFIG, encoding="utf-8")

    def release(self) -> None:
        """The run is over: its folder stays for the learner, its lock goes."""
        record = self.folder.parent / LAST_RUN / self.name
        with contextlib.suppress(OSError):
            record.parent.mkdir(exist_ok=True)
            record.write_text(self.folder.name, encoding="utf-8")
        for private in (self.job, self.report, self.progress, self.stack):
            with contextlib.suppress(OSError):
                private.unlink()
        if self.lock is not None:
            self.lock.close()  # closing the file lets go of the lock
            self.lock = None
        trash.remove(self.folder.parent, f"{TRASH}{self.folder.name}-", in_background=True)


def private_file(folder: Path, suffix: str) -> Path:
    """A slot's private file: beside its folder, where the learner's code never meets it."""
    return folder.with_name(f".{folder.name}.{suffix}")


def failed_checks(folder: Path) -> tuple[str, ...]:
    """The checks that failed in the run that worked in `folder` (a slot folder)."""
    try:
        text = private_file(folder, "failed.txt").read_text(encoding="utf-8")
    except OSError:
        return ()
    return tuple(line for line in text.splitlines() if line)


def last_run_folder(runs_dir: Path, name: str) -> Path | None:
    """The folder of a drill's newest finished run, if it is still there."""
    try:
        folder = runs_dir / (runs_dir / LAST_RUN / name).read_text(encoding="utf-8").strip()
    except OSError:
        folder = runs_dir / name
    return folder if folder.is_dir() else None


def last_output(runs_dir: Path, name: str) -> Path | None:
    """The output file of a drill's newest finished run."""
    folder = last_run_folder(runs_dir, name)
    if folder is None:
        return None
    path = private_file(folder, "output.txt")
    return path if path.is_file() else None


def _try_lock(path: Path) -> IO[bytes] | None:
    if fcntl is None:  # pragma: no cover - Windows
        return None
    handle = open(path, "a+b")  # noqa: SIM115 - held until the slot is released
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle
