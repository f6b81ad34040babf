# alternative: turns the KeyError/TypeError of direct indexing into BookFormatError (EAFP style) instead of checking keys first.
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
        except json.JSONDecodeError as error:
            raise BookFormatError(f"not valid JSON ({error})") from None
        if not isinstance(data, dict):
            raise BookFormatError("the JSON is not an object")
        try:
            book = cls(
                title=data["title"],
                author=data["author"],
                year=data["year"],
                genres=data["genres"],
            )
        except KeyError as error:
            raise BookFormatError(f"missing field: {error.args[0]}") from None
        if type(book.year) is not int:
            raise BookFormatError(f"year is not an integer: {book.year!r}")
        return book
