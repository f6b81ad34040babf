"""`drills dev check`: hold the catalog together (manifest, drill files, solutions, checks).

Fails with the full list of problems when a manifest entry has no file or a file no entry, a
drill lacks its docstring, `# TODO` or separator, a drill passes as shipped, a solution is
missing or fails, or the checks of a drill and its solution differ by one byte.
"""

from __future__ import annotations

import ast
import shutil
import tempfile
from pathlib import Path

from rich.markup import escape

from persistence_drills.engine.batch import run_all
from persistence_drills.errors import EXIT_FAILED, EXIT_OK
from persistence_drills.manifest import Manifest, load_manifest
from persistence_drills.requirements import default_providers
from persistence_drills.source import split_drill
from persistence_drills.ui import console
from persistence_drills.workspace import Workspace, find_workspace


def dev_check(jobs: int, workspace: Path | None) -> int:
    ws = find_workspace(override=workspace)
    manifest = load_manifest(ws.manifest_path)
    problems = static_problems(ws, manifest)
    problems += run_problems(ws, manifest, jobs)
    out = console.out()
    if problems:
        out.print(f"[bold red]{len(problems)} problem(s) in the catalog:[/]")
        for problem in problems:
            out.print(f"  • {escape(problem)}", soft_wrap=True)
        return EXIT_FAILED
    out.print(f"[green]✓[/] The catalog holds together: {len(manifest.drills)} drills checked.")
    return EXIT_OK


def static_problems(ws: Workspace, manifest: Manifest) -> list[str]:
    problems = []
    listed = set()
    for drill in manifest.drills:
        path = ws.drill_file(drill.dir, drill.name)
        solution = ws.solution_file(drill.dir, drill.name)
        listed.add(path.resolve())
        where = drill.relative_path
        if not path.is_file():
            problems.append(f"{where}: listed in info.toml but the file is missing")
            continue
        text = path.read_text(encoding="utf-8")
        source = split_drill(text)
        if source.separator_line is None:
            problems.append(f"{where}: has no checks separator line")
        if not _has_docstring(source.code):
            problems.append(f"{where}: has no module docstring")
        if "# TODO" not in source.code:
            problems.append(f"{where}: has no '# TODO' for the learner")
        if any(not hint.strip() for hint in drill.hints):
            problems.append(f"{where}: has an empty hint")
        if not solution.is_file():
            problems.append(f"{ws.relative(solution)}: the solution is missing")
        elif split_drill(solution.read_text(encoding="utf-8")).checks != source.checks:
            problems.append(f"{where}: its checks differ from those of {ws.relative(solution)}")
    for phase in manifest.phases():
        if not (ws.drills_dir / phase / "README.md").is_file():
            problems.append(f"drills/{phase}/README.md: the phase's concept notes are missing")
    for path in sorted(ws.drills_dir.rglob("*.py")):
        if path.resolve() not in listed:
            problems.append(f"{ws.relative(path)}: a drill file with no entry in info.toml")
    return problems


def run_problems(ws: Workspace, manifest: Manifest, jobs: int) -> list[str]:
    """Every drill must fail as shipped and every solution must pass."""
    runnable = [
        d
        for d in manifest.drills
        if ws.drill_file(d.dir, d.name).is_file() and ws.solution_file(d.dir, d.name).is_file()
    ]
    problems = []
    # One server for both halves: the throwaway workspace of the solutions gets none of its own.
    providers = default_providers(ws.runtime_dir)
    shipped = run_all(ws, runnable, jobs, providers=providers)
    with tempfile.TemporaryDirectory(prefix="drills-solutions-") as folder:
        solved = _solutions_workspace(ws, Path(folder))
        solutions = run_all(solved, runnable, jobs, providers=providers)
    for drill in runnable:
        if shipped[drill.name].passed:
            problems.append(f"{drill.relative_path}: passes as shipped; it must fail until solved")
        verdict = solutions[drill.name]
        if not verdict.passed:
            detail = verdict.failing()[0].message if verdict.failing() else verdict.summary
            first_line = (detail.splitlines() or [""])[0]
            problems.append(
                f"solutions/{drill.dir}/{drill.name}.py: the solution does not pass "
                f"({verdict.outcome.value}: {first_line})"
            )
    return problems


def _solutions_workspace(ws: Workspace, folder: Path) -> Workspace:
    """A throwaway workspace whose drills are the solutions."""
    shutil.copy2(ws.manifest_path, folder / "info.toml")
    shutil.copytree(ws.solutions_dir, folder / "drills")
    shutil.copytree(ws.solutions_dir, folder / "solutions")
    return Workspace(folder)


def _has_docstring(code: str) -> bool:
    try:
        return ast.get_docstring(ast.parse(code)) is not None
    except SyntaxError:
        return False
