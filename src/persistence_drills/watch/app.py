"""Watch mode: check the current drill on every save, react to single keys.

Threads (file watcher, key reader, runs, timers) only post events to one queue; `handle` takes
them one at a time, so all state lives in this loop and nothing else mutates it.
"""

from __future__ import annotations

import os
import queue
import shlex
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from persistence_drills.engine.batch import Batch, batch_launcher
from persistence_drills.engine.runner import DrillRun, Runner
from persistence_drills.engine.verdict import Verdict
from persistence_drills.engine.warm import ServiceLauncher
from persistence_drills.errors import EXIT_OK, DrillsError
from persistence_drills.manifest import Drill
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
    Settle,
    Tick,
    WatcherNote,
)
from persistence_drills.watch.files import FileWatcher
from persistence_drills.watch.screen import View, render, render_last
from persistence_drills.watch.terminal import Terminal

# Editors may report one save as two batches of events; the same content arriving again this
# soon after its run started is the same save, not a new one.
SAME_SAVE_SECONDS = 0.5
# Drawing competes with the run for the CPU; a run that ends sooner than this never shows
# "checking…", only its verdict.
QUIET_RUN_SECONDS = 0.2
# A verdict counts only for a file that has stopped changing: an editor that truncates, then
# writes, must not have its half-written file judged (and recorded).
SETTLED_SECONDS = 0.05
TICK_SECONDS = 1.0  # how often another terminal's `drills goto` is looked for


class WatchApp:
    def __init__(
        self, session: Session, poll: bool, manual: bool, edit_command: str | None = None
    ) -> None:
        self.session = session
        self.poll = poll
        self.manual = manual
        self.edit_command = edit_command
        self.terminal: Terminal | None = None
        # SimpleQueue: put() is called from signal handlers too (SIGWINCH), Queue.put may not.
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        runtime = session.workspace.runtime_dir
        self.launcher = ServiceLauncher(runtime, linger=0, zygote=True, wait=True)
        self.runner = Runner(session.workspace, launcher=self.launcher)
        self.active: DrillRun | None = None
        self.cancelling = 0  # cancelled runs whose end has not been reported yet
        self.batch: Batch | None = None
        self.run_id = 0
        self.ran_text: str | None = None  # content of the latest run's file
        self.ran_at = 0.0
        self.unsaved: tuple[str, bool] | None = None  # a verdict not yet in the state file
        self.moved_by_tick = False  # the last tick found that `drills goto` moved the drill
        progress = session.progress
        self.view = View(
            workspace=session.workspace,
            drills=session.manifest.drills,
            done={d.name for d in session.manifest.drills if progress.is_done(d.name)},
            current=progress.current,
            tried={d.name for d in session.manifest.drills if progress.drill(d.name).attempts},
            hints_seen=progress.drill(progress.current.name).hints_seen,
            watching="manual" if manual else ("poll" if poll else "native"),
        )
        if not progress.welcome_shown:
            self.view.welcome = session.manifest.welcome_message
            self.persist(progress.mark_welcome_shown)

    def post(self, event: Event) -> None:
        self.events.put(event)

    def run(self) -> int:
        watcher = None
        if not self.manual:
            watcher = FileWatcher(self.session.workspace.drills_dir, self.post, self.poll)
            watcher.start()
        else:
            self.view.notes = ["Manual mode: files are not watched; press r to check."]
        ticker = _Ticker(self.post)
        try:
            self.terminal = Terminal(self.post)
            with self.terminal.session():
                self.launcher.hold()
                self.check()
                self.draw()
                changed = False
                while True:
                    event = self.events.get()
                    if not self.handle(event):
                        break
                    # A tick that found nothing new changes nothing on screen: redrawing it
                    # every second would only flood the terminal.
                    changed = changed or not isinstance(event, Tick) or self.moved_by_tick
                    # Draw once per burst of events, and not while a run has just started.
                    if changed and self.events.empty() and not self.run_just_started():
                        self.draw()
                        changed = False
                    self.save_result()
        finally:
            ticker.stop.set()
            self.save_result()
            if self.batch is not None:
                self.batch.cancel()
            if self.active is not None:
                self.active.cancel()
            if watcher is not None:
                watcher.stop()
            self.launcher.close()
            for provider in self.runner.providers.values():
                provider.close(linger=0)  # a watch session's server stops with it
        # Back on the learner's own screen: the last verdict, once, to scroll back to.
        console.out().print(render_last(self.view, console.out()))
        return EXIT_OK

    # --- the loop ------------------------------------------------------------------------

    def handle(self, event: Event) -> bool:
        """Apply one event; False means quit."""
        match event:
            case FileChanged(path):
                self.on_file(path)
            case RunFinished(run, verdict, text):
                self.on_finished(run, verdict, text)
            case Settle(run, verdict, text):
                self.on_finished(run, verdict, text)
            case KeyPressed(key):
                return self.on_key(key)
            case WatcherNote(message):
                self.view.notes = [message]
            case CheckProgress(finished, total):
                self.view.progress = (finished, total)
            case CheckDone(results):
                self.on_checked_all(results)
            case Tick():
                self.on_tick()
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
        self.view.notes = []  # they were about the file as it was
        self.view.welcome = ""  # read and acted on: the verdict needs the room at 80x24
        self.check()

    def on_finished(self, run: int, verdict: Verdict | None, text: str) -> None:
        if verdict is None:  # a cancelled run has ended
            self.cancelling = max(0, self.cancelling - 1)
            self.view.stopping = self.cancelling > 0
            return
        if run != self.run_id:
            return  # superseded
        drill = self.view.current
        path = self.session.workspace.drill_file(drill.dir, drill.name)
        try:
            newest = path.read_text(encoding="utf-8")
            changed_ago = time.time() - path.stat().st_mtime
        except (OSError, UnicodeDecodeError):
            newest, changed_ago = "", 0.0
        if newest != text:
            self.check()  # saved again meanwhile: never show a verdict of older content
            return
        if changed_ago < SETTLED_SECONDS:  # still being written, maybe: look again shortly
            self.later(SETTLED_SECONDS, Settle(run, verdict, text))
            return
        self.active = None
        # Saved right after the screen shows the verdict: the fsync of the state file need
        # not delay what the learner is waiting for.
        self.unsaved = (drill.name, verdict.passed)
        self.view.verdict = verdict
        self.view.running = False
        self.view.scroll = 0
        self.view.checked_at = time.strftime("%H:%M:%S")
        self.view.tried.add(drill.name)
        if verdict.passed:
            self.view.done.add(drill.name)
        else:
            self.view.done.discard(drill.name)

    def on_tick(self) -> None:
        """Another terminal may have moved the current drill (`drills goto`)."""
        self.moved_by_tick = False
        if self.view.mode != "drill":
            return
        progress = self.session.progress
        if progress.refresh() and progress.current.name != self.view.current.name:
            self.move_to(progress.current.name, save=False)
            self.view.notes = [f"Moved to {progress.current.name} (from another terminal)."]
            self.moved_by_tick = True

    def on_key(self, key: str) -> bool:
        view = self.view
        if view.mode == "list":
            self.on_list_key(key)
            return True
        if self.on_scroll_key(key):
            return True
        if view.mode == "page":
            if key in ("escape", "q", "o", "d", "enter"):
                view.mode, view.page, view.scroll = "drill", None, 0
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
                self.next_hint()
            case "l":
                view.mode = "list"
                view.selected = self.session.manifest.index(view.current.name)
            case "r":
                self.check()
            case "c":
                self.check_all()
            case "x":
                view.mode = "confirm_reset"
            case "k":
                self.restore_checks()
            case "o":
                self.show_output()
            case "d":
                self.show_leftovers()
            case "e":
                self.edit()
        return True

    def on_scroll_key(self, key: str) -> bool:
        """Scroll a body taller than the screen; True if the key was for that."""
        view = self.view
        page = max(1, view.height - 8)
        moves = {"up": -1, "down": 1, "pageup": -page, "pagedown": page, " ": page}
        moves |= {"home": -view.max_scroll, "end": view.max_scroll}
        if key not in moves or view.mode not in ("drill", "page"):
            return False
        view.scroll = min(view.max_scroll, max(0, view.scroll + moves[key]))
        return True

    def on_list_key(self, key: str) -> None:
        view = self.view
        last = len(view.drills) - 1
        page = max(1, view.height - 8)
        moves = {
            "up": -1,
            "k": -1,
            "down": 1,
            "j": 1,
            "pageup": -page,
            "pagedown": page,
            "home": -len(view.drills),
            "g": -len(view.drills),
            "end": len(view.drills),
            "G": len(view.drills),
        }
        if key in moves:
            view.selected = min(last, max(0, view.selected + moves[key]))
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
            self.cancelling += 1
            self.view.stopping = True
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
        self.later(QUIET_RUN_SECONDS, Redraw())

    def later(self, seconds: float, event: Event) -> None:
        timer = threading.Timer(seconds, self.post, args=(event,))
        timer.daemon = True
        timer.start()

    def persist(self, change: Callable[[], object]) -> None:
        """Save progress; a disk that refuses says so on the screen instead of ending it."""
        try:
            change()
        except DrillsError as error:
            self.view.notes = [str(error)]

    def save_result(self) -> None:
        if self.unsaved is not None:
            name, passed = self.unsaved
            self.unsaved = None
            self.persist(lambda: self.session.progress.record_run(name, passed))

    def run_just_started(self) -> bool:
        return self.active is not None and time.monotonic() - self.ran_at < QUIET_RUN_SECONDS

    def next_hint(self) -> None:
        """The next hint; one counter per drill, shared with `drills hint`."""
        drill = self.view.current
        progress = self.session.progress
        progress.refresh()
        try:
            index = progress.take_hint(drill.name)
        except DrillsError as error:
            self.view.notes = [str(error)]
            index = min(progress.drill(drill.name).hints_seen, len(drill.hints) - 1)
        self.view.hint = (index, drill.hints[index])
        self.view.hints_seen = max(self.view.hints_seen, index + 1)

    def next_drill(self) -> None:
        view = self.view
        if view.verdict is None or not view.verdict.passed:
            view.notes = ["n moves on once this drill passes; l picks any drill."]
            return
        self.session.progress.refresh()
        following = self.session.progress.first_pending(after=view.current)
        if following is None:
            view.final = self.session.manifest.final_message
            return
        self.move_to(following.name)

    def move_to(self, name: str, save: bool = True) -> None:
        if save:
            self.persist(lambda: self.session.progress.set_current(name))
        previous = self.view.current
        drill = self.view.current = self.session.manifest.find(name)
        self.view.verdict = None
        self.view.hint = None
        self.view.hints_seen = self.session.progress.drill(name).hints_seen
        self.view.final = ""
        self.view.scroll = 0
        if drill.dir != previous.dir:
            self.view.notes = [phase_note(self.session, drill)]
        self.check()

    def reset_current(self) -> None:
        drill = self.view.current
        try:
            restore(self.session.workspace, drill, checks_only=False)
        except DrillsError as error:
            self.view.notes = [str(error)]
            return
        self.persist(lambda: self.session.progress.mark_pending(drill.name))
        self.view.done.discard(drill.name)
        self.view.hint = None
        self.view.notes = [f"{drill.name} is back as shipped; your version is in .drills/backups/."]
        self.check()

    def restore_checks(self) -> None:
        """k: the checks back as shipped, the learner's code kept (after a 'has edited checks')."""
        drill = self.view.current
        try:
            backup = restore(self.session.workspace, drill, checks_only=True)
        except DrillsError as error:
            self.view.notes = [str(error)]
            return
        note = "The checks are back as shipped, your code is kept"
        if backup is not None:
            note += f" (your file as it was: {self.session.workspace.relative(backup)})"
        self.view.notes = [note + "."]
        self.check()

    def show_output(self) -> None:
        """o: the whole output of the last run, in the learner's pager."""
        verdict = self.view.verdict
        path = self.session.workspace.root / verdict.output_file if verdict else None
        if verdict is None or path is None or not verdict.output_file or not path.exists():
            self.view.notes = ["No output yet: the last run printed nothing, or none has run."]
            return
        pager = pager_command()
        if pager is not None and self.terminal is not None:
            self.terminal.run_outside([*pager, str(path)])
            return
        from rich.text import Text

        text = path.read_text(encoding="utf-8", errors="replace") or "(nothing)"
        self.view.mode, self.view.scroll = "page", 0
        self.view.page = (f"Output of the last run of {verdict.drill}", Text(text))

    def show_leftovers(self) -> None:
        """d: what the last run wrote: its databases and files."""
        from persistence_drills.leftovers import look
        from persistence_drills.ui.db_view import render_leftovers

        drill = self.view.current
        found = look(self.session.workspace, drill)
        self.view.mode, self.view.scroll = "page", 0
        self.view.page = (f"What the last run of {drill.name} wrote", render_leftovers(found))

    def edit(self) -> None:
        """e: the current drill in the learner's editor; watch mode carries on afterwards."""
        drill = self.view.current
        path = self.session.workspace.drill_file(drill.dir, drill.name)
        command = editor_command(self.edit_command)
        if command is None:
            self.view.notes = [
                "No editor is set: export VISUAL or EDITOR (vim, nano, 'code -w'), or start "
                "watch mode with --edit-cmd 'your editor'."
            ]
            return
        if self.terminal is not None:
            status = self.terminal.run_outside([*command, str(path)])
            if status == 127:
                self.view.notes = [f"Could not start the editor {command[0]!r}."]

    def check_all(self) -> None:
        view = self.view
        drills = list(self.session.manifest.drills)
        view.mode, view.progress = "check_all", (0, len(drills))
        if self.active is not None:
            self.active.cancel()
            self.cancelling += 1
            self.active = None
        finished = [0]

        def one_done(_: object) -> None:
            finished[0] += 1
            self.post(CheckProgress(finished[0], len(drills)))

        workspace = self.session.workspace
        runner = Runner(workspace, launcher=batch_launcher(workspace))
        batch = self.batch = Batch(runner, drills, 2, one_done)

        def work() -> None:
            verdicts = batch.run()
            if not batch.cancelled.is_set():
                self.post(CheckDone({name: v.passed for name, v in verdicts.items()}))

        threading.Thread(target=work, daemon=True).start()

    def on_checked_all(self, results: dict[str, bool]) -> None:
        self.batch = None
        self.persist(lambda: self.session.progress.replace_done(results))
        view = self.view
        view.mode = "drill"
        view.done = {name for name, passed in results.items() if passed}
        pending = [d.name for d in view.drills if not results.get(d.name)]
        view.summary = f"Checked every drill: {len(view.done)} of {len(view.drills)} done." + (
            f" Pending: {', '.join(pending)}." if pending else ""
        )
        self.check()

    def draw(self) -> None:
        out = console.out()
        self.view.height = out.size.height
        out.clear()
        out.print(render(self.view, out), end="")


def phase_note(session: Session, drill: Drill) -> str:
    notes = session.workspace.drills_dir / drill.dir / "README.md"
    where = session.workspace.relative(notes)
    return f"A new phase: {drill.dir}. Its concept notes are in {where}."


def editor_command(chosen: str | None) -> list[str] | None:
    for value in (chosen, os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if value and value.strip():
            return shlex.split(value)
    return None


def pager_command() -> list[str] | None:
    value = os.environ.get("PAGER")
    if value and value.strip():
        return shlex.split(value)
    less = shutil.which("less")
    return [less, "-R"] if less else None


class _Ticker(threading.Thread):
    """Posts a Tick every TICK_SECONDS until stopped."""

    def __init__(self, post: Callable[[Event], None]) -> None:
        super().__init__(daemon=True)
        self.post = post
        self.stop = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stop.wait(TICK_SECONDS):
            self.post(Tick())
