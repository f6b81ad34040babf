# mistake: moves the old save aside to a .bak and writes the new save directly at path, so for the
# whole write path is missing or half-written (a crash there leaves no loadable save).
# expect: save_game moved the old save away (save.json -> save.json.bak)
# expect: after a crash in the middle of a save, the previous save no longer loads
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
    backup = path.with_name(path.name + ".bak")
    had_old = path.exists()
    if had_old:
        os.replace(path, backup)  # keep the old save safe while writing
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(state.to_dict(), f)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        if had_old:
            os.replace(backup, path)  # put the old save back
        else:
            path.unlink(missing_ok=True)
        raise
    if had_old:
        backup.unlink()


def load_game(path: Path) -> GameState:
    with open(path, encoding="utf-8") as f:
        return GameState.from_dict(json.load(f))
