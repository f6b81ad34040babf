# mistake: the missing-field message always lists all four fields, so it does not say which one is actually missing.
# expect: name the field that is missing, not all of them
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
        if not all(name in data for name in FIELDS):
            raise BookFormatError("a book needs the fields title, author, year and genres")
        if type(data["year"]) is not int:
            raise BookFormatError(f"year must be an integer, got {data['year']!r}")
        return cls(data["title"], data["author"], data["year"], data["genres"])
