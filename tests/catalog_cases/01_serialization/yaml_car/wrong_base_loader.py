# mistake: uses yaml.BaseLoader (everything a string) and converts the year, but BaseLoader ignores tags, so a !!python/tuple document is silently accepted instead of refused.
# expect: from_yaml accepted this document with a Python tag
# expect: read the text with yaml.safe_load
from __future__ import annotations

from dataclasses import dataclass, field

import yaml



@dataclass
class Car:
    make: str
    model: str
    year: int
    features: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            {"make": self.make, "model": self.model, "year": self.year, "features": self.features}
        )

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        # BaseLoader keeps every scalar a string: no type guessing at all
        data = yaml.load(text, Loader=yaml.BaseLoader)
        return cls(data["make"], data["model"], int(data["year"]), list(data.get("features", [])))
