# mistake: converts the year with int(), so a string year like "1965" is accepted instead of being refused.
# expect: a string is not a year, even one of digits: do not convert it with int()
from __future__ import annotations

import json
from dataclasses import dataclass, field


class BookFormatError(ValueError):
    """The text given to Book.from_json does not describe a book."""

FIELDS = ("title", "author", "year", "genres")


@dataclass
class Book:
    title: str
    author: str
    year: int
    genres: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {"title": self.title, "author": self.author, "year": self.year, "genres": self.genres}
        )

    @classmethod
    def from_json(cls, text: str) -> Book:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BookFormatError(f"not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise BookFormatError(f"expected a JSON object, got {type(data).__name__}")
        for name in FIELDS:
            if name not in data:
                raise BookFormatError(f"missing field {name!r}")
        try:
            year = int(data["year"])
        except (TypeError, ValueError) as error:
            raise BookFormatError(f"year must be an integer, got {data['year']!r}") from error
        return cls(data["title"], data["author"], year, data["genres"])
