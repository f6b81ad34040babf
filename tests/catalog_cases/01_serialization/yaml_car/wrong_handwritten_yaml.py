# mistake: writes the YAML by hand with an f-string, so "205" and "off" come back as a number and a boolean
# expect: Let yaml.safe_dump write the text
from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
        return cls(data["make"], data["model"], data["year"], data["features"] or [])
