# mistake: lets clients change their username too
# expect: accepted the request {"username": "root"}, and update_profile wrote it: username changed


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


class LinkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    label: str
    url: str


class ProfileRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    email: str
    display_name: str | None
    bio: str | None
    links: list[LinkRead]


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str | None = None
    display_name: str | None = None
    bio: str | None = None

def get_profile(engine: Engine, user_id: int) -> ProfileRead:
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise ProfileNotFound(user_id)
        return ProfileRead.model_validate(user)

def update_profile(engine: Engine, user_id: int, changes: ProfileUpdate) -> ProfileRead:
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise ProfileNotFound(user_id)
        for field, value in changes.model_dump(exclude_unset=True).items():
            setattr(user, field, value)
        session.commit()
        return ProfileRead.model_validate(user)
