"""Running one drill: check the file, prepare its run folder, start the child, judge the result.

runner = Runner(workspace)
verdict = runner.run(drill)          # blocking
run = runner.start(drill)            # or: start, and cancel() from another thread
verdict = run.wait()                 # None when cancelled

Two runs of one drill at the same time (watch mode and a `drills run` in another terminal)
each get a slot of their own (slots.py): their folders and files never meet.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from persistence_drills.catalog import reference_checks
from persistence_drills.engine import judge
from persistence_drills.engine.job import TOKEN_VARIABLE, Job
from persistence_drills.engine.launcher import ChildProcess, Launcher, checks_environment
from persistence_drills.engine.slots import Slot
from persistence_drills.engine.verdict import Verdict
from persistence_drills.manifest import Drill
from persistence_drills.requirements import Provider, Unavailable, default_providers
from persistence_drills.source import DrillSource, check_names, split_drill
from persistence_drills.workspace import Workspace

STACK_WAIT = 0.5  # seconds a timed-out child gets to write its stack before it is killed


class Runner:
    def __init__(
        self,
        workspace: Workspace,
        launcher: Launcher | None = None,
        providers: dict[str, Provider] | None = None,
    ) -> None:
        self.workspace = workspace
        if launcher is None:
            from persistence_drills.engine.warm import ServiceLauncher
            from persistence_drills.idle import linger_seconds

            launcher = ServiceLauncher(
                workspace.runtime_dir, linger=linger_seconds(), zygote=True, start_after=True
            )
        self.launcher = launcher
        self.providers = (
            providers if providers is not None else default_providers(workspace.runtime_dir)
        )

    def run(self, drill: Drill) -> Verdict:
        verdict = self.start(drill).wait()
        assert verdict is not None  # only a cancelled run has no verdict
        return verdict

    def start(self, drill: Drill) -> DrillRun:
        return DrillRun(self, drill)

    def close(self) -> None:
        """No more runs from here (for a warm service started after a one-shot run)."""
        self.launcher.close()


class DrillRun:
    """One run of one drill. The child starts in the constructor unless the file is unusable."""

    def __init__(self, runner: Runner, drill: Drill) -> None:
        self.drill = drill
        self.workspace = runner.workspace
        self.path = self.workspace.drill_file(drill.dir, drill.name)
        self.relative = self.workspace.relative(self.path)
        self.cancelled = threading.Event()
        self.child: ChildProcess | None = None
        self.early: Verdict | None = None
        self.text = ""  # the drill file's content that this run checks
        self.source = split_drill("")
        self.expected: tuple[str, ...] = ()
        self.slot: Slot | None = None
        self.prepared: list[tuple[Provider, dict[str, str]]] = []
        self.started = time.monotonic()
        try:
            self._prepare(runner)
        except BaseException:  # Ctrl-C while starting: the child must not outlive us
            self.cancel()
            self._cleanup()
            raise

    def cancel(self) -> None:
        """Stop the run now (from any thread); its wait() returns None at once."""
        self.cancelled.set()
        if self.child is not None:
            self.child.kill()

    def wait(self) -> Verdict | None:
        if self.early is not None or self.child is None:
            self._cleanup()
            return None if self.cancelled.is_set() else self.early
        assert self.slot is not None
        try:
            status = self.child.wait(self.drill.timeout)
            timed_out = status is None and not self.cancelled.is_set()
            if timed_out:
                self._collect_stack()
        finally:
            # Also ends whatever the learner's code left running in the group.
            self.child.kill()
        if self.cancelled.is_set():
            self._cleanup()
            return None
        if status is None:
            status = self.child.wait(1)
        output = self.child.output().strip()
        report = self._read_report()
        verdict = judge.judge(
            judge.RunFacts(
                drill=self.drill.name,
                path=self.relative,
                source=self.source,
                expected=self.expected,
                report=report,
                returncode=status,
                timed_out=timed_out,
                timeout=self.drill.timeout,
                output=_shown(output),
                duration=time.monotonic() - self.started,
                running_check=_read_text(self.slot.progress) if timed_out else "",
                stuck_lines=_stack_lines(self.slot.stack) if timed_out else (),
                run_folder=self.workspace.relative(self.slot.folder),
                folder_exists=self.slot.folder.is_dir(),
            )
        )
        written = self._write_output(output, report)
        with contextlib.suppress(OSError):
            self.slot.failed.write_text(
                "".join(f"{check.name}\n" for check in verdict.failing()), encoding="utf-8"
            )
        verdict = dataclasses.replace(
            verdict,
            run_folder=self.workspace.relative(self.slot.folder),
            output_file=self.workspace.relative(written) if written else "",
        )
        self._cleanup()
        return verdict

    def _write_output(self, output: str, report: dict[str, Any] | None) -> Path | None:
        """Everything the run printed, whole, for `drills run --output` and the o key."""
        assert self.slot is not None
        parts = [
            f"--- {check['name']} ---\n{check['output'].rstrip()}\n"
            for check in (report or {}).get("checks", [])
            if check.get("output", "").strip()
        ]
        if output:
            parts.append(f"--- outside the checks ---\n{output}\n")
        path = self.slot.output
        try:
            path.write_text("\n".join(parts), encoding="utf-8")
        except OSError:
            return None
        return path

    # --- preparation ---------------------------------------------------------------------

    def _prepare(self, runner: Runner) -> None:
        drill, relative = self.drill, self.relative
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.early = judge.unreadable(
                drill.name,
                relative,
                "the file is missing",
                f"Restore it with `drills reset {drill.name}`.",
            )
            return
        except (OSError, UnicodeDecodeError) as error:
            self.early = judge.unreadable(
                drill.name, relative, str(error), "Save the file again as UTF-8 text."
            )
            return
        self.text = text
        self.source = source = split_drill(text)
        reference = reference_checks(self.workspace, drill)
        shipped = source.checks if reference is None else reference
        if source.checks != shipped:
            self.early = judge.tampered(drill.name, relative, source, shipped)
            return
        try:
            compile(text, str(self.path), "exec", dont_inherit=True)
        except SyntaxError as error:
            self.early = judge.syntax_error(drill.name, relative, error, source)
            return
        except ValueError as error:  # e.g. a NUL byte in the file
            self.early = judge.unreadable(drill.name, relative, str(error), "Remove the odd bytes.")
            return
        self.expected = check_names(shipped or "")
        settings: dict[str, str] = {}
        for requirement in drill.requires:
            provider = runner.providers[requirement]
            try:
                prepared = provider.prepare(drill.name, wait=False)
            except Unavailable as missing:
                self.early = judge.skipped(drill.name, relative, missing.reason, missing.fix)
                return
            self.prepared.append((provider, prepared))
            settings.update(prepared)
        try:
            self.slot = Slot.take(self.workspace.runs_dir, drill.name)
            self._launch(runner.launcher, source, settings)
        except OSError as error:  # a read-only or full disk, a folder removed under us
            self.early = judge.cannot_prepare(drill.name, relative, self.workspace.runs_dir, error)
            return
        for provider, _ in self.prepared:  # what they started while the child starts too
            try:
                provider.ready()
            except Unavailable as missing:
                assert self.child is not None
                self.child.kill()
                self.child.wait(1)
                self.early = judge.skipped(drill.name, relative, missing.reason, missing.fix)
                return

    def _launch(self, launcher: Launcher, source: DrillSource, settings: dict[str, str]) -> None:
        assert self.slot is not None
        slot = self.slot
        module = self.module = slot.folder / f"{self.drill.name}.py"
        module.write_text(source.text, encoding="utf-8")
        job = Job(
            drill=self.drill.name,
            module=str(module),
            run_dir=str(slot.folder),
            report=str(slot.report),
            progress=str(slot.progress),
            config=str(slot.config),
            stack=str(slot.stack),
            timeout=self.drill.timeout,
        )
        slot.job.write_text(job.to_json(), encoding="utf-8")
        self.token = secrets.token_hex(16)
        env = checks_environment() | {TOKEN_VARIABLE: self.token} | settings
        with _signals_deferred():  # between the child's start and our handle on it
            self.child = launcher.launch(slot.job, slot.folder, env)

    # --- results -------------------------------------------------------------------------

    def _collect_stack(self) -> None:
        """Ask the child where it is stuck, and give it a moment to say so."""
        assert self.child is not None and self.slot is not None
        self.child.dump_stack()
        deadline = time.monotonic() + STACK_WAIT
        while not self.slot.stack.exists() and time.monotonic() < deadline:
            if self.child.wait(0.01) is not None:
                break

    def _read_report(self) -> dict[str, Any] | None:
        assert self.slot is not None
        try:
            report = json.loads(self.slot.report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(report, dict) or report.get("token") != self.token:
            return None
        return report

    def _cleanup(self) -> None:
        for provider, settings in self.prepared:
            provider.release(settings)
        self.prepared = []
        if self.slot is not None:
            self.slot.release()
            self.slot = None


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP for a moment: they arrive once the block is over."""
    if threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield  # other threads never receive them; Windows has no signal masks
        return
    deferred = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, deferred)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _shown(output: str, limit: int = 16_000) -> str:
    """What a verdict carries of the output: the start and the end, if it is long."""
    if len(output) <= limit:
        return output
    cut = output.count("\n", limit // 2, len(output) - limit // 2)
    return (
        output[: limit // 2]
        + f"\n[... {cut} lines not shown here: the whole output is in the run's output file ...]\n"
        + output[-limit // 2 :]
    )


def _stack_lines(path: Path) -> tuple[int, ...]:
    """The drill's lines on the main thread's stack at the timeout, outermost first."""
    try:
        lines = json.loads(path.read_text(encoding="utf-8"))
        return tuple(int(line) for line in lines)
    except (OSError, ValueError, TypeError):
        return ()


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
