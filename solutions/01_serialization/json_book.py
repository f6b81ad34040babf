"""Book to JSON and back.

Give `Book` two methods: `to_json()` returns the book as a JSON object with exactly the keys
"title", "author", "year" and "genres" (year a JSON number, genres a JSON list of strings), and
the classmethod `Book.from_json(text)` builds a Book from such a text. When the text is not a
valid book, `from_json` raises `BookFormatError` (defined below, a kind of ValueError) with a
message that says what is wrong. Not a valid book means: the text is not JSON at all, the JSON
is not an object, a field is missing (the message names it), or "year" is not an integer.

JSON is the lingua franca of files and APIs: any language can read it, and a person can read it
too. But it knows only objects, arrays, strings, numbers, booleans and null, so your code
decides how a Book maps onto those, and it must check what it reads back, because a file can
be edited by hand, truncated, or written by an older program. Callers of `from_json` then
handle one error type, whatever went wrong underneath.

Concept: explicit serialization to a portable format; validating input at the boundary; turning
low-level errors (json.JSONDecodeError, KeyError) into your own.

Done when: `to_json` gives a JSON object with exactly the four keys and an integer year,
`Book.from_json(book.to_json())` equals `book`, and each kind of bad text listed above raises
`BookFormatError`.
"""

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
            raise BookFormatError(f"not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise BookFormatError(f"expected a JSON object, got {type(data).__name__}")
        for name in ("title", "author", "year", "genres"):
            if name not in data:
                raise BookFormatError(f"missing field {name!r}")
        # Not isinstance(): True and False are ints in Python, but they are not years.
        if type(data["year"]) is not int:
            raise BookFormatError(f"year must be an integer, got {data['year']!r}")
        return cls(
            title=data["title"],
            author=data["author"],
            year=data["year"],
            genres=data["genres"],
        )


# --- checks: these run on every save; do not edit below ---
import json

import pytest

DUNE = Book("Dune", "Frank Herbert", 1965, ["science fiction", "adventure"])


def decoded(book: Book) -> dict[str, object]:
    """The JSON text written by book.to_json(), decoded."""
    text = book.to_json()
    assert isinstance(text, str), (
        f"to_json returned a {type(text).__name__}; it should return the JSON text (a str)"
    )
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        pytest.fail(f"to_json returned text that is not valid JSON: {text!r}")
    assert isinstance(data, dict), f"to_json should write a JSON object, not {text!r}"
    return data


def format_error(text: str) -> BookFormatError:
    """The BookFormatError that Book.from_json(text) raises; fail clearly if it raises none."""
    try:
        Book.from_json(text)
    except BookFormatError as error:
        return error
    except NotImplementedError:
        raise
    except Exception as error:
        pytest.fail(
            f"from_json({text!r}) let a {type(error).__name__} escape: "
            "catch it and raise BookFormatError instead"
        )
    pytest.fail(f"from_json({text!r}) returned a Book; it should raise BookFormatError")


def test_to_json_writes_exactly_the_four_fields() -> None:
    keys = set(decoded(DUNE))
    expected = {"title", "author", "year", "genres"}
    assert keys == expected, (
        f"the JSON object should have exactly the keys {sorted(expected)}; "
        f"extra: {sorted(keys - expected)}, missing: {sorted(expected - keys)}"
    )


def test_to_json_keeps_the_value_types() -> None:
    data = decoded(DUNE)
    assert type(data["year"]) is int, (
        f"year was written as {data['year']!r}; it should be a JSON number, not a string"
    )
    assert data["genres"] == ["science fiction", "adventure"], "genres should be a JSON list"
    assert data["title"] == "Dune"
    assert data["author"] == "Frank Herbert"


def test_round_trip_gives_an_equal_book() -> None:
    assert Book.from_json(DUNE.to_json()) == DUNE, (
        "Book.from_json(book.to_json()) should give back an equal Book"
    )


def test_round_trip_keeps_accents_and_an_empty_genre_list() -> None:
    book = Book("Cien años de soledad", "Gabriel García Márquez", 1967, [])
    assert Book.from_json(book.to_json()) == book


def test_text_that_is_not_json_raises_book_format_error() -> None:
    format_error('{"title": "Dune", "author": ')
    format_error("")


def test_json_that_is_not_an_object_raises_book_format_error() -> None:
    format_error('["Dune", "Frank Herbert", 1965, []]')


def test_a_missing_field_raises_book_format_error_naming_it() -> None:
    error = format_error('{"title": "Dune", "author": "Frank Herbert", "genres": []}')
    assert "year" in str(error), (
        f"the error message {str(error)!r} should name the missing field 'year'"
    )


def test_a_year_that_is_not_an_integer_raises_book_format_error() -> None:
    format_error('{"title": "Dune", "author": "Frank Herbert", "year": "1965", "genres": []}')
