"""Warming up the service: what runs need, imported and used once before any run forks.

No `from __future__ import annotations` here: the throwaway models below are declared the way
drills declare theirs, and SQLAlchemy reads their annotations at class creation.
"""

import contextlib
import gc
import importlib

from sqlalchemy.orm import Mapped

# What pytest.main imports lazily on every session; measured with a diff of sys.modules.
LAZY_MODULES = (
    "faulthandler",
    "readline",
    "_pytest._argcomplete",
    "_pytest.helpconfig",
    "_pytest.skipping",
    "_pytest.tracemalloc",
    "_pytest.warnings",
    "persistence_drills.engine.child",
)
# What drills import; loaded once here instead of in every run (sqlite3 alone costs ~5 ms,
# asyncio ~15 ms, SQLAlchemy's ORM ~100 ms).
DRILL_MODULES = (
    "asyncio",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "hashlib",
    "json",
    "pickle",
    "random",
    "shutil",
    "sqlite3",
    "tempfile",
    "threading",
    "tracemalloc",
    "uuid",
    "asyncpg",
    "psycopg2",
    "psycopg2.errors",
    "psycopg2.extras",
    "greenlet",
    "sqlalchemy.orm",
    "sqlalchemy.ext.asyncio",
    "sqlalchemy.ext.automap",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.asyncpg",
    "sqlalchemy.dialects.postgresql.psycopg2",
    "sqlalchemy.dialects.sqlite",
    "alembic.command",
    "alembic.config",
    "alembic.op",
    "alembic.runtime.migration",
    "persistence_drills.postgres.pool",
    # What the commands the service runs for clients need (entry.py): the command line and
    # the screen, imported here once instead of in every `drills run`.
    "persistence_drills.cli",
    "persistence_drills.commands.run",
    "persistence_drills.commands.list",
    "persistence_drills.commands.hint",
    "persistence_drills.commands.navigate",
    "persistence_drills.commands.solution",
    "persistence_drills.commands.db",
    "persistence_drills.engine.runner",
    "persistence_drills.engine.warm",
    "persistence_drills.ui.verdict_view",
    "persistence_drills.ui.list_view",
    "persistence_drills.idle",
    "rich.console",
    "rich._emoji_codes",  # a 3 ms table, imported on the first markup with a colon in it
    "rich.syntax",
    "rich.table",
    "pygments.lexers.python",
)


def warm_up() -> None:
    """Import what runs need, so that no child pays for it."""
    # Imported for their side effect: loaded once here, shared by every fork.
    import pydantic  # noqa: F401
    import pytest  # noqa: F401
    import yaml  # noqa: F401

    import persistence_drills.engine.fixtures
    import persistence_drills.engine.report  # noqa: F401

    for name in LAZY_MODULES + DRILL_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(Exception):  # a head start only: never a reason not to serve
        _exercise_the_libraries()
        from persistence_drills.catalog import shipped_root
        from persistence_drills.cli import click_command

        click_command()  # typer's command, built once for every command the service runs
        shipped_root()  # found once (~15 ms in an editable install), cached for every fork
    gc.collect()
    gc.freeze()


def _exercise_the_libraries() -> None:
    """pydantic and SQLAlchemy load much of themselves on first use (a model's schema, a
    mapper's configuration, a dialect, a statement's compilation: ~100 ms together); use them
    once here, on throwaway classes, so that no run pays for it."""
    from pydantic import BaseModel, ConfigDict, Field, field_validator
    from sqlalchemy import ForeignKey, create_engine, insert, select
    from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, relationship, selectinload

    class Schema(BaseModel):
        model_config = ConfigDict(from_attributes=True, extra="forbid")
        name: str = Field(min_length=1)
        tags: list[str] = []

        @field_validator("name")
        @classmethod
        def stripped(cls, value: str) -> str:
            return value.strip()

    Schema.model_validate({"name": " warm "}).model_dump_json()

    class Base(DeclarativeBase):
        pass

    class Owner(Base):
        __tablename__ = "owner"
        id: Mapped[int] = mapped_column(primary_key=True)
        items: Mapped[list["Item"]] = relationship(back_populates="owner", cascade="all")

    class Item(Base):
        __tablename__ = "item"
        id: Mapped[int] = mapped_column(primary_key=True)
        owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))
        owner: Mapped[Owner] = relationship(back_populates="items")

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        session.add(Owner(items=[Item()]))
        session.execute(insert(Owner), [{"id": 2}, {"id": 3}])
        session.scalars(select(Owner).options(selectinload(Owner.items))).all()
    engine.dispose()
