"""Car to YAML and back, loaded safely.

Give `Car` two methods: `to_yaml()` returns the car as a plain YAML mapping with the keys make,
model, year and features (year an integer, features a list of strings), and the classmethod
`Car.from_yaml(text)` builds a Car from such a text. Use PyYAML (`import yaml`). `from_yaml`
reads plain data only: a document carrying a Python tag such as `!!python/tuple` or
`!!python/object/apply:...` is refused with an error (letting through the `yaml.YAMLError`
that a safe loader raises is fine).

YAML is a friendlier-looking cousin of JSON, popular for configuration files that people edit.
PyYAML can also store any Python object, through `!!python/...` tags, and that is the trap:
`yaml.dump(car)` writes such a tag, and a loader that honours tags (`yaml.load` with
`yaml.Loader`, or `yaml.unsafe_load`) creates any object and calls any function the file names,
so whoever wrote the file runs code in your program. `yaml.safe_load` builds plain data only:
dicts, lists, strings, numbers, booleans, None and dates. A second trap: YAML guesses types, so
`model: 900` reads as a number and `off` as a boolean. Let PyYAML write the text and it quotes
such strings for you.

Concept: safe deserialization; plain data as the file format; YAML's implicit typing.

Done when: `to_yaml` writes plain YAML without any `!!python` tag, `Car.from_yaml(car.to_yaml())`
equals `car` (strings that look like numbers or booleans included), and documents with Python
tags are refused without creating the objects they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass
class Car:
    make: str
    model: str
    year: int
    features: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        """Return this car as a plain YAML mapping of make, model, year and features."""
        # TODO: build a dict of the four fields and dump that dict (not the Car) as YAML.
        raise NotImplementedError

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        """Build a Car from YAML written by to_yaml, refusing any Python tag."""
        # TODO: read the text with a loader that builds plain data only, then build the Car.
        raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import pytest
import yaml

SAAB = Car("Saab", "900", 1987, ["sunroof", "heated seats"])


class Intruder:
    """A class that a YAML file should never be able to create."""

    created = 0

    def __init__(self) -> None:
        Intruder.created += 1


def test_to_yaml_writes_plain_yaml_without_python_tags() -> None:
    text = SAAB.to_yaml()
    assert isinstance(text, str), f"to_yaml returned a {type(text).__name__}, not the YAML text"
    assert "!!python" not in text, (
        "to_yaml wrote a !!python tag, which only an unsafe loader can read: "
        f"dump a dict of the fields, not the Car object\n{text}"
    )
    data = yaml.safe_load(text)
    assert isinstance(data, dict) and set(data) == {"make", "model", "year", "features"}, (
        "to_yaml should write a mapping with exactly the keys make, model, year and "
        f"features\n{text}"
    )
    assert data == {
        "make": "Saab",
        "model": "900",
        "year": 1987,
        "features": ["sunroof", "heated seats"],
    }, (
        f"reading the YAML back gives {data}: every value should keep its type (model the "
        "string '900', year an int). Let yaml.safe_dump write the text; it quotes such strings"
    )


def test_round_trip_gives_an_equal_car() -> None:
    assert Car.from_yaml(SAAB.to_yaml()) == SAAB, (
        "Car.from_yaml(car.to_yaml()) should give back an equal Car"
    )


def test_strings_that_look_like_other_types_stay_strings() -> None:
    car = Car("Peugeot", "205", 1983, ["yes", "off", "null", "1.5"])
    loaded = Car.from_yaml(car.to_yaml())
    assert loaded == car, (
        f"{car} came back as {loaded}: YAML read text like 205 or off as a number or a "
        "boolean. Let yaml.safe_dump write the text; it quotes such strings"
    )


def test_a_document_cannot_create_python_objects() -> None:
    text = f"make: !!python/object/apply:{__name__}.Intruder []\nmodel: '900'\nyear: 1987\n"
    Intruder.created = 0
    try:
        Car.from_yaml(text)
    except NotImplementedError:
        raise
    except Exception:
        pass  # refusing the document is what we want; the check is below
    assert Intruder.created == 0, (
        "loading the document ran Intruder(), a class the file named: your loader builds any "
        "object (and calls any function) a file asks for. Use yaml.safe_load"
    )


def test_a_document_with_a_python_tag_is_refused() -> None:
    text = "make: Saab\nmodel: '900'\nyear: 1987\nfeatures: !!python/tuple [sunroof]\n"
    try:
        car = Car.from_yaml(text)
    except (yaml.YAMLError, ValueError):
        return
    pytest.fail(
        f"from_yaml accepted a document with a !!python/tuple tag and built {car}: "
        "read the text with yaml.safe_load, which refuses every Python tag"
    )
