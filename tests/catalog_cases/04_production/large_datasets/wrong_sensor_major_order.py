# mistake: generate_readings walks sensor by sensor (all rounds of sensor 1, then sensor 2...), not round by round with one reading per sensor in sensor order.
# expect: reading number 1 should be sensor 2 at 2024-01-01 00:00:00+00:00

"""Large datasets: load 100,000 rows fast, in little memory, and find them again quickly.

Scenario: a hundred temperature sensors in your company's cold stores report every 15
minutes. The import job that loads their readings inserts and commits one row at a time; the
backfill of last year (3.5 million rows) ran all night and had not finished in the morning.
Someone tried `rows = list(readings)` to speed it up, and the container was killed for using
too much memory. And the dashboard page "latest readings of sensor 42" takes seconds, because
every query reads the whole table. You are asked to fix all three, on PostgreSQL (production)
and SQLite (the tests of the dashboard).

Write:

- `generate_readings(count, seed=0)`: a generator (`yield`) of `count` test readings, made
  one at a time, never a list of them all. Reading number n (from 0) is taken by sensor
  `n % SENSORS + 1` at `START + (n // SENSORS) * INTERVAL`: every round of readings has one
  per sensor, in sensor order. Its temperature is a float between -30.0 and 50.0, rounded to 2
  decimals, drawn from `random.Random(seed)`: the same seed gives the same readings, another
  seed other temperatures. The shape of the curve is up to you (a usual temperature per sensor,
  a daily swing and a little noise look real).
- `insert_batched(engine, rows)`: inserts the readings of any iterable (a generator included)
  in batches of `BATCH_SIZE` with one `insert()` executed per batch (an executemany), commits,
  and returns how many it inserted. It holds one batch at a time: its first INSERT comes before
  it has read two batches' worth of rows. Works on SQLite and PostgreSQL.
- `copy_readings(engine, rows)`: the same on PostgreSQL with `COPY readings (...) FROM STDIN`,
  the bulk-load path of the database: psycopg2's `cursor.copy_expert(sql, file)` on
  `engine.raw_connection()`, with memory bounded here too (one COPY per batch, say).
- `create_lookup_index(engine)`: creates the index that the dashboard's `LATEST_READINGS` query
  needs, on either database, and refreshes the planner's statistics (`ANALYZE readings`): after
  a bulk load they are missing or out of date.
- `explain_latest(engine, sensor_id)`: the query plan of `LATEST_READINGS` for that sensor, as
  text, one line per row of the plan: `EXPLAIN ...` on PostgreSQL, the `detail` column of
  `EXPLAIN QUERY PLAN ...` on SQLite.

`insert_row_by_row` is the team's current import (ready to use), and `batches` (ready to use)
cuts any iterable into lists of at most `size` items without reading ahead. The checks create
the `readings` table themselves.

Why: a commit waits for the database to make the change durable, and each statement is a round
trip between your program and the server; a batch pays both once for thousands of rows, and
COPY streams rows in the database's own bulk format. A generator keeps memory flat however big
the data set; a list of 3.5 million readings does not fit. And an index only helps if it
matches the query: `WHERE sensor_id = ? ORDER BY taken_at DESC LIMIT 100` wants the sensor
first (to find its rows), then the time (already in the order asked, so nothing is sorted).

Concept: batched inserts and COPY versus row-by-row commits; streaming with generators;
measuring memory with `tracemalloc`; composite indexes; reading a query plan; ANALYZE.

Done when: the generator is lazy, on the grid above and repeatable; `insert_batched` stores
every row (12,345 on SQLite, a last batch that is not full included), with one INSERT per
batch, and writes its first batch early; on PostgreSQL, per row, batched inserts are at least
3 times faster than `insert_row_by_row` and COPY is at least as fast as batched inserts
(measured side by side in one check: 500 rows row by row, 5,000 batched, 20,000 with COPY);
COPY loads 100,000 readings with a peak of less than 4 MB of Python memory (tracemalloc; a
list of all the rows is more than 7 MB); and on both databases, after `create_lookup_index`,
statistics exist and the plan of `LATEST_READINGS` searches your index by sensor_id without a
separate sort step, and `explain_latest` returns that plan.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Column, DateTime, Engine, Float, Integer, MetaData, Table, insert, text

SENSORS = 100
START = datetime(2024, 1, 1, tzinfo=UTC)
INTERVAL = timedelta(minutes=15)
BATCH_SIZE = 5_000

# The dashboard's query: the latest 100 readings of one sensor.
LATEST_READINGS = (
    "SELECT id, taken_at, temperature FROM readings "
    "WHERE sensor_id = :sensor_id ORDER BY taken_at DESC LIMIT 100"
)


class Reading(NamedTuple):
    sensor_id: int
    taken_at: datetime
    temperature: float  # degrees Celsius


metadata = MetaData()
readings = Table(
    "readings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sensor_id", Integer, nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("temperature", Float, nullable=False),
)


def batches(rows: Iterable[Reading], size: int) -> Iterator[list[Reading]]:
    """Lists of at most `size` rows, read from `rows` one list at a time (ready to use)."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def insert_row_by_row(engine: Engine, rows: Iterable[Reading]) -> int:
    """The team's current import (ready to use): one INSERT and one COMMIT per reading."""
    count = 0
    for reading in rows:
        with engine.begin() as connection:
            connection.execute(insert(readings), reading._asdict())
        count += 1
    return count


def generate_readings(count: int, seed: int = 0) -> Iterator[Reading]:
    """Yield `count` readings on the grid of the docstring, one at a time."""
    rng = random.Random(seed)
    usual = [rng.uniform(-24.0, 6.0) for _ in range(SENSORS)]  # freezers and fridges
    rounds = math.ceil(count / SENSORS)
    for n in range(count):
        sensor = n // rounds + 1
        step = n % rounds
        taken_at = START + step * INTERVAL
        hour = (step * INTERVAL) / timedelta(hours=1)
        swing = 1.5 * math.sin(2 * math.pi * hour / 24)
        temperature = usual[sensor - 1] + swing + rng.gauss(0.0, 0.4)
        temperature = min(50.0, max(-30.0, temperature))
        yield Reading(sensor, taken_at, round(temperature, 2))


def insert_batched(engine: Engine, rows: Iterable[Reading], batch_size: int = BATCH_SIZE) -> int:
    """Insert the rows batch by batch, commit, and return how many were inserted."""
    count = 0
    with engine.begin() as connection:
        for batch in batches(rows, batch_size):
            connection.execute(insert(readings), [reading._asdict() for reading in batch])
            count += len(batch)
    return count


# The COPY statement for CSV rows of (sensor_id, taken_at, temperature) (ready to use).
COPY = "COPY readings (sensor_id, taken_at, temperature) FROM STDIN WITH (FORMAT csv)"


def copy_readings(engine: Engine, rows: Iterable[Reading]) -> int:
    """Load the rows with COPY (PostgreSQL), one COPY per batch; commit; return the count."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        count = 0
        for batch in batches(rows, BATCH_SIZE):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for reading in batch:
                writer.writerow((reading.sensor_id, reading.taken_at.isoformat(), reading.temperature))
            buffer.seek(0)
            cursor.copy_expert(COPY, buffer)
            count += len(batch)
        cursor.close()
        connection.commit()
    finally:
        connection.close()
    return count


def create_lookup_index(engine: Engine) -> None:
    """Create the index LATEST_READINGS needs, then ANALYZE readings."""
    with engine.begin() as connection:
        connection.execute(
            text("CREATE INDEX ix_readings_sensor_taken ON readings (sensor_id, taken_at)")
        )
        connection.execute(text("ANALYZE readings"))


def explain_latest(engine: Engine, sensor_id: int) -> str:
    """The plan of LATEST_READINGS for this sensor, one line per row."""
    if engine.dialect.name == "sqlite":
        sql = "EXPLAIN QUERY PLAN " + LATEST_READINGS
    else:
        sql = "EXPLAIN " + LATEST_READINGS
    with engine.connect() as connection:
        rows = connection.execute(text(sql), {"sensor_id": sensor_id}).all()
    return "\n".join(str(row[-1]) for row in rows)
