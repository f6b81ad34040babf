"""The operating system's side of the embedded server: processes, paths, and running as root.

PostgreSQL refuses to run as root. As root (CI, containers) the server runs as a system user
of its own, created on first use; its files must then live where that user can reach them
without widening anybody's permissions: inside the workspace if every folder above it is
already open to others, else in a folder of its own under the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import IO

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
    """Where the server's data and socket live: the state folder, unless `owner` cannot reach it."""
    if owner is None or _reachable_by_others(state_dir.parent):
        return state_dir
    tag = hashlib.sha1(str(state_dir.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"{HOME_PREFIX}{tag}"


def claim_home(home: Path, state_dir: Path) -> None:
    """Note which workspace a home outside it serves, so that it can go with the workspace."""
    if home != state_dir:
        (home / HOME_OF).write_text(str(state_dir.resolve()), encoding="utf-8")


def orphaned_homes() -> list[Path]:
    """Homes outside their workspace whose workspace is gone (deleted with its server data)."""
    found = []
    for home in Path(tempfile.gettempdir()).glob(f"{HOME_PREFIX}*"):
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
        with contextlib.suppress(OSError):
            home.rename(home.with_name(f"{TRASH_PREFIX}{home.name}-{secrets.token_hex(4)}"))


def remove_set_aside() -> None:
    for trash in Path(tempfile.gettempdir()).glob(f"{TRASH_PREFIX}*"):
        shutil.rmtree(trash, ignore_errors=True)


def _reachable_by_others(folder: Path) -> bool:
    return all(os.stat(part).st_mode & stat.S_IXOTH for part in [folder, *folder.parents])


def own_folder(path: Path, owner: str | None) -> None:
    """Create `path` (mode 0700), owned by `owner` when running as root."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if owner is not None:
        shutil.chown(path, owner, owner)


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
