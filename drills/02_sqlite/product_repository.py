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
  `update_price(product_id, price) -> bool` and `delete(product_id) -> bool` return False when
  no product has that id. Each method that writes commits before it returns. Values go into the
  SQL as `?` parameters.

A repository puts all the SQL about one kind of thing behind a few methods, so the rest of the
application deals in `Product` objects and never sees a cursor. Owning a connection means being
responsible for closing it. `with connection:` is no help there: on a sqlite3 connection it
commits (or rolls back on an error) but leaves the connection open. An open connection keeps the
database file open, and if it is in the middle of a transaction it keeps others from writing.
Closing also does not save anything: changes that were not committed are thrown away.

Concept: a class that owns a resource; `__enter__`/`__exit__`; closing on every path.

Done when: the repository works on whatever path it is given, every write is visible to other
connections as soon as the method returns, and after the `with` block (also one that raised)
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
        # TODO: open a connection to db_path, keep it in self.connection, run CREATE_PRODUCTS
        #       and commit.
        raise NotImplementedError("ProductRepository.__init__ is still a TODO")

    def close(self) -> None:
        # TODO: close self.connection.
        raise NotImplementedError("close is still a TODO")

    def __enter__(self) -> ProductRepository:
        # TODO: return the object that `with ... as repo` should give.
        raise NotImplementedError("__enter__ is still a TODO")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # TODO: close the connection, whatever happened in the block. Return nothing: returning
        #       True would swallow the exception that ended the block.
        raise NotImplementedError("__exit__ is still a TODO")

    def add(self, name: str, price: float) -> int:
        # TODO: INSERT with ? placeholders, commit, return the new id.
        raise NotImplementedError("add is still a TODO")

    def get(self, product_id: int) -> Product | None:
        # TODO: SELECT the product with that id; None when there is no row.
        raise NotImplementedError("get is still a TODO")

    def list_all(self) -> list[Product]:
        # TODO: every product, ordered by id.
        raise NotImplementedError("list_all is still a TODO")

    def update_price(self, product_id: int, price: float) -> bool:
        # TODO: UPDATE, commit, and answer from the cursor's rowcount.
        raise NotImplementedError("update_price is still a TODO")

    def delete(self, product_id: int) -> bool:
        # TODO: DELETE, commit, and answer from the cursor's rowcount.
        raise NotImplementedError("delete is still a TODO")


# --- checks: these run on every save; do not edit below ---
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

ODD_NAME = "Robert'); DROP TABLE products;--"


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def stored(db_path: Path) -> list[tuple[int, str, float]]:
    """The rows in the database file, read with a fresh connection of the checks' own."""
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()


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


def test_add_get_and_list_all(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path) as repo:
        tea = repo.add("Tea", 3.5)
        odd = repo.add(ODD_NAME, 1.25)
        assert tea != odd
        assert repo.get(tea) == Product(tea, "Tea", 3.5)
        assert repo.get(odd) == Product(odd, ODD_NAME, 1.25), (
            "the name should be stored exactly as given: pass values as ? parameters"
        )
        assert repo.list_all() == [Product(tea, "Tea", 3.5), Product(odd, ODD_NAME, 1.25)]
        assert repo.get(999) is None, "get of an unknown id should return None"


def test_update_price_and_delete_report_whether_a_product_was_there(sqlite_path: Path) -> None:
    with ProductRepository(sqlite_path) as repo:
        tea = repo.add("Tea", 3.5)
        coffee = repo.add("Coffee", 7.0)
        assert repo.update_price(coffee, 8.5) is True
        assert repo.update_price(999, 1.0) is False, (
            "update_price of an unknown id should return False (look at cursor.rowcount)"
        )
        assert repo.delete(tea) is True
        assert repo.delete(tea) is False, "deleting the same product twice should return False"
        assert repo.list_all() == [Product(coffee, "Coffee", 8.5)]


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
