"""File events from watchfiles, for the drills folder, as FileChanged events.

Native events (inotify, FSEvents, ...) by default; polling when asked, or when native watching
fails (network drives, WSL on a Windows drive, exhausted inotify watches), saying so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from persistence_drills.watch.events import Event, FileChanged, WatcherNote

# watchfiles yields once `step` ms pass without a new change. Its default of 50 ms adds 50 to
# 100 ms to every save; 10 ms still folds an editor's write-and-rename into one batch. A file
# seen half-written does no harm: its run is cancelled by the next event, and a verdict is only
# shown when the file still holds the content that was checked.
STEP_MS = 10


class FileWatcher(threading.Thread):
    def __init__(self, folder: Path, post: Callable[[Event], None], poll: bool) -> None:
        super().__init__(daemon=True)
        self.folder = folder
        self.post = post
        self.poll = poll
        self.stop_event = threading.Event()

    def run(self) -> None:
        try:
            self._watch(force_polling=self.poll)
        except Exception as error:  # native watching failed: poll instead, and say so
            if self.poll or self.stop_event.is_set():
                self.post(WatcherNote(f"File watching stopped: {error}. Press r to check."))
                return
            self.post(WatcherNote(f"Native file events failed ({error}); polling instead."))
            try:
                self._watch(force_polling=True)
            except Exception as again:
                self.post(WatcherNote(f"File watching stopped: {again}. Press r to check."))

    def _watch(self, force_polling: bool) -> None:
        import watchfiles

        for changes in watchfiles.watch(
            self.folder,
            stop_event=self.stop_event,
            step=STEP_MS,
            debounce=1600,
            force_polling=force_polling,
            poll_delay_ms=200,
            raise_interrupt=False,
        ):
            for path in dict.fromkeys(Path(p) for _, p in changes):
                self.post(FileChanged(path))

    def stop(self) -> None:
        self.stop_event.set()
