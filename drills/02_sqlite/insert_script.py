"""A SQL script of 500 INSERTs, and how long it takes.

Write three functions:

- `sql_string(text)` returns `text` as a SQL string literal: wrapped in single quotes, with
  every single quote inside doubled. `sql_string("Baker's")` is `'Baker''s'`.
- `build_insert_script(products)` takes a list of `(name, price)` pairs and returns one SQL
  script: first `BEGIN;`, then one INSERT statement per product, in order, each ending with a
  semicolon, such as `INSERT INTO products (name, price) VALUES ('Baker''s flour #1', 1.0);`,
  and last `COMMIT;`. Nothing else: no CREATE TABLE, no other statements.
- `run_script(db_path, script)` opens the database at `db_path`, creates the products table if
  it does not exist yet (the SQL is given below as `CREATE_PRODUCTS`), executes the whole script,
  closes the connection and returns how many seconds executing the script took, as a float.

Scripts are how SQL travels between tools: schema migrations, seed data for tests, and the dump
that `sqlite3 store.db .dump` prints are all plain text files of statements. In a script the
values are part of the SQL text, so quoting them is your job, and one name with an apostrophe
breaks a script that forgot to. (That is exactly why code that runs a statement with values from
outside passes them as `?` parameters instead; `executescript` takes no parameters.)
The BEGIN and COMMIT make the 500 INSERTs one transaction. Without them, SQLite commits after
every statement, and each commit waits for the disk: once `run_script` works, take BEGIN and
COMMIT out for a moment and compare the times it returns.

Concept: SQL as text (statements, separators, string literals); a transaction per batch.

Done when: the script of `sample_products(500)` runs as BEGIN, exactly 500 INSERTs and COMMIT,
every name and price arrives unchanged (quotes included), and `run_script` leaves the rows in
the database file and returns a number of seconds.
"""

import sqlite3
import time
from contextlib import closing
from pathlib import Path

CREATE_PRODUCTS = (
    "CREATE TABLE IF NOT EXISTS products ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " price REAL NOT NULL)"
)


def sample_products(count: int) -> list[tuple[str, float]]:
    """Return `count` made-up (name, price) pairs; some names have quotes in them on purpose."""
    kinds = ["Baker's flour", 'Jam "extra"', "Oats", "Salt; coarse", "Tea -- green", "Crème"]
    return [
        (f"{kinds[number % len(kinds)]} #{number + 1}", round(1 + (number * 37 % 2000) / 100, 2))
        for number in range(count)
    ]


def sql_string(text: str) -> str:
    """Return text as a SQL string literal: in single quotes, each ' inside doubled."""
    # TODO: double every ' in text, then put single quotes around the result.
    raise NotImplementedError("sql_string is still a TODO")


def build_insert_script(products: list[tuple[str, float]]) -> str:
    """Return a script of BEGIN;, one INSERT INTO products per (name, price), and COMMIT;."""
    # TODO: start with "BEGIN;", add one INSERT statement per product (the name written with
    #       sql_string, each statement ending with ";"), end with "COMMIT;", join it all up.
    raise NotImplementedError("build_insert_script is still a TODO")


def run_script(db_path: Path, script: str) -> float:
    """Create the products table at db_path if missing, run script, return its seconds."""
    # TODO: connect to db_path (and close the connection at the end), execute CREATE_PRODUCTS,
    #       then time connection.executescript(script) with time.perf_counter().
    raise NotImplementedError("run_script is still a TODO")


# --- checks: these run on every save; do not edit below ---
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

TABLE = "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL)"
TRICKY_NAMES = [
    "Baker's flour",
    'Jam "extra"',
    'Granny\'s "famous" pie',
    "C:\\pantry\\new",
    "Salt; coarse",
    "Tea -- green",
    "''",
    "Crème brûlée",
    "",
]


def first_word(statement: str) -> str:
    """The first SQL keyword of a statement, after any blanks and comments before it."""
    found = re.match(r"(?:\s|--[^\n]*|/\*.*?\*/)*([A-Za-z]+)", statement, re.DOTALL)
    return found.group(1).upper() if found else statement


def execute(script: str) -> tuple[list[str], list[tuple[str, float]]]:
    """Run script on a fresh in-memory products table.

    Return the first keyword of every statement SQLite executed, and the rows it left.
    """
    assert isinstance(script, str), f"build_insert_script returned {type(script).__name__}"
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.execute(TABLE)
        executed: list[str] = []
        connection.set_trace_callback(executed.append)
        try:
            connection.executescript(script)
        except sqlite3.Error as error:
            pytest.fail(
                f"the script is not valid SQL ({error}). Does every statement end with ';', "
                f"and is every name written with sql_string? The script starts:\n{script[:300]}"
            )
        connection.set_trace_callback(None)
        rows = connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()
    return [first_word(statement) for statement in executed], rows


def rounded(rows: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [(name, round(price, 2)) for name, price in rows]


def test_sql_string_gives_literals_that_sqlite_reads_back_unchanged() -> None:
    with closing(sqlite3.connect(":memory:")) as connection:
        for text in TRICKY_NAMES:
            literal = sql_string(text)
            try:
                (value,) = connection.execute(f"SELECT {literal}").fetchone()
            except sqlite3.Error as error:
                pytest.fail(
                    f"sql_string({text!r}) gave {literal}, which is not a valid SQL literal "
                    f"({error}): wrap the text in single quotes and double each ' inside"
                )
            assert value == text, (
                f"sql_string({text!r}) gave {literal}, which SQLite reads as {value!r}: "
                "wrap the text in single quotes and double each ' inside; nothing else changes"
            )


@pytest.mark.parametrize("count", [3, 500])
def test_the_script_runs_one_insert_per_product(count: int) -> None:
    keywords, _ = execute(build_insert_script(sample_products(count)))
    inserts = keywords.count("INSERT")
    assert inserts == count, (
        f"for {count} products the script ran {inserts} INSERT statements; "
        "it should run exactly one per product"
    )


def test_the_script_is_one_transaction_and_nothing_else() -> None:
    keywords, _ = execute(build_insert_script(sample_products(500)))
    assert keywords[:1] == ["BEGIN"], f"the script should start with BEGIN;, not {keywords[:1]}"
    assert keywords[-1:] in (["COMMIT"], ["END"]), (
        f"the script should end with COMMIT;, not {keywords[-1:]}"
    )
    others = sorted(set(keywords[1:-1]) - {"INSERT"})
    assert not others, f"between BEGIN and COMMIT there should only be INSERTs, not {others}"


def test_every_product_arrives_unchanged() -> None:
    products = sample_products(500)
    _, rows = execute(build_insert_script(products))
    assert len(rows) == 500, f"the script left {len(rows)} rows in the table instead of 500"
    assert rounded(rows) == products


def test_names_with_quotes_survive_the_script() -> None:
    products = [(name, 2.5) for name in TRICKY_NAMES]
    _, rows = execute(build_insert_script(products))
    assert rows == products


def test_run_script_stores_the_rows_and_returns_seconds(sqlite_path: Path) -> None:
    products = sample_products(500)
    elapsed = run_script(sqlite_path, build_insert_script(products))
    assert isinstance(elapsed, (int, float)) and not isinstance(elapsed, bool), (
        f"run_script returned {elapsed!r}; it should return the seconds the script took"
    )
    assert elapsed >= 0, f"run_script returned {elapsed}: a duration cannot be negative"
    with closing(sqlite3.connect(sqlite_path)) as connection:
        rows = connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()
    assert len(rows) == 500, (
        f"after run_script the database file holds {len(rows)} products instead of 500"
    )
    assert rounded(rows) == products


def test_run_script_adds_to_a_database_that_already_has_the_table(sqlite_path: Path) -> None:
    products = sample_products(3)
    run_script(sqlite_path, build_insert_script(products))
    run_script(sqlite_path, build_insert_script(products))
    with closing(sqlite3.connect(sqlite_path)) as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM products").fetchone()
    assert count == 6, f"two runs of a 3-product script left {count} products instead of 6"
