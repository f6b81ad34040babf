"""A product repository that owns its connection.

Finish the class `ProductRepository`:

- `ProductRepository(db_path)` opens one connection to the database at `db_path`, keeps it in
  the attribute `connection`, and creates the products table if it does not exist yet (the SQL
  is given as `CREATE_PRODUCTS`).
- `close()` closes that connection.
- It is a context manager: `with ProductRepository(path) as repo:` gives the repository itself,
  and when the block ends the connection is closed, whether the block finished normally or an
  exception ended it. An exception raised inside the block still reaches the caller.
- `add(name, price) -> int` stores a product and returns its id; `get(product_id)` returns that
  `Product`, or None if there is none; `list_all()` returns every `Product`, ordered by id;
  `update_price(product_id, price) -> bool` and `delete(product_id) -> bool` return True when
  they changed a product and False when no product has that id. Every method works through
  `self.connection` (none opens a connection of its own), and each method that writes commits
  before it returns. Every value (name, price, id) goes into the SQL as a `?` parameter, never
  pasted into the SQL text (the checks read the SQL your code sends).
- A write the database refuses (a price of 0 breaks the table's CHECK) lets its
  `sqlite3.IntegrityError` reach the caller and leaves no transaction open behind it.

A repository puts all the SQL about one kind of thing behind a few methods, so the rest of the
application deals in `Product` objects and never sees a cursor. Owning a connection means being
responsible for closing it. `with connection:` is no help there: on a sqlite3 connection it
commits (or rolls back on an error) but leaves the connection open. An open connection keeps the
database file open, and if it is in the middle of a transaction it keeps others from writing.
That is what a refused write does if nobody rolls it back: the failed INSERT is undone, but the
transaction it opened stays, holding the database's write lock, and every other connection that
writes waits and then fails with "database is locked". `with self.connection:` around a write
rolls back when the write fails. Closing also does not save anything: changes that were not
committed are thrown away.

Concept: a class that owns a resource; `__enter__`/`__exit__`; closing on every path.

Done when: the repository works on whatever path it is given through its one connection, every
write is visible to other connections as soon as the method returns, a refused write raises
and leaves other connections free to write, and after the `with` block (also one that raised)
`repo.connection` is closed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

CREATE_PRODUCTS = (
    "CREATE TABLE IF NOT EXISTS products ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " price REAL NOT NULL CHECK (price > 0))"
)


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


class ProductRepository:
    """The products stored in one SQLite database; use it as `with ProductRepository(path):`."""

    def __init__(self, db_path: Path) -> None:
        self.connection = sqlite3.connect(db_path)
        self.connection.execute(CREATE_PRODUCTS)
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> ProductRepository:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Close on every path. Returning None (not True) lets an exception carry on to the caller.
        self.close()

    def add(self, name: str, price: float) -> int:
        # `with self.connection:` commits at the end of the block; it does not close anything.
        with self.connection:
            cursor = self.connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
            )
        return cursor.lastrowid

    def get(self, product_id: int) -> Product | None:
        row = self.connection.execute(
            "SELECT id, name, price FROM products WHERE id = ?", (product_id,)
        ).fetchone()
        return None if row is None else Product(*row)

    def list_all(self) -> list[Product]:
        rows = self.connection.execute("SELECT id, name, price FROM products ORDER BY id")
        return [Product(*row) for row in rows]

    def update_price(self, product_id: int, price: float) -> bool:
        with self.connection:
            cursor = self.connection.execute(
                "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
            )
        return cursor.rowcount == 1

    def delete(self, product_id: int) -> bool:
        with self.connection:
            cursor = self.connection.execute("DELETE FROM products WHERE id = ?", (product_id,))
        return cursor.rowcount == 1


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

ODD_NAME = "Robert'); DROP TABLE products;--"
# Already in the shop's database. Its id is far from 1, 2, 3, so that an id pasted into the SQL
# text shows; the repository's own products get the ids after it (7301, 7302...).
KETTLE = (7300, "Kettle", 20.0)
UNKNOWN_ID = 999
REAL_CONNECT = sqlite3.connect


def assert_nothing_pasted(name: str, sent: list[str], values: Iterable[tuple[str, object]]) -> None:
    """Fail if any of the values appears in the SQL text that was sent."""
    values = list(values)
    for sql in sent:
        pasted = [f"the {what} {value!r}" for what, value in values if str(value) in sql]
        assert not pasted, (
            f"{name} pasted {' and '.join(pasted)} into its SQL text: {sql!r}. Write ? in the "
            "SQL for each value and pass the values in the tuple of parameters"
        )


class RecordingCursor(sqlite3.Cursor):
    """A cursor that hands the SQL text of every statement it runs to the checks."""

    def execute(self, sql, parameters=(), /):
        self.connection.sent.append(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        self.connection.sent.append(sql)
        return super().executemany(sql, parameters)

    def executescript(self, script, /):
        self.connection.sent.append(script)
        return super().executescript(script)


class RecordingConnection(sqlite3.Connection):
    """A connection whose every statement goes through a RecordingCursor."""

    sent: list[str]

    def cursor(self, factory=RecordingCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script, /):
        return self.cursor().executescript(script)


class Spy:
    """The connections your code opens and the SQL text it sends through them."""

    def __init__(self) -> None:
        self.connections: list[sqlite3.Connection] = []
        self.sent: list[str] = []

    def connect(self, *args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs.setdefault("factory", RecordingConnection)
        connection = REAL_CONNECT(*args, **kwargs)
        # A SELECT without ORDER BY returns its rows backwards: only ORDER BY gives an order.
        sqlite3.Connection.execute(connection, "PRAGMA reverse_unordered_selects = ON")
        if isinstance(connection, RecordingConnection):
            connection.sent = self.sent
        self.connections.append(connection)
        return connection

    def use(self, method: Callable[..., object], *args: object, **values: object) -> object:
        """repo.method(*args), checked: it uses the repository's connection, pastes no value."""
        opened = len(self.connections)
        self.sent.clear()
        result = method(*args)
        name = getattr(method, "__name__", "the method")
        assert len(self.connections) == opened, (
            f"{name} opened a connection of its own: use self.connection, the one connection "
            "the repository owns"
        )
        assert_nothing_pasted(name, self.sent, values.items())
        return result


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    spy = Spy()
    monkeypatch.setattr(sqlite3, "connect", spy.connect)
    if globals().get("connect") is REAL_CONNECT:  # after `from sqlite3 import connect`
        monkeypatch.setitem(globals(), "connect", spy.connect)
    yield spy
    for connection in spy.connections:
        connection.close()  # tidy up after code that did not


@pytest.fixture
def shop(sqlite_path: Path) -> Path:
    """A database that already holds the Kettle, written by the checks themselves."""
    with closing(REAL_CONNECT(sqlite_path)) as connection, connection:
        connection.execute(
            "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.execute("INSERT INTO products (id, name, price) VALUES (?, ?, ?)", KETTLE)
    return sqlite_path


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def stored(db_path: Path) -> list[tuple[int, str, float]]:
    """The rows in the database file, read with a fresh connection of the checks' own."""
    with closing(REAL_CONNECT(db_path)) as connection:
        return connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()


def assert_bool(result: object, expected: bool, call: str, meaning: str) -> None:
    assert isinstance(result, bool), (
        f"{call} returned {result!r}; return a bool, True or False (such as "
        "cursor.rowcount == 1), not the count itself"
    )
    assert result is expected, f"{call} returned {result}: {meaning}"


def test_with_gives_the_repository_itself(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path) as repo:
        assert isinstance(repo, ProductRepository), (
            f"`with ProductRepository(path) as repo` gave {repo!r}: __enter__ should return self"
        )


def test_the_database_is_created_at_the_given_path(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path):
        pass
    assert sqlite_path.is_file(), f"there is no database file at the given path {sqlite_path}"
    assert stored(sqlite_path) == [], "the products table should exist, and be empty"


def test_the_repository_owns_one_connection_that_every_method_uses(shop: Path, spy: Spy) -> None:
    with ProductRepository(shop) as repo:
        assert len(spy.connections) == 1, (
            f"ProductRepository(path) opened {len(spy.connections)} connections: it should "
            "open one and keep it as repo.connection"
        )
        assert repo.connection is spy.connections[0], (
            "repo.connection is not the connection ProductRepository(path) opened"
        )
        tea = spy.use(repo.add, "Tea", 3.5)
        spy.use(repo.get, tea)
        spy.use(repo.list_all)
        spy.use(repo.update_price, tea, 4.0)
        spy.use(repo.delete, tea)


def test_add_get_and_list_all(shop: Path, spy: Spy) -> None:
    with ProductRepository(shop) as repo:
        cloves = spy.use(repo.add, "Zanzibar cloves", 4.75, name="Zanzibar cloves", price=4.75)
        try:
            odd = spy.use(repo.add, ODD_NAME, 1.25, name=ODD_NAME)
        except sqlite3.Error as error:
            raise AssertionError(
                f"add could not store the name {ODD_NAME!r} ({error}): the quote in it ended a "
                "string in SQL built by formatting. Pass the values as ? parameters"
            ) from error
        assert isinstance(cloves, int) and cloves != odd, (
            f"add returned {cloves!r} and {odd!r}; it should return each new product's id"
        )
        found = spy.use(repo.get, cloves, id=cloves)
        assert found == Product(cloves, "Zanzibar cloves", 4.75), (
            f"get({cloves!r}) returned {found!r}, not the product add stored"
        )
        assert spy.use(repo.get, odd) == Product(odd, ODD_NAME, 1.25), (
            "the name should be stored exactly as given: pass values as ? parameters"
        )
        try:
            missing = spy.use(repo.get, UNKNOWN_ID, id=UNKNOWN_ID)
        except Exception as error:
            raise AssertionError(
                f"get({UNKNOWN_ID}) raised {type(error).__name__} ({error}): when no product "
                "has that id, fetchone() gives None, and get should return None"
            ) from error
        assert missing is None, f"get({UNKNOWN_ID}) returned {missing!r} for an unknown id"
        everything = spy.use(repo.list_all)
        wanted = [
            Product(*KETTLE),
            Product(cloves, "Zanzibar cloves", 4.75),
            Product(odd, ODD_NAME, 1.25),
        ]
        assert everything != wanted[::-1], (
            "list_all returned the products backwards: a SELECT without ORDER BY returns rows "
            "in whatever order SQLite finds (these checks make it backwards). Add ORDER BY id"
        )
        assert everything == wanted


def test_update_price_and_delete_report_whether_a_product_was_there(shop: Path, spy: Spy) -> None:
    kettle = KETTLE[0]
    with ProductRepository(shop) as repo:
        coffee = repo.add("Coffee", 7.0)
        changed = spy.use(repo.update_price, kettle, 8.5, id=kettle, price=8.5)
        assert_bool(changed, True, f"update_price({kettle}, 8.5)", "that product exists")
        changed = spy.use(repo.update_price, UNKNOWN_ID, 1.25, id=UNKNOWN_ID, price=1.25)
        assert_bool(
            changed,
            False,
            f"update_price({UNKNOWN_ID}, 1.25)",
            "no product has that id (look at cursor.rowcount)",
        )
        deleted = spy.use(repo.delete, kettle, id=kettle)
        assert_bool(deleted, True, f"delete({kettle})", "that product exists")
        deleted = spy.use(repo.delete, kettle, id=kettle)
        assert_bool(deleted, False, f"delete({kettle}) a second time", "it is already gone")
        assert repo.list_all() == [Product(coffee, "Coffee", 7.0)]


def test_each_write_is_committed_when_the_method_returns(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path) as repo:
        tea = repo.add("Tea", 3.5)
        assert stored(sqlite_path) == [(tea, "Tea", 3.5)], (
            "another connection does not see the product add() stored: commit before returning"
        )
        repo.update_price(tea, 4.0)
        assert stored(sqlite_path) == [(tea, "Tea", 4.0)], (
            "another connection does not see the new price: commit before returning"
        )
        repo.delete(tea)
        assert stored(sqlite_path) == [], (
            "another connection still sees the deleted product: commit before returning"
        )


def test_products_are_still_there_in_the_next_with_block(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path) as repo:
        tea = repo.add("Tea", 3.5)
    with ProductRepository(sqlite_path) as repo:
        assert repo.list_all() == [Product(tea, "Tea", 3.5)], (
            "the product added in the first with block is gone: close() does not commit, "
            "so every write has to commit by itself"
        )


def test_each_repository_uses_the_path_it_is_given(tmp_path: Path) -> None:
    shop, warehouse = tmp_path / "shop.db", tmp_path / "warehouse.db"
    with ProductRepository(shop) as shop_repo, ProductRepository(warehouse) as warehouse_repo:
        shop_repo.add("Tea", 3.5)
        warehouse_repo.add("Pallet", 12.0)
    assert [name for _, name, _ in stored(shop)] == ["Tea"]
    assert [name for _, name, _ in stored(warehouse)] == ["Pallet"]


def test_close_closes_the_connection(sqlite_path: Path) -> None:
    repo = ProductRepository(sqlite_path)
    repo.close()
    assert is_closed(repo.connection), "after repo.close(), repo.connection should be closed"


def test_the_connection_is_closed_after_the_with_block(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path) as repo:
        repo.add("Tea", 3.5)
    assert is_closed(repo.connection), (
        "repo.connection still works after the with block: __exit__ must close it "
        "(`with connection:` commits or rolls back, but it does not close)"
    )


def test_the_connection_is_closed_when_the_block_raises(sqlite_path: Path) -> None:
    class Boom(Exception):
        pass

    repo = None
    try:
        with ProductRepository(sqlite_path) as repo:
            repo.add("Tea", 3.5)
            raise Boom("something went wrong inside the with block")
    except Boom:
        pass
    else:
        pytest.fail(
            "the exception raised inside the with block did not reach the caller: "
            "__exit__ must not return True"
        )
    assert repo is not None
    assert is_closed(repo.connection), (
        "repo.connection is still open after an exception ended the with block: "
        "__exit__ must close the connection on every path, not only on success"
    )


def other_connection_can_write(db_path: Path) -> str:
    """Try a write from a connection of the checks' own, at once; '' or the error it got."""
    with closing(REAL_CONNECT(db_path, timeout=0)) as other:
        try:
            with other:
                other.execute("INSERT INTO products (name, price) VALUES ('Mug', 6.0)")
        except sqlite3.OperationalError as error:
            return str(error)
    return ""


# Last: it needs every write method working. Outcomes are kept and asserted after the with
# block, which would swallow a failure if __exit__ returned True.
@pytest.mark.parametrize("write", ["add", "update_price"])
def test_a_refused_write_raises_and_leaves_the_database_free(shop: Path, write: str) -> None:
    call = "add('Tea', 0)" if write == "add" else f"update_price({KETTLE[0]}, 0)"
    raised: BaseException | None = None
    with ProductRepository(shop) as repo:
        try:
            if write == "add":
                repo.add("Tea", 0)
            else:
                repo.update_price(KETTLE[0], 0)
        except Exception as error:
            raised = error
        blocked = other_connection_can_write(shop)
    assert isinstance(raised, sqlite3.IntegrityError), (
        f"{call} raised {type(raised).__name__ if raised else 'nothing'}: a price of 0 breaks "
        "the table's CHECK, and the sqlite3.IntegrityError should reach the caller as it is"
    )
    assert not blocked, (
        f"after the refused {call}, another connection could not write ({blocked}): the "
        "refused write left its transaction open, and an open transaction holds the "
        "database's write lock. Roll it back when the write fails: `with self.connection:` "
        "around the write does that"
    )
    rows = stored(shop)
    assert rows[0] == KETTLE, f"the refused {call} changed the Kettle: {rows[0]}"
    assert [row[1] for row in rows] == ["Kettle", "Mug"]
