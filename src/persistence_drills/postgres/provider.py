"""The `postgres` requirement: a server for the run, and settings that tell its fixtures where.

The embedded server by default; the learner's own server when DRILLS_POSTGRES_URL (or
--postgres-url) says so. Either way the process joins the server's users once, each run gets
a record and a database prefix, and the keeper does the rest (fresh databases ahead, cleanup
behind). Every failure to get a server is Unavailable, with its fix.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from persistence_drills.idle import linger_seconds
from persistence_drills.postgres import keeper, runs, settings
from persistence_drills.postgres.embedded import START_TIMEOUT, EmbeddedServer, Server
from persistence_drills.postgres.sql import database_url, server_version
from persistence_drills.postgres.users import Users
from persistence_drills.requirements import Unavailable

RUN_SETTING = "DRILLS_PG_RUN"  # kept in the settings for release(); the child ignores it


class PostgresProvider:
    def __init__(self, runtime_dir: Path, url: str | None = None) -> None:
        self.url = url or os.environ.get(settings.URL_VARIABLE) or None
        if self.url:
            key = hashlib.sha1(self.url.encode()).hexdigest()[:8]
            self.state = runtime_dir / f"pg-url-{key}"
            self.embedded: EmbeddedServer | None = None
        else:
            self.state = runtime_dir / "pg"
            self.embedded = EmbeddedServer(self.state)
        self.tag = settings.workspace_tag(self.state)
        self.server: Server | None = None
        self.lock = threading.Lock()  # `drills verify` prepares runs from several threads
        self.starting: threading.Thread | None = None  # prepare(wait=False)'s server start
        self.failure: Unavailable | None = None  # ... and why it did not come

    @property
    def source(self) -> str:
        return "url" if self.url else "embedded"

    def ensure(self) -> Server:
        with self.lock:
            if self.server is None:
                self.server = self._join()
                import atexit

                atexit.register(self.close)
            else:
                keeper.ensure(self.state, self.source, self.server.url)  # if it was killed
            return self.server

    def _join(self) -> Server:
        if self.embedded is not None:
            return self.embedded.acquire()
        assert self.url is not None
        database = urlsplit(self.url).path.lstrip("/") or "postgres"
        server = Server(database_url(self.url, database), "url")
        try:
            server_version(server.url)
        except Exception as error:
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise Unavailable(
                f"Could not connect to the PostgreSQL server of {settings.URL_VARIABLE}: {first}.",
                f"Check that the server runs and the URL is right, or unset "
                f"{settings.URL_VARIABLE} to use the embedded server.",
            ) from None
        users = Users(self.state)
        with users.locked():
            users.join()
            keeper.ensure(self.state, self.source, server.url)
        return server

    def prepare(self, drill: str, wait: bool = True) -> dict[str, str]:
        """The settings of one run. With `wait=False` an embedded server that is not up yet
        starts in the background: initdb and the start (~0.6 s) overlap the run's own
        start, which spends as long importing pytest and the drill's libraries."""
        extra: dict[str, str] = {}
        if wait or self.embedded is None or self.server is not None:
            url = self.ensure().url
        else:
            self._start_soon()
            url = self.embedded.url()
            extra[settings.WAIT_SETTING] = str(START_TIMEOUT)
        run, prefix = settings.new_run(self.tag)
        runs.started(self.state, run, drill, os.getpid())
        return {
            settings.ADMIN_SETTING: url,
            settings.PREFIX_SETTING: prefix,
            settings.POOL_SETTING: settings.pool_prefix(self.tag),
            RUN_SETTING: run,
            **extra,
        }

    def ready(self) -> None:
        starting = self.starting
        if starting is not None:
            starting.join()
        if self.server is None and self.failure is not None:
            raise self.failure

    def _start_soon(self) -> None:
        with self.lock:
            if self.server is None and (self.starting is None or not self.starting.is_alive()):
                self.failure = None
                self.starting = threading.Thread(target=self._start, daemon=True)
                self.starting.start()

    def _start(self) -> None:
        try:
            self.ensure()
        except Unavailable as missing:
            self.failure = missing
        except Exception as error:  # the thread must always say how it ended
            self.failure = Unavailable(
                f"The embedded PostgreSQL server did not start: {error}.",
                f"Delete {self.state} and try again, or set {settings.URL_VARIABLE} to a "
                "server of your own.",
            )

    def release(self, settings_: dict[str, str]) -> None:
        if RUN_SETTING in settings_:
            runs.finished(self.state, settings_[RUN_SETTING])

    def close(self, linger: float | None = None) -> None:
        """This process is done with the server: it stays up for the idle period, or stops."""
        with self.lock:
            if self.server is None:
                return
            server, self.server = self.server, None
            linger = linger_seconds() if linger is None else linger
            if self.embedded is not None:
                self.embedded.release(linger)
                return
            users = Users(self.state)
            with users.locked():
                if users.leave(linger).over(time.time()):
                    keeper.end_idle_period(self.state, self.source, server.url)
