# mistake: a missing genres field is silently treated as an empty list (the dataclass default) instead of raising BookFormatError naming it.
# expect: check that 'genres' is in the object (all four fields are required
from __future__ import annotations

import json
from dataclasses import dataclass, field


class BookFormatError(ValueError):
    """The text given to Book.from_json does not describe a book."""

REQUIRED = ("title", "author", "year")


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
        for name in REQUIRED:
            if name not in data:
                raise BookFormatError(f"missing field {name!r}")
        if type(data["year"]) is not int:
            raise BookFormatError(f"year must be an integer, got {data['year']!r}")
        # genres has a default in the dataclass, so an old file without it is fine
        return cls(data["title"], data["author"], data["year"], data.get("genres", []))
