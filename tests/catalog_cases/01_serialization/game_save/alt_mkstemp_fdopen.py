# alternative: encodes to bytes first, then tempfile.mkstemp in the save folder and os.fdopen on the
# returned descriptor (binary), with a success flag and cleanup in finally.
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
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".part")
    done = False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(state.to_dict()).encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
        done = True
    finally:
        if not done:
            os.unlink(temporary)


def load_game(path: Path) -> GameState:
    return GameState.from_dict(json.loads(Path(path).read_bytes()))
