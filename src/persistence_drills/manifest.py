"""info.toml, parsed once into frozen, typed records.

Past this module nobody reads raw TOML. Broken input becomes a ManifestError that names the
place (`info.toml:LINE: ...` for TOML syntax, `drills[N].field: ...` for the schema).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from persistence_drills.errors import ManifestError, UsageError

FORMAT_VERSION = 1
CHECKPOINTS = (
    "File Persistence",
    "Basic SQL",
    "Transaction Management",
    "ORM Proficiency",
    "Production Readiness",
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Checkpoint = Literal[
    "File Persistence",
    "Basic SQL",
    "Transaction Management",
    "ORM Proficiency",
    "Production Readiness",
]


class Drill(BaseModel):
    """One [[drills]] entry of info.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Unique; the file is drills/<dir>/<name>.py.
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
    # The phase folder, e.g. "02_sqlite"; its two leading digits are the phase number.
    dir: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}_[a-z0-9_]+$")]
    # Progressive hints: each one says a little more than the one before.
    hints: tuple[Text, ...] = Field(min_length=1)
    # What the drill needs besides Python; today only "postgres".
    requires: tuple[Literal["postgres"], ...] = ()
    # Seconds before the run is stopped.
    timeout: float = Field(default=10, gt=0, le=600)
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


class Manifest(BaseModel):
    """The whole of info.toml: messages and the ordered drills."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: int
    welcome_message: Text
    final_message: Text
    drills: tuple[Drill, ...] = Field(min_length=1)

    def find(self, name: str) -> Drill:
        for drill in self.drills:
            if drill.name == name:
                return drill
        close = difflib.get_close_matches(name, [d.name for d in self.drills], n=1)
        fix = f"Did you mean `{close[0]}`?" if close else "`drills list` shows every drill."
        raise UsageError(f"Could not find a drill named {name!r}. {fix}")

    def index(self, name: str) -> int:
        return next(i for i, drill in enumerate(self.drills) if drill.name == name)

    def names(self) -> list[str]:
        return [drill.name for drill in self.drills]

    def phases(self) -> list[str]:
        """Phase folders in catalog order."""
        return list(dict.fromkeys(drill.dir for drill in self.drills))


def load_manifest(path: Path) -> Manifest:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ManifestError(
            f"Could not read {path.name}: {error.strerror}. Check that the file exists and is "
            "readable."
        ) from None
    return parse_manifest(text, path.name)


def parse_manifest(text: str, label: str = "info.toml") -> Manifest:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(_toml_message(error, label)) from None
    version = raw.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        from persistence_drills import __version__

        raise ManifestError(
            f"Could not read {label}: it has format_version {version}, but this drills "
            f"{__version__} reads format_version {FORMAT_VERSION}. Update the runner: "
            "pip install -U persistence-drills."
        )
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as error:
        raise ManifestError(_schema_message(error, raw, label)) from None
    if manifest.format_version < 1:
        raise ManifestError(f"{label}: format_version must be {FORMAT_VERSION}.")
    _check_unique(manifest, label)
    return manifest


def _toml_message(error: tomllib.TOMLDecodeError, label: str) -> str:
    # tomllib says "Expected '=' after a key (at line 3, column 7)"; lead with the place.
    found = re.search(r"\(at line (\d+), column \d+\)$", str(error))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(error))
    where = f"{label}:{found.group(1)}" if found else label
    return f"{where}: {reason}. Fix the TOML syntax on that line."


def _schema_message(error: ValidationError, raw: dict[str, object], label: str) -> str:
    lines = []
    for problem in error.errors():
        location = _location(problem["loc"])
        lines.append(f"{location}: {_explain(problem, raw)}")
    head = f"Could not load {label}: it does not describe a valid catalog."
    return head + "\n" + "\n".join(lines)


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(problem: object, raw: dict[str, object]) -> str:
    assert isinstance(problem, dict)
    kind, loc = problem["type"], problem["loc"]
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = (Drill if "drills" in loc[:1] and len(loc) > 1 else Manifest).model_fields
        close = difflib.get_close_matches(str(field), list(allowed), n=1)
        return "unknown key" + (f"; did you mean {close[0]!r}?" if close else ".")
    if kind == "missing":
        return "required key is missing."
    if field == "name" and kind == "string_pattern_mismatch":
        return "must be 1 to 40 characters of lowercase letters, digits and underscores."
    if field == "dir" and kind == "string_pattern_mismatch":
        return "must look like 02_sqlite: two digits, an underscore, lowercase letters."
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
