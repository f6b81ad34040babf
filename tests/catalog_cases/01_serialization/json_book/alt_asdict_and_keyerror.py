# alternative: dataclasses.asdict for writing; reading catches KeyError/TypeError and re-raises
from __future__ import annotations

import json
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
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Book:
        try:
            data = json.loads(text)
            book = cls(data["title"], data["author"], data["year"], data["genres"])
        except json.JSONDecodeError as error:
            raise BookFormatError(f"invalid JSON: {error.msg}") from error
        except KeyError as error:
            raise BookFormatError(f"missing field: {error.args[0]}") from error
        except TypeError as error:
            raise BookFormatError("a book must be a JSON object") from error
        if not isinstance(book.year, int) or isinstance(book.year, bool):
            raise BookFormatError("year must be an integer")
        return book
