# alternative: table-level PRIMARY KEY and a named CHECK with typeof(), executescript, `with` to commit
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    id    INTEGER NOT NULL,
    name  TEXT    NOT NULL,
    price REAL    NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT price_is_a_positive_number CHECK (typeof(price) = 'real' AND price > 0)
);
"""


def setup_store(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    try:
        with connection:
            connection.executescript(SCHEMA)
    finally:
        connection.close()
