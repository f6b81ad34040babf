"""The file watcher's fallback: when native events fail, it says so and polls instead.

Native watching cannot be made to fail here without changing the machine's inotify limits, so
the native attempt is replaced by one that raises as an exhausted inotify does; the polling
that follows is the real watchfiles polling on real files.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path

from persistence_drills.watch.events import Event, FileChanged, WatcherNote
from persistence_drills.watch.files import FileWatcher


class NativeFails(FileWatcher):
    def _watch(self, force_polling: bool) -> None:
        if not force_polling:
            raise OSError("OS file watch limit reached")
        super()._watch(force_polling=True)


def changed_paths(events: queue.Queue[Event], seconds: float = 5) -> Iterator[Path]:
    """Paths of FileChanged events as they come (polling also reports the folder itself)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = events.get(timeout=left)
        except queue.Empty:
            return
        if isinstance(event, FileChanged):
            yield event.path


def test_a_failing_native_watcher_falls_back_to_polling(tmp_path: Path) -> None:
    events: queue.Queue[Event] = queue.Queue()
    watcher = NativeFails(tmp_path, events.put, poll=False)
    watcher.start()
    try:
        note = events.get(timeout=5)
        assert isinstance(note, WatcherNote)
        assert "polling instead" in note.message
        time.sleep(0.5)  # the first poll takes its snapshot
        drill = tmp_path / "welcome.py"
        drill.write_text("x = 1\n")
        assert drill in changed_paths(events), "the save is seen by polling"
    finally:
        watcher.stop()
        watcher.join(timeout=5)


def test_native_events_name_the_saved_file(tmp_path: Path) -> None:
    events: queue.Queue[Event] = queue.Queue()
    watcher = FileWatcher(tmp_path, events.put, poll=False)
    watcher.start()
    try:
        time.sleep(0.3)
        drill = tmp_path / "welcome.py"
        drill.write_text("x = 1\n")
        assert drill in changed_paths(events), "the save is seen by native events"
    finally:
        watcher.stop()
        watcher.join(timeout=5)
