# alternative: schemas without from_attributes in their config, converting with model_validate(user, from_attributes=True); the update applies model_fields_set inside session.begin().


from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class ProfileNotFound(LookupError):
    """No user has the given id."""


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user row (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    email: Mapped[str] = mapped_column(String(120))
    display_name: Mapped[str | None] = mapped_column(String(50))
    bio: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    links: Mapped[list[Link]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Link.id"
    )


class Link(Base):
    """A link shown on a profile (ready to use)."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[str] = mapped_column(String(30))
    url: Mapped[str] = mapped_column(String(200))
    user: Mapped[User] = relationship(back_populates="links")


def create_schema(engine: Engine) -> None:
    """Create the tables (ready to use)."""
    Base.metadata.create_all(engine)


from typing import Annotated

from pydantic import Field


class LinkRead(BaseModel):
    label: str
    url: str


class ProfileRead(BaseModel):
    id: int
    username: str
    email: str
    display_name: str | None
    bio: str | None
    links: list[LinkRead]


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    display_name: Annotated[str | None, Field(max_length=50)] = None
    bio: Annotated[str | None, Field(max_length=200)] = None


def get_profile(engine: Engine, user_id: int) -> ProfileRead:
    with Session(engine) as session, session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise ProfileNotFound(user_id)
        return ProfileRead.model_validate(user, from_attributes=True)


def update_profile(engine: Engine, user_id: int, changes: ProfileUpdate) -> ProfileRead:
    with Session(engine) as session:
        with session.begin():
            user = session.get(User, user_id)
            if user is None:
                raise ProfileNotFound(user_id)
            for name in changes.model_fields_set:
                setattr(user, name, getattr(changes, name))
        return ProfileRead.model_validate(user, from_attributes=True)
