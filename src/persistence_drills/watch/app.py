"""Watch mode: check the current drill on every save, react to single keys.

Threads (file watcher, key reader, runs) only post events to one queue; `handle` takes them one
at a time, so all state lives in this loop and nothing else mutates it.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

from persistence_drills.engine.runner import DrillRun, Runner
from persistence_drills.engine.warm import ServiceLauncher
from persistence_drills.errors import EXIT_OK, DrillsError
from persistence_drills.restore import restore
from persistence_drills.session import Session
from persistence_drills.ui import console
from persistence_drills.watch.events import (
    CheckDone,
    CheckProgress,
    Event,
    FileChanged,
    KeyPressed,
    Redraw,
    RunFinished,
    WatcherNote,
)
from persistence_drills.watch.files import FileWatcher
from persistence_drills.watch.screen import View, render
from persistence_drills.watch.terminal import keys_mode

# Editors may report one save as two batches of events; the same content arriving again this
# soon after its run started is the same save, not a new one.
SAME_SAVE_SECONDS = 0.5
# Drawing competes with the run for the CPU; a run that ends sooner than this never shows
# "checking…", only its verdict.
QUIET_RUN_SECONDS = 0.2


class WatchApp:
    def __init__(self, session: Session, poll: bool, manual: bool) -> None:
        self.session = session
        self.poll = poll
        self.manual = manual
        # SimpleQueue: put() may be called from a signal handler (SIGWINCH), Queue.put may not.
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        runtime = session.workspace.runtime_dir
        self.launcher = ServiceLauncher(runtime, linger=0, zygote=True, wait=True)
        self.runner = Runner(session.workspace, launcher=self.launcher)
        self.active: DrillRun | None = None
        self.run_id = 0
        self.ran_text: str | None = None  # content of the latest run's file
        self.ran_at = 0.0
        self.unsaved: tuple[str, bool] | None = None  # a verdict not yet in the state file
        progress = session.progress
        self.view = View(
            workspace=session.workspace,
            drills=session.manifest.drills,
            done={d.name for d in session.manifest.drills if progress.is_done(d.name)},
            current=progress.current,
        )
        if not progress.welcome_shown:
            self.view.welcome = session.manifest.welcome_message
            progress.mark_welcome_shown()

    def post(self, event: Event) -> None:
        self.events.put(event)

    def run(self) -> int:
        watcher = None
        if not self.manual:
            watcher = FileWatcher(self.session.workspace.drills_dir, self.post, self.poll)
            watcher.start()
        else:
            self.view.notes = ["Manual mode: files are not watched; press r to check."]
        self.launcher.hold()
        try:
            with keys_mode(self.post):
                self.check()
                self.draw()
                while True:
                    event = self.events.get()
                    if not self.handle(event):
                        break
                    # Draw once per burst of events, and not while a run has just started.
                    if self.events.empty() and not self.run_just_started():
                        self.draw()
                    self.save_result()
        finally:
            self.save_result()
            if self.active is not None:
                self.active.cancel()
            if watcher is not None:
                watcher.stop()
            self.launcher.close()
            console.out().print()
        return EXIT_OK

    # --- the loop ------------------------------------------------------------------------

    def handle(self, event: Event) -> bool:
        """Apply one event; False means quit."""
        match event:
            case FileChanged(path):
                self.on_file(path)
            case RunFinished(run, verdict, text):
                self.on_finished(run, verdict, text)
            case KeyPressed(key):
                return self.on_key(key)
            case WatcherNote(message):
                self.view.notes = [message]
            case CheckProgress(finished, total):
                self.view.progress = (finished, total)
            case CheckDone(results):
                self.on_checked_all(results)
            case Redraw():
                pass  # the loop draws after every event
        return True

    def on_file(self, path: Path) -> None:
        if self.view.mode == "check_all":
            return  # checking every drill now; the current one is checked again afterwards
        drill = self.view.current
        if path != self.session.workspace.drill_file(drill.dir, drill.name):
            return  # another drill, a backup or a temporary file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return  # mid-rename; the event for the new file follows
        if text == self.ran_text and time.monotonic() - self.ran_at < SAME_SAVE_SECONDS:
            return
        self.check()

    def on_finished(self, run: int, verdict: object, text: str) -> None:
        if run != self.run_id or verdict is None:
            return  # superseded or cancelled
        from persistence_drills.engine.verdict import Verdict

        assert isinstance(verdict, Verdict)
        self.active = None
        drill = self.view.current
        path = self.session.workspace.drill_file(drill.dir, drill.name)
        try:
            newest = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            newest = text
        if newest != text:
            self.check()  # saved again meanwhile: never show a verdict of older content
            return
        # Saved right after the screen shows the verdict: the fsync of the state file need
        # not delay what the learner is waiting for.
        self.unsaved = (drill.name, verdict.passed)
        self.view.verdict = verdict
        self.view.running = False
        self.view.checked_at = time.strftime("%H:%M:%S")
        if verdict.passed:
            self.view.done.add(drill.name)
        else:
            self.view.done.discard(drill.name)

    def on_key(self, key: str) -> bool:
        view = self.view
        if view.mode == "list":
            self.on_list_key(key)
            return True
        if view.mode == "confirm_reset":
            view.mode = "drill"
            if key in ("y", "Y"):
                self.reset_current()
            return True
        if key == "q":
            return False
        if view.mode == "check_all":
            return True
        view.welcome = ""
        view.summary = ""
        view.notes = [] if not self.manual else view.notes
        match key:
            case "n":
                self.next_drill()
            case "h":
                index = self.session.progress.take_hint(view.current.name)
                view.hint = (index, view.current.hints[index])
            case "l":
                view.mode = "list"
                view.selected = self.session.manifest.index(view.current.name)
            case "r":
                self.check()
            case "c":
                self.check_all()
            case "x":
                view.mode = "confirm_reset"
        return True

    def on_list_key(self, key: str) -> None:
        view = self.view
        last = len(view.drills) - 1
        if key in ("up", "k"):
            view.selected = max(0, view.selected - 1)
        elif key in ("down", "j"):
            view.selected = min(last, view.selected + 1)
        elif key == "enter":
            view.mode = "drill"
            self.move_to(view.drills[view.selected].name)
        elif key in ("escape", "l", "q"):
            view.mode = "drill"

    # --- actions -------------------------------------------------------------------------

    def check(self) -> None:
        """Start a run of the current drill on the file as it is now, cancelling any other."""
        if self.active is not None:
            self.active.cancel()
        self.run_id += 1
        run_id, drill = self.run_id, self.view.current
        handle = self.runner.start(drill)
        self.active = handle
        text = handle.text
        self.ran_text, self.ran_at = text, time.monotonic()
        self.view.running = True
        self.view.runs += 1
        threading.Thread(
            target=lambda: self.post(RunFinished(run_id, handle.wait(), text)), daemon=True
        ).start()
        timer = threading.Timer(QUIET_RUN_SECONDS, lambda: self.post(Redraw()))
        timer.daemon = True
        timer.start()

    def save_result(self) -> None:
        if self.unsaved is not None:
            name, passed = self.unsaved
            self.unsaved = None
            self.session.progress.record_run(name, passed)

    def run_just_started(self) -> bool:
        return self.active is not None and time.monotonic() - self.ran_at < QUIET_RUN_SECONDS

    def next_drill(self) -> None:
        view = self.view
        if view.verdict is None or not view.verdict.passed:
            view.notes = ["n moves on once this drill passes; l picks any drill."]
            return
        following = self.session.progress.first_pending(after=view.current)
        if following is None:
            view.final = self.session.manifest.final_message
            return
        self.move_to(following.name)

    def move_to(self, name: str) -> None:
        self.session.progress.set_current(name)
        self.view.current = self.session.manifest.find(name)
        self.view.verdict = None
        self.view.hint = None
        self.view.final = ""
        self.check()

    def reset_current(self) -> None:
        drill = self.view.current
        try:
            restore(self.session.workspace, drill, checks_only=False)
        except DrillsError as error:
            self.view.notes = [str(error)]
            return
        self.session.progress.mark_pending(drill.name)
        self.view.done.discard(drill.name)
        self.view.hint = None
        self.view.notes = [f"{drill.name} is back as shipped; your version is in .drills/backups/."]
        self.check()

    def check_all(self) -> None:
        from persistence_drills.engine.batch import run_all

        view = self.view
        drills = list(self.session.manifest.drills)
        view.mode, view.progress = "check_all", (0, len(drills))
        finished = [0]

        def one_done(_: object) -> None:
            finished[0] += 1
            self.post(CheckProgress(finished[0], len(drills)))

        def work() -> None:
            verdicts = run_all(self.session.workspace, drills, 2, one_done)
            self.post(CheckDone({name: v.passed for name, v in verdicts.items()}))

        threading.Thread(target=work, daemon=True).start()

    def on_checked_all(self, results: dict[str, bool]) -> None:
        self.session.progress.replace_done(results)
        view = self.view
        view.mode = "drill"
        view.done = {name for name, passed in results.items() if passed}
        pending = [d.name for d in view.drills if not results.get(d.name)]
        view.summary = f"Checked every drill: {len(view.done)} of {len(view.drills)} done." + (
            f" Pending: {', '.join(pending[:8])}{' …' if len(pending) > 8 else ''}."
            if pending
            else ""
        )
        self.check()

    def draw(self) -> None:
        out = console.out()
        self.view.height = out.size.height
        out.clear()
        out.print(render(self.view, out))
