"""The keeper: one background process per workspace server, while the server is in use or idle.

    python -m persistence_drills.postgres.keeper STATE_DIR embedded|url   (admin URL in env)

It does what nobody should wait for:
- keeps the pool of ready databases filled, sized to the runs it has seen (pool.make), with
  its own server process reniced so that the learner's checks come first;
- drops the databases of runs that are no longer wanted (runs.droppable) and of runs nobody
  knows (a record lost), WITH (FORCE), connections or not;
- removes the homes of deleted workspaces' servers that a starting server set aside;
- ends the idle period: once no runner process uses the server and DRILLS_PG_LINGER has
  passed, it stops the embedded server (on a learner's own server, it drops every database of
  this workspace instead) and exits. Dead runner processes are pruned, so a runner killed with
  SIGKILL cannot keep the server up forever.

Runner processes start it (`ensure`) whenever they start using the server; it holds
`keeper.lock` for as long as it lives, so there is never more than one.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from persistence_drills.idle import linger_seconds
from persistence_drills.postgres import host, pool, runs, settings
from persistence_drills.postgres.sql import connect, databases, drop
from persistence_drills.postgres.users import Users

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no keeper, the server stops at once
    fcntl = None  # type: ignore[assignment]  # the module is absent there

MODULE = "persistence_drills.postgres.keeper"
TICK = 0.1  # seconds between looks at the records while runs come in
QUIET_TICK = 0.5  # ... and once nothing has happened for a while
MAX_POOL = 12


def ensure(state_dir: Path, source: str, admin_url: str) -> None:
    """Start the keeper of `state_dir` unless it runs already (call with the users lock held)."""
    if fcntl is None:  # pragma: no cover - Windows
        return
    lock_path = state_dir / "keeper.lock"
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # held: the keeper lives
        fcntl.flock(handle, fcntl.LOCK_UN)
    from persistence_drills.interpreter import python_module

    env = {**os.environ, settings.ADMIN_SETTING: admin_url}
    with open(state_dir / "keeper.log", "ab") as log:
        subprocess.Popen(
            python_module(MODULE, str(state_dir), source),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )


class Keeper:
    def __init__(
        self, state_dir: Path, source: str, admin_url: str, linger: float, lock: IO[bytes]
    ) -> None:
        self.lock = lock  # keeper.lock, held for life
        self.state = state_dir
        self.source = source
        self.admin = admin_url
        self.linger = linger
        self.tag = settings.workspace_tag(state_dir)
        self.users = Users(state_dir)
        self.connection: Any = None
        self.last_change = time.monotonic()

    def serve(self) -> None:
        while True:
            if not self.state.exists():  # the workspace was deleted: nothing to keep
                self.disconnect()
                end_idle_period(self.state, self.source, self.admin)
                return
            with self.users.locked():  # runners join and leave between ticks, never during
                if self.users.prune(self.linger).over(time.time()):
                    self.disconnect()
                    end_idle_period(self.state, self.source, self.admin)
                    # Let go of keeper.lock before the users lock: a runner that starts the
                    # server again right after must find no keeper, and start a new one.
                    if fcntl is not None:
                        fcntl.flock(self.lock, fcntl.LOCK_UN)
                    return
                try:
                    if self.tick():
                        self.last_change = time.monotonic()
                except Exception as error:  # the server went away or refused: try again later
                    print(f"keeper: {error}", file=sys.stderr, flush=True)
                    self.disconnect()
            quiet = time.monotonic() - self.last_change > 2
            time.sleep(QUIET_TICK if quiet else TICK)

    def tick(self) -> bool:
        """One look at the records and the databases; True if anything was done."""
        cursor = self.cursor()
        if cursor is None:
            return False
        # Names before records: a run's record is written before its first database exists, so
        # every database listed here belongs to a record read after it, or to nobody.
        names = databases(cursor, settings.ours(self.tag))
        records = runs.read_all(self.state)
        known = {record.run for record in records}
        unwanted = runs.droppable(records)
        done = False
        for name in names:
            run = settings.run_of(self.tag, name)
            leftover = name.startswith(f"drills_{self.tag}_new_")  # a killed keeper's
            if leftover or (run is not None and (run in unwanted or run not in known)):
                drop(cursor, name)
                done = True
        for run in unwanted:
            runs.forget(self.state, run)
        ready = [n for n in names if n.startswith(settings.pool_prefix(self.tag))]
        if len(ready) < self.wanted(records, names):
            pool.make(cursor, self.admin, self.tag)  # one at a time: stay responsive
            done = True
        return done

    def wanted(self, records: list[runs.RunRecord], names: list[str]) -> int:
        """Ready databases to keep: twice what the latest runs took, so that a run taking its
        databases never waits for the refill that follows it."""
        recent = sorted(records, key=lambda r: r.started)[-3:]
        taken = [sum(settings.run_of(self.tag, n) == r.run for n in names) for r in recent]
        return min(MAX_POOL, 2 * max([*taken, 1]))

    def cursor(self) -> Any:
        if self.connection is None or self.connection.closed:
            if self.source == "embedded":  # it may have moved since (from disk into memory)
                self.admin = host.server_url(self.state)
            try:
                self.connection = connect(self.admin, timeout=2)
            except Exception:
                self.connection = None
                return None
            if self.source == "embedded":  # a server of the learner's may be on another host
                _renice_backend(self.connection)
        return self.connection.cursor()

    def disconnect(self) -> None:
        with contextlib.suppress(Exception):
            if self.connection is not None:
                self.connection.close()
        self.connection = None


def end_idle_period(state_dir: Path, source: str, admin_url: str) -> None:
    """Nobody needs the server any more: stop the embedded one, or (on the learner's own
    server) drop every database of this workspace. Called with the users lock held."""
    if source == "embedded":
        from persistence_drills.postgres.embedded import EmbeddedServer

        EmbeddedServer(state_dir).stop()
        return
    tag = settings.workspace_tag(state_dir)
    with (
        contextlib.suppress(Exception),
        contextlib.closing(connect(admin_url)) as connection,
        connection.cursor() as cursor,
    ):
        for name in databases(cursor, settings.ours(tag)):
            drop(cursor, name)
    for record in runs.read_all(state_dir):
        runs.forget(state_dir, record.run)


def _renice_backend(connection: Any) -> None:
    """Let the learner's checks win the CPU over pool refills (when the server is ours)."""
    with contextlib.suppress(Exception), connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        os.setpriority(os.PRIO_PROCESS, cursor.fetchone()[0], 10)


def main() -> None:
    state_dir, source = Path(sys.argv[1]), sys.argv[2]
    if fcntl is None:  # pragma: no cover - Windows
        return
    lock: IO[bytes] = open(state_dir / "keeper.lock", "a+b")  # noqa: SIM115 - held for life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another keeper won the race
    admin = os.environ[settings.ADMIN_SETTING]
    sweeper = threading.Thread(target=_remove_set_aside_gently, args=(state_dir,))
    sweeper.start()
    Keeper(state_dir, source, admin, linger_seconds(), lock).serve()
    sweeper.join()
    host.remove_set_aside(state_dir)  # what was set aside meanwhile: nobody waits for us now


def _remove_set_aside_gently(state_dir: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):  # only this thread, where Linux allows
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    host.remove_set_aside(state_dir)


if __name__ == "__main__":
    main()
