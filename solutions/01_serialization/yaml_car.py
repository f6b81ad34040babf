"""Car to YAML and back, loaded safely.

Give `Car` two methods: `to_yaml()` returns the car as a plain YAML mapping with the keys make,
model, year and features (year an integer, features a list of strings), and the classmethod
`Car.from_yaml(text)` builds a Car from such a text. Use PyYAML (`import yaml`). `from_yaml`
reads plain data only: a document carrying a Python tag such as `!!python/tuple` or
`!!python/object/apply:...`, however the tag is spelled (YAML also writes it
`!<tag:yaml.org,2002:python/tuple>`, or through a `%TAG` directive), is refused: `from_yaml`
raises an exception instead of returning a Car (the `yaml.YAMLError` that a safe loader raises
will do, or an error of your own) and creates none of the objects the document names.

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
equals `car` (strings that look like numbers or booleans, or hold quotes, colons or `#`,
included), and documents with Python tags, in every spelling, are refused without creating the
objects they name.
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
        data = {
            "make": self.make,
            "model": self.model,
            "year": self.year,
            "features": self.features,
        }
        # safe_dump writes plain types only (it would refuse the Car itself) and quotes strings
        # such as "900" or "off" that YAML would otherwise read as a number or a boolean.
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    @classmethod
    def from_yaml(cls, text: str) -> Car:
        """Build a Car from YAML written by to_yaml, refusing any Python tag."""
        # safe_load raises yaml.YAMLError on any !!python tag instead of obeying it.
        data = yaml.safe_load(text)
        return cls(
            make=data["make"],
            model=data["model"],
            year=data["year"],
            features=data["features"],
        )


# --- checks: these run on every save; do not edit below ---
import pytest
import yaml

SAAB = Car("Saab", "900", 1987, ["sunroof", "heated seats"])


class Intruder:
    """A class that a YAML file should never be able to create."""

    created = 0

    def __init__(self) -> None:
        Intruder.created += 1


# One Python tag, spelled four ways: a loader that obeys tags obeys every spelling, and no
# search of the text for "!!python" (or even for "python") finds them all.
SPELLINGS = {
    "short": ("", "!!python/"),
    "verbatim": ("", "!<tag:yaml.org,2002:python/"),
    "tag_directive": ("%TAG !py! tag:yaml.org,2002:python/\n---\n", "!py!"),
    "escaped": ("", "!<tag:yaml.org,2002:%70ython/"),
}


def tagged(spelling: str, tag: str, rest: str) -> str:
    """`rest` with `{tag}` replaced by the Python tag `tag`, written in the given spelling."""
    directive, prefix = SPELLINGS[spelling]
    if prefix.startswith("!<"):
        tag = f"{tag}>"
    return directive + rest.replace("{tag}", prefix + tag)


def round_trip(car: Car) -> Car:
    text = car.to_yaml()
    try:
        return Car.from_yaml(text)
    except yaml.YAMLError as error:
        raise AssertionError(
            f"from_yaml could not read back what to_yaml wrote for {car}: a quote, a colon or "
            "a # in a value needs YAML's own quoting. Let yaml.safe_dump write the text, it "
            f"quotes and escapes every value as needed. The text:\n{text}\nThe error: {error}"
        ) from error


def test_to_yaml_writes_plain_yaml_without_python_tags() -> None:
    text = SAAB.to_yaml()
    assert isinstance(text, str), f"to_yaml returned a {type(text).__name__}, not the YAML text"
    assert "!!python" not in text, (
        "to_yaml wrote a !!python tag, which only an unsafe loader can read: "
        f"dump a dict of the fields, not the Car object\n{text}"
    )
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise AssertionError(
            f"yaml.safe_load cannot read what to_yaml wrote ({error}): write plain YAML, "
            f"with yaml.safe_dump of a dict\n{text}"
        ) from error
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
    assert round_trip(SAAB) == SAAB, "Car.from_yaml(car.to_yaml()) should give back an equal Car"


def test_strings_that_look_like_other_types_stay_strings() -> None:
    car = Car("Peugeot", "205", 1983, ["yes", "off", "null", "1.5"])
    loaded = round_trip(car)
    assert loaded == car, (
        f"{car} came back as {loaded}: YAML read text like 205 or off as a number or a "
        "boolean. Let yaml.safe_dump write the text; it quotes such strings"
    )


def test_quotes_colons_and_hashes_survive() -> None:
    car = Car("Volvo", "240 'Brick'", 1990, ["driver's airbag", "ABS: yes", "#1 in safety", ""])
    loaded = round_trip(car)
    assert loaded == car, (
        f"{car} came back as {loaded}: a quote, a colon or a # means something in YAML. "
        "Let yaml.safe_dump write the text; it quotes and escapes such strings"
    )


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_document_cannot_create_python_objects(spelling: str) -> None:
    text = tagged(
        spelling,
        f"object/apply:{__name__}.Intruder",
        "make: {tag} []\nmodel: '900'\nyear: 1987\nfeatures: []\n",
    )
    Intruder.created = 0
    try:
        Car.from_yaml(text)
    except NotImplementedError:
        raise
    except Exception:
        pass  # refusing the document is what we want; the check is below
    assert Intruder.created == 0, (
        f"loading this document ran Intruder(), a class the file named:\n{text}\n"
        "your loader builds any object (and calls any function) a file asks for, however the "
        "tag is spelled: no search of the text can stop that. Use yaml.safe_load"
    )


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_document_with_a_python_tag_is_refused(spelling: str) -> None:
    text = tagged(spelling, "tuple", "make: Saab\nmodel: '900'\nyear: 1987\nfeatures: {tag} [a]\n")
    try:
        car = Car.from_yaml(text)
    except NotImplementedError:
        raise
    except Exception:
        return
    pytest.fail(
        f"from_yaml accepted this document with a Python tag and built {car}:\n{text}\n"
        "it should raise an error: read the text with yaml.safe_load, which refuses every "
        "Python tag however it is spelled"
    )
