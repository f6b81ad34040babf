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
from persistence_drills.postgres.embedded import EmbeddedServer, Server
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

    def prepare(self, drill: str) -> dict[str, str]:
        server = self.ensure()
        run, prefix = settings.new_run(self.tag)
        runs.started(self.state, run, drill, os.getpid())
        return {
            settings.ADMIN_SETTING: server.url,
            settings.PREFIX_SETTING: prefix,
            settings.POOL_SETTING: settings.pool_prefix(self.tag),
            RUN_SETTING: run,
        }

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
