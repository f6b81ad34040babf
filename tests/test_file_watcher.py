"""The file watcher's fallback: when native events fail, it says so and polls instead.

Native watching cannot be made to fail here without changing the machine's inotify limits, so
the native attempt is replaced by one that raises as an exhausted inotify does; the polling
that follows is the real watchfiles polling on real files.
"""

from __future__ import annotations

import queue
import time
from pathlib import Path

from persistence_drills.watch.events import Event, FileChanged, WatcherNote
from persistence_drills.watch.files import FileWatcher


class NativeFails(FileWatcher):
    def _watch(self, force_polling: bool) -> None:
        if not force_polling:
            raise OSError("OS file watch limit reached")
        super()._watch(force_polling=True)


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
        changed = events.get(timeout=5)
        assert changed == FileChanged(drill)
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
        assert events.get(timeout=5) == FileChanged(drill)
    finally:
        watcher.stop()
        watcher.join(timeout=5)
