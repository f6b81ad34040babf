# alternative: strict reading with structural pattern matching: validates every field's type (strings, int year that is not a bool, list of strings) and refuses unknown keys.
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
            {"title": self.title, "author": self.author, "year": self.year, "genres": list(self.genres)},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Book:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BookFormatError(f"not JSON: {error.msg} at position {error.pos}") from error
        if not isinstance(data, dict):
            raise BookFormatError(f"expected a JSON object, found a {type(data).__name__}")
        for name in FIELDS:
            if name not in data:
                raise BookFormatError(f"missing field {name!r}")
        extra = set(data) - set(FIELDS)
        if extra:
            raise BookFormatError(f"unknown field(s): {sorted(extra)}")
        match data:
            case {"year": bool() | float() | str() | None | list() | dict()}:
                raise BookFormatError(f"year must be an integer, got {data['year']!r}")
            case {"title": str(title), "author": str(author), "year": int(year), "genres": list(genres)} if all(
                isinstance(g, str) for g in genres
            ):
                return cls(title, author, year, genres)
            case _:
                raise BookFormatError("title and author must be strings, genres a list of strings")
