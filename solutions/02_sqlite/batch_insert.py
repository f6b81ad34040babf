"""Insert many rows at once: one transaction, executemany, all or nothing.

Write `insert_batch(connection, products)`, which stores a whole batch of (name, price) rows,
say a supplier's price list, in one go, and returns how many rows it stored.

A commit is a promise that the data will survive a crash, so before a commit returns, SQLite
writes its journal and waits until the data is safely on disk. That takes far longer than
adding a row. Committing after every row pays that price for every row; one transaction for
the whole batch pays it once. The same transaction makes the import atomic: if row 500 of 1000
is refused, the rollback removes rows 1 to 499 as well, so the corrected list can be imported
again without creating duplicates. `connection.executemany(sql, rows)` runs one statement for
every row of an iterable, inside the current transaction.

Concept: a transaction as a unit of work and as a performance tool; executemany.

Done when: a batch of N rows stores N rows and returns N, whatever the table held before (a
generator works as well as a list); the rows are stored as given, quotes and an empty name
included (values as `?` parameters, checking left to the table); a batch containing a row the
database refuses, first, last or in between, raises sqlite3.IntegrityError and stores none of
its rows; a second connection sees none of the batch's rows before `insert_batch` returns (one
commit, at the end, even for 300 rows); and the batch costs a small fraction, per row, of a
commit per row (the checks time both).
"""

import sqlite3
from collections.abc import Iterable


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            )
            """
        )


def insert_batch(connection: sqlite3.Connection, products: Iterable[tuple[str, float]]) -> int:
    """Insert every (name, price) pair of products in one transaction; return how many rows
    this batch stored.

    products may be any iterable, a generator too (which can be gone through only once).
    Leave checking the rows to the table: it refuses a NULL name and a price that is not > 0,
    and accepts everything else (an empty name is not NULL).
    If the database refuses any row, let the sqlite3.IntegrityError propagate and store none
    of this batch's rows. Commit once, at the end.
    """
    # Rolls back every row of the batch if one is refused; commits once otherwise.
    with connection:
        cursor = connection.executemany(
            "INSERT INTO products (name, price) VALUES (?, ?)", products
        )
    # For executemany, rowcount is the number of rows inserted by all executions together.
    return cursor.rowcount


# --- checks: these run on every save; do not edit below ---
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest


@pytest.fixture
def shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path)
    create_schema(connection)
    yield connection
    connection.close()


def make_rows(count: int) -> list[tuple[str, float]]:
    return [(f"Product {number:04d}", 1.0 + number / 4) for number in range(count)]


def stored(connection: sqlite3.Connection) -> list[tuple[str, float]]:
    return connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()


def committed(path: Path) -> list[tuple[str, float]]:
    """What a second connection sees: only committed rows."""
    with closing(sqlite3.connect(path)) as other:
        return stored(other)


class SeenTooEarly(Exception):
    """Raised inside an INSERT once a second connection sees rows of an unfinished batch."""


@contextmanager
def watched_from_outside(connection: sqlite3.Connection, path: Path) -> Iterator[list[int]]:
    """While inside, every row inserted into products through connection first asks a second
    connection how many products it sees, that is, how many are committed. The counts are
    collected in the list yielded; the first count above 0 stops the batch with an error,
    since the table starts empty and the batch has not returned yet."""
    seen: list[int] = []
    with closing(sqlite3.connect(path)) as other:

        def look_from_outside() -> None:
            seen.append(other.execute("SELECT COUNT(*) FROM products").fetchall()[0][0])
            if seen[-1] > 0:
                raise SeenTooEarly

        connection.create_function("look_from_outside", 0, look_from_outside)
        connection.execute(
            "CREATE TEMP TRIGGER look_at_each_row AFTER INSERT ON products "
            "BEGIN SELECT look_from_outside(); END"
        )
        try:
            yield seen
        finally:
            connection.execute("DROP TRIGGER temp.look_at_each_row")


def assert_nothing_seen_before_the_end(
    connection: sqlite3.Connection, path: Path, rows: list[tuple[str, float]]
) -> None:
    """insert_batch(connection, rows) commits nothing before it returns (the table is empty)."""
    with watched_from_outside(connection, path) as seen:
        try:
            insert_batch(connection, rows)
        except sqlite3.OperationalError as error:
            if not any(seen):
                raise AssertionError(f"insert_batch raised {error!r}") from error
    early = [(number, count) for number, count in enumerate(seen, start=1) if count > 0]
    if early:
        number, count = early[0]
        pytest.fail(
            f"while insert_batch was inserting row {number} of {len(rows)}, a second connection "
            f"could already see {count} committed row(s) of the batch: commit once, at the end "
            "of the whole batch, not after every row or every few rows (and keep sqlite3's "
            "transactions on: isolation_level=None commits every statement by itself)"
        )


def insert_with_a_commit_per_row(
    connection: sqlite3.Connection, products: list[tuple[str, float]]
) -> None:
    """The slow way, to compare with: every row is its own transaction."""
    for name, price in products:
        connection.execute("INSERT INTO products (name, price) VALUES (?, ?)", (name, price))
        connection.commit()


def test_a_batch_stores_every_row_and_returns_the_count(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    earlier = [("Stapler", 12.0), ("Ruler", 2.5), ("Glue", 3.0)]
    with shop:
        shop.executemany("INSERT INTO products (name, price) VALUES (?, ?)", earlier)
    rows = make_rows(40)
    count = insert_batch(shop, rows)
    assert count == 40, (
        f"insert_batch stored a batch of 40 rows (in a table that held 3 already) and returned "
        f"{count!r}: return the number of rows this batch stored"
    )
    assert committed(sqlite_path) == earlier + rows, (
        "a second connection should see all 40 rows after the 3 earlier ones, in order: commit "
        "at the end"
    )


def test_a_generator_works_as_well_as_a_list(shop: sqlite3.Connection) -> None:
    rows = make_rows(20)
    try:
        count = insert_batch(shop, (row for row in rows))
    except TypeError as error:
        raise AssertionError(
            f"insert_batch failed on a generator ({error}): a generator has no len() and can "
            "be gone through only once; pass it to executemany or count as you go"
        ) from error
    assert stored(shop) == rows, (
        "every row of the generator should be stored: a generator can be gone through only "
        "once, so do not go through it before inserting"
    )
    assert count == 20, f"insert_batch should return 20 for a generator of 20 rows, got {count!r}"


def test_an_empty_batch_stores_nothing(shop: sqlite3.Connection) -> None:
    assert insert_batch(shop, []) == 0
    assert stored(shop) == []


def test_rows_are_stored_as_given_and_checked_by_the_table_only(
    shop: sqlite3.Connection,
) -> None:
    rows = [("O'Brien's Tea", 6.75), ('Robert"); DROP TABLE products;--', 1.5), ("", 2.5)]
    try:
        count = insert_batch(shop, rows)
    except (sqlite3.IntegrityError, ValueError) as error:
        raise AssertionError(
            f"insert_batch refused {rows!r} ({error}), but the table accepts every one of them "
            "(an empty name is not NULL): leave checking the rows to the table"
        ) from error
    except sqlite3.Error as error:
        raise AssertionError(
            f"insert_batch({rows!r}) failed ({error}): pass the values as ? parameters, never "
            "format them into the SQL text"
        ) from error
    assert (count, stored(shop)) == (3, rows), (
        "names with quotes and an empty name should be stored exactly as given"
    )


@pytest.mark.parametrize(
    ("bad_row", "position"),
    [
        (("Broken", 0.0), 0),
        (("Broken", 0.0), 6),
        (("Broken", 0.0), 12),
        ((None, 5.0), 6),
        (("Broken", -3.0), 6),
    ],
    ids=["zero_price_first", "zero_price_middle", "zero_price_last", "null_name", "negative"],
)
def test_one_refused_row_stores_none_of_the_batch(
    shop: sqlite3.Connection, sqlite_path: Path, bad_row: tuple[str | None, float], position: int
) -> None:
    rows: list[tuple[str | None, float]] = [*make_rows(12)]
    rows.insert(position, bad_row)
    try:
        insert_batch(shop, rows)
    except sqlite3.IntegrityError:
        pass
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"the table refuses {bad_row!r}; insert_batch should let that "
            f"sqlite3.IntegrityError propagate, not raise {type(error).__name__}"
        ) from error
    else:
        pytest.fail(
            f"insert_batch returned normally although the table refused {bad_row!r}: let the "
            "sqlite3.IntegrityError propagate"
        )
    already_committed = len(committed(sqlite_path))
    assert already_committed == 0, (
        f"{already_committed} rows that came before the refused one were committed: commit "
        "once, at the end of the whole batch, not row by row (and keep sqlite3's transactions "
        "on: isolation_level=None commits every statement by itself)"
    )
    pending = len(stored(shop))
    assert pending == 0, (
        f"{pending} rows that came before the refused one are still pending in this "
        "connection, and its next commit would store them: roll the batch back when a row is "
        "refused (`with connection:` does it)"
    )


def test_a_failed_batch_leaves_nothing_for_the_next_commit(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        insert_batch(shop, [("Lamp", 20.0), ("Broken", 0.0)])
    insert_batch(shop, [("Mug", 8.0)])
    assert committed(sqlite_path) == [("Mug", 8.0)], (
        "rows of the refused batch were committed together with the next batch: roll the "
        "refused batch back"
    )


def test_no_row_of_the_batch_is_visible_before_it_returns(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    rows = make_rows(300)
    assert_nothing_seen_before_the_end(shop, sqlite_path, rows)
    assert committed(sqlite_path) == rows, (
        "after insert_batch returns, a second connection should see all 300 rows: commit at the end"
    )


# A commit per row has to wait for the disk every time; the batch commits once. The commit
# side stays small because it is slow; the batch side is larger so that its time is measurable.
ROWS_WITH_A_COMMIT_EACH = 30
ROWS_IN_ONE_BATCH = 300
# On a laptop the batch is typically 50 to 500 times cheaper per row, and still more than 10
# times on a disk held in memory; asking for 3 leaves plenty of room for a busy machine.
REQUIRED_SPEEDUP = 3


def test_one_transaction_is_much_cheaper_per_row_than_a_commit_per_row(
    shop: sqlite3.Connection, tmp_path: Path
) -> None:
    # First a small batch, watched: a commit per row fails here at once instead of making the
    # timed batch below wait for the disk 300 times.
    with closing(sqlite3.connect(tmp_path / "probe.db")) as probe:
        create_schema(probe)
        assert_nothing_seen_before_the_end(probe, tmp_path / "probe.db", make_rows(5))

    with closing(sqlite3.connect(tmp_path / "baseline.db")) as baseline:
        create_schema(baseline)
        start = time.perf_counter()
        insert_with_a_commit_per_row(baseline, make_rows(ROWS_WITH_A_COMMIT_EACH))
        per_row_committed = (time.perf_counter() - start) / ROWS_WITH_A_COMMIT_EACH

    rows = make_rows(ROWS_IN_ONE_BATCH)
    start = time.perf_counter()
    insert_batch(shop, rows)
    per_row_batched = (time.perf_counter() - start) / ROWS_IN_ONE_BATCH

    assert len(stored(shop)) == ROWS_IN_ONE_BATCH
    assert per_row_batched * REQUIRED_SPEEDUP < per_row_committed, (
        f"insert_batch took {per_row_batched * 1e6:.0f} microseconds per row, a commit per "
        f"row {per_row_committed * 1e6:.0f}: the batch should be at least {REQUIRED_SPEEDUP} "
        "times cheaper per row; commit once for the whole batch, not after every row"
    )
