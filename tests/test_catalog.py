"""The catalog itself: it holds together, and its checks tell right answers from wrong ones.

For every drill, tests/catalog_cases/<phase>/<name>/ keeps solutions written differently from
the reference: each `alt_*.py` must pass, each `wrong_*.py` (a learner's plausible mistake) must
fail and show the text of its `# expect:` lines. They run through the real runner.

The README's `pytest` runs one alternative and one mistake of every drill; the rest are marked
slow (CI runs them with `pytest -m slow`): all of them take several minutes on two cores.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from conftest import REPOSITORY, drills
from persistence_drills.catalog import require_shipped_root
from persistence_drills.engine.runner import Runner
from persistence_drills.engine.warm import ServiceLauncher
from persistence_drills.manifest import load_manifest
from persistence_drills.requirements import Provider, default_providers
from persistence_drills.source import split_drill
from persistence_drills.ui.verdict_view import render_verdict
from persistence_drills.workspace import Workspace

CASES_DIR = REPOSITORY / "tests" / "catalog_cases"
CASES = sorted(CASES_DIR.glob("*/*/*.py"))
MIN_WRONG, MIN_ALTERNATIVES = 6, 2
MANIFEST = load_manifest(REPOSITORY / "info.toml")


def pristine_catalog(target: Path) -> Path:
    """The catalog as committed, not as in the working tree: in a learner's clone the drill
    files hold their solutions. Without git, the copy shipped inside the package."""
    archive = subprocess.run(
        ["git", "-C", str(REPOSITORY), "archive", "HEAD", "info.toml", "drills", "solutions"],
        capture_output=True,
    )
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(target, filter="data")
        return target
    shipped = require_shipped_root()
    shutil.copy2(shipped / "info.toml", target / "info.toml")
    for folder in ("drills", "solutions"):
        shutil.copytree(shipped / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceLauncher]:
    """One warm service for every case: each runs in a fork instead of a fresh Python."""
    launcher = ServiceLauncher(tmp_path_factory.mktemp("service"), wait=True)
    launcher.hold()
    yield launcher
    launcher.close()


@pytest.fixture(scope="session")
def providers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Provider]]:
    """One PostgreSQL server for every case: each case is a workspace of its own, and a server
    per workspace would cost seconds each and stay up as long as this process."""
    shared = default_providers(tmp_path_factory.mktemp("providers"))
    yield shared
    for provider in shared.values():
        provider.close(linger=0)


@pytest.mark.slow  # every drill twice; CI also runs `drills dev check` itself
def test_dev_check_passes_on_the_repository(tmp_path: Path) -> None:
    shown = drills("dev", "check", cwd=pristine_catalog(tmp_path), timeout=600)
    assert shown.returncode == 0, shown.stdout + shown.stderr


@pytest.mark.parametrize(
    "drill", [d for d in MANIFEST.drills if d.phase >= 1], ids=lambda drill: drill.name
)
def test_every_drill_keeps_wrong_solutions_and_alternatives(drill: object) -> None:
    folder = CASES_DIR / drill.dir / drill.name  # type: ignore[attr-defined]
    names = [path.name for path in folder.glob("*.py")]
    wrong = sum(n.startswith("wrong_") for n in names)
    alternatives = sum(n.startswith("alt_") for n in names)
    assert wrong >= MIN_WRONG, f"{folder} keeps {wrong} wrong_*.py, at least {MIN_WRONG} needed"
    assert alternatives >= MIN_ALTERNATIVES, (
        f"{folder} keeps {alternatives} alt_*.py, at least {MIN_ALTERNATIVES} needed"
    )


def _sampled(cases: list[Path]) -> list[object]:
    """Every case, the first alternative and the first mistake of each drill unmarked."""
    seen: set[tuple[str, str]] = set()
    params: list[object] = []
    for case in cases:
        key = (case.parent.name, case.name.split("_", 1)[0])
        marks = [pytest.mark.slow] if key in seen else []
        seen.add(key)
        params.append(pytest.param(case, marks=marks, id="/".join(case.parts[-2:])))
    return params


@pytest.mark.parametrize("case", _sampled(CASES))
def test_case_through_the_runner(
    case: Path, tmp_path: Path, warm: ServiceLauncher, providers: dict[str, Provider]
) -> None:
    phase, name = case.parts[-3], case.parts[-2]
    drill = MANIFEST.find(name)
    assert drill.dir == phase
    text = case.read_text(encoding="utf-8")
    solution = REPOSITORY / "solutions" / phase / f"{name}.py"
    checks = split_drill(solution.read_text(encoding="utf-8")).checks
    assert checks is not None

    workspace = tmp_path / "ws"
    (workspace / "drills" / phase).mkdir(parents=True)
    (workspace / "solutions" / phase).mkdir(parents=True)
    shutil.copy2(REPOSITORY / "info.toml", workspace / "info.toml")
    shutil.copy2(solution, workspace / "solutions" / phase / f"{name}.py")
    (workspace / "drills" / phase / f"{name}.py").write_text(
        text.rstrip("\n") + "\n\n\n" + checks, encoding="utf-8"
    )
    verdict = Runner(Workspace(workspace), launcher=warm, providers=providers).run(drill)
    shown = _render(verdict, workspace)

    if case.name.startswith("alt_"):
        assert verdict.passed, f"an honest alternative fails:\n{shown}"
    else:
        assert case.name.startswith("wrong_"), "case files are alt_*.py or wrong_*.py"
        expects = re.findall(r"^# expect: (.+)$", text, re.MULTILINE)
        assert expects, "a wrong case names the text its failure must show"
        assert not verdict.passed, f"a wrong solution passes ({case.name})"
        for expected in expects:
            assert expected.strip() in shown, f"the failure does not say {expected!r}:\n{shown}"


def _render(verdict: object, workspace: Path) -> str:
    console = Console(file=io.StringIO(), width=400, record=True, color_system=None)
    console.print(render_verdict(verdict, workspace))  # type: ignore[arg-type]
    return console.export_text()
