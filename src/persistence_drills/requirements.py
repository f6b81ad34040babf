"""What a drill may `require` beyond Python, and the registry of providers that supply it.

A provider prepares a requirement before a run and returns settings for the child's
environment (e.g. where its fixtures get fresh databases); when it cannot, it raises
Unavailable and the drill is `skipped` with the reason and the fix, while every other drill
keeps working. A new kind of requirement (say, MySQL) is one module with a provider class and
one line in PROVIDERS.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import Protocol

# name in info.toml -> "module:class" of its provider, imported only when a drill needs it
PROVIDERS = {"postgres": "persistence_drills.postgres.provider:PostgresProvider"}


class Unavailable(Exception):
    """A requirement cannot be had here: why, and what the learner can do about it."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


class Provider(Protocol):
    def prepare(self, drill: str, wait: bool = True) -> dict[str, str]:
        """Settings for the environment of one run of `drill`; raises Unavailable. With
        `wait=False` what takes long may go on in the background while the run starts (its
        fixtures then wait for it): ready() says whether it came."""
        ...

    def ready(self) -> None:
        """What prepare(wait=False) started is there: returns once it is, or raises
        Unavailable."""
        ...

    def release(self, settings: dict[str, str]) -> None:
        """The run that `prepare` made `settings` for is over."""
        ...

    def close(self, linger: float | None = None) -> None:
        """This process is done with the requirement; what it started may stay up `linger`
        more seconds (None: the requirement's own default)."""
        ...


def make_provider(name: str, runtime_dir: Path) -> Provider:
    module, _, attribute = PROVIDERS[name].partition(":")
    provider_class = getattr(importlib.import_module(module), attribute)
    provider: Provider = provider_class(runtime_dir)
    return provider


@functools.cache
def default_providers(runtime_dir: Path) -> dict[str, Provider]:
    """One provider per requirement, workspace and process: every run of a session shares it."""
    return {name: _Lazy(name, runtime_dir) for name in PROVIDERS}


class _Lazy:
    """Imports and builds the real provider on first use: most runs need none."""

    def __init__(self, name: str, runtime_dir: Path) -> None:
        self.name = name
        self.runtime_dir = runtime_dir
        self.real: Provider | None = None

    def _provider(self) -> Provider:
        if self.real is None:
            self.real = make_provider(self.name, self.runtime_dir)
        return self.real

    def prepare(self, drill: str, wait: bool = True) -> dict[str, str]:
        return self._provider().prepare(drill, wait)

    def ready(self) -> None:
        if self.real is not None:
            self.real.ready()

    def release(self, settings: dict[str, str]) -> None:
        if self.real is not None:
            self.real.release(settings)

    def close(self, linger: float | None = None) -> None:
        if self.real is not None:
            self.real.close(linger)
