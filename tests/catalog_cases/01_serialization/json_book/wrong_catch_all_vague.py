# mistake: one catch-all except turns every problem into a BookFormatError with the same vague message, so a missing field is not named.
# expect: 'title' is missing and the error message 'invalid book JSON' does not name it
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
            {"title": self.title, "author": self.author, "year": self.year, "genres": self.genres}
        )

    @classmethod
    def from_json(cls, text: str) -> Book:
        try:
            data = json.loads(text)
            if type(data["year"]) is not int:
                raise TypeError("year")
            return cls(data["title"], data["author"], data["year"], data["genres"])
        except Exception as error:
            raise BookFormatError("invalid book JSON") from error
