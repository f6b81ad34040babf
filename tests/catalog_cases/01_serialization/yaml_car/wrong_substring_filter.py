# mistake: refuses documents by looking for the text '!!python' and then uses the unsafe loader, so the same tag written as !<tag:yaml.org,2002:python/...> or via a %TAG directive still runs code.
# expect: loading this document ran Intruder()
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
        return yaml.safe_dump(
            {"make": self.make, "model": self.model, "year": self.year, "features": self.features}
        )

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        if "!!python" in text:
            raise ValueError("refusing a YAML document with a Python tag")
        data = yaml.load(text, Loader=yaml.Loader)
        return cls(data["make"], data["model"], data["year"], data.get("features", []))
