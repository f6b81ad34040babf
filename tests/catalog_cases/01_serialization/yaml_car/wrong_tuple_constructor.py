# mistake: registers a constructor for !!python/tuple on the safe loader to 'support' tuples, so a document with a Python tag is accepted instead of refused.
# expect: from_yaml accepted this document with a Python tag
from __future__ import annotations

from dataclasses import dataclass, field

import yaml



class CarLoader(yaml.SafeLoader):
    """A safe loader that also understands tuples."""


CarLoader.add_constructor(
    "tag:yaml.org,2002:python/tuple",
    lambda loader, node: tuple(loader.construct_sequence(node)),
)


@dataclass
class Car:
    make: str
    model: str
    year: int
    features: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            {"make": self.make, "model": self.model, "year": self.year, "features": self.features}
        )

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.load(text, Loader=CarLoader)
        return cls(data["make"], data["model"], data["year"], list(data.get("features", [])))
