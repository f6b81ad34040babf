# mistake: cleans up in `except Exception:`, which KeyboardInterrupt (Ctrl-C) is not, so an
# interrupted save leaves its temporary file behind
# expect: after a save interrupted by Ctrl-C the folder should hold only save.json
# expect: KeyboardInterrupt is not an Exception, so `except Exception:` misses it
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
    except Exception:
        # The old save was never touched; only the half-written temporary file must go.
        temporary.unlink(missing_ok=True)
        raise


def load_game(path: Path) -> GameState:
    """Read a state written by save_game."""
    return GameState.from_dict(json.loads(path.read_text(encoding="utf-8")))
