# alternative: dumps with yaml.dump(..., Dumper=yaml.SafeDumper) keeping field order (sort_keys=False) and reads with yaml.load(..., Loader=yaml.SafeLoader), checking the document is a mapping.
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from dataclasses import asdict


@dataclass
class Car:
    make: str
    model: str
    year: int
    features: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        return yaml.dump(asdict(self), Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True)

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.load(text, Loader=yaml.SafeLoader)
        if not isinstance(data, dict):
            raise ValueError(f"expected a YAML mapping, got {type(data).__name__}")
        return cls(
            make=data["make"],
            model=data["model"],
            year=data["year"],
            features=list(data.get("features") or []),
        )
