"""Speed, measured: medians side by side with a baseline, all in one run.

    .venv/bin/python tests/benchmarks/bench.py [--runs 21] [--no-peer] [--only SECTION ...]

Sections (all by default):
- cli: `drills --help`, `drills list`, `drills run` (welcome, and bank_transfer from the second
  run on, the warm service lingering) beside pythonlings 0.4.4, the fastest Python peer,
  installed on first use into a cache virtual environment. The two tools alternate, so that
  machine load hits both alike.
- watch: save-to-verdict in watch mode, through a real `drills` in a pseudo-terminal (the drill
  file flipped between a passing and a failing version, timed from the write to the verdict on
  screen), for SQLite drills and for the PostgreSQL probe (three checks: SQLAlchemy, psycopg2,
  asyncpg), in one run so that they can be compared.
- postgres: the probe with `drills run` the first time ever (initdb; the server then stays up
  for a short idle period, as after a learner's first run) and with the server lingering,
  `pytest` on it from the workspace, and the time a check waits for its database.
- verify: `drills verify` of every drill with the solutions applied.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from persistence_drills.idle import LINGER_VARIABLE

PEER = "pythonlings==0.4.4"
PEER_VENV = Path.home() / ".cache" / "persistence-drills" / "bench-pythonlings"
BIN = Path(sys.executable).parent
DRILLS = BIN / "drills"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SECTIONS = ("cli", "watch", "postgres", "verify")


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return (time.perf_counter() - started) * 1000


def peer_executable() -> Path:
    executable = PEER_VENV / "bin" / "pythonlings"
    if not executable.exists():
        print(f"installing {PEER} into {PEER_VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(PEER_VENV / "bin" / "pip"), "install", "--quiet", PEER], check=True)
    return executable


def row(label: str, ours: float, theirs: float | None = None, note: str = "") -> None:
    peer = f"{theirs:>12.0f}" if theirs is not None else f"{'':>12}"
    ratio = f"{ours / theirs:>8.2f}" if theirs else f"{'':>8}"
    print(f"{label:<44}{ours:>9.0f}{peer}{ratio}  {note}")


def heading(title: str, peer: str = "") -> None:
    print()
    print(f"{title:<44}{'drills':>9}{peer:>12}{'ratio' if peer else '':>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--no-peer", action="store_true", help="measure drills alone")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="drills-bench-") as folder:
        root = Path(folder)
        env = {**os.environ, "HOME": str(root), "NO_COLOR": "1"}
        env.pop(LINGER_VARIABLE, None)
        ours = root / "ws"
        subprocess.run(
            [str(DRILLS), "init", str(ours)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        print(f"medians of {options.runs} runs, in ms (machine: {os.cpu_count()} cores)")
        if "cli" in options.only:
            cli(root, ours, env, options)
        if "watch" in options.only:
            watch(root, ours, env, options.runs)
        if "postgres" in options.only:
            postgres(root, env, options.runs)
        if "verify" in options.only:
            verify(root, env)


def cli(root: Path, ours: Path, env: dict[str, str], options: argparse.Namespace) -> None:
    shipped = ours / "drills" / "02_sqlite" / "bank_transfer.py"
    failing = shipped.read_text()
    solved(ours, "02_sqlite", "bank_transfer")
    try:
        command_line(root, ours, env, options)
    finally:
        shipped.write_text(failing)  # the watch section flips it from the shipped version


def command_line(root: Path, ours: Path, env: dict[str, str], options: argparse.Namespace) -> None:
    cases: dict[str, list[tuple[list[str], Path]]] = {
        "--help": [([str(DRILLS), "--help"], ours)],
        "list": [([str(DRILLS), "list"], ours)],
        "run welcome (fails)": [([str(DRILLS), "run", "welcome"], ours)],
        "run bank_transfer (passes)": [([str(DRILLS), "run", "bank_transfer"], ours)],
    }
    peer_name = ""
    if not options.no_peer:
        peer = str(peer_executable())
        subprocess.run([peer, "init"], env=env, cwd=root, check=True, stdout=subprocess.DEVNULL)
        theirs = root / ".pythonlings"
        cases["--help"].append(([peer, "--help"], theirs))
        cases["list"].append(([peer, "list"], theirs))
        cases["run welcome (fails)"].append(([peer, "run", "variables1"], theirs))
        cases["run bank_transfer (passes)"].append(([peer, "run", "variables1"], theirs))
        peer_name = "pythonlings"
    heading("command line", peer_name)
    for label, commands in cases.items():
        samples: list[list[float]] = [[] for _ in commands]
        for command, cwd in commands:
            timed(command, cwd, env)  # warm the file cache (and start the warm service)
        time.sleep(1)  # let the warm service come up, as it does between a learner's commands
        for _ in range(options.runs):
            for index, (command, cwd) in enumerate(commands):
                samples[index].append(timed(command, cwd, env))
        medians = [statistics.median(s) for s in samples]
        row(label, medians[0], medians[1] if len(medians) > 1 else None)


def solved(workspace: Path, folder: str, name: str) -> None:
    shutil.copy2(
        workspace / "solutions" / folder / f"{name}.py",
        workspace / "drills" / folder / f"{name}.py",
    )


# --- watch mode ------------------------------------------------------------------------------


def watch(root: Path, ours: Path, env: dict[str, str], runs: int) -> None:
    pg = root / "pg-watch"
    shutil.copytree(FIXTURES / "postgres", pg)
    probe = pg / "drills/00_pg/probe.py"
    passing = probe.read_text()
    failing = passing.replace("    return 3\n", "    return 2\n")
    probe.write_text(failing)
    cases: list[tuple[str, Path, str, str, str]] = [
        (
            "02_sqlite/bank_transfer",
            ours,
            "bank_transfer",
            *flip(ours, "02_sqlite", "bank_transfer"),
        ),
        (
            "02_sqlite/products_crud",
            ours,
            "products_crud",
            *flip(ours, "02_sqlite", "products_crud"),
        ),
        ("00_pg/probe (PostgreSQL, 3 checks)", pg, "probe", passing, failing),
    ]
    for label, folder, name in (
        ("03_orm/eager_loading", ours, "eager_loading"),
        ("03_orm/async_orm (PostgreSQL)", ours, "async_orm"),
        ("04_production/soft_delete (PostgreSQL)", ours, "soft_delete"),
    ):
        drill = next(folder.glob(f"drills/*/{name}.py"), None)
        if drill is not None:
            cases.append((label, folder, name, *flip(folder, drill.parent.name, name)))
    heading("watch mode: save to verdict")
    for label, workspace, name, good, bad in cases:
        samples = watch_latency(workspace, name, good, bad, env, runs)
        row(
            label, statistics.median(samples), note=f"min {min(samples):.0f} max {max(samples):.0f}"
        )


def flip(workspace: Path, folder: str, name: str) -> tuple[str, str]:
    """(a passing version, the shipped failing one) of a catalog drill."""
    failing = (workspace / "drills" / folder / f"{name}.py").read_text()
    return (workspace / "solutions" / folder / f"{name}.py").read_text(), failing


def watch_latency(
    workspace: Path, name: str, passing: str, failing: str, env: dict[str, str], runs: int
) -> list[float]:
    import pexpect

    path = next(workspace.glob(f"drills/*/{name}.py"))
    path.write_text(failing)
    subprocess.run(
        [str(DRILLS), "goto", name], cwd=workspace, env=env, check=True, stdout=subprocess.DEVNULL
    )
    child = pexpect.spawn(
        str(DRILLS), cwd=str(workspace), env=env, encoding="utf-8", dimensions=(60, 140), timeout=60
    )
    child.expect(f"{name} (fails|has an error)")
    time.sleep(1.5)  # let the first screen settle, and the pool fill
    samples = []
    for number in range(runs * 2):
        text, outcome = (
            (passing, "passes") if number % 2 == 0 else (failing, "(fails|has an error)")
        )
        started = time.perf_counter()
        path.write_text(text)
        child.expect(f"{re.escape(name)} {outcome}")
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.4)  # a learner does not save 3 times a second
    child.send("q")
    child.expect(pexpect.EOF)
    path.write_text(failing)
    return samples


# --- PostgreSQL ------------------------------------------------------------------------------


def postgres(root: Path, env: dict[str, str], runs: int) -> None:
    heading("PostgreSQL probe (3 checks)")
    first = []
    for attempt in range(3):
        fresh = root / f"pg-first-{attempt}"
        shutil.copytree(FIXTURES / "postgres", fresh)
        # As a learner's first run, the server stays up for an idle period (stopping it at once
        # would add its shutdown to the command): a short one, over before the next sample.
        first.append(timed([str(DRILLS), "run", "probe"], fresh, {**env, LINGER_VARIABLE: "2"}))
        time.sleep(4)
    row("drills run, first ever (initdb, start)", statistics.median(first), note="budget 2000")
    pg = root / "pg-run"
    shutil.copytree(FIXTURES / "postgres", pg)
    timed([str(DRILLS), "run", "probe"], pg, env)
    time.sleep(1.5)
    lingering = [timed([str(DRILLS), "run", "probe"], pg, env) for _ in range(runs)]
    row("drills run, server lingering", statistics.median(lingering), note="budget 600")
    pytest = [
        timed([str(BIN / "pytest"), "-q", "drills/00_pg/probe.py"], pg, env)
        for _ in range(max(5, runs // 2))
    ]
    row("pytest drills/00_pg/probe.py", statistics.median(pytest), note="budget 1500")
    waits = database_waits(pg, runs)
    row(
        "a check waits for its database",
        statistics.median(waits),
        note=f"budget 5; max {max(waits):.1f}",
    )
    subprocess.run(
        [str(DRILLS), "doctor"],
        cwd=pg,
        env={**env, LINGER_VARIABLE: "0"},
        stdout=subprocess.DEVNULL,
        check=False,
    )


def database_waits(workspace: Path, runs: int) -> list[float]:
    """What the pg_dsn fixture costs a check: taking a ready database from the pool."""
    from persistence_drills.engine.fixtures import Databases
    from persistence_drills.postgres.provider import PostgresProvider

    provider = PostgresProvider(workspace / ".drills")
    waits = []
    try:
        for _ in range(runs):
            settings = provider.prepare("bench")
            time.sleep(0.5)  # the learner edits; the keeper refills the pool
            databases = Databases(settings)
            for _ in range(3):
                started = time.perf_counter()
                databases.take()
                waits.append((time.perf_counter() - started) * 1000)
            databases.close()
            provider.release(settings)
    finally:
        provider.close(linger=0)
    return waits


# --- verify ----------------------------------------------------------------------------------


def verify(root: Path, env: dict[str, str]) -> None:
    solved_ws = root / "solved"
    subprocess.run(
        [str(DRILLS), "init", str(solved_ws)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    shutil.rmtree(solved_ws / "drills")
    shutil.copytree(solved_ws / "solutions", solved_ws / "drills")
    with contextlib.suppress(FileNotFoundError):
        for readme in (root / "ws" / "drills").glob("*/README.md"):
            shutil.copy2(readme, solved_ws / "drills" / readme.parent.name / "README.md")
    samples = [timed([str(DRILLS), "verify"], solved_ws, env) for _ in range(3)]
    heading("verify, every drill solved")
    count = len(list((solved_ws / "drills").glob("*/*.py")))
    row(f"drills verify ({count} drills)", statistics.median(samples), note="budget 20000-30000")


if __name__ == "__main__":
    main()
