"""What the runner hands to the process that runs a drill's checks."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

# The report is trusted only when it carries this run's token; the child removes it from its
# environment before the learner's code runs, so that code cannot forge a passing report.
TOKEN_VARIABLE = "DRILLS_REPORT_TOKEN"


UNUSED_PLUGINS = (
    "terminal",
    "doctest",
    "junitxml",
    "pastebin",
    "legacypath",
    "setuponly",
    "setupplan",
    "unraisableexception",
    "threadexception",
    "faulthandler",  # the child arms faulthandler itself, for timeouts
    "debugging",
    "unittest",  # drills are plain test functions, never unittest.TestCase classes
    "logging",
    "warnings",
    "python_path",
)


@dataclass(frozen=True)
class Job:
    drill: str
    module: str  # the copy of the drill file that runs, inside run_dir
    run_dir: str  # the working directory, cleared before the run
    report: str  # where the child writes its JSON report
    progress: str  # where the child notes the check that is running (for timeouts)
    config: str  # an empty pytest configuration file, so no project settings leak in
    stack: str  # where the child writes its stack when the runner asks, at the timeout
    timeout: float  # seconds the runner allows; the child's own watchdog allows a little more

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Job:
        return cls(**json.loads(text))

    def pytest_args(self) -> list[str]:
        run_dir = Path(self.run_dir)
        return [
            self.module,
            "-c",
            self.config,
            "--rootdir",
            self.run_dir,
            "--basetemp",
            str(run_dir / "tmp"),
            "-p",
            "persistence_drills.engine.fixtures",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:stepwise",
            # The report is the result; pytest's terminal output would only cost time, and so
            # would the built-in plugins that a drill run never uses (~50 ms together).
            *(arg for plugin in UNUSED_PLUGINS for arg in ("-p", f"no:{plugin}")),
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
        ]
