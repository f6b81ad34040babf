# mistake: reads with yaml.full_load, which still builds Python-only types such as tuples
# expect: from_yaml accepted this document with a Python tag
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
        return cls(**yaml.load(text, Loader=yaml.FullLoader))
