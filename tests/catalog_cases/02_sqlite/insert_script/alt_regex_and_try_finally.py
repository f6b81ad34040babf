# alternative: sql_string uses re.sub, the script is one generator join on a single line, and run_script uses try/finally with perf_counter_ns.
"""A SQL script of 500 INSERTs, and how long it takes."""

import re
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
    return "'%s'" % re.sub("'", "''", text)


def build_insert_script(products: list[tuple[str, float]]) -> str:
    """Return a script of BEGIN;, one INSERT INTO products per (name, price), and COMMIT;."""
    inserts = " ".join(
        "INSERT INTO products (name, price) VALUES (%s, %r);" % (sql_string(name), price)
        for name, price in products
    )
    return f"BEGIN; {inserts} COMMIT;"


def run_script(db_path: Path, script: str) -> float:
    """Create the products table at db_path if missing, run script, return its seconds."""
    connection = sqlite3.connect(db_path)
    try:
        connection.execute(CREATE_PRODUCTS)
        connection.commit()
        started = time.perf_counter_ns()
        connection.executescript(script)
        finished = time.perf_counter_ns()
    finally:
        connection.close()
    return (finished - started) / 1e9
