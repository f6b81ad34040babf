# mistake: from_yaml reads with yaml.load(..., Loader=yaml.Loader), which honours !!python tags and runs whatever the file names.
# expect: loading this document ran Intruder()
# expect: Use yaml.safe_load
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
        data = yaml.load(text, Loader=yaml.Loader)
        return cls(data["make"], data["model"], data["year"], data.get("features", []))
