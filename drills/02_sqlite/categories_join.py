"""Products and their categories: an enforced foreign key and a LEFT JOIN.

A product belongs to at most one category: `products.category_id` holds the id of a row in
`categories`, or NULL for a product without a category. Write:
- `connect(path)`: open the database and return a connection that enforces foreign keys;
- `create_schema(connection)`: finish it by adding `products.category_id` as a foreign key;
- `add_category` and `add_product`: insert one row, commit, return its id;
- `products_with_categories`: every product with its category's name, or None.

Two things catch people out. SQLite parses a FOREIGN KEY declaration but only enforces it on
connections that have run `PRAGMA foreign_keys = ON`, and that setting belongs to one connection
only: every new connection starts with it off, so it goes where connections are made. Without
it a typo'd category id is stored silently, and you find the orphan rows months later. Second,
a plain (INNER) JOIN keeps only the rows that have a match on both sides, so products without a
category silently vanish from the listing; a LEFT JOIN keeps every product and fills the
category's columns with NULL.

Concept: referential integrity (foreign keys) and outer joins.

Done when: every connection made by `connect` refuses a product whose category_id names no
category (sqlite3.IntegrityError), and `products_with_categories` lists every product, sorted
by name, paired with its category's name or with None.
"""

import sqlite3
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    """Open the database at path; the returned connection enforces foreign keys."""
    # TODO: connect, switch foreign key enforcement on for this connection, return it.
    raise NotImplementedError


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the categories and products tables if they do not exist yet."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS categories (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            )
            """
        )
        # TODO: add a category_id column that may be NULL and references categories (id).
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            )
            """
        )


def add_category(connection: sqlite3.Connection, name: str) -> int:
    """Insert a category, commit, and return its id."""
    # TODO: insert with a ? parameter, commit, return the cursor's lastrowid.
    raise NotImplementedError


def add_product(
    connection: sqlite3.Connection, name: str, price: float, category_id: int | None = None
) -> int:
    """Insert a product (category_id None: no category), commit, and return its id.

    If category_id names no category, the database refuses the row: let that
    sqlite3.IntegrityError propagate.
    """
    # TODO: insert with ? parameters (None becomes NULL), commit, return the new id.
    raise NotImplementedError


def products_with_categories(connection: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """Return (product name, category name) for every product, sorted by product name.

    A product without a category is paired with None.
    """
    # TODO: join products to categories so that products without a category stay in the
    #       result, sort by product name, and return the rows as a list of tuples.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest


@pytest.fixture
def shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(sqlite_path)
    create_schema(connection)
    yield connection
    connection.close()


def fill(connection: sqlite3.Connection) -> None:
    """Three categories (kitchen stays empty) and five products, two without a category."""
    lighting = add_category(connection, "lighting")
    garden = add_category(connection, "garden")
    add_category(connection, "kitchen")
    add_product(connection, "Floor Lamp", 89.0, lighting)
    add_product(connection, "Gift Card", 25.0, None)
    add_product(connection, "Garden Hose", 30.0, garden)
    add_product(connection, "Mystery Box", 9.99)
    add_product(connection, "Desk Lamp", 24.5, lighting)


EXPECTED = [
    ("Desk Lamp", "lighting"),
    ("Floor Lamp", "lighting"),
    ("Garden Hose", "garden"),
    ("Gift Card", None),
    ("Mystery Box", None),
]


def product_count(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COUNT(*) FROM products").fetchone()[0]


def refuses_unknown_category(connection: sqlite3.Connection) -> bool:
    """True if add_product raises sqlite3.IntegrityError for category_id 999 (no such row)."""
    try:
        add_product(connection, "Ghost Lamp", 5.0, 999)
    except sqlite3.IntegrityError:
        return True
    return False


def test_connect_switches_foreign_keys_on(sqlite_path: Path) -> None:
    with closing(connect(sqlite_path)) as connection:
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1, (
            "connect() should return a connection with foreign keys on: SQLite starts every "
            "connection with them off, so run PRAGMA foreign_keys = ON in connect()"
        )


def test_products_category_id_references_categories(shop: sqlite3.Connection) -> None:
    # Each row: id, seq, referenced table, column, referenced column (None: its primary key), ...
    rows = shop.execute("PRAGMA foreign_key_list(products)").fetchall()
    links = [(row[2], row[3]) for row in rows if row[4] in ("id", None)]
    assert ("categories", "category_id") in links, (
        "create_schema should declare products.category_id as a foreign key: "
        "category_id INTEGER REFERENCES categories (id)"
    )


def test_a_product_with_an_unknown_category_is_refused(shop: sqlite3.Connection) -> None:
    fill(shop)
    assert refuses_unknown_category(shop), (
        "a product with category_id 999 (no such category) was stored: the foreign key is not "
        "enforced; declare it in create_schema and run PRAGMA foreign_keys = ON in connect()"
    )
    assert product_count(shop) == len(EXPECTED), "the refused product should not be stored"


def test_every_new_connection_enforces_the_foreign_key(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    fill(shop)
    with closing(connect(sqlite_path)) as later:
        assert refuses_unknown_category(later), (
            "a second connection from connect() stored a product with category_id 999: "
            "PRAGMA foreign_keys holds for one connection only, so connect() must switch it on "
            "for each new connection"
        )


def test_each_product_is_listed_with_its_category_or_none(shop: sqlite3.Connection) -> None:
    fill(shop)
    listing = products_with_categories(shop)
    listed = {pair[0] for pair in listing}
    missing = [name for name, category in EXPECTED if name not in listed]
    assert missing == [], (
        f"products without a category are missing from the listing: {missing}; an (INNER) "
        "JOIN drops rows that have no match, use LEFT JOIN to keep them"
    )
    assert [tuple(pair) for pair in listing] == EXPECTED, (
        "every product, sorted by name, should be paired with its category's name, or None"
    )


def test_an_empty_shop_lists_nothing(shop: sqlite3.Connection) -> None:
    assert list(products_with_categories(shop)) == []


def test_added_rows_are_committed(shop: sqlite3.Connection, sqlite_path: Path) -> None:
    fill(shop)
    with closing(sqlite3.connect(sqlite_path)) as other:
        categories = other.execute("SELECT COUNT(*) FROM categories").fetchone()[0]
        assert (categories, product_count(other)) == (3, len(EXPECTED)), (
            "a second connection should see all categories and products: add_category and "
            "add_product must commit"
        )
