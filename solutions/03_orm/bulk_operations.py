"""Bulk operations: thousands of rows in one batch and one transaction.

A supplier sends its catalogue every night: twenty thousand products to import, and the next
day a few thousand new prices. Written the way a single product is saved (build a `Product`,
`session.add`, commit), such a job spends its time on the ORM's bookkeeping for every object
and on a commit, which waits for the disk, for every row. A bulk operation sends plain
dictionaries in one statement that SQLAlchemy runs as a batch (the driver's `executemany`),
inside one transaction: a small fraction of the work per row, and all or nothing.

Write two functions over the `products` table (the `Product` model is ready to use):

- `import_products(engine, rows)`: inserts every row of `rows`, each a dict such as
  `{"sku": "SKU-000042", "name": "Product 42", "price": 1299}` (prices in cents), and commits
  them all in one transaction. Leave checking to the table, which refuses a duplicate sku, a
  missing name and a price that is not above 0: if it refuses any row, let the
  `sqlalchemy.exc.IntegrityError` go on to the caller and store none of the rows. `rows` is
  never empty (to SQLAlchemy an empty list means no parameters at all:
  `execute(insert(Product), [])` runs one INSERT of default values).
- `update_prices(engine, new_prices)`: sets the price of each product whose id is a key of
  `new_prices` (a dict `{product_id: new_price}`; every id is an existing product) to its
  value, and changes nothing else, in one transaction; if the table refuses a price, the
  IntegrityError goes on to the caller and no price changes.

Both functions work on plain dicts and never build or load a `Product` object (with many
rows, the ORM's bookkeeping for each object costs several times the database work). No
statement carries more than 32,766 parameters, SQLite's limit: `insert(Product).values(rows)`
renders one giant statement with a parameter for every value of every row, which goes over it
for a large import, while a list of dicts as the second argument of `execute()` runs one
statement as a batch. Each opens a session or a connection of the engine it is given (not an
engine of its own, not a raw DBAPI connection), in a transaction (not AUTOCOMMIT), and leaves
none open when it returns or raises.

Concept: bulk INSERT and UPDATE. `session.execute(insert(Product), rows)`, with a list of
dicts as the second argument, inserts them all in one batch; `session.execute(update(Product),
[{"id": 7, "price": 999}, ...])` updates each row by its primary key, also in one batch (or in
Core, `update(...).where(Product.id == bindparam(...))` with a list of dicts). Inside
`with Session(engine) as session, session.begin():` the whole batch is one transaction, which
commits at the end of the block, or rolls back if an exception leaves it.

Done when: an import of 12,000 rows stores every row as given, with one commit; an import with
one refused row (first, in the middle or last) raises the table's IntegrityError for that row
and stores nothing; an import is at least 3 times cheaper per row than a commit per row (the
checks time both); `update_prices` changes exactly the prices asked for, with one commit, and
a refused price leaves every price as it was; and both functions send their rows in batches
(at most one statement per 100 rows, none with more than 32,766 parameters), in a transaction
on the engine they are given, never make or load a `Product` object, and leave no session or
connection open.
"""

from typing import Any

from sqlalchemy import CheckConstraint, Engine, String, insert, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    """A product of the catalogue (ready to use)."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("price > 0", name="price_is_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    price: Mapped[int]  # in cents


def create_schema(engine: Engine) -> None:
    """Create the products table unless it exists (ready to use)."""
    Base.metadata.create_all(engine)


def import_products(engine: Engine, rows: list[dict[str, Any]]) -> None:
    """Insert every row ({"sku", "name", "price"}) in one batch and one transaction."""
    with Session(engine) as session, session.begin():
        session.execute(insert(Product), rows)


def update_prices(engine: Engine, new_prices: dict[int, int]) -> None:
    """Set the price of each product id in new_prices, in one batch and one transaction."""
    # The ORM's bulk UPDATE by primary key: each dict names the row by its "id".
    changes = [{"id": product_id, "price": price} for product_id, price in new_prices.items()]
    with Session(engine) as session, session.begin():
        session.execute(update(Product), changes)


# --- checks: these run on every save; do not edit below ---
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, insert
from sqlalchemy.exc import IntegrityError

IMPORT_SIZE = 12_000
REFUSED_IMPORT_SIZE = 2_000
ROWS_PER_STATEMENT = 100  # a batch sends at least this many rows per statement
MAX_PARAMETERS = 32_766  # SQLite's limit on the bound parameters of one statement
TABLE_SIZE = 2_000  # the table that the update checks change
CHANGES = 500
PLAIN_DICTS = (
    "work with the plain dicts, sent as one list in one execute() (insert(Product) or "
    "update(Product)); an ORM object per row costs several times the database work"
)


def catalogue(count: int) -> list[dict[str, Any]]:
    return [
        {"sku": f"SKU-{number:06d}", "name": f"Product {number}", "price": 100 + number * 37 % 5000}
        for number in range(count)
    ]


@pytest.fixture
def engine(sqlite_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{sqlite_path}")
    create_schema(engine)
    yield engine
    engine.dispose()


def stored(path: Path) -> list[tuple[int, str, str, int]]:
    """The products a connection of the checks' own sees: committed rows only."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT id, sku, name, price FROM products ORDER BY id")
        return rows.fetchall()


def store(path: Path, products: list[tuple[int, str, str, int]]) -> None:
    """Write products (id, sku, name, price) with a connection of the checks' own."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany("INSERT INTO products VALUES (?, ?, ?, ?)", products)


@contextmanager
def watched(engine: Engine, what: str, rows: int) -> Iterator[None]:
    """Run one of your functions under the rules of a bulk operation.

    One commit at most, in a transaction; at most one statement per ROWS_PER_STATEMENT rows,
    each with at most MAX_PARAMETERS parameters; no Product object made or loaded; only
    Sessions and Connections of `engine`. Breaking a rule raises AssertionError at once, inside
    your code where it can, so that the failure shows your line.
    """
    limit = max(1, rows // ROWS_PER_STATEMENT)
    commits = statements = connections = checkouts = 0
    other_engines: list[Engine] = []

    def on_commit(connection) -> None:
        nonlocal commits
        commits += 1
        if commits > 1:
            raise AssertionError(
                f"{what} committed a second time: it must be one transaction, committed once "
                "at the end (a commit per row or per chunk also breaks all-or-nothing)"
            )

    def on_statement(connection, cursor, statement, parameters, context, executemany) -> None:
        nonlocal statements
        statements += 1
        if statements > limit:
            raise AssertionError(
                f"{what} sent more than {limit} statements for {rows} rows: send the rows "
                "together, as a list of dicts in one execute(), not one statement per row"
            )
        writes = statement.lstrip().upper().startswith(("INSERT", "UPDATE"))
        # isolation_level None is the driver's autocommit mode; in a transaction begun by hand
        # it still reports in_transaction.
        autocommit = cursor.connection.isolation_level is None
        if writes and autocommit and not cursor.connection.in_transaction:
            raise AssertionError(
                f"{what} wrote on a connection in AUTOCOMMIT mode: SQLite commits each row on "
                "its own as it is written, so a refused row leaves the rows before it stored. "
                "Write in one transaction that commits once at the end: `with Session(engine) "
                "as session, session.begin():` or `with engine.begin() as connection:`"
            )
        if not executemany and len(parameters) > MAX_PARAMETERS:
            raise AssertionError(
                f"{what} sent one statement with {len(parameters)} bound parameters, one for "
                "every value of every row (insert(...).values(rows) renders one giant "
                f"statement): SQLite refuses more than {MAX_PARAMETERS}, and compiling it is "
                "slow. Pass the list of dicts as the second argument of execute() instead, "
                "which runs one statement as a batch (executemany)"
            )

    def on_connect(connection) -> None:
        nonlocal connections
        connections += 1

    def on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
        nonlocal checkouts
        checkouts += 1

    def on_any_engine(connection) -> None:
        if connection.engine is not engine:
            other_engines.append(connection.engine)

    def on_product_made(*args: object) -> None:
        raise AssertionError(f"{what} made a Product object: {PLAIN_DICTS}")

    def on_product_loaded(*args: object) -> None:
        raise AssertionError(f"{what} loaded a Product object from the database: {PLAIN_DICTS}")

    listeners = [
        (engine, "commit", on_commit),
        (engine, "before_cursor_execute", on_statement),
        (engine, "engine_connect", on_connect),
        (engine.pool, "checkout", on_checkout),
        (Engine, "engine_connect", on_any_engine),  # every engine, those made meanwhile too
        (Product, "init", on_product_made),
        (Product, "load", on_product_loaded),
    ]
    for target, name, function in listeners:
        event.listen(target, name, function)
    try:
        yield
    finally:
        for target, name, function in listeners:
            event.remove(target, name, function)
    assert not other_engines, (
        f"{what} made an engine of its own (create_engine) instead of using the engine it is "
        "given: an engine holds a pool of connections, which stay open until someone "
        "disposes of it, and the rules of this check cannot see it. Open the session or "
        "connection on the engine passed in"
    )
    assert checkouts <= connections, (
        f"{what} took a raw DBAPI connection from the engine (engine.raw_connection()): what "
        "it runs there goes past SQLAlchemy. Send the rows through a Session or a Connection "
        "of the engine, as a list of dicts in one execute()"
    )
    left_open = engine.pool.checkedout()
    assert left_open == 0, (
        f"{what} returned with its session or connection still open: close it, on errors too "
        "(`with Session(engine) as session, session.begin():` does both)"
    )


def explained(error: BaseException, message: str) -> AssertionError:
    """An AssertionError saying `message` that keeps the lines of `error` (your code) in view."""
    return AssertionError(message).with_traceback(error.__traceback__)


def error_from(function, *args: object) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None.

    Failures of the checks' rules (AssertionError) and TODOs go on as they are.
    """
    try:
        function(*args)
    except (AssertionError, NotImplementedError):
        raise
    except Exception as error:
        return error
    return None


def assert_refused(error: Exception | None, what: str, bad: str, reason: str) -> None:
    """`what` raised the table's IntegrityError for `bad`, and the table said `reason`."""
    assert error is not None, (
        f"{what} returned normally, but {bad} is one the table refuses: let the table's "
        "IntegrityError go on to the caller (do not catch it, and do not leave rows out)"
    )
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    assert isinstance(error, IntegrityError), (
        f"the table refused a row: {what} should let SQLAlchemy's exception, "
        f"sqlalchemy.exc.IntegrityError, go on to the caller, but {kind} came out: {error}"
    )
    said = str(error.orig)
    assert reason in said, (
        f"the table refused {what}'s statement, but not for the bad row ({reason}): it said "
        f"{said!r} for the SQL {error.statement!r}"
    )


def test_an_import_stores_every_row_with_one_commit(engine: Engine, sqlite_path: Path) -> None:
    rows = catalogue(IMPORT_SIZE)
    with watched(engine, "import_products", IMPORT_SIZE):
        import_products(engine, [dict(row) for row in rows])
    products = stored(sqlite_path)
    assert len(products) == IMPORT_SIZE, (
        f"another connection sees {len(products)} of the {IMPORT_SIZE} products: commit the "
        "import (the end of a `session.begin()` block commits)"
    )
    expected = {row["sku"]: (row["name"], row["price"]) for row in rows}
    found = {sku: (name, price) for _, sku, name, price in products}
    wrong = [sku for sku in expected if found.get(sku) != expected[sku]]
    assert len(wrong) == 0, (
        f"{len(wrong)} products are missing or differ from the rows given, for example "
        f"{wrong[0]}: {found.get(wrong[0])} instead of {expected[wrong[0]]}"
    )


@pytest.mark.parametrize(
    ("position", "bad_row", "reason"),
    [
        (
            "first",
            {"sku": "SKU-EXISTING", "name": "Same sku as a stored product", "price": 500},
            "UNIQUE constraint failed: products.sku",
        ),
        (
            "middle",
            {"sku": "SKU-FREE", "name": "Free product", "price": 0},
            "CHECK constraint failed: price_is_positive",
        ),
        (
            "last",
            {"sku": "SKU-NONAME", "name": None, "price": 500},
            "NOT NULL constraint failed: products.name",
        ),
    ],
    ids=["first", "middle", "last"],
)
def test_an_import_with_one_refused_row_stores_nothing(
    engine: Engine, sqlite_path: Path, position: str, bad_row: dict[str, Any], reason: str
) -> None:
    store(sqlite_path, [(1, "SKU-EXISTING", "Already here", 250)])
    rows = catalogue(REFUSED_IMPORT_SIZE)
    rows.insert({"first": 0, "middle": len(rows) // 2, "last": len(rows)}[position], bad_row)
    with watched(engine, "import_products", len(rows)):
        # The error is kept until the end of the with block, which checks that no session is
        # left open: a session that nobody closed lives on in the error's traceback.
        error = error_from(import_products, engine, rows)
    assert_refused(error, "import_products", f"the {position} row, {bad_row},", reason)
    after = stored(sqlite_path)
    stored_anyway = len(after) - 1
    assert stored_anyway == 0, (
        f"the refused row came {position} in the import, and {stored_anyway} other rows were "
        "stored anyway: one refused row must store none of them"
    )
    assert after == [(1, "SKU-EXISTING", "Already here", 250)], (
        "the product stored before the import must stay as it was"
    )


# A commit per row waits for the disk every time; the import commits once. The baseline stops
# after BASELINE_SECONDS, as a slow disk can take many milliseconds per commit; the import side
# is larger so that its time is measurable.
ROWS_WITH_A_COMMIT_EACH = 50
BASELINE_SECONDS = 0.15
ROWS_IN_ONE_IMPORT = 5_000
# Measured here: the import is hundreds of times cheaper per row on a real disk, and 8 to 48
# times (23 typically) with the database in memory on a machine busy with other work; asking
# for 3 leaves room for a busy machine with a fast disk.
REQUIRED_SPEEDUP = 3


def seconds_per_row_with_a_commit_each(engine: Engine) -> float:
    """The slow way, to compare with: every row is its own statement and transaction."""
    rows = catalogue(ROWS_WITH_A_COMMIT_EACH)
    with engine.connect() as connection:
        start = time.perf_counter()
        for done, row in enumerate(rows, start=1):
            connection.execute(insert(Product), row)
            connection.commit()
            elapsed = time.perf_counter() - start
            if elapsed > BASELINE_SECONDS and done >= 10:
                break
    return elapsed / done


def test_an_import_is_much_cheaper_per_row_than_a_commit_per_row(
    engine: Engine, tmp_path: Path
) -> None:
    baseline = create_engine(f"sqlite:///{tmp_path / 'baseline.db'}")
    try:
        create_schema(baseline)
        per_row_committed = seconds_per_row_with_a_commit_each(baseline)
    finally:
        baseline.dispose()

    rows = catalogue(ROWS_IN_ONE_IMPORT)
    with watched(engine, "import_products", len(rows)):
        start = time.perf_counter()
        import_products(engine, rows)
        per_row_imported = (time.perf_counter() - start) / len(rows)

    assert per_row_imported * REQUIRED_SPEEDUP < per_row_committed, (
        f"import_products took {per_row_imported * 1e6:.0f} microseconds per row, a commit per "
        f"row {per_row_committed * 1e6:.0f}: the import should be at least {REQUIRED_SPEEDUP} "
        "times cheaper per row"
    )


@pytest.fixture
def priced_table(sqlite_path: Path, engine: Engine) -> list[tuple[int, str, str, int]]:
    """A table of TABLE_SIZE products, ids 1 to TABLE_SIZE; returns its rows."""
    store(
        sqlite_path,
        [
            (number, f"SKU-{number:06d}", f"Product {number}", 100 + number * 53 % 4000)
            for number in range(1, TABLE_SIZE + 1)
        ],
    )
    return stored(sqlite_path)


def test_update_prices_changes_exactly_the_prices_asked_for(
    engine: Engine, sqlite_path: Path, priced_table: list[tuple[int, str, str, int]]
) -> None:
    old_prices = {product_id: price for product_id, _, _, price in priced_table}
    # Ids picked at random, in random order: neither sorted nor a range.
    chosen = random.Random(37).sample(sorted(old_prices), CHANGES)
    new_prices = {product_id: old_prices[product_id] + 1 + product_id % 90 for product_id in chosen}
    with watched(engine, "update_prices", len(new_prices)):
        try:
            update_prices(engine, dict(new_prices))
        except IntegrityError as error:
            no_where = "WHERE" not in str(error.statement).upper()
            raise explained(
                error,
                f"the table refused update_prices although every new price is valid: {error.orig}"
                + (
                    f". Its SQL, {error.statement!r}, has no WHERE, so it would set every row: "
                    "on a Core connection, update(Product) with dicts holding 'id' takes the id "
                    "for one more column to SET. Pick each row with "
                    ".where(Product.id == bindparam('product_id')) (and dicts keyed so), or use "
                    "the Session's bulk UPDATE by primary key, session.execute(update(Product), "
                    "changes)"
                    if no_where
                    else ""
                ),
            ) from error
    after = stored(sqlite_path)
    assert [row[:3] for row in after] == [row[:3] for row in priced_table], (
        "update_prices must change prices only: the products' ids, skus and names changed"
    )
    wrong = [
        (product_id, price)
        for product_id, _, _, price in after
        if price != new_prices.get(product_id, old_prices[product_id])
    ]
    wrongly_changed = [product_id for product_id, _ in wrong if product_id not in new_prices]
    assert len(wrongly_changed) == 0, (
        f"{len(wrongly_changed)} products that are not in new_prices have a new price too "
        f"(product {wrongly_changed[0]} for example): each row's UPDATE must pick that row by "
        "its id"
    )
    not_changed = [product_id for product_id, _ in wrong if product_id in new_prices]
    assert len(not_changed) == 0, (
        f"{len(not_changed)} of the {CHANGES} products in new_prices do not have their new "
        f"price as another connection sees them (product {not_changed[0]} for example): set "
        "each one's price to its value in new_prices, and commit"
    )


@pytest.mark.parametrize("position", ["first", "last"])
def test_a_refused_price_changes_no_price(
    engine: Engine,
    sqlite_path: Path,
    priced_table: list[tuple[int, str, str, int]],
    position: str,
) -> None:
    chosen = random.Random(41).sample(range(1, TABLE_SIZE + 1), CHANGES)
    new_prices = {product_id: 5000 + product_id for product_id in chosen}
    refused = chosen[0] if position == "first" else chosen[-1]
    new_prices[refused] = 0  # the table refuses a price that is not above 0
    with watched(engine, "update_prices", len(new_prices)):
        error = error_from(update_prices, engine, new_prices)
    assert_refused(
        error,
        "update_prices",
        f"the price 0 for product {refused}, {position},",
        "CHECK constraint failed: price_is_positive",
    )
    changed = len(set(stored(sqlite_path)) - set(priced_table))
    assert changed == 0, (
        f"the refused price came {position}, and {changed} other prices were changed anyway: "
        "one refused price must leave every price as it was"
    )
