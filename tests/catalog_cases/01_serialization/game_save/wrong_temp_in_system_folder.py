# mistake: creates the temporary file in the system's temp folder, perhaps another file system
# expect: is not in the save's folder
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
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as file:
        temporary = Path(file.name)
        try:
            json.dump(state.to_dict(), file)
            file.flush()
            os.fsync(file.fileno())
        except BaseException:
            file.close()
            temporary.unlink()
            raise
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def load_game(path: Path) -> GameState:
    return GameState.from_dict(json.loads(path.read_text(encoding="utf-8")))
