# mistake: uses contains() instead of icontains(), so the fragment 'lee' does not find 'Sam Lee'.
# expect: LIKE is case-sensitive on most databases: use ilike() or icontains()
"""Searching users with select(): filters, a total order, pages.

Write `search_users(session, ...)`, the query behind the user list of an admin screen: it
filters, sorts and cuts the result into pages. Every filter is optional, and the ones given
are combined (a user must pass all of them):

- `name_contains`: the name contains this fragment, ignoring the case of ASCII letters
  ("lee" finds "Sam Lee"). The fragment is plain text: "%" finds only names containing "%",
  "_" only names containing "_", and so on for every character.
- `email_domain`: the part of the email after the "@" is exactly this domain, ignoring case.
  "example.com" finds "ada@example.com" and "grace@EXAMPLE.COM", but not
  "linus@notexample.com", "alan@sub.example.com" or "kj@example.com.au". The domain is plain
  text too.
- `joined_from` (inclusive) and `joined_before` (exclusive): `joined_from <= joined_at <
  joined_before`. So March 2024 is `joined_from=datetime(2024, 3, 1)`,
  `joined_before=datetime(2024, 4, 1)`: someone who joined at midnight on 1 April is not in it.
- `sort`: "name" (A to Z) or "newest" (the latest `joined_at` first). Users with the same name,
  or who joined at the same moment, come in id order, lowest id first. Any other sort raises
  `ValueError`.
- `page` and `page_size` (1 and 10 unless given): pages count from 1, and page 1 holds the
  first `page_size` users of the sorted result, page 2 the next ones, and so on. The last
  page may be shorter; a page past the end is `[]`. A `page` or `page_size` below 1 raises
  `ValueError`.

It returns a list of the `User` objects of that page (the caller owns the session), and `[]`
when nothing matches. The database does all the work: the filters, the sort and the page are
part of the SELECT, so only the users of the page are loaded (the checks count them). Every
value the caller gives reaches the database as a bound parameter, so quotes or SQL in them are
just text.

Why: this one query is behind every list screen of a service. Pages are only correct if the
order is total: sort by name alone and two users named "Sam Lee" may come in either order, so
one of them shows up on page 1 and again on page 2 while another is never shown; adding the id
as the last sort key gives every user exactly one place. A range with an exclusive end
("before 1 April") never needs a "23:59:59.999999", and consecutive ranges neither overlap
nor leave gaps. And LIKE treats "%" and "_" as wildcards unless they are escaped.

Concept: building one `select()` step by step (`where()` once per filter given, `order_by()`
with a tiebreaker, `limit()` and `offset()`); `icontains` / `ilike` with escaping; half-open
date ranges.

Done when: each filter works alone and combined; no match gives `[]`; both edges of the date
range are right; wildcards and quotes in the fragment or the domain are plain text; both sorts
put ties in id order; paging through the results shows every user exactly once, with a short
last page and `[]` past the end; a bad sort, page or page size raises `ValueError`; and only
the users of the page are loaded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user row (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(unique=True)
    # Indexed: user lists are filtered and sorted by it.
    joined_at: Mapped[datetime] = mapped_column(index=True)


def search_users(
    session: Session,
    *,
    name_contains: str | None = None,
    email_domain: str | None = None,
    joined_from: datetime | None = None,
    joined_before: datetime | None = None,
    sort: Literal["name", "newest"] = "name",
    page: int = 1,
    page_size: int = 10,
) -> list[User]:
    """One page of the users that pass every filter given, in the order `sort` names."""
    if sort not in ("name", "newest"):
        raise ValueError(f"unknown sort {sort!r}: use 'name' or 'newest'")
    if page < 1 or page_size < 1:
        raise ValueError("page and page_size must be at least 1")
    query = select(User)
    if name_contains is not None:
        query = query.where(User.name.contains(name_contains, autoescape=True))
    if email_domain is not None:
        query = query.where(User.email.iendswith("@" + email_domain, autoescape=True))
    if joined_from is not None:
        query = query.where(User.joined_at >= joined_from)
    if joined_before is not None:
        query = query.where(User.joined_at < joined_before)
    if sort == "name":
        query = query.order_by(User.name, User.id)
    else:
        query = query.order_by(User.joined_at.desc(), User.id)
    query = query.limit(page_size).offset((page - 1) * page_size)
    return list(session.scalars(query))
