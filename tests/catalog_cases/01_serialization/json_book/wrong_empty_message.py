# mistake: raises BookFormatError() with no message, so nobody learns what is wrong with the text
# expect: raised BookFormatError with an empty message: say what is wrong
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
        """Return this book as a JSON object with exactly the keys title, author, year, genres."""
        data = {
            "title": self.title,
            "author": self.author,
            "year": self.year,
            "genres": self.genres,
        }
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> Book:
        """Build a Book from the JSON text written by to_json.

        Raises BookFormatError if the text is not JSON, not an object, lacks a field,
        or has a year that is not an integer.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BookFormatError() from error
        if not isinstance(data, dict):
            raise BookFormatError(f"expected a JSON object, got {type(data).__name__}")
        for name in ("title", "author", "year", "genres"):
            if name not in data:
                raise BookFormatError()
        # Not isinstance(): True and False are ints in Python, but they are not years.
        if type(data["year"]) is not int:
            raise BookFormatError(f"year must be an integer, got {data['year']!r}")
        return cls(
            title=data["title"],
            author=data["author"],
            year=data["year"],
            genres=data["genres"],
        )
