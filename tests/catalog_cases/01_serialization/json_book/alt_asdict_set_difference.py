# alternative: uses dataclasses.asdict/fields, computes all missing fields with a set difference, and keeps non-ASCII text unescaped (ensure_ascii=False).
from __future__ import annotations

import json
from dataclasses import dataclass, field


class BookFormatError(ValueError):
    """The text given to Book.from_json does not describe a book."""

from dataclasses import asdict, fields


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
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            raise BookFormatError(f"not JSON: {error}") from error
        if not isinstance(data, dict):
            raise BookFormatError(f"a book is a JSON object, not a {type(data).__name__}")
        names = [f.name for f in fields(cls)]
        missing = [name for name in names if name not in data]
        if missing:
            raise BookFormatError(f"missing field(s): {', '.join(missing)}")
        if isinstance(data["year"], bool) or not isinstance(data["year"], int):
            raise BookFormatError(f"year should be an integer, not {data['year']!r}")
        return cls(**{name: data[name] for name in names})
