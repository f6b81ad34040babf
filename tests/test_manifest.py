"""info.toml parsing: valid catalogs load, broken ones name the place and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from persistence_drills.errors import ManifestError, UsageError
from persistence_drills.manifest import load_manifest, parse_manifest

HEAD = 'format_version = 1\nwelcome_message = "hi"\nfinal_message = "bye"\n'
DRILL = '\n[[drills]]\nname = "bank_transfer"\ndir = "02_sqlite"\nhints = ["one", "two"]\n'


def test_a_valid_manifest_becomes_typed_frozen_records() -> None:
    manifest = parse_manifest(HEAD + DRILL + 'requires = ["postgres"]\ntimeout = 3\n')
    drill = manifest.drills[0]
    assert (drill.name, drill.phase, drill.timeout, drill.requires) == (
        "bank_transfer",
        2,
        3,
        ("postgres",),
    )
    assert drill.relative_path == "drills/02_sqlite/bank_transfer.py"
    assert drill.hints == ("one", "two")
    with pytest.raises(AttributeError):
        drill.name = "other"  # type: ignore[misc]


def test_defaults() -> None:
    drill = parse_manifest(HEAD + DRILL).drills[0]
    assert (drill.timeout, drill.requires, drill.reflection, drill.checkpoint) == (10, (), (), None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + DRILL + "timeout = \n", "info.toml:9: "),
        (HEAD + "[[drills]\n", "info.toml:4: "),
        (
            HEAD + DRILL.replace("hints", "hint"),
            "drills[0].hint: unknown key; did you mean 'hints'?",
        ),
        (
            HEAD + DRILL.replace('hints = ["one", "two"]', "hints = []"),
            "drills[0].hints: needs at least one hint",
        ),
        (HEAD + DRILL.replace('hints = ["one", "two"]', 'hints = ["  "]'), "drills[0].hints[0]:"),
        (HEAD + DRILL.replace("bank_transfer", "Bank-Transfer"), "drills[0].name: must be 1 to 40"),
        (HEAD + DRILL.replace("bank_transfer", "x" * 41), "drills[0].name: must be 1 to 40"),
        (HEAD + DRILL.replace("02_sqlite", "sqlite"), "drills[0].dir: must look like 02_sqlite"),
        (HEAD + DRILL + 'requires = ["mysql"]\n', "drills[0].requires[0]:"),
        (HEAD + DRILL + "timeout = -1\n", "drills[0].timeout:"),
        (HEAD + DRILL + 'checkpoint = "Basic Sql"\n', "drills[0].checkpoint: must be one of"),
        (HEAD + DRILL + DRILL, "drills[1].name: 'bank_transfer' is already the name of drills[0]"),
        (HEAD, "drills: required key is missing"),
        (HEAD.replace('final_message = "bye"\n', "") + DRILL, "final_message: required key"),
        (HEAD + "welcome = 1\n" + DRILL, "welcome: unknown key"),
    ],
)
def test_broken_manifests_name_the_place(text: str, expected: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text)
    assert expected in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_newer_format_asks_for_a_newer_runner() -> None:
    with pytest.raises(ManifestError, match=r"format_version 2.*pip install -U persistence-drills"):
        parse_manifest(HEAD.replace("format_version = 1", "format_version = 2") + DRILL)


def test_finding_an_unknown_drill_suggests_the_closest_name() -> None:
    manifest = parse_manifest(HEAD + DRILL)
    assert manifest.find("bank_transfer").name == "bank_transfer"
    with pytest.raises(UsageError, match="Did you mean `bank_transfer`"):
        manifest.find("bank_transfr")


def test_the_cache_is_used_and_a_change_of_the_rules_outdates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import os

    from persistence_drills import manifest as module

    rules = tmp_path / "manifest.py"  # stands in for the module: an editable install edits it
    rules.write_text("# the rules\n")
    monkeypatch.setattr(module, "__file__", str(rules))
    path = tmp_path / "info.toml"
    path.write_text(HEAD + DRILL)
    assert load_manifest(path, cache_dir=tmp_path).welcome_message == "hi"
    cache = tmp_path / "manifest.cache.json"
    record = json.loads(cache.read_text())
    record["manifest"]["welcome_message"] = "from the cache"
    cache.write_text(json.dumps(record))
    assert load_manifest(path, cache_dir=tmp_path).welcome_message == "from the cache"
    stat = rules.stat()
    os.utime(rules, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_manifest(path, cache_dir=tmp_path).welcome_message == "hi"
