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

Three rules hold for all of them. No sqlite3 exception gets out: `sqlite3.IntegrityError`, the
error SQLite raises when a constraint refuses a row, becomes `InvalidProduct`
(`raise InvalidProduct(...) from error` keeps the original in the traceback). After an error the
table is exactly as it was before the call. And each function closes the connection it opened,
whether it returns or raises.

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
table unchanged, and leaves no connection open; and the normal cases work.
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
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

UNKNOWN_ID = 999


@pytest.fixture
def opened_connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """Every connection opened with sqlite3.connect during the check, to see which stay open."""
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def connect_and_remember(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect_and_remember)
    yield opened
    for connection in opened:
        connection.close()  # tidy up after code that did not


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def assert_all_closed(opened: list[sqlite3.Connection], function: Callable[..., object]) -> None:
    left_open = [connection for connection in opened if not is_closed(connection)]
    assert not left_open, (
        f"{function.__name__} left {len(left_open)} connection(s) open. Close the connection on "
        "every path (contextlib.closing, or try/finally): `with connection:` commits or rolls "
        "back, but it does not close"
    )


def make_shop(db_path: Path) -> dict[str, int]:
    """The table with Tea and Coffee (inserted by the checks themselves); returns their ids."""
    create_products_table(db_path)
    with closing(sqlite3.connect(db_path)) as connection:
        with connection:
            tea = connection.execute("INSERT INTO products (name, price) VALUES ('Tea', 3.5)")
            coffee = connection.execute("INSERT INTO products (name, price) VALUES ('Coffee', 7.0)")
        return {"Tea": tea.lastrowid, "Coffee": coffee.lastrowid}


def stored(db_path: Path) -> list[tuple[int, str, float]]:
    with closing(sqlite3.connect(db_path)) as connection:
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
        pytest.fail(
            f"{call} let sqlite3.{type(error).__name__} ({error}) escape: "
            f"catch it and raise {expected.__name__} instead"
        )
    except StoreError as error:
        pytest.fail(f"{call} raised {type(error).__name__}; it should raise {expected.__name__}")
    pytest.fail(f"{call} raised nothing; it should raise {expected.__name__}")


def test_add_and_get_a_product(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    make_shop(sqlite_path)
    cocoa = add_product(sqlite_path, "Cocoa", 4.25)
    assert_all_closed(opened_connections, add_product)
    assert get_product(sqlite_path, cocoa) == Product(cocoa, "Cocoa", 4.25)
    assert_all_closed(opened_connections, get_product)


def test_getting_an_unknown_id_raises_product_not_found(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    make_shop(sqlite_path)
    expect_error(ProductNotFound, get_product, sqlite_path, UNKNOWN_ID)
    assert_all_closed(opened_connections, get_product)


@pytest.mark.parametrize(
    ("name", "price"),
    [("Cocoa", 0.0), ("Cocoa", -1.5), ("Tea", 9.0)],
    ids=["price zero", "negative price", "name taken"],
)
def test_a_refused_product_raises_invalid_product_and_stores_nothing(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection], name: str, price: float
) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(InvalidProduct, add_product, sqlite_path, name, price)
    assert stored(sqlite_path) == before, "a refused product must leave the table unchanged"
    assert_all_closed(opened_connections, add_product)


def test_update_price_changes_the_price(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    ids = make_shop(sqlite_path)
    update_price(sqlite_path, ids["Tea"], 4.0)
    assert stored(sqlite_path) == [(ids["Tea"], "Tea", 4.0), (ids["Coffee"], "Coffee", 7.0)]
    assert_all_closed(opened_connections, update_price)


def test_update_price_of_an_unknown_id_raises_product_not_found(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(ProductNotFound, update_price, sqlite_path, UNKNOWN_ID, 4.0)
    assert stored(sqlite_path) == before
    assert_all_closed(opened_connections, update_price)


def test_update_price_to_a_refused_price_raises_invalid_product(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    ids = make_shop(sqlite_path)
    before = stored(sqlite_path)
    expect_error(InvalidProduct, update_price, sqlite_path, ids["Tea"], -4.0)
    assert stored(sqlite_path) == before
    assert_all_closed(opened_connections, update_price)


def test_apply_price_list_changes_every_price(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    ids = make_shop(sqlite_path)
    apply_price_list(sqlite_path, {ids["Tea"]: 3.75, ids["Coffee"]: 6.5})
    assert stored(sqlite_path) == [(ids["Tea"], "Tea", 3.75), (ids["Coffee"], "Coffee", 6.5)]
    assert_all_closed(opened_connections, apply_price_list)


def assert_nothing_changes(
    db_path: Path,
    opened: list[sqlite3.Connection],
    expected: type[StoreError],
    prices: dict[int, float],
) -> None:
    before = stored(db_path)
    expect_error(expected, apply_price_list, db_path, prices)
    after = stored(db_path)
    assert after == before, (
        f"apply_price_list failed, yet the prices went from {before} to {after}. All or "
        "nothing: run every UPDATE in one transaction and roll it back when anything fails"
    )
    assert_all_closed(opened, apply_price_list)


# In both price lists the good change comes first, so it has been made when the bad one fails.


def test_a_price_list_with_an_unknown_id_changes_no_price(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    ids = make_shop(sqlite_path)
    prices = {ids["Tea"]: 3.75, UNKNOWN_ID: 1.0}
    assert_nothing_changes(sqlite_path, opened_connections, ProductNotFound, prices)


def test_a_price_list_with_a_refused_price_changes_no_price(
    sqlite_path: Path, opened_connections: list[sqlite3.Connection]
) -> None:
    ids = make_shop(sqlite_path)
    prices = {ids["Tea"]: 3.75, ids["Coffee"]: -6.5}
    assert_nothing_changes(sqlite_path, opened_connections, InvalidProduct, prices)
