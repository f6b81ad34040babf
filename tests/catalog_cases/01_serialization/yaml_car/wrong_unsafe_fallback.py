# mistake: falls back to yaml.unsafe_load when safe_load refuses a document (for 'older files'), which re-opens the code-execution hole.
# expect: loading this document ran Intruder()
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
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            # older versions of the program wrote tags; still read those files
            data = yaml.unsafe_load(text)
        return cls(data["make"], data["model"], data["year"], list(data.get("features", [])))
