"""Errors the rest of the application can understand.

Finish four functions over this table, which `create_products_table` (given) creates:

    products(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
             price REAL NOT NULL CHECK (price > 0))

- `add_product(db_path, name, price) -> int` stores a product and returns its id. If the
  database refuses it (the name is taken, or the price is 0 or below), raise `InvalidProduct`.
- `get_product(db_path, product_id) -> Product` returns the product; if no product has that id,
  raise `ProductNotFound`.
- `update_price(db_path, product_id, price) -> None` changes one price. Unknown id:
  `ProductNotFound`. A price the database refuses: `InvalidProduct`.
- `apply_price_list(db_path, prices) -> None` takes a dict `{product_id: new_price}` and applies
  it all or nothing: if any id is unknown (`ProductNotFound`) or any price is refused
  (`InvalidProduct`), not a single price changes.

Four rules hold for all of them. No sqlite3 exception gets out: `sqlite3.IntegrityError`, the
error SQLite raises when a constraint refuses a row, becomes `InvalidProduct`
(`raise InvalidProduct(...) from error` keeps the original in the traceback), and the errors
raised are the store's own, not `ValueError` or another stand-in. After an error the table is
exactly as it was before the call, wherever the bad entry of a price list is. Each function
closes the connection it opened, whether it returns or raises. And every value (name, price,
id) reaches SQLite as a `?` parameter, never pasted into the SQL text (the checks read the SQL
your code sends).

The code that calls these functions should not have to know that SQLite is underneath: a web
handler catches `ProductNotFound` to answer 404 and `InvalidProduct` to answer 400, and stays
the same if the store moves to PostgreSQL. Errors also happen halfway through a write. Then
nothing of it may stay behind, and no connection may be left open holding the file (or, in the
middle of a transaction, a lock that stops every other writer). `with connection:` rolls back
when any exception leaves the block, your own included, but it does not close the connection:
closing is a separate step (`contextlib.closing`, or `try`/`finally`).

Concept: translating low-level errors into the application's own; atomic multi-row updates;
cleaning up on every path.

Done when: each error case raises the application's exception (never a sqlite3 one), leaves the
table unchanged, and leaves no connection open; the normal cases work, names with quotes
included; and no value is pasted into SQL text.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


class StoreError(Exception):
    """Something the store cannot do; the base of the store's own exceptions."""


class ProductNotFound(StoreError):
    """No product has the id that was asked for."""


class InvalidProduct(StoreError):
    """The database refused the product: its name is taken, or its price is not positive."""


def create_products_table(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it exists (given)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL UNIQUE,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


def add_product(db_path: Path, name: str, price: float) -> int:
    """Store a product and return its id; InvalidProduct if the database refuses it."""
    # TODO: INSERT with ? placeholders inside `with connection:` (commit, or roll back on error),
    #       turn sqlite3.IntegrityError into InvalidProduct, and close the connection on every
    #       path (contextlib.closing is imported).
    raise NotImplementedError("add_product is still a TODO")


def get_product(db_path: Path, product_id: int) -> Product:
    """Return the product with that id; ProductNotFound if there is none."""
    # TODO: SELECT the row; no row means ProductNotFound.
    raise NotImplementedError("get_product is still a TODO")


def update_price(db_path: Path, product_id: int, price: float) -> None:
    """Change one price; ProductNotFound or InvalidProduct when that is impossible."""
    # TODO: an UPDATE that changed no row (cursor.rowcount) means the id is unknown.
    raise NotImplementedError("update_price is still a TODO")


def apply_price_list(db_path: Path, prices: dict[int, float]) -> None:
    """Change several prices, all or nothing."""
    # TODO: every UPDATE in one transaction; whatever goes wrong (your own ProductNotFound
    #       included), roll it all back and raise the store's exception.
    raise NotImplementedError("apply_price_list is still a TODO")


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

# Ids far from 1, 2, 3 and prices of their own, so that a value pasted into SQL text shows.
TEA, COFFEE = 7301, 7302
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
        if isinstance(connection, RecordingConnection):
            connection.sent = self.sent
        self.connections.append(connection)
        return connection

    def check(self, function: Callable[..., object], *values: tuple[str, object]) -> None:
        """After a call: every connection closed, none of the values pasted into SQL text."""
        left_open = [connection for connection in self.connections if not is_closed(connection)]
        assert not left_open, (
            f"{function.__name__} left {len(left_open)} connection(s) open. Close the "
            "connection on every path (contextlib.closing, or try/finally): `with connection:` "
            "commits or rolls back, but it does not close"
        )
        assert_nothing_pasted(function.__name__, self.sent, values)
        self.sent.clear()


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    spy = Spy()
    monkeypatch.setattr(sqlite3, "connect", spy.connect)
    if globals().get("connect") is REAL_CONNECT:  # after `from sqlite3 import connect`
        monkeypatch.setitem(globals(), "connect", spy.connect)
    yield spy
    for connection in spy.connections:
        connection.close()  # tidy up after code that did not


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def make_shop(db_path: Path) -> None:
    """The table with Tea and Coffee (inserted by the checks themselves)."""
    create_products_table(db_path)
    with closing(REAL_CONNECT(db_path)) as connection, connection:
        connection.executemany(
            "INSERT INTO products (id, name, price) VALUES (?, ?, ?)",
            [(TEA, "Tea", 3.5), (COFFEE, "Coffee", 7.0)],
        )


def stored(db_path: Path) -> list[tuple[int, str, float]]:
    with closing(REAL_CONNECT(db_path)) as connection:
        return connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()


def expect_error(
    expected: type[StoreError], function: Callable[..., object], *args: object
) -> None:
    """Call function(*args); fail with a clear message unless it raises `expected`."""
    # How the call reads, without the db_path argument: add_product('Tea', 9.0)
    call = f"{function.__name__}({', '.join(repr(arg) for arg in args[1:])})"
    try:
        function(*args)
    except expected:
        return
    except NotImplementedError:
        raise
    except sqlite3.Error as error:
        raise AssertionError(
            f"{call} let sqlite3.{type(error).__name__} ({error}) escape: "
            f"catch it and raise {expected.__name__} instead"
        ) from error
    except StoreError as error:
        raise AssertionError(
            f"{call} raised {type(error).__name__}; it should raise {expected.__name__}"
        ) from error
    except Exception as error:
        raise AssertionError(
            f"{call} raised {type(error).__name__} ({error}); it should raise "
            f"{expected.__name__}, the store's own exception"
        ) from error
    pytest.fail(f"{call} raised nothing; it should raise {expected.__name__}")


def test_add_and_get_a_product(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    cocoa = add_product(sqlite_path, "Cocoa", 4.25)
    spy.check(add_product, ("name", "Cocoa"), ("price", 4.25))
    assert isinstance(cocoa, int), f"add_product returned {cocoa!r}, not the new product's id"
    assert get_product(sqlite_path, cocoa) == Product(cocoa, "Cocoa", 4.25)
    spy.check(get_product, ("id", cocoa))
    assert get_product(sqlite_path, TEA) == Product(TEA, "Tea", 3.5)
    spy.check(get_product, ("id", TEA))


def test_a_name_with_a_quote_is_stored_as_given(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    try:
        flour = add_product(sqlite_path, "Baker's flour", 2.25)
    except (sqlite3.Error, StoreError) as error:
        raise AssertionError(
            f'add_product("Baker\'s flour", 2.25) raised {type(error).__name__} ({error}): the '
            "quote in the name broke SQL built by formatting. Pass the values as ? parameters"
        ) from error
    spy.check(add_product)
    assert get_product(sqlite_path, flour) == Product(flour, "Baker's flour", 2.25)


def test_getting_an_unknown_id_raises_product_not_found(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    expect_error(ProductNotFound, get_product, sqlite_path, UNKNOWN_ID)
    spy.check(get_product, ("id", UNKNOWN_ID))


@pytest.mark.parametrize(
    ("name", "price"),
    [("Cocoa", 0.0), ("Cocoa", -1.5), ("Tea", 9.25)],
    ids=["price zero", "negative price", "name taken"],
)
def test_a_refused_product_raises_invalid_product_and_stores_nothing(
    sqlite_path: Path, spy: Spy, name: str, price: float
) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(InvalidProduct, add_product, sqlite_path, name, price)
    assert stored(sqlite_path) == before, "a refused product must leave the table unchanged"
    spy.check(add_product, ("price", price) if price else ("name", name))


def test_update_price_changes_the_price(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    update_price(sqlite_path, TEA, 4.75)
    spy.check(update_price, ("id", TEA), ("price", 4.75))
    assert stored(sqlite_path) == [(TEA, "Tea", 4.75), (COFFEE, "Coffee", 7.0)]


def test_update_price_of_an_unknown_id_raises_product_not_found(
    sqlite_path: Path, spy: Spy
) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(ProductNotFound, update_price, sqlite_path, UNKNOWN_ID, 4.75)
    assert stored(sqlite_path) == before
    spy.check(update_price, ("id", UNKNOWN_ID))


def test_update_price_to_a_refused_price_raises_invalid_product(
    sqlite_path: Path, spy: Spy
) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(InvalidProduct, update_price, sqlite_path, TEA, -4.75)
    assert stored(sqlite_path) == before
    spy.check(update_price, ("id", TEA), ("price", -4.75))


def test_apply_price_list_changes_every_price(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    apply_price_list(sqlite_path, {TEA: 3.75, COFFEE: 6.25})
    spy.check(apply_price_list, ("id", TEA), ("id", COFFEE), ("price", 3.75), ("price", 6.25))
    assert stored(sqlite_path) == [(TEA, "Tea", 3.75), (COFFEE, "Coffee", 6.25)]


# The bad entry of each price list comes last (the good change has been made when it fails)
# and first (a check of only the last UPDATE would miss it).
PRICE_LISTS = {
    "unknown id last": (ProductNotFound, {TEA: 3.75, UNKNOWN_ID: 1.25}),
    "unknown id first": (ProductNotFound, {UNKNOWN_ID: 1.25, TEA: 3.75}),
    "refused price last": (InvalidProduct, {TEA: 3.75, COFFEE: -6.25}),
    "refused price first": (InvalidProduct, {COFFEE: -6.25, TEA: 3.75}),
}


@pytest.mark.parametrize("case", PRICE_LISTS)
def test_a_bad_price_list_changes_no_price(sqlite_path: Path, spy: Spy, case: str) -> None:
    expected, prices = PRICE_LISTS[case]
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(expected, apply_price_list, sqlite_path, prices)
    after = stored(sqlite_path)
    assert after == before, (
        f"apply_price_list({prices}) failed, yet the prices went from {before} to {after}. "
        "All or nothing: run every UPDATE in one transaction and roll it back when anything "
        "fails"
    )
    spy.check(apply_price_list, ("id", TEA), ("price", 3.75))
