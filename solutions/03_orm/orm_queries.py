"""Searching users with select(): filters, a total order, pages.

Write `search_users(session, ...)`, the query behind the user list of an admin screen: it
filters, sorts and cuts the result into pages. Every filter is optional: `None` (the default)
means no filter, and any other value is one, even an empty string (`email_domain=""` finds
nobody: no email ends in "@"). The filters given are combined (a user must pass all of them):

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
  or who joined at the same moment, come in id order, lowest id first, in both sorts. Any
  other sort raises `ValueError`, "NAME" or " newest" included: the two names are exact.
- `page` and `page_size` (1 and 10 unless given): pages count from 1, and page 1 holds the
  first `page_size` users of the sorted result, page 2 the next ones, and so on. The last
  page may be shorter; a page past the end is `[]`. A `page` or `page_size` below 1 raises
  `ValueError`.

It returns a list of the `User` objects of that page (the caller owns the session), and `[]`
when nothing matches. The database does all the work: the filters, the sort and the page are
part of the SELECT, so only the users of the page are loaded (the checks count them). The
fragment, the domain and the dates reach the database as bound parameters, never written into
the SQL text (the checks read the SQL that is sent), so quotes, `:name` or SQL in them are just
text.

Why: this one query is behind every list screen of a service. Pages are only correct if the
order is total: sort by name alone and two users named "Sam Lee" may come in either order, so
one of them shows up on page 1 and again on page 2 while another is never shown; adding the id
as the last sort key gives every user exactly one place. A range with an exclusive end
("before 1 April") never needs a "23:59:59.999999", and consecutive ranges neither overlap
nor leave gaps. And LIKE treats "%" and "_" as wildcards unless they are escaped.

Concept: building one `select()` step by step (`where()` once per filter given, `order_by()`
with a tiebreaker, `limit()` and `offset()`); `icontains` / `ilike` with escaping; half-open
date ranges.

Done when: each filter works alone and combined; no match gives `[]`, and so does
`email_domain=""`; both edges of the date range are right; wildcards, quotes and `:name` in
the fragment or the domain are plain text, and no value of the caller's is in the SQL text;
both sorts put ties in id order; paging through the results shows every user exactly once,
with a short last page and `[]` past the end; a bad sort, page or page size raises
`ValueError`; and only the users of the page are loaded.
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


# Each sort ends with the id: users with equal names or join times still have one order.
SORTS = {
    "name": (User.name.asc(), User.id.asc()),
    "newest": (User.joined_at.desc(), User.id.asc()),
}


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
    if sort not in SORTS:
        raise ValueError(f"cannot sort by {sort!r}; choose one of {sorted(SORTS)}")
    if page < 1 or page_size < 1:
        raise ValueError(f"page and page_size start at 1, got page={page}, page_size={page_size}")

    query = select(User)
    # autoescape=True escapes % and _ (and its escape character), so they match themselves.
    if name_contains is not None:
        query = query.where(User.name.icontains(name_contains, autoescape=True))
    if email_domain is not None:
        query = query.where(User.email.iendswith(f"@{email_domain}", autoescape=True))
    if joined_from is not None:
        query = query.where(User.joined_at >= joined_from)
    if joined_before is not None:
        query = query.where(User.joined_at < joined_before)

    query = query.order_by(*SORTS[sort]).limit(page_size).offset((page - 1) * page_size)
    return list(session.scalars(query))


# --- checks: these run on every save; do not edit below ---
import string
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

# (name, email, joined_at). Ids follow this order: Ada is 1, Alan 2, ...
PEOPLE = [
    ("Ada Lovelace", "ada@example.com", datetime(2024, 3, 1)),  # March's first moment
    ("Alan Turing", "alan@sub.example.com", datetime(2024, 2, 29, 23, 59, 59, 999999)),
    ("Grace Hopper", "grace@EXAMPLE.COM", datetime(2024, 3, 31, 23, 59, 59, 999999)),
    ("Sam Lee", "sam.lee@mail.example", datetime(2024, 4, 1)),  # April's first moment
    ("Sam Lee", "samuel@example.com", datetime(2024, 3, 15, 12)),
    ("Linus Adams", "linus@notexample.com", datetime(2024, 3, 15, 12)),
    ("Katherine Johnson", "kj@example.com.au", datetime(2024, 1, 10, 9, 30)),
    ("Margaret Hamilton", "margaret@example.com", datetime(2024, 3, 15, 12)),
    ("Sam Lee", "slee@example.org", datetime(2024, 2, 1, 8)),
    ("Barbara Liskov", "barbara@Example.com", datetime(2024, 2, 1)),
    ("Dennis Ritchie", "dmr@bell-labs.example", datetime(2023, 12, 31, 23, 59, 59)),
    ("Ken Thompson", "ken@example.com", datetime(2024, 6, 30, 18, 45)),
    ("Edsger Dijkstra", "edsger@example.nl", datetime(2024, 4, 1)),
    ("Frances Allen", "fran@example.com", datetime(2024, 3, 20, 7)),
    ("John Backus", "backus@example.co", datetime(2024, 3, 3, 3, 3, 3)),
]
NAMES = {number: name for number, (name, _, _) in enumerate(PEOPLE, start=1)}
JOINED = {number: joined_at for number, (_, _, joined_at) in enumerate(PEOPLE, start=1)}
MARCH = {"joined_from": datetime(2024, 3, 1), "joined_before": datetime(2024, 4, 1)}
EVER = {"joined_from": datetime(2000, 1, 1), "joined_before": datetime(2100, 1, 1)}


def configure(dbapi_connection, _record) -> None:
    # SQLite's LIKE ignores case; PostgreSQL's does not. Make it case-sensitive here too, so
    # that only a query that asks for case-insensitivity (ilike, lower()) gets it.
    dbapi_connection.execute("PRAGMA case_sensitive_like = ON")
    # A SELECT without ORDER BY returns its rows backwards: an order nobody asked for cannot
    # pass for the one the docstring promises.
    dbapi_connection.execute("PRAGMA reverse_unordered_selects = ON")
    # Not about surviving a power cut: skipping the fsync at each commit keeps checks fast.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def users_database(path, extra_names=()) -> Engine:
    """An engine on a new database at `path` holding PEOPLE, then users named extra_names."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", configure)
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        session.add_all(
            User(id=number, name=name, email=email, joined_at=joined_at)
            for number, (name, email, joined_at) in enumerate(PEOPLE, start=1)
        )
        session.add_all(
            User(name=name, email=f"extra{number}@extra.example", joined_at=datetime(2024, 7, 1))
            for number, name in enumerate(extra_names)
        )
    return engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Iterator[Engine]:
    """One database for the checks that only search (made once: it saves time on every run)."""
    engine = users_database(tmp_path_factory.mktemp("users") / "store.db")
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def in_order(ids, sort: str = "name") -> list[int]:
    """The ids sorted the way the docstring says, worked out in Python."""
    if sort == "name":
        return sorted(ids, key=lambda number: (NAMES[number], number))
    # Newest first; sorting is stable (reverse=True too), so equal times keep the id order.
    return sorted(sorted(ids), key=JOINED.__getitem__, reverse=True)


def shown(ids) -> str:
    return ", ".join(f"{NAMES.get(number, '?')} (id {number})" for number in ids) or "nobody"


def found_users(session: Session, **arguments: Any) -> list[User]:
    """search_users(session, **arguments), with its result checked and SQL errors explained."""
    try:
        found = search_users(session, **arguments)
    except StatementError as error:
        message = (
            f"search_users({arguments}) broke the SQL ({error.orig}): give every value to "
            "the database as a bound parameter (User.name.icontains(value), User.joined_at "
            ">= value), never pasted into a text() string, where quotes end the string and "
            "text() reads ':name' as a parameter of its own"
        )
        # with_traceback: the display then still shows the learner's line that failed.
        raise AssertionError(message).with_traceback(error.__traceback__) from error
    assert isinstance(found, list), (
        f"search_users should return a list, not a {type(found).__name__} (add .all())"
    )
    for user in found:
        assert isinstance(user, User), (
            f"search_users should return User objects, got {user!r} "
            "(session.scalars(query) gives the Users themselves; session.execute gives rows)"
        )
    return found


def search(session: Session, **arguments: Any) -> list[int]:
    """The ids of the users search_users returns, in its order; one page of up to 100."""
    arguments.setdefault("page_size", 100)
    ids = [user.id for user in found_users(session, **arguments)]
    if not ids and arguments.get("page", 1) == 1 and not found_users(session, page_size=100):
        # Nobody at all on page 1: say so, rather than blame the filter being checked.
        raise AssertionError(
            f"search_users(session, page_size=100), with no filter at all, found nobody, though "
            f"{len(PEOPLE)} users are stored: page 1 starts at offset 0 ((page - 1) * "
            "page_size), and a filter whose argument is None must not be applied"
        )
    return ids


def test_by_default_pages_hold_ten_users_sorted_by_name(session) -> None:
    everyone = in_order(NAMES)
    first = [user.id for user in found_users(session)]
    assert first == everyone[:10], (
        f"search_users(session) should give page 1 (10 users) sorted by name: "
        f"{shown(everyone[:10])}; got {shown(first)}. Page 1 starts at offset 0"
    )
    second = [user.id for user in found_users(session, page=2)]
    assert second == everyone[10:], (
        f"page 2 should hold the other 5 users: {shown(everyone[10:])}; got {shown(second)}"
    )


def test_a_name_fragment_matches_anywhere_ignoring_case(session) -> None:
    for fragment in ["lee", "SAM L", "e"]:
        found = search(session, name_contains=fragment)
        wanted = [n for n in in_order(NAMES) if fragment.lower() in NAMES[n].lower()]
        assert sorted(found) == sorted(wanted), (
            f"name_contains={fragment!r} should find every name containing it in any case: "
            f"{shown(wanted)}; got {shown(found)}. LIKE is case-sensitive on most databases: "
            "use ilike() or icontains()"
        )


def test_no_match_gives_an_empty_list(session) -> None:
    assert search(session, name_contains="zebra") == [], "a fragment nobody has should give []"
    assert search(session, email_domain="nowhere.example") == [], (
        "a domain nobody has should give []"
    )
    assert search(session, joined_before=datetime(2020, 1, 1)) == [], (
        "nobody joined before 2020: joined_before=2020-01-01 should give []"
    )
    empty_domain = search(session, email_domain="")
    assert empty_domain == [], (
        f"email_domain='' should find nobody (no email ends in '@'), got {len(empty_domain)} "
        "users: an empty string is a filter too (test `if email_domain is not None:`, not "
        "`if email_domain:`), and the domain must come right after the '@' "
        "(iendswith('@' + domain))"
    )


def test_email_domain_is_the_whole_part_after_the_at(session) -> None:
    wanted = [1, 3, 5, 8, 10, 12, 14]
    for domain in ["example.com", "EXAMPLE.com"]:
        found = search(session, email_domain=domain)
        assert sorted(found) == wanted, (
            f"email_domain={domain!r} should find exactly the emails ending in '@example.com'"
            f" in any case: {shown(wanted)}; not notexample.com, sub.example.com or "
            f"example.com.au. Got {shown(sorted(found))}"
        )
    assert search(session, email_domain="sub.example.com") == [2]


def test_wildcards_in_the_domain_are_plain_text(session) -> None:
    assert search(session, email_domain="_xample.com") == [], (
        "email_domain='_xample.com' matched 'example.com': LIKE reads _ as any one "
        "character. Escape it (iendswith(..., autoescape=True)) or compare without LIKE"
    )
    assert search(session, email_domain="%") == [], (
        "email_domain='%' should find nobody: LIKE reads % as any text, so escape it"
    )


def test_a_month_includes_its_first_moment_and_excludes_the_next_months(session) -> None:
    found = search(session, **MARCH)
    assert 1 in found, (
        "joined_from is inclusive: Ada Lovelace joined at exactly 2024-03-01 00:00 and "
        "belongs in March"
    )
    assert 3 in found, (
        "Grace Hopper joined at 2024-03-31 23:59:59.999999, before joined_before "
        "(2024-04-01): she belongs in March"
    )
    assert 4 not in found and 13 not in found, (
        "joined_before is exclusive: Sam Lee (id 4) and Edsger Dijkstra joined at exactly "
        "2024-04-01 00:00, which is April"
    )
    assert 2 not in found, "Alan Turing joined on 29 February, before joined_from"
    march = [1, 3, 5, 6, 8, 14, 15]
    assert sorted(found) == march, f"March should be {shown(march)}; got {shown(found)}"


def test_each_end_of_the_date_range_works_alone(session) -> None:
    since = datetime(2024, 4, 1)
    later = [4, 12, 13]
    assert sorted(search(session, joined_from=since)) == later, (
        f"joined_from=2024-04-01 alone should keep who joined then or later: {shown(later)}"
    )
    before = datetime(2024, 2, 1)
    earlier = [7, 11]
    assert sorted(search(session, joined_before=before)) == earlier, (
        f"joined_before=2024-02-01 alone should keep who joined before it: {shown(earlier)}"
        " (Barbara Liskov joined on 2024-02-01 itself: not before)"
    )


def test_filters_combine(session) -> None:
    found = search(session, name_contains="a", email_domain="example.com", **MARCH)
    wanted = [1, 14, 3, 8, 5]
    assert found == wanted, (
        "name contains 'a', email at example.com and joined in March, sorted by name, "
        f"should give {shown(wanted)}; got {shown(found)}"
    )


def test_the_newest_sort_puts_the_latest_first_and_ties_in_id_order(session) -> None:
    found = search(session, sort="newest")
    assert found[:1] == [12], (
        f"sort='newest' should start with Ken Thompson (joined in June); got {shown(found[:1])}"
    )
    assert found[1:3] == [4, 13], (
        "Sam Lee (id 4) and Edsger Dijkstra (id 13) joined at the same moment: they should "
        f"come next in id order, lowest first; got {shown(found[1:3])}. End the ORDER BY with "
        "User.id ascending, so that the order is total: User.id.asc() even after "
        "joined_at.desc() (a desc() on the id puts ties highest id first)"
    )
    wanted = in_order(NAMES, "newest")
    assert found == wanted, f"sort='newest' should give {shown(wanted)}; got {shown(found)}"


def test_the_name_sort_puts_ties_in_id_order(session) -> None:
    # With a date range, SQLite reads the rows through the joined_at index: a sort on the
    # name alone would then leave the three Sam Lees in the order they joined.
    found = search(session, name_contains="sam", **EVER)
    assert found == [4, 5, 9], (
        "the three users named Sam Lee should come in id order (4, 5, 9) whatever else the "
        f"query does; got ids {found}. End the ORDER BY with User.id, ascending"
    )
    assert search(session, **EVER) == in_order(NAMES), "sort='name' should sort by name, A to Z"


# Both are searches where a sort without the id as tiebreaker puts ties out of id order, and
# pages of 2 split each group of ties across two pages.
@pytest.mark.parametrize(("sort", "filters"), [("name", EVER), ("newest", {})])
def test_paging_shows_every_user_exactly_once(session, sort, filters) -> None:
    wanted = in_order(NAMES, sort)
    pages = [search(session, sort=sort, page=page, page_size=2, **filters) for page in range(1, 10)]
    assert pages[0] == wanted[:2], (
        f"page 1 (page_size=2, sort={sort!r}) should hold the first 2 users: "
        f"{shown(wanted[:2])}; got {shown(pages[0])}. Page 1 starts at offset 0"
    )
    assert pages[8] == [], f"page 9 is past the end: it should be [], got {shown(pages[8])}"
    far = search(session, sort=sort, page=50, page_size=10, **filters)
    assert far == [], f"page 50 of 15 users should be [], got {shown(far)}"
    seen = [number for page in pages for number in page]
    twice = sorted({number for number in seen if seen.count(number) > 1})
    missing = sorted(set(NAMES) - set(seen))
    problems = [f"showed {shown(twice)} twice"] if twice else []
    problems += [f"never showed {shown(missing)}"] if missing else []
    assert not problems, (
        f"paging through sort={sort!r} 2 users at a time {' and '.join(problems)}: the order "
        "must be total (ties broken by id) and page n must start at offset (n - 1) * page_size"
    )
    assert seen == wanted, f"all pages together should list {shown(wanted)}; got {shown(seen)}"
    assert len(pages[7]) == 1, "the last page (8) should hold the one user left over"


def test_a_bad_sort_page_or_page_size_raises_value_error(session) -> None:
    for arguments, rule in [
        ({"page": 0}, "pages count from 1"),
        ({"page": -1}, "pages count from 1"),
        ({"page_size": 0}, "a page holds at least one user"),
        ({"sort": "email"}, "the only sorts are 'name' and 'newest'"),
        ({"sort": "name DESC"}, "the only sorts are 'name' and 'newest'"),
        ({"sort": "NAME"}, "the sort names are exact: 'name', not 'NAME'"),
        ({"sort": " newest"}, "the sort names are exact: 'newest', not ' newest'"),
    ]:
        try:
            found = search_users(session, **arguments)
        except ValueError:
            continue
        except NotImplementedError:
            raise
        except Exception as error:
            raise AssertionError(
                f"search_users(session, **{arguments}) raised {type(error).__name__} ({error}):"
                f" {rule}, so check the arguments first and raise ValueError"
            ) from error
        raise AssertionError(
            f"search_users(session, **{arguments}) returned {len(found)} users instead of "
            f"raising ValueError: {rule}"
        )


def test_quotes_and_sql_in_the_values_are_plain_text(session) -> None:
    for attack in ["zzz' OR 1=1 --", "zzz') OR 1=1 --", "zzz')) OR 1=1 --", "zzz :name"]:
        assert search(session, name_contains=attack) == [], (
            f"the fragment {attack!r} changed the query and matched users: give it to the "
            "database as a bound parameter"
        )
        assert search(session, email_domain=attack) == [], (
            f"the domain {attack!r} changed the query and matched users: give it to the "
            "database as a bound parameter"
        )
    count = session.scalar(select(func.count()).select_from(User))
    assert count == len(PEOPLE), "the users table should be untouched"


def test_the_values_are_bound_parameters_never_sql_text(engine) -> None:
    statements: list[str] = []

    def record(connection, cursor, statement, parameters, context, many) -> None:
        statements.append(statement)

    # Values no SQL of the drill's own could contain: each shows up in the text only if the
    # code wrote it there.
    values = {
        "name_contains": ("Qzx Lee", "qzx"),
        "email_domain": ("vqz.example", "vqz"),
        "joined_from": (datetime(2024, 3, 1, 1, 2, 3), "01:02:03"),
        "joined_before": (datetime(2024, 5, 6, 7, 8, 9), "07:08:09"),
    }
    event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as session:
            search(session, **{name: value for name, (value, _) in values.items()})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    for name, (value, trace) in values.items():
        pasted = [statement for statement in statements if trace in statement.lower()]
        assert not pasted, (
            f"{name}={value!r} was written into the SQL text ({' '.join(pasted[0].split())}): "
            "pass it as a bound parameter (User.name.icontains(value), User.joined_at >= "
            "value, or :name in text() with the value given separately), never in an f-string"
        )


def test_every_punctuation_character_in_the_fragment_is_plain_text(sqlite_path) -> None:
    odd = [f"Odd {character} Name" for character in string.punctuation]
    engine = users_database(sqlite_path, extra_names=odd)
    everyone = sorted([*odd, *NAMES.values()])
    try:
        with Session(engine) as session:
            for character in string.punctuation:
                found = found_users(session, name_contains=character, page_size=100)
                names = [user.name for user in found]
                wanted = [name for name in everyone if character in name]
                assert names == wanted, (
                    f"the fragment {character!r} should find exactly {wanted}, found {names}: "
                    "every character of the fragment is plain text. Escape LIKE's wildcards "
                    "(icontains(..., autoescape=True)) or use a test without LIKE"
                )
    finally:
        engine.dispose()


def test_only_the_users_of_the_page_are_loaded(engine) -> None:
    loaded: list[int] = []

    def count_load(user, _context) -> None:
        loaded.append(user.id)

    filters = {**MARCH, "name_contains": "a", "sort": "newest"}
    event.listen(User, "load", count_load)  # once for each User built from a row
    try:
        with Session(engine) as session:
            found = search(session, **filters, page=2, page_size=2)
    finally:
        event.remove(User, "load", count_load)
    assert found == [5, 6], (
        f"page 2 (of 2 users) of {filters} should be Sam Lee (id 5) and Linus Adams (id 6), "
        f"after Grace Hopper and Frances Allen on page 1; got {shown(found)}"
    )
    assert len(loaded) == len(found), (
        f"search_users loaded {len(loaded)} users from the database to return {len(found)}: "
        "filter, sort and page in the SELECT (where(), order_by(), limit(), offset()), not in "
        "Python"
    )
