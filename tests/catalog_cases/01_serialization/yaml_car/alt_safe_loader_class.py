# alternative: yaml.dump of asdict() with block style, read back with yaml.load and SafeLoader
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
        return yaml.dump(asdict(self), default_flow_style=False)

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.load(text, Loader=yaml.SafeLoader)
        if not isinstance(data, dict):
            raise ValueError("a car must be a YAML mapping")
        return cls(**data)
