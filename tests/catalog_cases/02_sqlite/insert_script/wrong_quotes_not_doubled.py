# mistake: puts the name between quotes without doubling the quotes inside it
# expect: which is not a valid SQL literal
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
    return f"'{text}'"


def build_insert_script(products: list[tuple[str, float]]) -> str:
    lines = ["BEGIN;"]
    for name, price in products:
        lines.append(f"INSERT INTO products (name, price) VALUES ({sql_string(name)}, {price});")
    lines.append("COMMIT;")
    return "\n".join(lines)


def run_script(db_path: Path, script: str) -> float:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(CREATE_PRODUCTS)
        started = time.perf_counter()
        connection.executescript(script)
        return time.perf_counter() - started

