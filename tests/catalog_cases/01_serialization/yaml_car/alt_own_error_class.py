# alternative: turns the safe loader's yaml.YAMLError into an error class of its own
from __future__ import annotations

from dataclasses import dataclass, field

import yaml


class CarFileError(Exception):
    """A YAML document that is not a plain car."""


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
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise CarFileError(f"not a plain YAML car: {error}") from error
        return cls(
            make=data["make"],
            model=data["model"],
            year=data["year"],
            features=data["features"],
        )
