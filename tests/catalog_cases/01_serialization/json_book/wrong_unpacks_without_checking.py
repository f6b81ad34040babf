# mistake: builds the Book with cls(**data), so a missing field escapes as TypeError and a
# string year is accepted
# expect: let a TypeError escape
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
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BookFormatError(str(error)) from error
        return cls(**data)
