# mistake: writes a temporary file but then copies it over the save with shutil.copyfile, which
# rewrites the old file in place instead of moving a finished file into place.
# expect: the second save rewrote the old save file in place
# expect: save_game never moved a finished file onto save.json
from __future__ import annotations

import json
import os
import shutil
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
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(state.to_dict(), f)
            f.flush()
            os.fsync(f.fileno())
        shutil.copyfile(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load_game(path: Path) -> GameState:
    with open(path, encoding="utf-8") as f:
        return GameState.from_dict(json.load(f))
