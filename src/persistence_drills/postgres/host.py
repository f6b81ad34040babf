"""The operating system's side of the embedded server: processes, paths, and running as root.

Where the server's files live (server_home): in memory where the system has room for them, as
test setups keep their throwaway servers, because every check's fresh database is a few
hundred new files and every dropped one as many deleted (memory.py says what that costs on a
disk). Without room in memory the files stay in the workspace.

PostgreSQL refuses to run as root. As root (CI, containers) the server runs as a system user
of its own, created on first use; its files must then live where that user can reach them
without widening anybody's permissions: in memory, or inside the workspace if every folder
above it is already open to others, else in a folder of its own under the temporary folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import IO
from urllib.parse import quote

from persistence_drills import memory, trash
from persistence_drills.postgres.settings import URL_VARIABLE
from persistence_drills.requirements import Unavailable

SYSTEM_USER = "drills_postgres"
SYSTEM_USER_VARIABLE = "DRILLS_PG_SYSTEM_USER"  # another name for it, if an admin prefers one
SOCKET_PATH_LIMIT = 100  # a Unix socket's path must stay under ~104 bytes on every platform


def alive(pid: int) -> bool:
    """A running process (a zombie, dead but not yet reaped, does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover - e.g. Windows with a pid that was never ours
        return False
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): kill(0) is the best answer there is
    return status.rsplit(")", 1)[-1].split()[0] != "Z"


def system_user() -> str | None:
    """None normally; as root, the unprivileged user the server runs as (created if needed)."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    import pwd

    user = os.environ.get(SYSTEM_USER_VARIABLE) or SYSTEM_USER
    try:
        pwd.getpwnam(user)
        return user
    except KeyError:
        pass
    command = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
    try:
        subprocess.run([*command, user], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = (getattr(error, "stderr", "") or str(error)).strip().splitlines()
        raise Unavailable(
            "PostgreSQL cannot run as root, and the runner could not create the system user "
            f"{user} for it ({detail[-1] if detail else 'useradd failed'}).",
            f"Create it yourself (useradd --system {user}), run drills as a normal user, "
            f"or set {URL_VARIABLE} to a server of your own.",
        ) from None
    return user


HOME_PREFIX = "drills-pg-"
HOME_OF = "workspace"  # in a home outside the workspace: the state folder it serves
TRASH_PREFIX = ".drills-pg-trash-"  # homes of deleted workspaces, until the keeper removes them


def server_home(state_dir: Path, owner: str | None) -> Path:
    """Where the server's data and socket live: in memory if there is room, else the state
    folder, unless `owner` cannot reach it."""
    in_memory = memory.folder()
    if in_memory is not None:
        home = in_memory / _home_name(state_dir)
        # Once there, it stays (one server, one home), whatever room is left; a server with
        # its pool takes 50-200 MB.
        if home.exists() or memory.has_room(in_memory):
            return home
    if owner is None or _reachable_by_others(state_dir.parent):
        return state_dir
    return Path(tempfile.gettempdir()) / _home_name(state_dir)


def server_url(state_dir: Path) -> str:
    """The libpq URI of the maintenance database of the embedded server of `state_dir`."""
    socket = quote(str(socket_folder(server_home(state_dir, system_user()))), safe="")
    return f"postgresql://postgres@/postgres?host={socket}&port=5432"


def other_homes(state_dir: Path, home: Path) -> list[Path]:
    """Where this workspace's server lived before, if not `home` (memory had no room, or
    the files were kept on disk)."""
    candidates = [state_dir, Path(tempfile.gettempdir()) / _home_name(state_dir)]
    return [c for c in candidates if c != home and (c / "data").is_dir()]


def _home_name(state_dir: Path) -> str:
    return HOME_PREFIX + hashlib.sha1(str(state_dir.resolve()).encode()).hexdigest()[:12]


def home_folders() -> list[Path]:
    """Every folder that homes outside their workspace may be in."""
    return [*filter(None, [memory.folder()]), Path(tempfile.gettempdir())]


def claim_home(home: Path, state_dir: Path) -> None:
    """Note which workspace a home outside it serves, so that it can go with the workspace."""
    if home != state_dir:
        (home / HOME_OF).write_text(str(state_dir.resolve()), encoding="utf-8")


def orphaned_homes() -> list[Path]:
    """Homes outside their workspace whose workspace is gone (deleted with its server data)."""
    found = []
    homes = [home for folder in home_folders() for home in folder.glob(f"{HOME_PREFIX}*")]
    for home in homes:
        try:
            served = Path((home / HOME_OF).read_text(encoding="utf-8"))
        except OSError:
            continue
        if not served.exists():
            found.append(home)
    return found


def set_aside_orphaned_homes() -> None:
    """Stop the servers of deleted workspaces and move their homes aside, at once: deleting
    a home's hundred megabytes takes seconds, which nobody should wait for (the keeper does
    it, remove_set_aside)."""
    for home in orphaned_homes():
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((home / "data" / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGKILL)
        set_aside(home)


def set_aside(path: Path) -> None:
    """Move a server's files out of the way at once, for remove_set_aside to delete later."""
    trash.set_aside(path, TRASH_PREFIX)


def remove_set_aside(*more: Path) -> None:
    """Delete what was set aside in the folders homes live in, and in `more`."""
    for folder in [*home_folders(), *more]:
        trash.remove(folder, TRASH_PREFIX)


def _reachable_by_others(folder: Path) -> bool:
    return all(os.stat(part).st_mode & stat.S_IXOTH for part in [folder, *folder.parents])


def own_folder(path: Path, owner: str | None) -> None:
    """Create `path` (mode 0700), owned by `owner` when running as root. A folder somebody
    else made first (in /dev/shm, anybody may) is refused: Unavailable."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if owner is not None:
        shutil.chown(path, owner, owner)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or (owner is None and info.st_uid != os.getuid()):
        raise Unavailable(
            f"The embedded PostgreSQL server cannot use {path}: somebody else owns it.",
            f"Remove it, or set {memory.VARIABLE}=0 or {URL_VARIABLE} to a server of your own.",
        )


def socket_folder(home: Path) -> Path:
    """The folder for the server's Unix socket; deep workspaces get a short one instead."""
    here = home / "socket"
    if len(str(here / ".s.PGSQL.5432")) < SOCKET_PATH_LIMIT:
        return here
    tag = hashlib.sha1(str(home.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"drills-pgs-{tag}"


def run(command: list[str], owner: str | None, what: str) -> str:
    """Run a server tool to completion; any failure is Unavailable, with its own words."""
    try:
        done = subprocess.run(
            command,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
            user=owner,
            group=owner,
            stdin=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = (getattr(error, "stderr", "") or str(error)).strip()
        raise Unavailable(
            f"The embedded PostgreSQL server could not {what}: {detail[:300] or 'no reason given'}",
            f"Delete .drills/pg and try again, or set {URL_VARIABLE} to a server of your own.",
        ) from None
    return done.stdout


def spawn(command: list[str], owner: str | None, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start a long-lived server process in a session of its own, detached from ours."""
    return subprocess.Popen(
        command,
        user=owner,
        group=owner,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        close_fds=True,
    )
