# alternative: encodes first, then a unique tempfile.mkstemp file, os.fdopen and Path.replace
from __future__ import annotations

import json
import os
import tempfile
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
    text = json.dumps(state.to_dict())
    # mkstemp creates a new file with a name nobody else uses, in the folder we ask for.
    handle, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def load_game(path: Path) -> GameState:
    with path.open(encoding="utf-8") as file:
        return GameState.from_dict(json.load(file))
