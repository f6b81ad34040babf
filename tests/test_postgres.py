"""PostgreSQL drills against real servers: the embedded one, its pool, its idle period, recovery
from killed processes, and a learner's own server reached by URL. Nothing is mocked; processes
are killed for real. Each test looks only at the processes of its own workspace."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DRILLS, copy_fixture, drills, process_alive, wait_for
from persistence_drills import memory
from persistence_drills.engine.runner import Runner
from persistence_drills.idle import LINGER_VARIABLE
from persistence_drills.manifest import load_manifest
from persistence_drills.postgres import host, runs, settings
from persistence_drills.postgres.embedded import EmbeddedServer, _binary_major
from persistence_drills.postgres.provider import PostgresProvider
from persistence_drills.postgres.sql import administer, connect, databases
from persistence_drills.requirements import Unavailable
from persistence_drills.workspace import Workspace

PASSING = ("with_sqlalchemy", "with_psycopg2", "with_asyncpg", "isolated", "leaves_connections")
NO_LINGER = {LINGER_VARIABLE: "0"}


@pytest.fixture
def pg(tmp_path: Path) -> Path:
    return copy_fixture("postgres", tmp_path)


def server(workspace: Path) -> EmbeddedServer:
    return EmbeddedServer(workspace / ".drills" / "pg")


def server_up(workspace: Path) -> bool:
    """The workspace's own postmaster runs (found through its data folder, nowhere else)."""
    pid = server(workspace).postmaster_pid()
    return pid is not None and process_alive(pid)


def keeper_up(state: Path) -> bool:
    import fcntl

    with open(state / "keeper.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def our_databases(admin_url: str, state: Path) -> list[str]:
    with contextlib.closing(connect(admin_url)) as connection, connection.cursor() as cursor:
        return databases(cursor, settings.ours(settings.workspace_tag(state)))


def wait_until_settled(admin_url: str, state: Path, pool: int) -> list[str]:
    """The keeper's work is done: at least `pool` ready databases and nothing left to drop."""
    tag = settings.workspace_tag(state)

    def settled() -> bool:
        names = our_databases(admin_url, state)
        records = runs.read_all(state)
        unwanted = runs.droppable(records)
        known = {record.run for record in records}
        stale = [
            name
            for name in names
            if (run := settings.run_of(tag, name)) is not None
            and (run in unwanted or run not in known)
        ]
        ready = [name for name in names if name.startswith(settings.pool_prefix(tag))]
        return not stale and len(ready) >= pool

    wait_for(settled, seconds=60)
    return our_databases(admin_url, state)


@pytest.mark.slow
def test_drills_pass_with_the_embedded_server_and_it_stops_at_once_without_an_idle_period(
    pg: Path,
) -> None:
    for name in PASSING:
        shown = drills("run", name, cwd=pg, env=NO_LINGER)
        assert shown.returncode == 0, shown.stdout + shown.stderr
    assert not server_up(pg), "with DRILLS_PG_LINGER=0 the server stops when the runner exits"
    assert (server(pg).data / "PG_VERSION").exists()
    wait_for(lambda: not keeper_up(pg / ".drills" / "pg"), seconds=10)


def test_after_a_one_shot_run_the_server_stays_up_for_its_idle_period_then_stops(
    pg: Path,
) -> None:
    linger = {LINGER_VARIABLE: "3"}
    started = time.monotonic()
    assert drills("run", "with_psycopg2", cwd=pg, env=linger).returncode == 0
    assert server_up(pg), "the server lingers after the run"
    pid = server(pg).postmaster_pid()
    assert drills("run", "isolated", cwd=pg, env=linger).returncode == 0
    assert server(pg).postmaster_pid() == pid, "the next run uses the lingering server"
    doctor = drills("doctor", cwd=pg, env=linger)
    assert "was running, idle, stops by itself at" in doctor.stdout, doctor.stdout
    wait_for(lambda: not server_up(pg), seconds=30)
    assert time.monotonic() - started >= 3, "it stayed up for the idle period"
    wait_for(lambda: not keeper_up(pg / ".drills" / "pg"), seconds=10)


def test_the_pool_hands_out_databases_nobody_touched(pg: Path) -> None:
    """isolated's first check writes a table, its second must not see it; again and again,
    once the keeper has refilled the pool with databases made ahead."""
    ws = Workspace(pg)
    drill = load_manifest(ws.manifest_path).find("isolated")
    provider = PostgresProvider(ws.runtime_dir)
    runner = Runner(ws, providers={"postgres": provider})
    try:
        admin = provider.ensure().url
        wait_until_settled(admin, provider.state, pool=2)
        for _ in range(4):
            verdict = runner.run(drill)
            assert verdict.passed, verdict.to_dict()
        names = our_databases(admin, provider.state)
        record = runs.latest(provider.state, "isolated")
        assert record is not None
        taken = [n for n in names if settings.run_of(provider.tag, n) == record.run]
        assert len(taken) == 2, "the last run's two databases are kept for `drills db`"
    finally:
        provider.close(linger=0)


@pytest.mark.slow
def test_a_burst_of_saves_drains_and_refills_the_pool_without_leaking(pg: Path) -> None:
    ws = Workspace(pg)
    manifest = load_manifest(ws.manifest_path)
    provider = PostgresProvider(ws.runtime_dir)
    runner = Runner(ws, providers={"postgres": provider})
    try:
        admin = provider.ensure().url
        for _ in range(12):
            for name in ("isolated", "crashes", "leaves_connections"):
                runner.start(manifest.find(name)).wait()
        names = wait_until_settled(admin, provider.state, pool=2)
        tag = provider.tag
        kept_runs = {settings.run_of(tag, n) for n in names} - {None}
        assert len(kept_runs) <= runs.KEPT_DRILLS, names
        assert len(names) <= 12 + 2 * runs.KEPT_DRILLS, f"databases pile up: {names}"

        def nothing_half_made() -> bool:  # one the keeper is making now is fine, not one left
            names = our_databases(admin, provider.state)
            return not [n for n in names if n.startswith(f"drills_{tag}_new_")]

        wait_for(nothing_half_made, seconds=30)
    finally:
        provider.close(linger=0)
    assert not server_up(pg)


def test_pytest_runs_postgres_checks_from_the_workspace_with_no_runner_around(pg: Path) -> None:
    """What an IDE's test runner does: plain pytest on a drill file, fixtures from the plugin."""
    environment = {**os.environ, LINGER_VARIABLE: "0"}
    environment.pop(settings.ADMIN_SETTING, None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pytest"), "-q", "drills/00_pg/probe.py"],
        cwd=pg,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout, done.stdout
    assert not server_up(pg)


@pytest.mark.slow
def test_every_database_of_a_crashed_run_goes_at_the_next_run(pg: Path) -> None:
    ws = Workspace(pg)
    manifest = load_manifest(ws.manifest_path)
    provider = PostgresProvider(ws.runtime_dir)
    runner = Runner(ws, providers={"postgres": provider})
    try:
        admin = provider.ensure().url
        assert runner.run(manifest.find("crashes")).outcome.value == "crashed"
        crashed = runs.latest(provider.state, "crashes")
        assert crashed is not None
        runner.run(manifest.find("crashes"))
        names = wait_until_settled(admin, provider.state, pool=1)
        assert not [n for n in names if settings.run_of(provider.tag, n) == crashed.run]
    finally:
        provider.close(linger=0)


def test_a_drill_without_a_server_is_skipped_and_others_still_run(pg: Path) -> None:
    unreachable = {"DRILLS_POSTGRES_URL": "postgresql://postgres@/postgres?host=/nonexistent"}
    shown = drills("run", "with_psycopg2", cwd=pg, env=unreachable)
    assert shown.returncode == 1
    assert "was skipped" in shown.stdout
    assert "Could not connect to the PostgreSQL server of DRILLS_POSTGRES_URL" in shown.stdout
    assert drills("run", "plain", cwd=pg, env=unreachable).returncode == 0


def test_after_the_runner_is_killed_the_next_run_recovers(pg: Path) -> None:
    runner = subprocess.Popen(
        [str(DRILLS), "run", "sleeps"],
        cwd=pg,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **NO_LINGER},
    )
    wait_for(lambda: server_up(pg) and (pg / ".drills/runs/.sleeps.running").exists(), 60)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    assert server_up(pg), "a killed runner leaves its server running"
    shown = drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout
    wait_for(lambda: not server_up(pg), seconds=10)


def start_sleeping_run(pg: Path) -> subprocess.Popen[bytes]:
    """`drills run sleeps`, whose check naps with its database, under a 1 s idle period."""
    return subprocess.Popen(
        [str(DRILLS), "run", "sleeps"],
        cwd=pg,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, LINGER_VARIABLE: "1"},
    )


@pytest.mark.slow
def test_a_killed_runner_cannot_keep_the_server_up_forever(pg: Path) -> None:
    """Its pid stays in the users list; the keeper prunes it and ends the idle period."""
    runner = start_sleeping_run(pg)
    wait_for(lambda: server_up(pg) and (pg / ".drills/runs/.sleeps.running").exists(), 60)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    wait_for(lambda: not server_up(pg), seconds=40)  # the drill's own 30 s timeout at most


@pytest.mark.slow
def test_a_runner_killed_while_its_server_still_starts_leaves_no_server_behind(
    pg: Path,
) -> None:
    """The run's child starts while the server does: the runner may die in between."""
    runner = start_sleeping_run(pg)
    wait_for(lambda: (pg / ".drills/runs/.sleeps.running").exists(), 60)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    time.sleep(3)  # a server that was still starting gets up meanwhile
    wait_for(lambda: not server_up(pg), seconds=40)
    shown = drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout + shown.stderr


@pytest.mark.slow
def test_a_killed_postmaster_and_its_stale_pid_file_are_recovered(pg: Path) -> None:
    ws = Workspace(pg)
    ws.runtime_dir.mkdir()
    provider = PostgresProvider(ws.runtime_dir)
    provider.ensure()
    postmaster = server(pg).postmaster_pid()
    assert postmaster is not None
    os.kill(postmaster, signal.SIGKILL)
    provider.close(linger=0)
    assert (server(pg).data / "postmaster.pid").exists()
    shown = drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER)  # at once: maybe a zombie
    assert shown.returncode == 0, shown.stdout
    assert not server_up(pg)


def test_two_runners_on_one_workspace_share_the_server(pg: Path) -> None:
    runners = [
        subprocess.Popen(
            [str(DRILLS), "run", name],
            cwd=pg,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **NO_LINGER},
        )
        for name in ("with_psycopg2", "isolated", "with_asyncpg", "probe")
    ]
    for runner in runners:
        output, _ = runner.communicate(timeout=120)
        assert runner.returncode == 0, output
    assert not server_up(pg)
    assert '"pids": []' in (pg / ".drills/pg/users.json").read_text()


@pytest.mark.slow
def test_data_from_another_major_version_is_set_aside(pg: Path) -> None:
    assert drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER).returncode == 0
    data = server(pg).data
    (data / "PG_VERSION").write_text("15\n")
    shown = drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout
    assert list(data.parent.glob("data-15-*"))
    assert (data / "PG_VERSION").read_text().strip() != "15"


@pytest.mark.slow
def test_a_workspace_path_with_a_space_and_a_long_name_works(tmp_path: Path) -> None:
    deep = tmp_path / "my drills" / ("a long folder name " * 4).strip()
    deep.mkdir(parents=True)
    workspace = copy_fixture("postgres", deep)
    shown = drills("run", "probe", cwd=workspace, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout + shown.stderr


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only as root")
def test_as_root_no_permission_of_a_folder_above_the_workspace_is_widened(
    tmp_path: Path,
) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    workspace = copy_fixture("postgres", private)
    before = private.stat().st_mode
    shown = drills("run", "with_psycopg2", cwd=workspace, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert private.stat().st_mode == before, "the folder stays closed to other users"


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only as root")
def test_as_root_the_server_of_a_deleted_workspace_goes_in_the_background(
    tmp_path: Path,
) -> None:
    homes = []
    for name in ("first", "second"):
        private = tmp_path / name
        private.mkdir(mode=0o700)
        homes.append(copy_fixture("postgres", private))
    state = homes[0] / ".drills" / "pg"
    assert drills("run", "with_psycopg2", cwd=homes[0], env=NO_LINGER).returncode == 0
    home = host.server_home(state, host.system_user())
    assert home != state and (home / "data" / "PG_VERSION").exists()
    shutil.rmtree(homes[0])

    shown = drills("run", "with_psycopg2", cwd=homes[1], env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert not home.exists(), (
        "the deleted workspace's server home is set aside when a server starts"
    )
    pattern = f"{host.TRASH_PREFIX}{home.name}-*"
    wait_for(lambda: not any(home.parent.glob(pattern)), seconds=60)


def test_the_server_files_go_to_memory_if_there_is_room_and_stay_on_disk_if_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / ".drills" / "pg"
    state.mkdir(parents=True)
    in_memory = memory.folder()
    if in_memory is not None:
        assert host.server_home(state, None).parent == in_memory
        monkeypatch.setattr(memory, "NEEDED", 1 << 62)  # more than any machine has
    assert host.server_home(state, None) == state, "no room in memory: the workspace"
    monkeypatch.undo()
    monkeypatch.setenv(memory.VARIABLE, "0")
    assert memory.folder() is None
    assert host.server_home(state, None) == state


@pytest.mark.slow
@pytest.mark.skipif(memory.folder() is None, reason="no file system in memory here")
def test_a_server_kept_on_disk_moves_into_memory_and_leaves_nothing_behind(
    pg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = pg / ".drills" / "pg"
    on_disk = {memory.VARIABLE: "0", LINGER_VARIABLE: "8"}
    assert drills("run", "with_psycopg2", cwd=pg, env=on_disk).returncode == 0
    monkeypatch.setenv(memory.VARIABLE, "0")
    disk = server(pg).data
    monkeypatch.undo()
    old_pid = int((disk / "postmaster.pid").read_text().split()[0])
    assert process_alive(old_pid), "the server on disk lingers"

    shown = drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert server(pg).data.parent.parent == memory.folder()
    assert not process_alive(old_pid), "the server on disk was stopped"
    assert not disk.exists(), "its files were set aside at once"

    def nothing_set_aside() -> bool:  # in the workspace, or (as root) beside its old home
        home = disk.parent
        return not any(state.glob(f"{host.TRASH_PREFIX}*")) and not any(
            home.parent.glob(f"{host.TRASH_PREFIX}{home.name}-*")
        )

    wait_for(nothing_set_aside, seconds=30)


def test_homes_of_deleted_workspaces_are_moved_aside_at_once_and_removed_later(
    tmp_path: Path,
) -> None:
    gone = tmp_path / "deleted-workspace" / ".drills" / "pg"
    home = Path(tempfile.gettempdir()) / f"{host.HOME_PREFIX}test{os.getpid()}"
    (home / "data").mkdir(parents=True)
    (home / host.HOME_OF).write_text(str(gone))
    (home / "data" / "base.dat").write_bytes(b"x" * 1000)
    host.set_aside_orphaned_homes()
    assert not home.exists()
    (trash,) = Path(tempfile.gettempdir()).glob(f"{host.TRASH_PREFIX}{home.name}-*")
    assert (trash / "data" / "base.dat").exists(), "nothing is deleted while a server starts"
    host.remove_set_aside()
    assert not trash.exists()


def test_a_broken_server_binary_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "postgres").write_text("#!/bin/sh\nexit 1\n")
    (fake / "postgres").chmod(0o755)
    with pytest.raises(Unavailable) as missing:
        _binary_major(fake)
    assert "do not run here" in missing.value.reason


def test_a_run_whose_server_is_still_starting_waits_for_it_and_gets_its_database(
    pg: Path,
) -> None:
    import psycopg2

    from persistence_drills.engine.fixtures import Databases

    state = pg / ".drills" / "pg"
    embedded = EmbeddedServer(state)
    environment = {
        settings.ADMIN_SETTING: embedded.url(),
        settings.PREFIX_SETTING: f"{settings.ours(settings.workspace_tag(state))}early_",
    }
    with pytest.raises(psycopg2.OperationalError):
        Databases(environment).take()  # no wait asked for: a missing server fails at once
    starter = threading.Timer(0.5, embedded.acquire)
    starter.start()
    databases = Databases({**environment, settings.WAIT_SETTING: "30"})
    try:
        name = databases.take()
        assert name.endswith("early_1")
    finally:
        starter.join()
        databases.close()
        embedded.release(0)


@pytest.mark.slow
def test_a_server_that_cannot_start_skips_the_drill_with_the_reason(pg: Path) -> None:
    assert drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER).returncode == 0
    with open(server(pg).data / "postgresql.conf", "a") as conf:
        conf.write("shared_buffers = 'plenty'\n")
    shown = drills("run", "with_psycopg2", cwd=pg, env=NO_LINGER)
    assert shown.returncode == 1, shown.stdout
    assert "was skipped" in shown.stdout
    assert "did not start" in shown.stdout and "shared_buffers" in shown.stdout
    assert not server_up(pg)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only as root")
def test_as_root_a_failing_useradd_is_unavailable_with_its_fix(pg: Path, tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "useradd").write_text("#!/bin/sh\necho 'useradd: cannot lock /etc/passwd' >&2\n"
                                   "exit 1\n")  # fmt: skip
    (tools / "useradd").chmod(0o755)
    env = {
        "PATH": f"{tools}:{os.environ['PATH']}",
        "DRILLS_PG_SYSTEM_USER": "drills_no_such_user",
        **NO_LINGER,
    }
    shown = drills("run", "with_psycopg2", cwd=pg, env=env)
    assert shown.returncode == 1
    assert "was skipped" in shown.stdout
    assert "cannot lock /etc/passwd" in shown.stdout
    assert "useradd --system drills_no_such_user" in shown.stdout


@pytest.mark.slow
def test_dev_check_on_a_catalog_with_postgres_drills_leaves_no_server(pg: Path) -> None:
    """Its throwaway workspace of solutions shares the catalog's server instead of starting
    one of its own that nobody would stop."""
    shutil.copytree(pg / "drills", pg / "solutions")
    drills("dev", "check", cwd=pg, env=NO_LINGER, timeout=300)
    assert (server(pg).data / "PG_VERSION").exists(), "the PostgreSQL drills ran"
    assert not server_up(pg)
    assert '"pids": []' in (pg / ".drills/pg/users.json").read_text()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[str]:
    """A second, separate server that the test starts itself: "the learner's own"."""
    own = EmbeddedServer(tmp_path / "own")
    (tmp_path / "own").mkdir()
    url = own.acquire().url
    try:
        yield url
    finally:
        own.release(0)


@pytest.mark.slow
def test_the_learners_own_server_only_sees_its_own_databases(
    pg: Path, own_server: str, tmp_path: Path
) -> None:
    url = own_server
    administer(url, "CREATE TABLE precious (id int)")
    administer(url, "INSERT INTO precious VALUES (42)")
    administer(url, "CREATE DATABASE app")

    def names() -> list[str]:
        """The server's databases, but for the ready ones its own keeper keeps for itself."""
        with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database ORDER BY datname")
            own = settings.ours(settings.workspace_tag(tmp_path / "own"))
            return [row[0] for row in cursor.fetchall() if not row[0].startswith(own)]

    before = names()
    for name in ("with_sqlalchemy", "isolated", "leaves_connections", "probe"):
        shown = drills("--postgres-url", url, "run", name, cwd=pg, env=NO_LINGER)
        assert shown.returncode == 0, shown.stdout
    shown = drills("run", "crashes", cwd=pg, env={"DRILLS_POSTGRES_URL": url, **NO_LINGER})
    assert shown.returncode == 1
    assert names() == before, "without an idle period, every database of ours is gone at once"
    with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id FROM precious")
        assert cursor.fetchall() == [(42,)]
    assert not (pg / ".drills/pg").exists(), "no embedded server was started"
    doctor = drills("doctor", cwd=pg, env={"DRILLS_POSTGRES_URL": url})
    assert "(DRILLS_POSTGRES_URL): connected" in doctor.stdout


@pytest.mark.slow
def test_on_the_learners_own_server_the_pool_works_and_goes_after_the_idle_period(
    pg: Path, own_server: str
) -> None:
    env = {"DRILLS_POSTGRES_URL": own_server, LINGER_VARIABLE: "2"}
    for _ in range(3):
        shown = drills("run", "probe", cwd=pg, env=env)
        assert shown.returncode == 0, shown.stdout

    provider = PostgresProvider(pg / ".drills", own_server)

    def ours() -> list[str]:
        with contextlib.closing(connect(own_server)) as connection, connection.cursor() as cur:
            return databases(cur, settings.ours(provider.tag))

    assert ours(), "ready and kept databases while the idle period lasts"
    wait_for(lambda: ours() == [], seconds=30)


@pytest.mark.slow
def test_doctor_reports_the_embedded_server_and_says_it_started_it(pg: Path) -> None:
    shown = drills("doctor", cwd=pg, env=NO_LINGER)
    assert shown.returncode == 0, shown.stdout
    home = host.server_home(pg / ".drills" / "pg", host.system_user())
    where = "in memory" if home.parent == memory.folder() else "on disk"
    said = " ".join(shown.stdout.split())  # the line may be wrapped
    assert f"(embedded server, its files {where}: {home}): connected; started for this" in said
    assert "PostgreSQL 1" in shown.stdout
    assert not server_up(pg)


@pytest.mark.slow
def test_a_watch_session_keeps_one_server_and_stops_it_on_quit(pg: Path) -> None:
    import pexpect

    assert drills("goto", "probe", cwd=pg).returncode == 0
    child = pexpect.spawn(
        str(DRILLS),
        cwd=str(pg),
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", **NO_LINGER},
    )
    child.expect("probe passes")
    first = server(pg).postmaster_pid()
    child.send("r")
    child.expect("run 2")
    child.expect("probe passes")
    assert server(pg).postmaster_pid() == first, "the same server serves every run"
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    wait_for(lambda: not server_up(pg), seconds=10)
