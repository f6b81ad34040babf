"""Running one drill: check the file, prepare its run folder, start the child, judge the result.

runner = Runner(workspace)
verdict = runner.run(drill)          # blocking
run = runner.start(drill)            # or: start, and cancel() from another thread
verdict = run.wait()                 # None when cancelled
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from persistence_drills.engine import judge
from persistence_drills.engine.job import TOKEN_VARIABLE, Job
from persistence_drills.engine.process import (
    ChildProcess,
    Launcher,
    SubprocessLauncher,
    checks_environment,
)
from persistence_drills.engine.requirements import Provider, Unavailable, default_providers
from persistence_drills.engine.source import check_names, split_drill
from persistence_drills.engine.verdict import Verdict
from persistence_drills.manifest import Drill
from persistence_drills.workspace import Workspace


class Runner:
    def __init__(
        self,
        workspace: Workspace,
        launcher: Launcher | None = None,
        providers: dict[str, Provider] | None = None,
    ) -> None:
        self.workspace = workspace
        self.launcher = launcher or SubprocessLauncher()
        self.providers = (
            providers if providers is not None else default_providers(workspace.runtime_dir)
        )

    def run(self, drill: Drill) -> Verdict:
        verdict = self.start(drill).wait()
        assert verdict is not None  # only a cancelled run has no verdict
        return verdict

    def start(self, drill: Drill) -> DrillRun:
        return DrillRun(self, drill)


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
        self.prepared: list[tuple[Provider, dict[str, str]]] = []
        self.started = time.monotonic()
        self._prepare(runner)

    def cancel(self) -> None:
        self.cancelled.set()
        if self.child is not None:
            self.child.kill()

    def wait(self) -> Verdict | None:
        if self.early is not None or self.child is None:
            return self.early
        try:
            status = self.child.wait(self.drill.timeout)
            timed_out = status is None
        finally:
            # Also reaps whatever the learner's code left running in the group.
            self.child.kill()
        if self.cancelled.is_set():
            self._cleanup()
            return None
        status = self.child.wait(1) if timed_out else status
        report = self._read_report()
        running = _read_text(self.progress) if timed_out else ""
        stuck = _stack_lines(_read_text(self.stack), self.module) if timed_out else ()
        self._cleanup()
        return judge.judge(
            judge.RunFacts(
                drill=self.drill.name,
                path=self.relative,
                source=self.source,
                expected=self.expected,
                report=report,
                returncode=status,
                timed_out=timed_out,
                timeout=self.drill.timeout,
                output=self.child.output().strip(),
                duration=time.monotonic() - self.started,
                running_check=running,
                stuck_lines=stuck,
            )
        )

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
        self.source = split_drill(text)
        shipped = self._shipped_checks()
        if self.source.checks != shipped:
            has_separator = self.source.separator_line is not None
            self.early = judge.tampered(drill.name, relative, has_separator)
            return
        try:
            compile(text, str(self.path), "exec", dont_inherit=True)
        except SyntaxError as error:
            self.early = judge.syntax_error(drill.name, relative, error, self.source)
            return
        except ValueError as error:  # e.g. a NUL byte in the file
            self.early = judge.unreadable(drill.name, relative, str(error), "Remove the odd bytes.")
            return
        self.expected = check_names(shipped or "")
        settings: dict[str, str] = {}
        for requirement in drill.requires:
            provider = runner.providers[requirement]
            try:
                prepared = provider.prepare()
            except Unavailable as missing:
                self.early = judge.skipped(drill.name, relative, missing.reason, missing.fix)
                self._release()
                return
            self.prepared.append((provider, prepared))
            settings.update(prepared)
        self._launch(runner.launcher, text, settings)

    def _shipped_checks(self) -> str | None:
        # The solution carries the same checks byte for byte (`drills dev check` holds them
        # together), so it is the reference that travels with every workspace.
        solution = self.workspace.solution_file(self.drill.dir, self.drill.name)
        try:
            return split_drill(solution.read_text(encoding="utf-8")).checks
        except OSError:
            return self.source.checks  # no reference to compare with: trust the file

    def _launch(self, launcher: Launcher, text: str, settings: dict[str, str]) -> None:
        runs = self.workspace.runs_dir
        run_dir = runs / self.drill.name
        clear_folder(run_dir)
        run_dir.mkdir(parents=True)
        config = runs / "pytest.ini"
        if not config.exists():
            config.write_text("[pytest]\n", encoding="utf-8")
        module = self.module = run_dir / f"{self.drill.name}.py"
        module.write_text(text, encoding="utf-8")
        private = runs / f".{self.drill.name}"
        self.report_path = Path(f"{private}.report.json")
        self.progress = Path(f"{private}.running")
        self.stack = Path(f"{private}.stack")
        for stale in (self.report_path, self.progress, self.stack):
            stale.unlink(missing_ok=True)
        job = Job(
            drill=self.drill.name,
            module=str(module),
            run_dir=str(run_dir),
            report=str(self.report_path),
            progress=str(self.progress),
            config=str(config),
            stack=str(self.stack),
            stack_after=max(self.drill.timeout - 0.25, self.drill.timeout * 0.75),
        )
        self.job_file = Path(f"{private}.job.json")
        self.job_file.write_text(job.to_json(), encoding="utf-8")
        self.token = secrets.token_hex(16)
        env = child_environment(self.token) | settings
        self.child = launcher.launch(self.job_file, run_dir, env)

    # --- results -------------------------------------------------------------------------

    def _read_report(self) -> dict[str, Any] | None:
        try:
            report = json.loads(self.report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(report, dict) or report.get("token") != self.token:
            return None
        return report

    def _release(self) -> None:
        for provider, settings in self.prepared:
            provider.release(settings)
        self.prepared = []

    def _cleanup(self) -> None:
        self._release()
        sweep(self.workspace.runs_dir / self.drill.name)
        for path in (self.report_path, self.progress, self.stack, self.job_file):
            with contextlib.suppress(OSError):
                path.unlink()


def clear_folder(folder: Path) -> None:
    """Move a folder out of the way at once; `sweep` deletes it once the run is over."""
    if not folder.exists():
        return
    trash = folder.with_name(f".trash-{folder.name}-{secrets.token_hex(4)}")
    try:
        os.rename(folder, trash)
    except OSError:
        shutil.rmtree(folder)


def sweep(folder: Path) -> None:
    """Delete, in the background, what `clear_folder` moved away (also after interruptions).

    Not during the run: deleting files competes for the disk with the drill's own writes.
    """

    def delete() -> None:
        for old in folder.parent.glob(f".trash-{folder.name}-*"):
            shutil.rmtree(old, ignore_errors=True)

    threading.Thread(target=delete).start()


def child_environment(token: str) -> dict[str, str]:
    """The environment of one run: cleaned of what changes how checks run, plus its token."""
    return checks_environment() | {TOKEN_VARIABLE: token}


def _stack_lines(dump: str, module: Path) -> tuple[int, ...]:
    """The drill's lines in the main thread's stack dump, outermost first."""
    current = dump.split("Current thread", 1)[-1].split("\n\n", 1)[0]
    marker = f'File "{module}", line '
    lines = [
        int(line.split(marker, 1)[1].split()[0]) for line in current.splitlines() if marker in line
    ]
    return tuple(reversed(lines))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
