# mistake: writes every field as text, so year becomes the string "1965" in the file
# expect: it should be a JSON number, not a string
from __future__ import annotations

import json
from dataclasses import dataclass, field


class BookFormatError(ValueError):
    """The text given to Book.from_json does not describe a book."""


@dataclass
class Book:
    title: str
    author: str
    year: int
    genres: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {"title": self.title, "author": self.author, "year": str(self.year), "genres": self.genres}
        )

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
        try:
            year = int(data["year"])
        except ValueError as error:
            raise BookFormatError("bad year") from error
        return cls(data["title"], data["author"], year, data["genres"])
