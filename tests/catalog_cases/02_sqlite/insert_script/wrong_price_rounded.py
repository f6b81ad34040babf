# mistake: the price is written with one decimal place, so prices like 1.37 do not arrive unchanged.
# expect: and came out as
# expect: the price as the number it is
"""A SQL script of 500 INSERTs, and how long it takes."""

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
    return "'" + text.replace("'", "''") + "'"


def build_insert_script(products: list[tuple[str, float]]) -> str:
    """Return a script of BEGIN;, one INSERT INTO products per (name, price), and COMMIT;."""
    lines = ["BEGIN;"]
    for name, price in products:
        lines.append(f"INSERT INTO products (name, price) VALUES ({sql_string(name)}, {price:.1f});")
    lines.append("COMMIT;")
    return "\n".join(lines)


def run_script(db_path: Path, script: str) -> float:
    """Create the products table at db_path if missing, run script, return its seconds."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(CREATE_PRODUCTS)
        start = time.perf_counter()
        connection.executescript(script)
        return time.perf_counter() - start
