# mistake: dumps the Car object itself, which writes a !!python/object tag, and loads with yaml.Loader
# expect: to_yaml wrote a !!python tag
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
        return yaml.dump(self)

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        return yaml.load(text, Loader=yaml.Loader)
