"""info.toml, parsed once into frozen, typed records.

Past this module nobody reads raw TOML. pydantic validates the file against the records below
(their annotations carry the rules); broken input becomes a ManifestError that names the place:
`info.toml:LINE: ...` for TOML syntax, `drills[N].field: ...` for the schema.

Validation needs pydantic and tomllib, ~70 ms of imports on every command. So a validated
manifest is cached in .drills/ under the hash of the file's bytes: an unchanged info.toml
loads from the cache without either.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from persistence_drills import __version__
from persistence_drills.errors import ManifestError, UsageError

if TYPE_CHECKING:
    from annotated_types import Gt, Le, MinLen, Predicate
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

    Text = Annotated[str, Predicate(str.strip)]  # not empty, not only blanks

FORMAT_VERSION = 1
CHECKPOINTS = (
    "File Persistence",
    "Basic SQL",
    "Transaction Management",
    "ORM Proficiency",
    "Production Readiness",
)
Checkpoint = Literal[
    "File Persistence",
    "Basic SQL",
    "Transaction Management",
    "ORM Proficiency",
    "Production Readiness",
]
NAME = re.compile(r"[a-z0-9_]{1,40}")
FOLDER = re.compile(r"[0-9]{2}_[a-z0-9_]+")
STRICT: dict[str, Any] = {"extra": "forbid"}  # unknown keys are errors: `hint =` is a typo


@dataclass(frozen=True)
class Drill:
    """One [[drills]] entry of info.toml."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    # Unique, lowercase letters, digits and underscores; the file is drills/<dir>/<name>.py.
    name: Annotated[str, Predicate(NAME.fullmatch)]
    # The phase folder, e.g. "02_sqlite"; its two leading digits are the phase number.
    dir: Annotated[str, Predicate(FOLDER.fullmatch)]
    # Progressive hints: each one says a little more than the one before.
    hints: Annotated[tuple[Text, ...], MinLen(1)]
    # What the drill needs besides Python; today only "postgres".
    requires: tuple[Literal["postgres"], ...] = ()
    # Seconds before the run is stopped.
    timeout: Annotated[float, Gt(0), Le(600)] = 10
    # Questions shown once the drill passes.
    reflection: tuple[Text, ...] = ()
    # The curriculum's skill checkpoint this drill counts toward.
    checkpoint: Checkpoint | None = None

    @property
    def phase(self) -> int:
        return int(self.dir[:2])

    @property
    def relative_path(self) -> str:
        return f"drills/{self.dir}/{self.name}.py"


@dataclass(frozen=True)
class Manifest:
    """The whole of info.toml: messages and the ordered drills."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    format_version: int
    welcome_message: Text
    final_message: Text
    drills: Annotated[tuple[Drill, ...], MinLen(1)]

    def find(self, name: str) -> Drill:
        """The drill of that name (any case), or of that number in the catalog (1 is first)."""
        wanted = name.strip().lower()
        for drill in self.drills:
            if drill.name == wanted:
                return drill
        if wanted.isdigit() and 1 <= int(wanted) <= len(self.drills):
            return self.drills[int(wanted) - 1]
        close = difflib.get_close_matches(wanted, self.names(), n=1)
        fix = f"Did you mean `{close[0]}`?" if close else "`drills list` shows every drill."
        raise UsageError(f"Could not find a drill named {name!r}. {fix}")

    def index(self, name: str) -> int:
        return self.names().index(name)

    def names(self) -> list[str]:
        return [drill.name for drill in self.drills]

    def phases(self) -> list[str]:
        """Phase folders in catalog order."""
        return list(dict.fromkeys(drill.dir for drill in self.drills))


def load_manifest(path: Path, cache_dir: Path | None = None) -> Manifest:
    """Read and validate info.toml, through the cache in `cache_dir` when one is given."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ManifestError(
            f"Could not read {path.name}: {error.strerror}. Check that the file exists and is "
            "readable."
        ) from None
    cache = cache_dir / "manifest.cache.json" if cache_dir else None
    key = f"{_rules_stamp()}:{hashlib.sha256(data).hexdigest()}"
    if cache is not None and (cached := _from_cache(cache, key)) is not None:
        return cached
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"Could not read {path.name}: it is not UTF-8 text.") from None
    manifest = parse_manifest(text, path.name)
    if cache is not None:
        with contextlib.suppress(OSError):
            record = {"key": key, "manifest": dataclasses.asdict(manifest)}
            cache.write_text(json.dumps(record), encoding="utf-8")
    return manifest


def parse_manifest(text: str, label: str = "info.toml") -> Manifest:
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(_toml_message(error, label)) from None
    version = raw.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise ManifestError(
            f"Could not read {label}: it has format_version {version}, but this drills "
            f"{__version__} reads format_version {FORMAT_VERSION}. Update the runner: "
            "pip install -U persistence-drills."
        )
    manifest = _validate(raw, label)
    if manifest.format_version != FORMAT_VERSION:
        raise ManifestError(f"{label}: format_version must be {FORMAT_VERSION}.")
    _check_unique(manifest, label)
    return manifest


def _load_rules() -> None:
    """Make the names the records' annotations use resolvable for pydantic. Imported only to
    validate: a manifest read from the cache needs none of it (~15 ms saved a command)."""
    from annotated_types import Gt, Le, MinLen, Predicate

    namespace = globals()
    namespace.update(Gt=Gt, Le=Le, MinLen=MinLen, Predicate=Predicate)
    # not empty, not only blanks (a str is a fine truth value, whatever its type says)
    namespace["Text"] = Annotated[str, Predicate(str.strip)]  # type: ignore[arg-type]


def _validate(raw: dict[str, Any], label: str) -> Manifest:
    from pydantic import TypeAdapter, ValidationError

    _load_rules()
    try:
        return TypeAdapter(Manifest).validate_python(raw)
    except ValidationError as error:
        raise ManifestError(_schema_message(error, label)) from None


def _rules_stamp() -> str:
    """What the validation rules are: this version, and this very file (an editable install
    changes the rules without changing the version)."""
    here = os.stat(__file__)
    return f"{__version__}:{here.st_mtime_ns}:{here.st_size}"


def _from_cache(cache: Path, key: str) -> Manifest | None:
    """The cached manifest if it was validated from exactly these bytes by this version."""
    try:
        record = json.loads(cache.read_text(encoding="utf-8"))
        if record.get("key") != key:
            return None
        raw = record["manifest"]
        # Written from validated records by this very version: rebuilt without validation.
        drills = tuple(Drill(**_tuples(drill)) for drill in raw["drills"])
        return Manifest(raw["format_version"], raw["welcome_message"], raw["final_message"], drills)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged cache is only a slower start


def _tuples(record: dict[str, Any]) -> Any:
    return {
        key: tuple(value) if isinstance(value, list) else value for key, value in record.items()
    }


def _toml_message(error: ValueError, label: str) -> str:
    # tomllib says "Expected '=' after a key (at line 3, column 7)"; lead with the place.
    found = re.search(r"\(at line (\d+), column \d+\)$", str(error))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(error))
    where = f"{label}:{found.group(1)}" if found else label
    return f"{where}: {reason}. Fix the TOML syntax on that line."


def _schema_message(error: ValidationError, label: str) -> str:
    problems = error.errors()
    locations = [problem["loc"] for problem in problems]
    lines = []
    for problem in problems:
        loc = problem["loc"]
        # A list with a bad item also reports itself as too short: keep only the item's error.
        if problem["type"] == "too_short" and any(
            other != loc and other[: len(loc)] == loc for other in locations
        ):
            continue
        lines.append(f"{_location(loc)}: {_explain(problem)}")
    head = f"Could not load {label}: it does not describe a valid catalog."
    return head + "\n" + "\n".join(dict.fromkeys(lines))


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(problem: ErrorDetails) -> str:
    kind, loc = problem["type"], problem["loc"]
    field = loc[-1] if loc else ""
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        owner = Drill if loc[:1] == ("drills",) and len(loc) > 2 else Manifest
        known = [f.name for f in dataclasses.fields(owner)]
        close = difflib.get_close_matches(str(field), known, n=1)
        return "unknown key" + (f"; did you mean {close[0]!r}?" if close else ".")
    if kind in ("missing", "missing_argument"):
        return "required key is missing."
    if field == "name" and kind == "predicate_failed":
        return "must be 1 to 40 characters of lowercase letters, digits and underscores."
    if field == "dir" and kind == "predicate_failed":
        return "must look like 02_sqlite: two digits, an underscore, lowercase letters."
    if kind == "predicate_failed":
        return "must not be empty."
    if field == "hints" and kind == "too_short":
        return "needs at least one hint."
    if field == "checkpoint":
        return "must be one of: " + ", ".join(CHECKPOINTS) + "."
    return str(problem["msg"]).rstrip(".") + "."


def _check_unique(manifest: Manifest, label: str) -> None:
    seen: dict[str, int] = {}
    for index, drill in enumerate(manifest.drills):
        if drill.name in seen:
            raise ManifestError(
                f"Could not load {label}: it does not describe a valid catalog.\n"
                f"drills[{index}].name: {drill.name!r} is already the name of "
                f"drills[{seen[drill.name]}]; names must be unique."
            )
        seen[drill.name] = index
