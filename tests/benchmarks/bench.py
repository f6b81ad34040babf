"""Speed, measured: medians side by side with a baseline, all in one run.

    .venv/bin/python tests/benchmarks/bench.py [--runs 21] [--no-peer]

1. `drills --help`, `drills list`, `drills run` beside pythonlings 0.4.4 (the fastest Python
   peer; installed on first use into a cache virtual environment). Commands alternate between
   the two tools so that machine load hits both alike.
2. Watch mode's save-to-verdict latency for a SQLite drill (the warm worker), beside a plain
   `drills run` of the same drill: a real `drills` in a pseudo-terminal, the drill file
   flipped between a passing and a failing version, timed from the write to the verdict.
3. The embedded PostgreSQL server: first start (initdb), a later start, and the cost of the
   fresh database every test gets (CREATE DATABASE from template0, then DROP ... WITH FORCE).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEER = "pythonlings==0.4.4"
PEER_VENV = Path.home() / ".cache" / "persistence-drills" / "bench-pythonlings"
DRILLS = Path(sys.executable).parent / "drills"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--no-peer", action="store_true", help="measure drills alone")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="drills-bench-") as folder:
        root = Path(folder)
        env = {**os.environ, "HOME": str(root), "NO_COLOR": "1"}
        ours = root / "ws"
        subprocess.run(
            [str(DRILLS), "init", str(ours)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        cases: dict[str, list[tuple[list[str], Path]]] = {
            "--help": [([str(DRILLS), "--help"], ours)],
            "list": [([str(DRILLS), "list"], ours)],
            "run (first drill)": [([str(DRILLS), "run", "welcome"], ours)],
        }
        if not options.no_peer:
            peer = str(peer_executable())
            subprocess.run([peer, "init"], env=env, cwd=root, check=True, stdout=subprocess.DEVNULL)
            theirs = root / ".pythonlings"
            cases["--help"].append(([peer, "--help"], theirs))
            cases["list"].append(([peer, "list"], theirs))
            cases["run (first drill)"].append(([peer, "run", "variables1"], theirs))

        print(f"medians of {options.runs} runs, in ms (machine: {os.cpu_count()} cores)")
        print(f"{'command':<20}{'drills':>10}{'pythonlings':>14}{'ratio':>8}")
        for label, commands in cases.items():
            samples: list[list[float]] = [[] for _ in commands]
            for command, cwd in commands:
                timed(command, cwd, env)  # warm the file cache
            for _ in range(options.runs):
                for index, (command, cwd) in enumerate(commands):
                    samples[index].append(timed(command, cwd, env))
            medians = [statistics.median(s) for s in samples]
            peer_text = f"{medians[1]:>14.0f}" if len(medians) > 1 else f"{'-':>14}"
            ratio = f"{medians[0] / medians[1]:>8.2f}" if len(medians) > 1 else f"{'-':>8}"
            print(f"{label:<20}{medians[0]:>10.0f}{peer_text}{ratio}")
        for drill in WATCHED:
            watch_latency(ours, drill, env, options.runs)
        postgres_costs(root / "pg", options.runs)


# The curriculum's running example, and a drill with more checks and commits.
WATCHED = (("02_sqlite", "bank_transfer"), ("02_sqlite", "products_crud"))


def watch_latency(workspace: Path, drill: tuple[str, str], env: dict[str, str], runs: int) -> None:
    """Median time from saving a SQLite drill to its verdict on screen, and a plain run's."""
    import pexpect

    folder, name = drill
    path = workspace / "drills" / folder / f"{name}.py"
    failing = path.read_text()
    passing = (workspace / "solutions" / folder / f"{name}.py").read_text()
    subprocess.run(
        [str(DRILLS), "goto", name], cwd=workspace, env=env, check=True, stdout=subprocess.DEVNULL
    )
    child = pexpect.spawn(
        str(DRILLS), cwd=str(workspace), env=env, encoding="utf-8", dimensions=(60, 140), timeout=20
    )
    child.expect(f"{name} fails")
    time.sleep(1)  # let the first screen settle
    samples = []
    for number in range(runs * 2):
        text, outcome = (passing, "passes") if number % 2 == 0 else (failing, "fails")
        started = time.perf_counter()
        path.write_text(text)
        child.expect(re.escape(f"{name} {outcome}"))
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.3)  # a learner does not save 3 times a second
    child.send("q")
    child.expect(pexpect.EOF)
    path.write_text(passing)
    plain = [timed([str(DRILLS), "run", name], workspace, env) for _ in range(runs)]
    print()
    print(f"save-to-verdict, {folder}/{name} (budget 100 ms)")
    print(f"{'watch mode (warm worker)':<28}{statistics.median(samples):>8.0f} ms")
    print(f"{'plain drills run':<28}{statistics.median(plain):>8.0f} ms")


def postgres_costs(folder: Path, runs: int) -> None:
    from persistence_drills.postgres import EmbeddedServer, administer

    folder.mkdir()
    server = EmbeddedServer(folder)
    started = time.perf_counter()
    url = server.acquire().url
    cold = (time.perf_counter() - started) * 1000
    server.release()
    started = time.perf_counter()
    url = server.acquire().url
    warm = (time.perf_counter() - started) * 1000
    create, drop = [], []
    for number in range(runs):
        started = time.perf_counter()
        administer(url, f'CREATE DATABASE "bench_{number}" TEMPLATE template0')
        middle = time.perf_counter()
        administer(url, f'DROP DATABASE "bench_{number}" WITH (FORCE)')
        create.append((middle - started) * 1000)
        drop.append((time.perf_counter() - middle) * 1000)
    server.release()
    print()
    print("embedded PostgreSQL")
    print(f"{'first start (initdb + start)':<32}{cold:>8.0f} ms")
    print(f"{'later start':<32}{warm:>8.0f} ms")
    print(f"{'fresh database per test':<32}{statistics.median(create):>8.0f} ms (median)")
    print(f"{'drop it afterwards':<32}{statistics.median(drop):>8.0f} ms (median)")


if __name__ == "__main__":
    main()
