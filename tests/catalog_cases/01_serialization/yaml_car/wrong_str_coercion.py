# mistake: writes YAML by hand and coerces with str() on reading, so model '900' works but features off/null come back as 'False'/'None'.
# expect: every value should keep its type
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
        lines = [f"make: {self.make}", f"model: {self.model}", f"year: {self.year}", "features:"]
        lines += [f"  - {feature}" for feature in self.features]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.safe_load(text)
        # YAML may read model 900 as a number: make sure the strings are strings
        return cls(
            str(data["make"]),
            str(data["model"]),
            int(data["year"]),
            [str(feature) for feature in data.get("features") or []],
        )
