"""PostgreSQL drills against real servers: the embedded one, recovery from killed processes, and
a learner's own server reached by URL. Nothing is mocked; processes are killed for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import DRILLS, copy_fixture, drills
from persistence_drills.engine.runner import Runner
from persistence_drills.manifest import load_manifest
from persistence_drills.postgres import EmbeddedServer, PostgresProvider, administer, connect
from persistence_drills.workspace import Workspace

PASSING = ("with_sqlalchemy", "with_psycopg2", "with_asyncpg", "isolated", "leaves_connections")


@pytest.fixture
def pg(tmp_path: Path) -> Path:
    return copy_fixture("postgres", tmp_path)


def postmasters(workspace: Path) -> list[int]:
    """Running (not zombie) postgres servers whose data folder is in this workspace."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if (
            state != "Z"
            and command[0].endswith(b"postgres")
            and str(workspace).encode() in b" ".join(command)
        ):
            found.append(int(entry.name))
    return found


def wait_for(condition: object, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def kill_drill_children() -> None:
    """The children of a SIGKILLed runner live on in their own sessions; end them."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"persistence_drills.engine.child" in (entry / "cmdline").read_bytes():
                    os.kill(int(entry.name), signal.SIGKILL)
            except OSError:
                pass


def test_drills_pass_with_the_embedded_server_and_it_stops_afterwards(pg: Path) -> None:
    for name in PASSING:
        shown = drills("run", name, cwd=pg)
        assert shown.returncode == 0, shown.stdout + shown.stderr
    assert postmasters(pg) == [], "the server stops when the runner exits"
    assert (pg / ".drills" / "pg" / "data" / "PG_VERSION").exists()


def test_every_database_is_dropped_even_after_a_crash(pg: Path) -> None:
    ws = Workspace(pg)
    manifest = load_manifest(ws.manifest_path)
    provider = PostgresProvider(ws.runtime_dir)
    runner = Runner(ws, providers={"postgres": provider})
    try:
        outcomes = {
            name: runner.run(manifest.find(name)).outcome.value
            for name in ("isolated", "leaves_connections", "crashes")
        }
        assert outcomes == {
            "isolated": "passed",
            "leaves_connections": "passed",
            "crashes": "crashed",
        }
        connection = connect(provider.ensure().url)
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'drills%'")
            assert cursor.fetchall() == []
        connection.close()
    finally:
        provider.close()
    assert postmasters(pg) == []


def test_a_drill_without_a_server_is_skipped_and_others_still_run(pg: Path) -> None:
    unreachable = {"DRILLS_POSTGRES_URL": "postgresql://postgres@/postgres?host=/nonexistent"}
    shown = drills("run", "with_psycopg2", cwd=pg, env=unreachable)
    assert shown.returncode == 1
    assert "was skipped" in shown.stdout
    assert "Could not connect to the PostgreSQL server of DRILLS_POSTGRES_URL" in shown.stdout
    assert drills("run", "plain", cwd=pg, env=unreachable).returncode == 0


def test_after_the_runner_is_killed_the_next_run_recovers(pg: Path) -> None:
    runner = subprocess.Popen(
        [str(DRILLS), "run", "sleeps"], cwd=pg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: postmasters(pg) and (pg / ".drills/runs/.sleeps.running").exists())
        runner.send_signal(signal.SIGKILL)
        runner.wait()
    finally:
        kill_drill_children()
    assert postmasters(pg), "a killed runner leaves its server running"
    shown = drills("run", "with_psycopg2", cwd=pg)
    assert shown.returncode == 0, shown.stdout
    assert postmasters(pg) == [], "the next clean exit stops the adopted server"


def test_a_killed_postmaster_and_its_stale_pid_file_are_recovered(pg: Path) -> None:
    ws = Workspace(pg)
    ws.runtime_dir.mkdir()
    provider = PostgresProvider(ws.runtime_dir)
    provider.ensure()
    [postmaster] = postmasters(pg)
    os.kill(postmaster, signal.SIGKILL)
    provider.close()
    assert (pg / ".drills/pg/data/postmaster.pid").exists()
    shown = drills("run", "with_psycopg2", cwd=pg)  # at once: the postmaster may be a zombie
    assert shown.returncode == 0, shown.stdout
    assert postmasters(pg) == []


def test_two_runners_on_one_workspace_share_the_server(pg: Path) -> None:
    runners = [
        subprocess.Popen([str(DRILLS), "run", name], cwd=pg, stdout=subprocess.PIPE, text=True)
        for name in ("with_psycopg2", "isolated", "with_asyncpg")
    ]
    for runner in runners:
        output, _ = runner.communicate(timeout=120)
        assert runner.returncode == 0, output
    assert postmasters(pg) == []
    assert json.loads((pg / ".drills/pg/users.json").read_text()) == {"pids": []}


def test_data_from_another_major_version_is_set_aside(pg: Path) -> None:
    assert drills("run", "with_psycopg2", cwd=pg).returncode == 0
    (pg / ".drills/pg/data/PG_VERSION").write_text("15\n")
    shown = drills("run", "with_psycopg2", cwd=pg)
    assert shown.returncode == 0, shown.stdout
    assert list((pg / ".drills/pg").glob("data-15-*"))
    assert (pg / ".drills/pg/data/PG_VERSION").read_text().strip() != "15"


def test_the_learners_own_server_only_sees_per_run_databases(pg: Path, tmp_path: Path) -> None:
    own = EmbeddedServer(tmp_path / "own")  # a second, separate server: "the learner's own"
    (tmp_path / "own").mkdir()
    url = own.acquire().url
    try:
        administer(url, "CREATE TABLE precious (id int)")
        administer(url, "INSERT INTO precious VALUES (42)")
        administer(url, "CREATE DATABASE app")

        def databases() -> list[str]:
            connection = connect(url)
            with connection.cursor() as cursor:
                cursor.execute("SELECT datname FROM pg_database ORDER BY datname")
                names = [row[0] for row in cursor.fetchall()]
            connection.close()
            return names

        before = databases()
        for name in ("with_sqlalchemy", "isolated", "leaves_connections"):
            shown = drills("--postgres-url", url, "run", name, cwd=pg)
            assert shown.returncode == 0, shown.stdout
        shown = drills("run", "crashes", cwd=pg, env={"DRILLS_POSTGRES_URL": url})
        assert shown.returncode == 1
        assert databases() == before
        connection = connect(url)
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM precious")
            assert cursor.fetchall() == [(42,)]
        connection.close()
        assert not (pg / ".drills/pg").exists(), "no embedded server was started"
        doctor = drills("doctor", cwd=pg, env={"DRILLS_POSTGRES_URL": url})
        assert "(DRILLS_POSTGRES_URL): connected" in doctor.stdout
    finally:
        own.release()


def test_doctor_reports_the_embedded_server(pg: Path) -> None:
    shown = drills("doctor", cwd=pg)
    assert shown.returncode == 0, shown.stdout
    assert "(embedded server in .drills/pg): connected" in shown.stdout
    assert "PostgreSQL 1" in shown.stdout
    assert postmasters(pg) == []


def test_a_watch_session_keeps_one_server_and_stops_it_on_quit(pg: Path) -> None:
    import pexpect

    assert drills("goto", "with_psycopg2", cwd=pg).returncode == 0
    child = pexpect.spawn(
        str(DRILLS),
        cwd=str(pg),
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=30,
        env={**os.environ, "NO_COLOR": "1"},
    )
    child.expect("with_psycopg2 passes")
    [server] = postmasters(pg)
    child.send("r")
    child.expect("run 2")
    child.expect("with_psycopg2 passes")
    assert postmasters(pg) == [server], "the same server serves every run of the session"
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert postmasters(pg) == []
