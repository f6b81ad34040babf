"""Running many drills at once (`drills verify`, `c` in watch mode, `drills dev check`).

batch = Batch(runner, drills, jobs=2, on_done=callback)
verdicts = batch.run()        # blocking; from another thread (or a signal handler's
batch.cancel()                # unwinding), cancel() stops every run at once

Each run is its own child process; `jobs` threads wait on them. On cancel, no new run starts
and the running ones are killed, so quitting never waits for the rest of the catalog.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable

from persistence_drills.engine.runner import DrillRun, Runner
from persistence_drills.engine.verdict import Verdict
from persistence_drills.engine.warm import ServiceLauncher
from persistence_drills.idle import linger_seconds
from persistence_drills.manifest import Drill
from persistence_drills.requirements import Provider
from persistence_drills.workspace import Workspace


class Batch:
    def __init__(
        self,
        runner: Runner,
        drills: Iterable[Drill],
        jobs: int,
        on_done: Callable[[Verdict], None] = lambda verdict: None,
    ) -> None:
        self.runner = runner
        self.todo: queue.SimpleQueue[Drill] = queue.SimpleQueue()
        for drill in drills:
            self.todo.put(drill)
        self.jobs = max(1, jobs)
        self.on_done = on_done
        self.cancelled = threading.Event()
        self.done: queue.SimpleQueue[Verdict] = queue.SimpleQueue()
        # The runs in progress, so that cancel() can reach them; only add/discard under it.
        self.active: set[DrillRun] = set()
        self.lock = threading.Lock()

    def run(self) -> dict[str, Verdict]:
        """Every drill's verdict (those finished, if cancelled), keyed by name."""
        workers = [threading.Thread(target=self._work, daemon=True) for _ in range(self.jobs)]
        for worker in workers:
            worker.start()
        try:
            for worker in workers:
                while worker.is_alive():
                    worker.join(0.1)  # wakes for Ctrl-C, which a plain join() would not
        except BaseException:
            self.cancel()
            raise
        verdicts: dict[str, Verdict] = {}
        while not self.done.empty():
            verdict = self.done.get()
            verdicts[verdict.drill] = verdict
        return verdicts

    def cancel(self) -> None:
        self.cancelled.set()
        with self.lock:
            running = list(self.active)
        for run in running:
            run.cancel()

    def _work(self) -> None:
        while not self.cancelled.is_set():
            try:
                drill = self.todo.get_nowait()
            except queue.Empty:
                return
            run = self.runner.start(drill)
            with self.lock:
                self.active.add(run)
            if self.cancelled.is_set():
                run.cancel()
            try:
                verdict = run.wait()
            finally:
                with self.lock:
                    self.active.discard(run)
            if verdict is not None:
                self.done.put(verdict)
                self.on_done(verdict)


def run_all(
    workspace: Workspace,
    drills: list[Drill],
    jobs: int,
    on_done: Callable[[Verdict], None] = lambda verdict: None,
    providers: dict[str, Provider] | None = None,
) -> dict[str, Verdict]:
    """Run drills `jobs` at a time through the warm service; results keyed by name."""
    runner = Runner(workspace, launcher=batch_launcher(workspace), providers=providers)
    return Batch(runner, drills, jobs, on_done).run()


def batch_launcher(workspace: Workspace) -> ServiceLauncher:
    """Many runs: worth waiting for the warm service to come up (~0.5 s) rather than paying a
    plain start (~0.3 s) for each; it then stays up for the usual idle period."""
    return ServiceLauncher(workspace.runtime_dir, linger=linger_seconds(), wait=True)
