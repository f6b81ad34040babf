# mistake: writes YAML by hand and puts every string in single quotes itself, which breaks (or changes) any value containing a quote such as "driver's airbag".
# expect: from_yaml could not read back what to_yaml wrote
# expect: Let yaml.safe_dump write the text
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
        # quote every string so YAML cannot guess another type
        lines = [f"make: '{self.make}'", f"model: '{self.model}'", f"year: {self.year}"]
        if self.features:
            lines.append("features:")
            lines += [f"  - '{feature}'" for feature in self.features]
        else:
            lines.append("features: []")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        data = yaml.safe_load(text)
        return cls(data["make"], data["model"], data["year"], data.get("features", []))
