"""A game save that survives a crash.

A game keeps its session in a `GameState` (player, level, score, position, inventory), which
already knows how to turn itself into plain JSON data and back (`to_dict`, `from_dict`). Write
the two functions that put it on disk:

- `save_game(state, path)` writes `state.to_dict()` as JSON to the file at `path`, safely:
  write the whole new save to a temporary file in the SAME folder as `path`, `flush()` it and
  `os.fsync()` it, then move it over the old save with `os.replace(temporary, path)`. The old
  save itself is never opened for writing, emptied or moved away.
- If anything fails before that move (the state cannot be encoded, the disk is full, the
  player presses Ctrl-C...), `save_game` deletes its temporary file and lets the error itself
  reach the caller (it raises). The previous save is then exactly as it was, and still loads.
- After a save, finished or failed, no temporary file is left: the folder holds only the save.
- `load_game(path)` reads a save back into a `GameState`.
- Both functions close every file they open, and so does a save that fails (a `with` block;
  the descriptor `tempfile.mkstemp` returns is open too). A game saves many times a session,
  and on Windows an open file cannot be replaced or deleted.

Opening the save with `open(path, "w")` empties it at once; if the program then crashes, the
disk fills up or the encoder meets something it cannot write, the player is left with half a
file and their old save is gone too. A crash runs no `except` block, so putting the old save
back afterwards is no cure. `os.replace` swaps a finished file into place in one step that
cannot be seen half-done: anyone opening `path` finds the old save or the new one, never a
mix. That promise holds only inside one file system, which is why the temporary file goes next
to the target and not into the system's temp folder (a different disk, perhaps). `os.fsync` on
the temporary file before the move makes its bytes reach the disk before the swap, so a power
cut cannot leave an empty file either; `flush()` comes first, or the end of the file is still
in Python's buffer, where `os.fsync` cannot see it.

Concept: atomic file replacement (write to a temporary file, then rename); cleaning up after a
failure; never destroying good data while writing new data.

Done when: `load_game(path)` after `save_game(state, path)` gives an equal state; a second save
replaces the first by moving a new, complete and fsynced file into place with `os.replace`
(never by rewriting the old one or moving it away); a save that fails halfway raises, leaves
the previous save intact and loadable, and leaves no temporary file behind; and no file is
left open. The checks make saves fail in four ways: a state whose inventory holds an object
JSON cannot encode, a disk that fills up partway through the write, a `KeyboardInterrupt`
(Ctrl-C) during `os.fsync`, and a crash partway through the write (the process dies on the
spot). They watch `os.fsync` and `os.replace` to see what was synced and moved, and in what
order.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class GameState:
    player: str
    level: int
    score: int
    position: tuple[float, float]  # (x, y) on the level's map
    inventory: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """This state as plain JSON data; the position becomes an [x, y] list."""
        return {
            "player": self.player,
            "level": self.level,
            "score": self.score,
            "position": list(self.position),
            "inventory": list(self.inventory),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameState:
        """Rebuild a state from the data to_dict returns."""
        x, y = data["position"]
        return cls(
            player=data["player"],
            level=data["level"],
            score=data["score"],
            position=(x, y),
            inventory=list(data["inventory"]),
        )


def save_game(state: GameState, path: Path) -> None:
    """Write `state` to `path` as JSON, replacing any earlier save in one atomic step."""
    # Next to the target, so that os.replace stays on one file system. A fixed name is enough
    # while one program saves one game at a time.
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("w", encoding="utf-8") as file:
            json.dump(state.to_dict(), file, indent=2)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        # The old save was never touched; only the half-written temporary file must go.
        temporary.unlink(missing_ok=True)
        raise


def load_game(path: Path) -> GameState:
    """Read a state written by save_game."""
    return GameState.from_dict(json.loads(path.read_text(encoding="utf-8")))


# --- checks: these run on every save; do not edit below ---
import contextlib
import errno
import gc
import json
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest


def early_game() -> GameState:
    return GameState("Robin", 2, 1350, (12.5, -3.0), ["sword", "map"])


def late_game() -> GameState:
    # A long inventory makes this save several times bigger than the disk space the
    # failure checks allow, so a write of it is cut off partway.
    return GameState("Robin", 9, 98100, (40.0, 7.25), [f"gem {n}" for n in range(5000)])


class Sword:
    """Not an inventory item's name but an object: JSON has no way to write it."""


def save_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "saves"
    folder.mkdir()
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def save(state: GameState, path: Path) -> None:
    """save_game where it must succeed; an error it raises is explained."""
    try:
        save_game(state, path)
    except NotImplementedError:
        raise
    except Exception as error:
        problem = f"{type(error).__name__}: {error}"
        advice = "a save of a state JSON can encode, on a disk with room, must succeed"
        if isinstance(error, OSError) and isinstance(error.filename, (str, os.PathLike)):
            missing = Path(error.filename)
            problem = f"{type(error).__name__} ({error.strerror}: {missing.name})"
            if isinstance(error, FileNotFoundError) and missing.resolve() != path.resolve():
                advice = (
                    "once os.replace has moved the temporary file into place it is gone under "
                    "its own name: delete it only when the save fails"
                )
            if error.errno == errno.EXDEV:
                advice = (
                    f"the temporary file {missing.name} is not in the save's folder "
                    f"{path.parent}: os.replace cannot move a file from one file system to "
                    "another, so create the temporary file next to the save (e.g. dir=path.parent)"
                )
        raise AssertionError(f"save_game(state, {path.name}) raised {problem}; {advice}") from error


def load(path: Path) -> GameState:
    """load_game on a save that save_game wrote; an error it raises is explained."""
    try:
        return load_game(path)
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"load_game({path.name}) raised {type(error).__name__}: {error} on the file "
            "save_game wrote; read the JSON and rebuild the state with GameState.from_dict"
        ) from error


@contextlib.contextmanager
def disk_full_after(size: int) -> Iterator[None]:
    """While active, no file may grow past `size` bytes: a write beyond fails with OSError."""
    resource = pytest.importorskip(
        "resource", reason="simulating a full disk needs the resource module (Linux, macOS)"
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def crash_when_the_disk_is_full(frame: FrameType, event: str, arg: Any) -> Any:
    """A trace function: the process dies the moment a write fails for want of space,
    before any except or finally block of the code that wrote can run."""
    if event == "call":
        frame.f_trace_lines = False
    elif event == "exception" and isinstance(arg[1], OSError) and arg[1].errno == errno.EFBIG:
        os._exit(70)
    return crash_when_the_disk_is_full


def assert_previous_save_intact(
    path: Path,
    previous: GameState,
    what: str,
    advice: str = "Write the new save to a temporary file and os.replace it over the old one "
    "only once it is complete",
) -> None:
    assert path.exists(), f"after {what}, the previous save {path.name} is gone. {advice}"
    try:
        loaded = load_game(path)
    except NotImplementedError:
        raise
    except Exception as error:
        pytest.fail(
            f"after {what}, the previous save no longer loads ({type(error).__name__}: "
            f"{error}); the file now holds {path.stat().st_size} bytes of a half-written save. "
            f"{advice}"
        )
    assert loaded == previous, (
        f"after {what}, the save should still hold the previous state {previous}, found {loaded}"
    )


@dataclass
class FileEvent:
    """An os.fsync of a file, or an os.replace/os.rename of one, as the spies saw it."""

    kind: str  # "sync" or "move"
    inode: int
    size: int  # bytes in the file at that moment
    source: str = ""
    target: str = ""


@pytest.fixture
def file_events(monkeypatch: pytest.MonkeyPatch) -> list[FileEvent]:
    """Every fsync and every move the code makes, in order. Path.replace, Path.rename and
    shutil.move call os.replace or os.rename."""
    events: list[FileEvent] = []
    for name in ("fsync", "fdatasync"):
        if hasattr(os, name):
            original_sync = getattr(os, name)

            def sync_spy(fd: Any, _original: Any = original_sync) -> None:
                info = os.fstat(fd if isinstance(fd, int) else fd.fileno())
                events.append(FileEvent("sync", info.st_ino, info.st_size))
                _original(fd)

            monkeypatch.setattr(os, name, sync_spy)
    for name in ("replace", "rename"):
        original_move = getattr(os, name)

        def move_spy(
            source: Any, target: Any, *args: Any, _original: Any = original_move, **kwargs: Any
        ) -> None:
            info = os.stat(source)
            _original(source, target, *args, **kwargs)
            events.append(
                FileEvent("move", info.st_ino, info.st_size, os.fspath(source), os.fspath(target))
            )

        monkeypatch.setattr(os, name, move_spy)
    return events


def moves_onto(path: Path, events: list[FileEvent]) -> list[FileEvent]:
    return [e for e in events if e.kind == "move" and Path(e.target).resolve() == path.resolve()]


@contextlib.contextmanager
def no_file_left_open(what: str) -> Iterator[None]:
    """Fails if the block leaves a file object unclosed or a file descriptor open."""

    def open_descriptors() -> int | None:
        for folder in ("/proc/self/fd", "/dev/fd"):
            if os.path.isdir(folder):
                return len(os.listdir(folder))
        return None

    before = open_descriptors()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()  # an unclosed file object is only reported when it is destroyed
    unclosed = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not unclosed, (
        f"{what} left a file open ({unclosed[0]}): open files in a `with` block so that "
        "they are closed, whatever happens"
    )
    after = open_descriptors()
    if before is not None and after is not None:
        assert after == before, (
            f"{what} left {after - before} file descriptor(s) open: a descriptor from os.open "
            "or tempfile.mkstemp stays open until you os.close it (or hand it to "
            "os.fdopen in a `with` block)"
        )


def test_load_gives_back_the_saved_state(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    loaded = load(path)
    assert isinstance(loaded, GameState), f"load_game returned a {type(loaded).__name__}"
    expected = early_game()
    wrong = [
        f"{name} is {getattr(loaded, name)!r} instead of {getattr(expected, name)!r}"
        for name in ("player", "level", "score", "position", "inventory")
        if getattr(loaded, name) != getattr(expected, name)
        or type(getattr(loaded, name)) is not type(getattr(expected, name))
    ]
    assert not wrong, (
        f"load_game(path) after save_game(state, path) should give an equal state, but "
        f"{'; '.join(wrong)}: rebuild the state with GameState.from_dict(data), which turns "
        "the JSON data back into the right types"
    )


def test_the_save_file_is_the_state_as_json(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        pytest.fail("the save file is not JSON text: write state.to_dict() with the json module")
    assert data == early_game().to_dict(), (
        f"the save file should hold state.to_dict() as JSON, found {data}"
    )


def test_a_second_save_replaces_the_first(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    save(late_game(), path)
    assert load(path) == late_game(), "after two saves, load_game should give the second state"


def test_a_save_moves_a_new_file_into_place(tmp_path: Path, file_events: list[FileEvent]) -> None:
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    first_file = path.stat().st_ino
    file_events.clear()
    save(late_game(), path)
    # A finished file renamed over the old one is a different file (a new inode); writing
    # into the old file keeps its inode.
    second_file = path.stat().st_ino
    assert second_file != first_file, (
        "the second save rewrote the old save file in place: write the new save to a "
        "temporary file next to it, then os.replace(temporary, path)"
    )
    for event in file_events:
        if Path(event.source).resolve() == path.resolve():
            pytest.fail(
                f"save_game moved the old save away ({path.name} -> {Path(event.target).name}): "
                "until the new one is complete there is no save at all, and a crash then "
                "loses both. Leave the old save where it is: os.replace(temporary, path) "
                "replaces it in one step"
            )
    assert moves_onto(path, file_events), (
        f"save_game never moved a finished file onto {path.name}: write the new save to a "
        "temporary file, then os.replace(temporary, path)"
    )


def test_the_temporary_file_is_in_the_same_folder(
    tmp_path: Path, file_events: list[FileEvent]
) -> None:
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    moves = moves_onto(path, file_events)
    assert moves, (
        f"save_game never moved a finished file onto {path.name}: write the new save to a "
        "temporary file, then os.replace(temporary, path)"
    )
    for move in moves:
        temporary_folder = Path(move.source).resolve().parent
        assert temporary_folder == path.resolve().parent, (
            f"the temporary file {move.source} is not in the save's folder {path.parent}: "
            "os.replace is only atomic within one file system, so create the temporary "
            "file next to the save (e.g. dir=path.parent)"
        )


def test_the_new_save_is_synced_to_disk_before_the_move(
    tmp_path: Path, file_events: list[FileEvent]
) -> None:
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    moves = moves_onto(path, file_events)
    assert moves, (
        f"save_game never moved a finished file onto {path.name}: write the new save to a "
        "temporary file, then os.replace(temporary, path)"
    )
    move = moves[-1]
    syncs = [e for e in file_events[: file_events.index(move)] if e.kind == "sync"]
    synced = [e for e in syncs if e.inode == move.inode]
    assert synced, (
        "save_game moved the temporary file into place without calling os.fsync on it "
        "first: the bytes may still be in the operating system's memory, and a power cut "
        "then leaves an empty save. Call os.fsync(file.fileno()) before os.replace"
    )
    assert max(e.size for e in synced) == move.size, (
        f"os.fsync ran when the temporary file held {max(e.size for e in synced)} of its "
        f"{move.size} bytes: the rest was still in Python's buffer, so it was not synced. "
        "Call file.flush() before os.fsync(file.fileno())"
    )


def test_a_successful_save_leaves_only_the_save_file(tmp_path: Path) -> None:
    folder = save_folder(tmp_path)
    save(early_game(), folder / "save.json")
    save(late_game(), folder / "save.json")
    assert files_in(folder) == ["save.json"], (
        f"after saving, the folder should hold only save.json, found {files_in(folder)}"
    )


def test_a_state_that_cannot_be_encoded_keeps_the_previous_save(tmp_path: Path) -> None:
    folder = save_folder(tmp_path)
    path = folder / "save.json"
    save(early_game(), path)
    broken = late_game()
    broken.inventory.append(Sword())  # a bug put the object, not its name, into the list
    try:
        save_game(broken, path)
    except Exception:
        pass  # the save had to fail; what matters is what it left behind
    else:
        pytest.fail(
            "save_game returned normally for a state holding a Sword object, which JSON "
            "cannot encode: let the error reach the caller so the game can say the save failed"
        )
    assert_previous_save_intact(path, early_game(), "a save that failed while encoding")
    assert files_in(folder) == ["save.json"], (
        f"after a failed save the folder should hold only save.json, found {files_in(folder)}: "
        "delete the temporary file when the save fails"
    )


def test_a_disk_that_fills_up_halfway_keeps_the_previous_save(tmp_path: Path) -> None:
    folder = save_folder(tmp_path)
    path = folder / "save.json"
    save(early_game(), path)
    try:
        with disk_full_after(4096):
            save_game(late_game(), path)
    except Exception:
        pass  # the disk was "full": the save had to fail
    else:
        pytest.fail(
            "save_game returned normally although writing the file failed with OSError "
            "(disk full): let the error reach the caller so the game can say the save failed"
        )
    assert_previous_save_intact(path, early_game(), "a save that failed halfway (disk full)")
    assert files_in(folder) == ["save.json"], (
        f"after a failed save the folder should hold only save.json, found {files_in(folder)}: "
        "delete the temporary file when the save fails"
    )


def test_a_save_interrupted_by_ctrl_c_cleans_up_and_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = save_folder(tmp_path)
    path = folder / "save.json"
    save(early_game(), path)
    interruptions: list[int] = []

    def interrupted(fd: Any) -> None:
        interruptions.append(1)
        raise KeyboardInterrupt  # the player pressed Ctrl-C while the save was being synced

    for name in ("fsync", "fdatasync"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, interrupted)
    try:
        save_game(late_game(), path)
    except KeyboardInterrupt:
        pass  # what matters is what the save left behind
    except Exception as error:
        raise AssertionError(
            f"save_game turned a KeyboardInterrupt into {type(error).__name__}: clean up, then "
            "let the error itself reach the caller (a bare `raise`)"
        ) from error
    else:
        if not interruptions:
            pytest.fail(
                "save_game never called os.fsync, so this check could not interrupt it: flush "
                "and fsync the temporary file before os.replace"
            )
        pytest.fail(
            "save_game returned normally although Ctrl-C (KeyboardInterrupt) interrupted it: "
            "let the error reach the caller"
        )
    monkeypatch.undo()
    assert_previous_save_intact(path, early_game(), "a save interrupted by Ctrl-C")
    assert files_in(folder) == ["save.json"], (
        f"after a save interrupted by Ctrl-C the folder should hold only save.json, found "
        f"{files_in(folder)}: KeyboardInterrupt is not an Exception, so `except Exception:` "
        "misses it. Clean up in `except BaseException:` (then `raise`) or in a `finally` block"
    )


def test_a_crash_in_the_middle_of_a_save_keeps_the_previous_save(tmp_path: Path) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("simulating a crash needs os.fork (Linux, macOS)")
    path = save_folder(tmp_path) / "save.json"
    save(early_game(), path)
    with disk_full_after(4096):
        game = os.fork()
        if game == 0:
            # The game's process: it dies partway through writing the save, as in a crash
            # or a power cut. No except or finally block of save_game runs.
            try:
                sys.settrace(crash_when_the_disk_is_full)
                save_game(late_game(), path)
            finally:
                os._exit(0)
        os.waitpid(game, 0)
    assert_previous_save_intact(
        path,
        early_game(),
        "a crash in the middle of a save",
        "A crash runs no except block: never write into, empty or move the old save; write "
        "the new one to a temporary file and os.replace it over the old one once complete",
    )


def test_saving_and_loading_close_every_file_they_open(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    with no_file_left_open("save_game"):
        save(early_game(), path)
        save(late_game(), path)
    with no_file_left_open("load_game"):
        load(path)
    broken = early_game()
    broken.inventory.append(Sword())
    with no_file_left_open("a save_game that failed"), contextlib.suppress(Exception):
        save_game(broken, path)
