# alternative: a sessionmaker with expire_on_commit=False, a Core UPDATE skipped when nothing was sent, and the profile reloaded with selectinload.


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


from sqlalchemy import update
from sqlalchemy.orm import selectinload, sessionmaker


class LinkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    label: str
    url: str


class ProfileRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    email: str
    display_name: str | None = None
    bio: str | None = None
    links: list[LinkRead] = []


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    display_name: str | None = None
    bio: str | None = None


def _profile(session, user_id: int) -> ProfileRead:
    query = select(User).options(selectinload(User.links)).where(User.id == user_id)
    user = session.scalars(query).first()
    if user is None:
        raise ProfileNotFound(f"user {user_id}")
    return ProfileRead.model_validate(user)


def get_profile(engine: Engine, user_id: int) -> ProfileRead:
    with sessionmaker(engine)() as session:
        return _profile(session, user_id)


def update_profile(engine: Engine, user_id: int, changes: ProfileUpdate) -> ProfileRead:
    make_session = sessionmaker(engine, expire_on_commit=False)
    with make_session.begin() as session:
        values = changes.model_dump(exclude_unset=True)
        if values:
            result = session.execute(update(User).where(User.id == user_id).values(**values))
            if result.rowcount == 0:
                raise ProfileNotFound(f"user {user_id}")
        profile = _profile(session, user_id)
    return profile
