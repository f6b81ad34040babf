# mistake: no check that the JSON is an object, so a JSON array makes data[name] raise a TypeError that escapes.
# expect: let a TypeError escape
# expect: check that the decoded value is a dict before you look for fields
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
        try:
            values = {name: data[name] for name in FIELDS}
        except KeyError as error:
            raise BookFormatError(f"missing field {error.args[0]!r}") from error
        if type(values["year"]) is not int:
            raise BookFormatError(f"year must be an integer, got {values['year']!r}")
        return cls(**values)
