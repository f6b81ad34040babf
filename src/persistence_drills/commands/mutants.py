"""`drills dev mutants [NAME ...]`: mutation testing of the checks, for authors.

Each drill's reference solution is changed one small thing at a time (mutation.py), and each
mutant runs through the real engine with the drill's checks, a few at a time on the warm
service. A mutant that passes survived: a gap in the checks, or a change no check could see
(an equivalent mutant). Equivalent ones are listed, one `LINE:COLUMN change` per line (as this
command prints them), in tests/catalog_cases/<phase>/<name>/equivalent_mutants.txt, with a
comment saying why; they are counted, not listed again. Exit 1 when a survivor is unexplained.
"""

from __future__ import annotations

import dataclasses
import queue
import shutil
import tempfile
import threading
from pathlib import Path

from rich.markup import escape

from persistence_drills.engine.batch import batch_launcher
from persistence_drills.engine.runner import Runner
from persistence_drills.engine.verdict import Verdict
from persistence_drills.errors import EXIT_FAILED, EXIT_OK, UsageError
from persistence_drills.manifest import Drill, load_manifest
from persistence_drills.mutation import Mutant, mutants
from persistence_drills.requirements import default_providers
from persistence_drills.source import split_drill
from persistence_drills.touched import touched_drills
from persistence_drills.ui import console
from persistence_drills.workspace import Workspace, find_workspace

EQUIVALENTS = "equivalent_mutants.txt"
# A mutant may loop forever; it gets this many times the solution's own time (at least
# MIN_TIMEOUT seconds, at most the drill's timeout).
TIMEOUT_FACTOR = 5
MIN_TIMEOUT = 3.0


@dataclasses.dataclass
class Result:
    drill: Drill
    total: int
    survivors: list[Mutant]
    equivalent: int
    problem: str = ""  # the solution itself does not pass, so nothing could be learned

    @property
    def unexplained(self) -> bool:
        return bool(self.survivors) or bool(self.problem)


def dev_mutants(names: list[str], jobs: int, since: str | None, workspace: Path | None) -> int:
    ws = find_workspace(override=workspace)
    manifest = load_manifest(ws.manifest_path)
    drills = [manifest.find(name) for name in names] if names else list(manifest.drills)
    out = console.out()
    if since is not None:
        touched = {drill.name for drill in touched_drills(ws, manifest, since)}
        drills = [drill for drill in drills if drill.name in touched]
        if not drills:
            out.print(f"No drill changed since {escape(since)}: no mutants to run.")
            return EXIT_OK
    drills = [d for d in drills if ws.solution_file(d.dir, d.name).is_file()]
    if not drills:
        raise UsageError("Could not test the checks: no drill with a solution was named.")
    results = []
    with tempfile.TemporaryDirectory(prefix="drills-mutants-") as scratch:
        tester = MutantTester(ws, Path(scratch), jobs)
        for drill in drills:
            result = tester.test(drill)
            results.append(result)
            _show(result)
    unexplained = [r for r in results if r.unexplained]
    killed = sum(r.total - len(r.survivors) - r.equivalent for r in results)
    total = sum(r.total for r in results)
    out.print(
        f"\n{killed} of {total} mutants killed in {len(results)} drill(s); "
        f"{sum(r.equivalent for r in results)} marked equivalent; "
        f"{sum(len(r.survivors) for r in results)} unexplained survivor(s)."
    )
    return EXIT_FAILED if unexplained else EXIT_OK


class MutantTester:
    """Runs the mutants of one drill at a time, `jobs` at once, each job in a workspace of its
    own (a drill's file has one path per workspace)."""

    def __init__(self, workspace: Workspace, scratch: Path, jobs: int) -> None:
        self.workspace = workspace
        self.providers = default_providers(workspace.runtime_dir)
        self.launcher = batch_launcher(workspace)
        self.copies = [self._copy(scratch / f"job{number}") for number in range(max(1, jobs))]

    def _copy(self, folder: Path) -> Workspace:
        folder.mkdir(parents=True)
        shutil.copy2(self.workspace.manifest_path, folder / "info.toml")
        shutil.copytree(self.workspace.solutions_dir, folder / "solutions")
        shutil.copytree(self.workspace.solutions_dir, folder / "drills")
        return Workspace(folder)

    def test(self, drill: Drill) -> Result:
        solution = self.workspace.solution_file(drill.dir, drill.name).read_text(encoding="utf-8")
        shipped_path = self.workspace.drill_file(drill.dir, drill.name)
        shipped = shipped_path.read_text(encoding="utf-8") if shipped_path.is_file() else ""
        checks = split_drill(solution).checks or ""
        found = mutants(solution, shipped)
        marked = _equivalents(self.workspace, drill)
        baseline = self._run(self.copies[0], drill, solution)
        if not baseline.passed:
            why = f"the solution does not pass: {baseline.summary}"
            return Result(drill, len(found), [], 0, why)
        limit = min(drill.timeout, max(MIN_TIMEOUT, TIMEOUT_FACTOR * baseline.duration))
        quick = dataclasses.replace(drill, timeout=limit)
        todo: queue.SimpleQueue[Mutant] = queue.SimpleQueue()
        for mutant in found:
            if mutant.key not in marked:
                todo.put(mutant)
        survived: queue.SimpleQueue[Mutant] = queue.SimpleQueue()

        def work(copy: Workspace) -> None:
            while True:
                try:
                    mutant = todo.get_nowait()
                except queue.Empty:
                    return
                verdict = self._run(copy, quick, mutant.code.rstrip("\n") + "\n\n\n" + checks)
                if verdict.passed:
                    survived.put(mutant)

        threads = [threading.Thread(target=work, args=(copy,)) for copy in self.copies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        survivors = sorted(_drain(survived), key=lambda m: (m.line, m.column, m.change))
        equivalent = sum(mutant.key in marked for mutant in found)
        return Result(drill, len(found), survivors, equivalent)

    def _run(self, copy: Workspace, drill: Drill, text: str) -> Verdict:
        copy.drill_file(drill.dir, drill.name).write_text(text, encoding="utf-8")
        return Runner(copy, launcher=self.launcher, providers=self.providers).run(drill)


def _drain(items: queue.SimpleQueue[Mutant]) -> list[Mutant]:
    found = []
    while not items.empty():
        found.append(items.get())
    return found


def _equivalents(workspace: Workspace, drill: Drill) -> set[str]:
    path = workspace.root / "tests" / "catalog_cases" / drill.dir / drill.name / EQUIVALENTS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {line.split("#", 1)[0].strip() for line in lines} - {""}


def _show(result: Result) -> None:
    out = console.out()
    name = result.drill.name
    if result.problem:
        out.print(f"[red]✗[/] {name}: {escape(result.problem)}")
        return
    killed = result.total - len(result.survivors) - result.equivalent
    counted = result.total - result.equivalent
    score = f"{killed}/{counted} killed" + (
        f", {result.equivalent} marked equivalent" if result.equivalent else ""
    )
    if not result.survivors:
        out.print(f"[green]✓[/] {name}: {score}")
        return
    out.print(f"[yellow]![/] {name}: {score}; survivors:")
    for mutant in result.survivors:
        out.print(f"    {escape(mutant.key)}", soft_wrap=True)
