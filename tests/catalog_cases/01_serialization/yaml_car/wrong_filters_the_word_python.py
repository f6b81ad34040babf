# mistake: refuses any text that mentions python, then loads with yaml.Loader: a tag written
# with a URI escape (%70ython) still reaches the unsafe loader
# expect: %70ython/object/apply
# expect: no search of the text can stop that
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
        """Return this car as a plain YAML mapping of make, model, year and features."""
        data = {
            "make": self.make,
            "model": self.model,
            "year": self.year,
            "features": self.features,
        }
        # safe_dump writes plain types only (it would refuse the Car itself) and quotes strings
        # such as "900" or "off" that YAML would otherwise read as a number or a boolean.
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        """Build a Car from YAML written by to_yaml, refusing any Python tag."""
        # safe_load raises yaml.YAMLError on any !!python tag instead of obeying it.
        if "python" in text.lower():
            raise ValueError("refusing a document with a Python tag")
        data = yaml.load(text, Loader=yaml.Loader)
        return cls(
            make=data["make"],
            model=data["model"],
            year=data["year"],
            features=data["features"],
        )
