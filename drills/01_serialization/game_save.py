"""A game save that survives a crash.

A game keeps its session in a `GameState` (player, level, score, position, inventory), which
already knows how to turn itself into plain JSON data and back (`to_dict`, `from_dict`). Write
the two functions that put it on disk:

- `save_game(state, path)` writes `state.to_dict()` as JSON to the file at `path`, safely:
  write the whole new save to a temporary file in the SAME folder as `path`, then move it over
  the old save with `os.replace(temporary, path)`.
- If anything fails before that move (the state cannot be encoded, the disk is full...),
  `save_game` deletes its temporary file and lets the error reach the caller (it raises). The
  previous save is then exactly as it was, and still loads.
- After a save, finished or failed, no temporary file is left: the folder holds only the save.
- `load_game(path)` reads a save back into a `GameState`.

Opening the save with `open(path, "w")` empties it at once; if the program then crashes, the
disk fills up or the encoder meets something it cannot write, the player is left with half a
file and their old save is gone too. `os.replace` swaps a finished file into place in one step
that cannot be seen half-done: anyone opening `path` finds the old save or the new one, never a
mix. That promise holds only inside one file system, which is why the temporary file goes next
to the target and not into the system's temp folder (a different disk, perhaps). Calling
`os.fsync` on the temporary file before the move makes the bytes reach the disk before the
swap, so a power cut cannot leave an empty file either; the checks cannot test that, but do it.

Concept: atomic file replacement (write to a temporary file, then rename); cleaning up after a
failure; never destroying good data while writing new data.

Done when: `load_game(path)` after `save_game(state, path)` gives an equal state; a second save
replaces the first by moving a new file into place (not by rewriting the old one); and a save
that fails halfway raises, leaves the previous save intact and loadable, and leaves no
temporary file behind. The checks make saves fail in two ways: a state whose inventory holds an
object JSON cannot encode, and a disk that fills up partway through the write.
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
    # TODO: choose a temporary file name in the same folder as `path`.
    # TODO: write json of state.to_dict() into it; flush and os.fsync before closing.
    # TODO: os.replace the temporary file over `path`.
    # TODO: if anything fails, delete the temporary file and re-raise the error.
    raise NotImplementedError


def load_game(path: Path) -> GameState:
    """Read a state written by save_game."""
    # TODO: read the JSON and rebuild the state with GameState.from_dict.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
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


def assert_previous_save_intact(path: Path, previous: GameState, what: str) -> None:
    assert path.exists(), f"after {what}, the previous save {path.name} is gone"
    try:
        loaded = load_game(path)
    except NotImplementedError:
        raise
    except Exception as error:
        pytest.fail(
            f"after {what}, the previous save no longer loads ({type(error).__name__}: "
            f"{error}); the file now holds {path.stat().st_size} bytes of a half-written save. "
            "Write the new save to a temporary file and os.replace it over the old one only "
            "once it is complete"
        )
    assert loaded == previous, (
        f"after {what}, the save should still hold the previous state {previous}, found {loaded}"
    )


def test_load_gives_back_the_saved_state(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save_game(early_game(), path)
    loaded = load_game(path)
    assert isinstance(loaded, GameState), f"load_game returned a {type(loaded).__name__}"
    assert loaded == early_game(), (
        "load_game(path) after save_game(state, path) should give an equal state"
    )


def test_the_save_file_is_the_state_as_json(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save_game(early_game(), path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        pytest.fail("the save file is not JSON text: write state.to_dict() with the json module")
    assert data == early_game().to_dict(), (
        f"the save file should hold state.to_dict() as JSON, found {data}"
    )


def test_a_second_save_replaces_the_first(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save_game(early_game(), path)
    save_game(late_game(), path)
    assert load_game(path) == late_game(), "after two saves, load_game should give the second state"


def test_a_save_moves_a_new_file_into_place(tmp_path: Path) -> None:
    path = save_folder(tmp_path) / "save.json"
    save_game(early_game(), path)
    first_file = path.stat().st_ino
    save_game(late_game(), path)
    # A finished file renamed over the old one is a different file (a new inode); writing
    # into the old file keeps its inode.
    second_file = path.stat().st_ino
    assert second_file != first_file, (
        "the second save rewrote the old save file in place: write the new save to a "
        "temporary file next to it, then os.replace(temporary, path)"
    )


def test_the_temporary_file_is_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_folder(tmp_path) / "save.json"
    moves: list[tuple[str, str]] = []
    for name in ("replace", "rename"):
        original = getattr(os, name)

        def spy(
            source: Any, target: Any, *args: Any, _original: Any = original, **kwargs: Any
        ) -> None:
            moves.append((os.fspath(source), os.fspath(target)))
            _original(source, target, *args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    save_game(early_game(), path)
    save_folder_path = path.resolve().parent
    for source, target in moves:
        if Path(target).resolve() == path.resolve():
            temporary_folder = Path(source).resolve().parent
            assert temporary_folder == save_folder_path, (
                f"the temporary file {source} is not in the save's folder {path.parent}: "
                "os.replace is only atomic within one file system, so create the temporary "
                "file next to the save (e.g. dir=path.parent)"
            )


def test_a_successful_save_leaves_only_the_save_file(tmp_path: Path) -> None:
    folder = save_folder(tmp_path)
    save_game(early_game(), folder / "save.json")
    save_game(late_game(), folder / "save.json")
    assert files_in(folder) == ["save.json"], (
        f"after saving, the folder should hold only save.json, found {files_in(folder)}"
    )


def test_a_state_that_cannot_be_encoded_keeps_the_previous_save(tmp_path: Path) -> None:
    folder = save_folder(tmp_path)
    path = folder / "save.json"
    save_game(early_game(), path)
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
    save_game(early_game(), path)
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
