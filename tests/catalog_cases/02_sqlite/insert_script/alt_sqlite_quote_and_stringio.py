# alternative: asks SQLite itself to quote (SELECT quote(?)), writes into a StringIO, times with monotonic()
import io
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
    kinds = ["Baker's flour", 'Jam "extra"', "Oats", "Salt; coarse", "Tea -- green", "Crème"]
    return [
        (f"{kinds[number % len(kinds)]} #{number + 1}", round(1 + (number * 37 % 2000) / 100, 2))
        for number in range(count)
    ]


def sql_string(text: str) -> str:
    # SQLite's quote() function returns the literal that reads back as the same value.
    with closing(sqlite3.connect(":memory:")) as connection:
        (literal,) = connection.execute("SELECT quote(?)", (text,)).fetchone()
    return literal


def build_insert_script(products: list[tuple[str, float]]) -> str:
    out = io.StringIO()
    out.write("BEGIN TRANSACTION;\n")
    for name, price in products:
        out.write("INSERT INTO products (name, price) VALUES (")
        out.write(sql_string(name))
        out.write(", ")
        out.write(str(price))
        out.write(");\n")
    out.write("COMMIT;\n")
    return out.getvalue()


def run_script(db_path: Path, script: str) -> float:
    connection = sqlite3.connect(db_path)
    try:
        connection.execute(CREATE_PRODUCTS)
        connection.commit()
        before = time.monotonic()
        connection.executescript(script)
        after = time.monotonic()
    finally:
        connection.close()
    return after - before
