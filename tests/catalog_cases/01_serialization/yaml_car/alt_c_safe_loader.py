# alternative: uses the libyaml C classes (CSafeDumper/CSafeLoader) when available, falling back to the pure-Python safe ones.
from __future__ import annotations

from dataclasses import dataclass, field

import yaml


SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class Car:
    make: str
    model: str
    year: int
    features: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        data = {"make": self.make, "model": self.model, "year": self.year, "features": list(self.features)}
        return yaml.dump(data, Dumper=SafeDumper)

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.load(text, Loader=SafeLoader)
        return cls(data["make"], data["model"], data["year"], data.get("features", []))
