# mistake: tags the JSON with the class name, so the object has a key that is not a field
# expect: extra: ['type']
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
        return json.dumps({"type": type(self).__name__, **asdict(self)})

    @classmethod
    def from_json(cls, text: str) -> Book:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BookFormatError(str(error)) from error
        if not isinstance(data, dict):
            raise BookFormatError("not an object")
        for name in ("title", "author", "year", "genres"):
            if name not in data:
                raise BookFormatError(f"missing {name}")
        if type(data["year"]) is not int:
            raise BookFormatError("year must be an integer")
        return cls(data["title"], data["author"], data["year"], data["genres"])
