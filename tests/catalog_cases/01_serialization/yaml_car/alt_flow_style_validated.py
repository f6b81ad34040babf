# alternative: writes the mapping in flow style ({make: Saab, ...}) with safe_dump and validates each field's type after safe_load, raising ValueError for a bad document.
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
            {"make": self.make, "model": self.model, "year": self.year, "features": self.features},
            default_flow_style=True,
        )

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise ValueError("a car document must be a mapping")
        make, model, year = data.get("make"), data.get("model"), data.get("year")
        features = data.get("features", [])
        if not (isinstance(make, str) and isinstance(model, str)):
            raise ValueError(f"make and model must be strings, got {make!r} and {model!r}")
        if type(year) is not int:
            raise ValueError(f"year must be an integer, got {year!r}")
        if not (isinstance(features, list) and all(isinstance(f, str) for f in features)):
            raise ValueError(f"features must be a list of strings, got {features!r}")
        return cls(make, model, year, features)
