"""Medians of `drills --help`, `drills list` and `drills run`, beside pythonlings in the same run.

    .venv/bin/python tests/benchmarks/bench_cli.py [--runs 21] [--no-peer]

The peer (pythonlings 0.4.4, the fastest Python peer) is installed on first use into a cache
virtual environment. Commands alternate between the two tools so that machine load hits both
alike; absolute numbers swing with load, the ratio much less.
"""

from __future__ import annotations

import argparse
import os
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


if __name__ == "__main__":
    main()
