# mistake: writes str() of a dict, which is Python syntax (single quotes), not JSON
# expect: to_json returned text that is not valid JSON
from __future__ import annotations

import ast
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
        return str(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Book:
        try:
            data = ast.literal_eval(text)
        except (ValueError, SyntaxError) as error:
            raise BookFormatError(str(error)) from error
        if not isinstance(data, dict):
            raise BookFormatError("not an object")
        for name in ("title", "author", "year", "genres"):
            if name not in data:
                raise BookFormatError(f"missing {name}")
        if type(data["year"]) is not int:
            raise BookFormatError("year must be an integer")
        return cls(data["title"], data["author"], data["year"], data["genres"])
