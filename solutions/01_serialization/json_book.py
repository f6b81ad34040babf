"""Book to JSON and back.

Give `Book` two methods: `to_json()` returns the book as a JSON object with exactly the keys
"title", "author", "year" and "genres" (year a JSON number, genres a JSON list of strings), and
the classmethod `Book.from_json(text)` builds a Book from such a text. When the text is not a
valid book, `from_json` raises `BookFormatError` (defined below, a kind of ValueError) with a
message that says what is wrong. Not a valid book means: the text is not JSON at all; the JSON
is not an object (`42`, `null`, a string or a list is not a book); one of the four fields is
missing (all four are required, `genres` too although the dataclass gives it a default; the
message names the missing field); or "year" is not an integer (`"1965"`, `1965.0`, `true` and
`null` are not; the message says that year is wrong).

JSON is the lingua franca of files and APIs: any language can read it, and a person can read it
too. But it knows only objects, arrays, strings, numbers, booleans and null, so your code
decides how a Book maps onto those, and it must check what it reads back, because a file can
be edited by hand, truncated, or written by an older program. Callers of `from_json` then
handle one error type, whatever went wrong underneath.

Concept: explicit serialization to a portable format; validating input at the boundary; turning
low-level errors (json.JSONDecodeError, KeyError) into your own.

Done when: `to_json` gives a JSON object with exactly the four keys and an integer year,
`Book.from_json(book.to_json())` equals `book`, and each kind of bad text listed above raises
`BookFormatError`, never another exception.
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
import itertools
import json

import pytest

DUNE = Book("Dune", "Frank Herbert", 1965, ["science fiction", "adventure"])
FIELDS = ("title", "author", "year", "genres")
VALID = {"title": "Dune", "author": "Frank Herbert", "year": 1965, "genres": ["adventure"]}


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


def format_error(text: str, fix: str) -> BookFormatError:
    """The BookFormatError that Book.from_json(text) raises; `fix` says what to do if not."""
    try:
        result = Book.from_json(text)
    except BookFormatError as error:
        assert str(error).strip(), (
            f"from_json({text!r}) raised BookFormatError with an empty message: "
            "say what is wrong, e.g. BookFormatError(f'...')"
        )
        return error
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"from_json({text!r}) let a {type(error).__name__} escape ({error}): {fix}, "
            "and raise BookFormatError"
        ) from error
    pytest.fail(f"from_json({text!r}) returned {result!r}; {fix} and raise BookFormatError")


def without(name: str) -> str:
    """A valid book's JSON text with the field `name` left out."""
    return json.dumps({key: value for key, value in VALID.items() if key != name})


def test_to_json_writes_exactly_the_four_fields() -> None:
    keys = set(decoded(DUNE))
    expected = set(FIELDS)
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


@pytest.mark.parametrize("text", ['{"title": "Dune", "author": ', ""], ids=["cut_short", "empty"])
def test_text_that_is_not_json_raises_book_format_error(text: str) -> None:
    format_error(text, "catch json.JSONDecodeError around json.loads")


@pytest.mark.parametrize(
    "text",
    ["42", "null", '"title author year genres"', '["title", "author", "year", "genres"]'],
    ids=["number", "null", "string", "list"],
)
def test_json_that_is_not_an_object_raises_book_format_error(text: str) -> None:
    format_error(text, "check that the decoded value is a dict before you look for fields")


@pytest.mark.parametrize("name", FIELDS)
def test_a_missing_field_raises_book_format_error_naming_it(name: str) -> None:
    fix = f"check that {name!r} is in the object"
    if name == "genres":
        fix += " (all four fields are required, genres too although the dataclass has a default)"
    error = format_error(without(name), fix)
    assert name in str(error), (
        f"{name!r} is missing and the error message {str(error)!r} does not name it"
    )


def test_the_message_says_which_field_is_missing() -> None:
    messages = {name: str(format_error(without(name), "check every field")) for name in FIELDS}
    for first, second in itertools.combinations(FIELDS, 2):
        assert messages[first] != messages[second], (
            f"from_json gives the same message, {messages[first]!r}, whether {first!r} or "
            f"{second!r} is missing: name the field that is missing, not all of them"
        )


NOT_YEARS = {
    '"1965"': "a string is not a year, even one of digits: do not convert it with int()",
    "1965.5": "a float is not a year",
    "1965.0": "a float is not a year, even a whole one",
    "true": "a JSON true is a Python bool, and isinstance(True, int) is True: check "
    "type(year) is int",
    "null": "null is not a year",
}


@pytest.mark.parametrize("year", NOT_YEARS, ids=["string", "float", "whole_float", "bool", "null"])
def test_a_year_that_is_not_an_integer_raises_book_format_error(year: str) -> None:
    text = f'{{"title": "Dune", "author": "Frank Herbert", "year": {year}, "genres": []}}'
    error = format_error(text, NOT_YEARS[year])
    assert "year" in str(error), f"the error message {str(error)!r} should say that year is wrong"
