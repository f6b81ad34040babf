"""Products and their categories: an enforced foreign key and a LEFT JOIN.

A product belongs to at most one category: `products.category_id` holds the id of a row in
`categories`, or NULL for a product without a category. Write:
- `connect(path)`: open the database and return a connection that enforces foreign keys;
- `create_schema(connection)`: finish it by adding `products.category_id` as a foreign key;
- `add_category` and `add_product`: insert one row (values as `?` parameters), commit, and
  return the new row's id;
- `products_with_categories`: every product with its category's name, or None.

Two things catch people out. SQLite parses a FOREIGN KEY declaration but only enforces it on
connections that have run `PRAGMA foreign_keys = ON`, and that setting belongs to one connection
only: every new connection starts with it off, so it goes where connections are made (and
outside any transaction: inside one, the PRAGMA silently does nothing). Without
it a typo'd category id is stored silently, and you find the orphan rows months later. Second,
a plain (INNER) JOIN keeps only the rows that have a match on both sides, so products without a
category silently vanish from the listing; a LEFT JOIN keeps every product and fills the
category's columns with NULL.

Concept: referential integrity (foreign keys) and outer joins.

Done when: `add_category` and `add_product` commit and return the new row's id, and store
names with quotes as given; every connection made by `connect` refuses a product whose
category_id names no category, and `add_product` lets that sqlite3.IntegrityError reach the
caller; and `products_with_categories` lists every product, sorted by name, paired with its
category's name or with None.
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


class IdPrintedAsNull(int):
    """An int whose text form is "NULL": as a ? parameter it is just its number, pasted into
    the SQL text it becomes NULL."""

    def __str__(self) -> str:
        return "NULL"


def product_count(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COUNT(*) FROM products").fetchone()[0]


def committed(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows of sql as a second connection sees them: only committed changes."""
    with closing(sqlite3.connect(path)) as other:
        return other.execute(sql).fetchall()


def assert_unknown_category_refused(connection: sqlite3.Connection, which: str) -> None:
    """add_product(connection, 'Ghost Lamp', 5.0, 999) must raise sqlite3.IntegrityError."""
    try:
        add_product(connection, "Ghost Lamp", 5.0, 999)
    except sqlite3.IntegrityError:
        pass
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"add_product with category_id 999 (no such category) on {which} raised "
            f"{type(error).__name__} ({error}): the database refuses it with "
            "sqlite3.IntegrityError, let that one reach the caller"
        ) from error
    else:
        ghost = connection.execute(
            "SELECT category_id FROM products WHERE name = 'Ghost Lamp'"
        ).fetchall()
        enforced = connection.execute("PRAGMA foreign_keys").fetchone()[0]
        if ghost == [(999,)] and not enforced:
            problem = (
                "the foreign key is not enforced on this connection: run PRAGMA "
                "foreign_keys = ON in connect(), right after sqlite3.connect() and outside "
                "any transaction (inside one it does nothing), for every connection"
            )
        elif ghost == [(999,)]:
            problem = (
                "the foreign key is not enforced: declare it in create_schema, "
                "category_id INTEGER REFERENCES categories (id)"
            )
        elif ghost:
            problem = (
                f"it was stored with category_id {ghost[0][0]!r} instead: let the database "
                "refuse it, and let the sqlite3.IntegrityError reach the caller"
            )
        else:
            problem = (
                "add_product returned normally: the database refused it, so let the "
                "sqlite3.IntegrityError reach the caller instead of catching it"
            )
        pytest.fail(
            f"add_product with category_id 999 (no such category) on {which} should raise "
            f"sqlite3.IntegrityError; {problem}"
        )
    count = connection.execute("SELECT COUNT(*) FROM products WHERE name = 'Ghost Lamp'")
    assert count.fetchone()[0] == 0, "the refused product should not be stored"


def test_connect_switches_foreign_keys_on(sqlite_path: Path) -> None:
    with closing(connect(sqlite_path)) as connection:
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1, (
            "connect() should return a connection with foreign keys on: SQLite starts every "
            "connection with them off, so run PRAGMA foreign_keys = ON in connect(), right "
            "after sqlite3.connect() and outside any transaction (inside one it does nothing)"
        )


def test_products_category_id_references_categories(shop: sqlite3.Connection) -> None:
    # Each row: id, seq, referenced table, column, referenced column (None: its primary key), ...
    rows = shop.execute("PRAGMA foreign_key_list(products)").fetchall()
    links = [(row[2], row[3]) for row in rows if row[4] in ("id", None)]
    assert ("categories", "category_id") in links, (
        "create_schema should declare products.category_id as a foreign key: "
        "category_id INTEGER REFERENCES categories (id)"
    )


def test_each_add_commits_and_returns_the_new_id(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    # Rows with ids 40 exist already, so the new ids are 41: no count of rows gives them.
    with closing(sqlite3.connect(sqlite_path)) as other, other:
        other.execute("INSERT INTO categories (id, name) VALUES (40, 'old stock')")
        other.execute("INSERT INTO products (id, name, price) VALUES (40, 'Old Lamp', 1.0)")
    category_id = add_category(shop, "lighting")
    seen = committed(sqlite_path, "SELECT id, name FROM categories ORDER BY id")
    assert seen[1:] == [(41, "lighting")], (
        f"after add_category(connection, 'lighting') a second connection sees the categories "
        f"{seen}: add_category must commit"
    )
    assert category_id == 41, (
        f"add_category returned {category_id!r}, but the new category's id is 41: return the "
        "INSERT cursor's lastrowid"
    )
    product_id = add_product(shop, "Desk Lamp", 24.5, 41)
    seen = committed(sqlite_path, "SELECT id, name, category_id FROM products ORDER BY id")
    assert seen[1:] == [(41, "Desk Lamp", 41)], (
        f"after add_product(connection, 'Desk Lamp', 24.5, 41) a second connection sees the "
        f"products {seen}: add_product must commit"
    )
    assert product_id == 41, (
        f"add_product returned {product_id!r}, but the new product's id is 41: return the "
        "INSERT cursor's lastrowid"
    )


def test_a_product_with_an_unknown_category_is_refused(shop: sqlite3.Connection) -> None:
    fill(shop)
    assert_unknown_category_refused(shop, "the connection that made the schema")
    assert product_count(shop) == len(EXPECTED), "the refused product should not be stored"


def test_every_new_connection_enforces_the_foreign_key(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    fill(shop)
    assert committed(sqlite_path, "SELECT COUNT(*) FROM products") == [(len(EXPECTED),)], (
        "a second connection does not see the products: add_product must commit"
    )
    with closing(connect(sqlite_path)) as later:
        assert_unknown_category_refused(
            later,
            "a second connection from connect() (PRAGMA foreign_keys holds for one "
            "connection only)",
        )


def test_quotes_in_names_are_stored_as_they_are(shop: sqlite3.Connection) -> None:
    try:
        toys = add_category(shop, "Kids' Toys")
        add_product(shop, "Rocking 'Horse'", 59.0, toys)
        add_product(shop, "O'Brien's Tea", 6.75)
    except sqlite3.Error as error:
        raise AssertionError(
            f"a name with a quote broke an INSERT ({error}): pass values as ? parameters, "
            "never format them into the SQL text"
        ) from error
    stored = shop.execute(
        "SELECT p.name, c.name FROM products AS p LEFT JOIN categories AS c"
        " ON c.id = p.category_id ORDER BY p.id"
    ).fetchall()
    assert stored == [("Rocking 'Horse'", "Kids' Toys"), ("O'Brien's Tea", None)], (
        f"names with quotes should be stored exactly as given, found {stored}"
    )


def test_the_category_id_reaches_sqlite_as_a_parameter(shop: sqlite3.Connection) -> None:
    lighting = add_category(shop, "lighting")
    add_product(shop, "Desk Lamp", 24.5, IdPrintedAsNull(lighting))
    stored = shop.execute("SELECT category_id FROM products WHERE name = 'Desk Lamp'").fetchall()
    assert stored == [(lighting,)], (
        f"Desk Lamp was added to category {lighting}, but its row has category_id "
        f"{stored[0][0] if stored else 'nothing'}: the check passed an int whose text form is "
        "'NULL', so your code pasted category_id into the SQL text; pass it as a ? parameter "
        "(None becomes NULL by itself)"
    )


def test_each_product_is_listed_with_its_category_or_none(shop: sqlite3.Connection) -> None:
    fill(shop)
    listing = products_with_categories(shop)
    listed = {pair[0] for pair in listing}
    missing = [name for name, category in EXPECTED if name not in listed]
    assert missing == [], (
        f"products without a category are missing from the listing: {missing}; an (INNER) "
        "JOIN drops rows that have no match, use LEFT JOIN from products to keep them"
    )
    pairs = [tuple(pair) for pair in listing]
    assert sorted(pairs, key=lambda pair: pair[0]) == EXPECTED, (
        f"every product should be paired with its category's name, or None: got {pairs}"
    )
    assert pairs == EXPECTED, f"the listing should be sorted by product name: got {pairs}"


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
