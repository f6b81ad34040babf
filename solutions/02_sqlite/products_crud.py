"""Products: create, read, update, delete.

Finish four functions over the products table that `create_products_table` (given) creates:

- `add_product(db_path, name, price) -> int` stores a new product and returns the id the
  database gave it.
- `list_products(db_path) -> list[Product]` returns every product as a `Product`, ordered by id.
- `update_price(db_path, product_id, price) -> bool` sets the price of the product with that id.
  It returns True if a product was changed, and False if no product has that id.
- `delete_product(db_path, product_id) -> bool` deletes the product with that id. It returns True
  if a product was deleted, and False if no product has that id.

Each function opens its own connection to `db_path`, commits what it changed, and closes the
connection. Every value (name, price, id) reaches SQLite as a `?` parameter; none is pasted into
the SQL text with an f-string, `%` or `+`, not even an id or a price, and not with its quotes
doubled by hand (the checks read the SQL text your code sends). Names are stored exactly as
given, spaces included.

These four operations are most of what an application does with its data. The parameters are
what keeps them safe: SQLite receives the SQL text and the values separately, so a value can
never be read as SQL. A product named `x'); DROP TABLE products;--` is then just an odd name,
while SQL built by formatting strings would run it as a command (SQL injection, one of the most
exploited bugs there is). And SQL does not treat "no row matched" as an error: an UPDATE or
DELETE for an id that does not exist succeeds and changes nothing. `cursor.rowcount` tells how
many rows a statement changed, which is how your code can tell the caller.

Concept: CRUD with parameterised queries; rowcount; committing each change.

Done when: each operation has its effect in the database file (another connection sees it),
`update_price` and `delete_product` return True or False (a bool), changing or deleting an
unknown id returns False and changes nothing, no value is pasted into SQL text, every
connection is closed, and names with quotes or SQL in them are stored exactly as given.
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


def create_products_table(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it exists (given)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


def add_product(db_path: Path, name: str, price: float) -> int:
    """Store a new product; return its id."""
    with closing(sqlite3.connect(db_path)) as connection:
        # `with connection:` commits when the block ends (or rolls back on an error);
        # it does not close the connection, closing() does that.
        with connection:
            cursor = connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
            )
        return cursor.lastrowid


def list_products(db_path: Path) -> list[Product]:
    """Return every product, ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
    return [Product(product_id, name, price) for product_id, name, price in rows]


def update_price(db_path: Path, product_id: int, price: float) -> bool:
    """Set the price of product product_id; return False if there is no such product."""
    with closing(sqlite3.connect(db_path)) as connection:
        with connection:
            cursor = connection.execute(
                "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
            )
        return cursor.rowcount == 1


def delete_product(db_path: Path, product_id: int) -> bool:
    """Delete product product_id; return False if there is no such product."""
    with closing(sqlite3.connect(db_path)) as connection:
        with connection:
            cursor = connection.execute("DELETE FROM products WHERE id = ?", (product_id,))
        return cursor.rowcount == 1


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

INJECTION = "Robert'); DROP TABLE products;--"
UNKNOWN_ID = 999
# Ids far from 1, 2, 3 and prices of their own, so that a value pasted into SQL text shows.
SHOP = [(7301, "Tea", 3.5), (7302, "Baker's flour", 2.25), (7303, "Coffee", 7.0)]
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

    def call(self, function: Callable[..., object], *args: object, **values: object) -> object:
        """function(*args); then check it closed its connections and pasted none of values."""
        self.sent.clear()
        result = function(*args)
        name = getattr(function, "__name__", "the function")
        left_open = [connection for connection in self.connections if not is_closed(connection)]
        assert not left_open, (
            f"{name} left {len(left_open)} connection(s) open: close it before returning "
            "(contextlib.closing, or try/finally); `with connection:` commits but does not close"
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
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert ("products",) in tables.fetchall(), (
            "the products table is gone: a name was run as SQL (SQL injection). "
            "Pass values as ? parameters, never format them into the SQL text"
        )
        return connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()


def add(spy: Spy, db_path: Path, name: str, price: float) -> object:
    """add_product, failing with a clear message when a name breaks it."""
    try:
        return spy.call(add_product, db_path, name, price, name=name, price=price)
    except sqlite3.Error as error:
        raise AssertionError(
            f"add_product could not store the name {name!r} ({type(error).__name__}: {error}). "
            "The quote in it ended a string in SQL built by formatting: pass the values as "
            "? parameters instead"
        ) from error


def make_shop(db_path: Path) -> None:
    """Create the table with the SHOP products (inserted by the checks themselves)."""
    create_products_table(db_path)
    with closing(REAL_CONNECT(db_path)) as connection, connection:
        connection.executemany("INSERT INTO products (id, name, price) VALUES (?, ?, ?)", SHOP)


def assert_bool(result: object, expected: bool, call: str, meaning: str) -> None:
    assert isinstance(result, bool), (
        f"{call} returned {result!r}; return a bool, True or False (such as "
        "cursor.rowcount == 1), not the count itself"
    )
    assert result is expected, f"{call} returned {result}: {meaning}"


def test_add_product_stores_the_product_and_returns_its_id(sqlite_path: Path, spy: Spy) -> None:
    create_products_table(sqlite_path)
    cloves = add(spy, sqlite_path, "Zanzibar cloves", 4.75)
    rows = stored(sqlite_path)
    assert rows, (
        "after add_product returned, the database file has no products: commit the insert "
        "(closing a connection without commit() throws the insert away)"
    )
    flour = add(spy, sqlite_path, "Baker's flour", 2.25)
    assert isinstance(cloves, int) and cloves != flour, (
        f"add_product returned {cloves!r} and {flour!r}; it should return each new product's "
        "id (cursor.lastrowid)"
    )
    assert stored(sqlite_path) == [
        (cloves, "Zanzibar cloves", 4.75),
        (flour, "Baker's flour", 2.25),
    ]


def test_list_products_returns_products_ordered_by_id(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    found = spy.call(list_products, sqlite_path)
    assert isinstance(found, list) and all(isinstance(item, Product) for item in found), (
        f"list_products returned {found!r}: return a list of Product objects, "
        "Product(id, name, price) for each row"
    )
    wanted = [Product(*row) for row in SHOP]
    assert found != wanted[::-1], (
        "list_products returned the products backwards: a SELECT without ORDER BY returns rows "
        "in whatever order SQLite finds (these checks make it backwards). Add ORDER BY id"
    )
    assert found == wanted


def test_list_products_of_an_empty_table_is_an_empty_list(sqlite_path: Path, spy: Spy) -> None:
    create_products_table(sqlite_path)
    assert spy.call(list_products, sqlite_path) == []


def test_update_price_changes_that_product_only(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    result = spy.call(update_price, sqlite_path, 7303, 8.5, id=7303, price=8.5)
    assert_bool(
        result,
        True,
        "update_price(db_path, 7303, 8.5)",
        "product 7303 exists, so update_price should change its price and return True",
    )
    expected = [(key, name, 8.5 if key == 7303 else price) for key, name, price in SHOP]
    assert stored(sqlite_path) == expected, (
        "after update_price, the Coffee should cost 8.5 (committed) and the others be unchanged"
    )


def test_update_price_of_an_unknown_id_returns_false(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    result = spy.call(update_price, sqlite_path, UNKNOWN_ID, 1.25, id=UNKNOWN_ID, price=1.25)
    assert_bool(
        result,
        False,
        f"update_price(db_path, {UNKNOWN_ID}, 1.25)",
        f"no product has id {UNKNOWN_ID}: check cursor.rowcount, the number of rows the UPDATE "
        "changed",
    )
    assert stored(sqlite_path) == SHOP


def test_delete_product_deletes_that_product_only(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    result = spy.call(delete_product, sqlite_path, 7301, id=7301)
    assert_bool(
        result,
        True,
        "delete_product(db_path, 7301)",
        "product 7301 exists, so delete_product should delete it and return True",
    )
    assert stored(sqlite_path) == SHOP[1:], (
        "after delete_product, Tea should be gone (committed) and the others still there"
    )


def test_delete_product_of_an_unknown_id_returns_false(sqlite_path: Path, spy: Spy) -> None:
    make_shop(sqlite_path)
    result = spy.call(delete_product, sqlite_path, UNKNOWN_ID, id=UNKNOWN_ID)
    assert_bool(
        result,
        False,
        f"delete_product(db_path, {UNKNOWN_ID})",
        f"no product has id {UNKNOWN_ID}: check cursor.rowcount, the number of rows the DELETE "
        "removed",
    )
    assert stored(sqlite_path) == SHOP


@pytest.mark.parametrize("name", [INJECTION, "  Oolong, loose  "])
def test_a_name_is_stored_exactly_as_given(sqlite_path: Path, spy: Spy, name: str) -> None:
    make_shop(sqlite_path)
    odd = add(spy, sqlite_path, name, 1.0)
    names = [row[1] for row in stored(sqlite_path)]
    assert names == ["Tea", "Baker's flour", "Coffee", name], (
        f"after add_product(db_path, {name!r}, 1.0) the names are {names}: store the name "
        "exactly as given, and change nothing else"
    )
    changed = spy.call(update_price, sqlite_path, odd, 2.0)
    assert_bool(changed, True, f"update_price(db_path, {odd!r}, 2.0)", "that product exists")
    deleted = spy.call(delete_product, sqlite_path, odd)
    assert_bool(deleted, True, f"delete_product(db_path, {odd!r})", "that product exists")
    assert stored(sqlite_path) == SHOP, (
        "after deleting the new product the shop should hold its three products again "
        "(committed), unchanged"
    )
