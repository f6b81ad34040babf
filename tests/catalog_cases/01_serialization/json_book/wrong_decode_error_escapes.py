# mistake: checks the fields but lets json.JSONDecodeError escape for text that is not JSON
# expect: let a JSONDecodeError escape
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


class BookFormatError(ValueError):
    """The text given to Book.from_json does not describe a book."""


@dataclass
class Book:
    title: str
    author: str
    year: int
    genres: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Book:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise BookFormatError("not an object")
        for name in ("title", "author", "year", "genres"):
            if name not in data:
                raise BookFormatError(f"missing {name}")
        if type(data["year"]) is not int:
            raise BookFormatError("year must be an integer")
        return cls(data["title"], data["author"], data["year"], data["genres"])
