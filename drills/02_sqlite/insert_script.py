"""A SQL script of 500 INSERTs, and how long it takes.

Write three functions:

- `sql_string(text)` returns `text` as a SQL string literal: wrapped in single quotes, with
  every single quote inside doubled and nothing else changed (spaces and newlines stay).
  `sql_string("Baker's")` is `'Baker''s'`. Double quotes will not do: in SQL, `"name"` names a
  column or a table.
- `build_insert_script(products)` takes a list of `(name, price)` pairs and returns one SQL
  script: first `BEGIN;`, then one INSERT statement per product, in order, such as
  `INSERT INTO products (name, price) VALUES ('Baker''s flour #1', 1.0);`, and last `COMMIT;`.
  Every statement ends with a semicolon, the last one too: scripts get joined one after
  another, and two of yours in a row must run as two transactions. Nothing else: no CREATE
  TABLE, no other statements.
- `run_script(db_path, script)` opens the database at `db_path`, creates the products table if
  it does not exist yet (the SQL is given below as `CREATE_PRODUCTS`), executes the whole script
  as it is, closes the connection and returns how many seconds executing the script took, as a
  float (seconds, not milliseconds: the checks compare it with how long the whole call took).

Scripts are how SQL travels between tools: schema migrations, seed data for tests, and the dump
that `sqlite3 store.db .dump` prints are all plain text files of statements. In a script the
values are part of the SQL text, so quoting them is your job, and one name with an apostrophe
breaks a script that forgot to. (That is exactly why code that runs a statement with values from
outside passes them as `?` parameters instead; `executescript` takes no parameters.)
The BEGIN and COMMIT make the 500 INSERTs one transaction. Without them, SQLite commits after
every statement, and each commit waits for the disk: on a typical disk 500 commits take seconds
where one takes milliseconds. Once the drill passes, try it in a Python shell: time `run_script`
on a script without BEGIN and COMMIT.

Concept: SQL as text (statements, separators, string literals); a transaction per batch.

Done when: the script of `sample_products(500)` runs as BEGIN, exactly 500 INSERTs and COMMIT,
every name and price arrives unchanged (quotes and blanks included), two scripts in a row run,
and `run_script` leaves the rows in the database file, closes its connection and returns the
seconds the script took.
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
import time
from collections.abc import Iterator
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
    "  Oats, spaced  ",
    "two\nlines",
    "Crème brûlée",
    "",
]
REAL_CONNECT = sqlite3.connect


def first_word(statement: str) -> str:
    """The first SQL keyword of a statement, after any blanks and comments before it."""
    found = re.match(r"(?:\s|--[^\n]*|/\*.*?\*/)*([A-Za-z]+)", statement, re.DOTALL)
    return found.group(1).upper() if found else statement


def execute(script: str) -> tuple[list[str], list[tuple[str, float]]]:
    """Run script on a fresh in-memory products table.

    Return the first keyword of every statement SQLite executed, and the rows it left.
    """
    assert isinstance(script, str), f"build_insert_script returned {type(script).__name__}"
    with closing(REAL_CONNECT(":memory:")) as connection:
        connection.execute(TABLE)
        executed: list[str] = []
        connection.set_trace_callback(executed.append)
        try:
            connection.executescript(script)
        except sqlite3.Error as error:
            raise AssertionError(
                f"the script is not valid SQL ({error}). Does every statement end with ';', "
                f"and is every name written with sql_string? The script starts:\n{script[:300]}"
            ) from error
        connection.set_trace_callback(None)
        rows = connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()
    return [first_word(statement) for statement in executed], rows


def rounded(rows: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [(name, round(price, 2)) for name, price in rows]


def assert_arrived_unchanged(
    rows: list[tuple[str, float]], products: list[tuple[str, float]]
) -> None:
    assert len(rows) == len(products), (
        f"{len(products)} products went in, {len(rows)} rows came out: one INSERT per product"
    )
    for number, (sent, got) in enumerate(zip(products, rounded(rows), strict=True), start=1):
        assert got == sent, (
            f"product {number} went in as {sent!r} and came out as {got!r}: write the name "
            "with sql_string and the price as the number it is (repr(price)), both unchanged"
        )


def test_sql_string_of_the_example() -> None:
    literal = sql_string("Baker's")
    assert literal == "'Baker''s'", (
        f"sql_string(\"Baker's\") gave {literal}; it should give 'Baker''s': wrap the text "
        "in single quotes and double each ' inside"
    )


def test_sql_string_gives_literals_that_sqlite_reads_back_unchanged() -> None:
    with closing(REAL_CONNECT(":memory:")) as connection:
        for text in TRICKY_NAMES:
            literal = sql_string(text)
            try:
                (value,) = connection.execute(f"SELECT {literal}").fetchone()
            except sqlite3.Error as error:
                raise AssertionError(
                    f"sql_string({text!r}) gave {literal}, which is not a valid SQL literal "
                    f"({error}): wrap the text in single quotes and double each ' inside"
                ) from error
            assert value == text, (
                f"sql_string({text!r}) gave {literal}, which SQLite reads as {value!r}: "
                "wrap the text in single quotes and double each ' inside; nothing else changes"
            )
            assert literal.startswith("'") and literal.endswith("'"), (
                f"sql_string({text!r}) gave {literal}. In SQL, double quotes make a name (of a "
                "column or a table), not a string: SQLite reads it as text only when no column "
                "has that name. Wrap the text in single quotes"
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


def test_two_scripts_in_a_row_run_as_two_transactions() -> None:
    # Scripts get joined (a dump of two tables, seed files run together): that works only
    # when the last statement ends with its semicolon too.
    script = build_insert_script(sample_products(3))
    assert isinstance(script, str), f"build_insert_script returned {type(script).__name__}"
    with closing(REAL_CONNECT(":memory:")) as connection:
        connection.execute(TABLE)
        try:
            connection.executescript(script + "\n" + script)
        except sqlite3.Error as error:
            raise AssertionError(
                f"two of your scripts joined by a newline are not valid SQL ({error}): end "
                f"every statement with ';', COMMIT; included. Your script ends:\n{script[-80:]}"
            ) from error
        (count,) = connection.execute("SELECT COUNT(*) FROM products").fetchone()
    assert count == 6, f"two 3-product scripts in a row left {count} products instead of 6"


def test_every_product_arrives_unchanged() -> None:
    products = sample_products(500)
    _, rows = execute(build_insert_script(products))
    assert_arrived_unchanged(rows, products)


def test_names_with_quotes_and_blanks_survive_the_script() -> None:
    products = [(name, 2.5) for name in TRICKY_NAMES]
    _, rows = execute(build_insert_script(products))
    assert_arrived_unchanged(rows, products)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """Every connection opened with sqlite3.connect during the check, to see which stay open."""
    connections: list[sqlite3.Connection] = []

    def connect_and_remember(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = REAL_CONNECT(*args, **kwargs)
        connections.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect_and_remember)
    if globals().get("connect") is REAL_CONNECT:  # after `from sqlite3 import connect`
        monkeypatch.setitem(globals(), "connect", connect_and_remember)
    yield connections
    for connection in connections:
        connection.close()  # tidy up after code that did not


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def checks_script(products: list[tuple[str, float]]) -> str:
    """A correct script, written by the checks, so that run_script is tested on its own."""
    inserts = [
        "INSERT INTO products (name, price) VALUES ('{}', {!r});".format(
            name.replace("'", "''"), price
        )
        for name, price in products
    ]
    return "\n".join(["BEGIN;", *inserts, "COMMIT;"])


def run(db_path: Path, script: str, opened: list[sqlite3.Connection]) -> float:
    """run_script(db_path, script), checked for what it returns and what it leaves open."""
    started = time.perf_counter()
    try:
        elapsed = run_script(db_path, script)
    except sqlite3.Error as error:
        raise AssertionError(
            f"run_script raised sqlite3.{type(error).__name__} ({error}) on a valid script whose "
            "names hold ';' and quotes: hand the whole script to connection.executescript, "
            "do not cut it into statements yourself"
        ) from error
    took = time.perf_counter() - started
    assert isinstance(elapsed, float), (
        f"run_script returned {elapsed!r}, a {type(elapsed).__name__}: return the seconds as "
        "a float, such as time.perf_counter() - started"
    )
    assert 0 < elapsed <= took + 0.001, (
        f"run_script returned {elapsed!r}, yet the whole call took {took:.4f} seconds: return "
        "the seconds (not milliseconds) between a clock reading just before executescript "
        "and one just after it"
    )
    left_open = [connection for connection in opened if not is_closed(connection)]
    assert not left_open, (
        f"run_script left {len(left_open)} connection(s) open: close it when the script is "
        "done (contextlib.closing, or try/finally)"
    )
    return elapsed


def stored(db_path: Path) -> list[tuple[str, float]]:
    with closing(REAL_CONNECT(db_path)) as connection:
        return connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()


def test_run_script_stores_the_rows_closes_and_returns_seconds(
    sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    products = sample_products(500)
    run(sqlite_path, checks_script(products), opened)
    rows = stored(sqlite_path)
    assert len(rows) == 500, (
        f"after run_script the database file holds {len(rows)} products instead of 500"
    )
    assert rounded(rows) == products


def test_run_script_adds_to_a_database_that_already_has_the_table(
    sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    products = [(name, 1.25) for name in TRICKY_NAMES]
    run(sqlite_path, checks_script(products), opened)
    run(sqlite_path, checks_script(products), opened)
    rows = stored(sqlite_path)
    assert len(rows) == 2 * len(products), (
        f"two runs of a {len(products)}-product script left {len(rows)} products instead of "
        f"{2 * len(products)}: create the table only if it does not exist, and keep its rows"
    )
    assert rows == products + products
