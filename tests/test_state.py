"""Progress state: atomic saves, corruption set aside, status following the latest run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from persistence_drills.manifest import Manifest, parse_manifest
from persistence_drills.state import Progress

NAMES = ["welcome", "pickle_person", "json_book", "yaml_car"]


@pytest.fixture
def manifest() -> Manifest:
    text = 'format_version = 1\nwelcome_message = "hi"\nfinal_message = "bye"\n'
    for name in NAMES:
        text += f'\n[[drills]]\nname = "{name}"\ndir = "01_x"\nhints = ["a", "b"]\n'
    return parse_manifest(text)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / ".drills" / "state.json"


def test_a_new_learner_starts_at_the_first_drill(path: Path, manifest: Manifest) -> None:
    progress = Progress(path, manifest)
    assert progress.current.name == "welcome"
    assert progress.done_count() == 0
    assert not path.exists(), "reading never writes"


def test_a_run_is_recorded_and_survives_a_reload(path: Path, manifest: Manifest) -> None:
    Progress(path, manifest).record_run("welcome", passed=False)
    Progress(path, manifest).record_run("welcome", passed=True)
    progress = Progress(path, manifest)
    entry = progress.drill("welcome")
    assert (entry.done, entry.attempts) == (True, 2)
    assert entry.first_done is not None
    data = json.loads(path.read_text())
    assert data["format_version"] == 1


def test_status_follows_the_latest_run_but_keeps_the_first_done_time(
    path: Path, manifest: Manifest
) -> None:
    progress = Progress(path, manifest)
    progress.record_run("welcome", passed=True)
    first = progress.drill("welcome").first_done
    progress.record_run("welcome", passed=False)
    assert not progress.is_done("welcome")
    assert progress.drill("welcome").first_done == first


def test_two_processes_do_not_lose_each_others_updates(path: Path, manifest: Manifest) -> None:
    watch, other = Progress(path, manifest), Progress(path, manifest)
    watch.record_run("welcome", passed=True)
    other.set_current("json_book")  # `other` read the file before the first update
    final = Progress(path, manifest)
    assert final.is_done("welcome")
    assert final.current.name == "json_book"


WRITER = """
import sys
from pathlib import Path
from persistence_drills.manifest import parse_manifest
from persistence_drills.state import Progress

manifest = parse_manifest(Path(sys.argv[2]).read_text())
progress = Progress(Path(sys.argv[1]), manifest)
for _ in range(int(sys.argv[3])):
    progress.record_run("welcome", passed=True)
"""


def writers(path: Path, manifest: Manifest, count: int, runs: int) -> list[subprocess.Popen[str]]:
    text = 'format_version = 1\nwelcome_message = "hi"\nfinal_message = "bye"\n'
    for drill in manifest.drills:
        text += f'\n[[drills]]\nname = "{drill.name}"\ndir = "01_x"\nhints = ["a", "b"]\n'
    source = path.parent.parent / "info.toml"
    source.write_text(text)
    return [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(source), str(runs)])
        for _ in range(count)
    ]


def test_processes_writing_at_the_same_time_lose_no_update(path: Path, manifest: Manifest) -> None:
    """Each save reads, changes and writes the file; without the lock two processes read
    the same count and one increment is lost."""
    path.parent.mkdir(parents=True)
    for writer in writers(path, manifest, count=4, runs=40):
        assert writer.wait(timeout=120) == 0
    assert Progress(path, manifest).drill("welcome").attempts == 4 * 40


def test_a_reader_never_sees_half_a_file(path: Path, manifest: Manifest) -> None:
    """Without the write-then-rename a reader catches the file truncated or half written."""
    path.parent.mkdir(parents=True)
    progress = Progress(path, manifest)
    for name in NAMES:
        progress.record_run(name, passed=True)
    (running,) = writers(path, manifest, count=1, runs=150)
    torn = 0
    while running.poll() is None:
        try:
            json.loads(path.read_text())
        except ValueError:
            torn += 1
    assert running.returncode == 0
    assert torn == 0, f"{torn} reads found the state file half written"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"format_version": 1, "drills": []}',
        '{"format_version": 99, "drills": {}}',
        b"\xff\xfe garbage",
    ],
)
def test_a_corrupt_file_is_set_aside_with_a_message(
    path: Path, manifest: Manifest, content: str | bytes
) -> None:
    path.parent.mkdir(parents=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    progress = Progress(path, manifest)
    assert progress.done_count() == 0
    assert len(progress.notices) == 1
    assert "drills verify" in progress.notices[0]
    aside = list(path.parent.glob("state.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == (content if isinstance(content, bytes) else content.encode())
    progress.record_run("welcome", passed=True)
    assert Progress(path, manifest).is_done("welcome")


def test_unknown_drill_names_are_kept_but_ignored(path: Path, manifest: Manifest) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "format_version": 1,
                "current": "retired_drill",
                "drills": {"retired_drill": {"done": True}, "welcome": {"done": True}},
            }
        )
    )
    progress = Progress(path, manifest)
    assert progress.current.name == "pickle_person", "an unknown current falls back"
    assert progress.done_count() == 1
    progress.record_run("json_book", passed=True)
    assert "retired_drill" in json.loads(path.read_text())["drills"]


def test_saves_leave_no_temporary_files(path: Path, manifest: Manifest) -> None:
    progress = Progress(path, manifest)
    for name in NAMES:
        progress.record_run(name, passed=True)
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.json", "state.lock"]


def test_hints_are_handed_out_in_order_and_stop_at_the_last(path: Path, manifest: Manifest) -> None:
    progress = Progress(path, manifest)
    assert [progress.take_hint("json_book") for _ in range(4)] == [0, 1, 1, 1]
    progress.mark_pending("json_book")
    assert progress.take_hint("json_book") == 0


@pytest.mark.parametrize(
    ("done", "after", "expected"),
    [
        ([], None, "welcome"),
        (["welcome"], None, "pickle_person"),
        (["welcome", "pickle_person"], "welcome", "json_book"),
        (["json_book"], "pickle_person", "yaml_car"),
        (["yaml_car"], "json_book", "welcome"),  # wraps around to what was skipped
        (NAMES, None, None),
    ],
)
def test_first_pending(
    path: Path, manifest: Manifest, done: list[str], after: str | None, expected: str | None
) -> None:
    progress = Progress(path, manifest)
    progress.replace_done({name: True for name in done})
    found = progress.first_pending(after=manifest.find(after) if after else None)
    assert (found.name if found else None) == expected
