# mistake: writes plain YAML but reads it with yaml.unsafe_load, which obeys Python tags
# expect: loading this document ran Intruder()
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
        return yaml.safe_dump(asdict(self))

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.unsafe_load(text)
        return cls(data["make"], data["model"], data["year"], data.get("features", []))
