"""Large datasets: load many rows fast, in little memory, and find them again quickly.

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
  decimals, drawn from a `random.Random(seed)` of the call's own: the same seed gives the same
  readings, even from two generators read side by side, and another seed other temperatures.
  The shape of the curve is up to you (a usual temperature per sensor, a daily swing and a
  little noise look real).
- `insert_batched(engine, rows)`: inserts the readings of any iterable (a generator included)
  in batches of `BATCH_SIZE` with one `insert()` executed per batch (an executemany: 12,345
  rows take 3 INSERTs), commits, and returns how many it inserted. It holds one batch at a
  time: its first INSERT comes before it has read two batches' worth of rows. Works on SQLite
  and PostgreSQL.
- `copy_readings(engine, rows)`: the same on PostgreSQL with `COPY readings (...) FROM STDIN`,
  the bulk-load path of the database: psycopg2's `cursor.copy_expert(sql, file)` on
  `engine.raw_connection()`, which it commits and then closes (that gives it back to the
  pool), with memory bounded here too (one COPY per batch, say).
- `create_lookup_index(engine)`: creates the index that the dashboard's `LATEST_READINGS` query
  needs, on either database, and then refreshes the planner's statistics (`ANALYZE readings`):
  after a bulk load they are missing or out of date, and SQLite measures only the indexes that
  exist when ANALYZE runs.
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

Done when: the generator is lazy, on the grid above and repeatable, even side by side;
`insert_batched` stores every row (12,345 on SQLite, a last batch that is not full included),
with one INSERT per batch of `BATCH_SIZE`, and writes its first batch early; `copy_readings`
gives its connection back; on PostgreSQL, per row, batched inserts are at least 3 times faster
than `insert_row_by_row` and COPY is at least as fast as batched inserts (measured side by side
in one check: 200 rows row by row, 2,000 batched, 10,000 with COPY); COPY loads 50,000
readings with a peak of less than 3.5 MB of Python memory (tracemalloc; a list of all the
rows is about 5 MB); and on both databases, on a table of 10,000 readings, after
`create_lookup_index` statistics exist (on SQLite, for your index too) and the plan of
`LATEST_READINGS` searches your index by sensor_id without a separate sort step, and
`explain_latest` returns that plan.
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
    rng = random.Random(seed)
    usual = [rng.uniform(-5.0, 25.0) for _ in range(SENSORS)]  # each sensor's own climate
    for n in range(count):
        sensor = n % SENSORS
        taken_at = START + (n // SENSORS) * INTERVAL
        hour = taken_at.hour + taken_at.minute / 60
        daily = 3.0 * math.sin((hour - 9) / 24 * 2 * math.pi)  # warmest mid-afternoon
        temperature = usual[sensor] + daily + rng.gauss(0.0, 0.4)
        yield Reading(sensor + 1, taken_at, round(min(max(temperature, -30.0), 50.0), 2))


def insert_batched(engine: Engine, rows: Iterable[Reading], batch_size: int = BATCH_SIZE) -> int:
    count = 0
    with engine.begin() as connection:  # one transaction, one commit
        for batch in batches(rows, batch_size):
            connection.execute(insert(readings), [reading._asdict() for reading in batch])
            count += len(batch)
    return count


# The COPY statement for CSV rows of (sensor_id, taken_at, temperature) (ready to use).
COPY = "COPY readings (sensor_id, taken_at, temperature) FROM STDIN WITH (FORMAT csv)"


def copy_readings(engine: Engine, rows: Iterable[Reading]) -> int:
    count = 0
    # COPY is not part of the DBAPI: it needs psycopg2's own connection.
    connection = engine.raw_connection()
    try:
        with connection.cursor() as cursor:
            for batch in batches(rows, BATCH_SIZE):
                buffer = io.StringIO()
                csv.writer(buffer).writerows(batch)
                buffer.seek(0)
                cursor.copy_expert(COPY, buffer)
                count += len(batch)
        connection.commit()
    finally:
        connection.close()  # back to the pool; without a commit, what was copied is rolled back
    return count


def create_lookup_index(engine: Engine) -> None:
    with engine.begin() as connection:
        # The equality column first, then the column the query orders by.
        connection.execute(
            text("CREATE INDEX readings_by_sensor_and_time ON readings (sensor_id, taken_at)")
        )
        connection.execute(text("ANALYZE readings"))


def explain_latest(engine: Engine, sensor_id: int) -> str:
    parameters = {"sensor_id": sensor_id}
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = connection.execute(text(f"EXPLAIN QUERY PLAN {LATEST_READINGS}"), parameters)
            return "\n".join(row.detail for row in plan)
        plan = connection.execute(text(f"EXPLAIN {LATEST_READINGS}"), parameters)
        return "\n".join(line for (line,) in plan)


# --- checks: these run on every save; do not edit below ---
import inspect
import itertools
import math
import re
import time
import tracemalloc
from collections.abc import Iterable, Iterator

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy import inspect as inspect_database

TABLES = {
    "postgresql": "CREATE TABLE readings (id serial PRIMARY KEY, sensor_id integer NOT NULL, "
    "taken_at timestamptz NOT NULL, temperature double precision NOT NULL)",
    "sqlite": "CREATE TABLE readings (id INTEGER PRIMARY KEY, sensor_id INTEGER NOT NULL, "
    "taken_at DATETIME NOT NULL, temperature FLOAT NOT NULL)",
}
# 10,000 rows made by the database itself (the index check must not depend on your inserts):
# sensors 37 to 46, 1,000 readings each. With fewer readings per sensor, PostgreSQL rightly
# prefers to sort a few hundred rows rather than read them in index order.
FILL = {
    "postgresql": "INSERT INTO readings (sensor_id, taken_at, temperature) "
    "SELECT 37 + mod(n, 10), "
    "TIMESTAMPTZ '2024-01-01 00:00+00' + (n / 10) * INTERVAL '15 minutes', "
    "20 + mod(n, 17) * 0.5 FROM generate_series(0, 9999) AS n",
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999) "
    "INSERT INTO readings (sensor_id, taken_at, temperature) "
    "SELECT 37 + i % 10, datetime('2024-01-01', '+' || ((i / 10) * 15) || ' minutes'), "
    "20 + (i % 17) * 0.5 FROM n",
}
COPIED = 50_000  # readings copied under tracemalloc
MEMORY_LIMIT = 3_500_000  # bytes: a list of 50,000 readings alone is about 5 MB
ROW_BY_ROW, BATCHED, COPIED_FAST = 200, 2_000, 10_000  # readings loaded by each, timed


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        # The SQLite checks are not about surviving a power cut: no waiting for the disk.
        event.listen(
            engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous = OFF")
        )
    with engine.begin() as connection:
        connection.exec_driver_sql(TABLES[engine.dialect.name])
    return engine


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{sqlite_path}")
    yield engine
    engine.dispose()


def checks_readings(count: int) -> Iterator[Reading]:
    """The checks' own generator: cheap to make, a new Reading object for every row."""
    rounds = [START + k * INTERVAL for k in range(count // SENSORS + 1)]
    temperatures = [round(-5 + n * 0.03, 2) for n in range(1000)]
    for n in range(count):
        yield Reading(n % SENSORS + 1, rounds[n // SENSORS], temperatures[n % 1000])


class Counted:
    """An iterable of readings that counts how many were taken from it."""

    def __init__(self, rows: Iterable[Reading]) -> None:
        self.rows = rows
        self.taken = 0

    def __iter__(self) -> Iterator[Reading]:
        for row in self.rows:
            self.taken += 1
            yield row


def stored(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM readings").scalar_one()


def stored_rows(engine: Engine, ids: list[int]) -> list[tuple]:
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT sensor_id, taken_at, temperature FROM readings "
                f"WHERE id IN ({', '.join(str(number) for number in ids)}) ORDER BY id"
            )
        )
        return [(sensor, when, temperature) for sensor, when, temperature in found]


def test_generate_readings_is_lazy_repeatable_and_on_the_grid() -> None:
    readings_made = generate_readings(100_000)
    assert inspect.isgenerator(readings_made) or iter(readings_made) is readings_made, (
        f"generate_readings returned a {type(readings_made).__name__}: it must be a generator "
        "(a function with `yield`), which makes each reading when it is asked for"
    )
    tracemalloc.start()
    try:
        for _ in itertools.islice(generate_readings(100_000), 1_000):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, (
        f"taking the first 1,000 readings of generate_readings(100_000) allocated {peak:,} "
        "bytes: it builds all 100,000 before yielding the first. Yield each reading as soon "
        "as it is made"
    )

    made = list(generate_readings(2_345, seed=7))
    assert len(made) == 2_345, f"generate_readings(2345) gave {len(made)} readings"
    assert list(generate_readings(0)) == [], "generate_readings(0) should give no reading"
    for n, reading in enumerate(made):
        assert isinstance(reading, Reading), (
            f"generate_readings should yield Reading tuples, got {type(reading).__name__}"
        )
        expected = (n % SENSORS + 1, START + (n // SENSORS) * INTERVAL)
        assert (reading.sensor_id, reading.taken_at) == expected, (
            f"reading number {n} should be sensor {expected[0]} at {expected[1]}, got sensor "
            f"{reading.sensor_id} at {reading.taken_at}"
        )
        assert isinstance(reading.temperature, float), (
            f"temperatures should be floats, got {reading.temperature!r}"
        )
        assert -30.0 <= reading.temperature <= 50.0, (
            f"reading number {n} has a temperature of {reading.temperature}, outside -30..50"
        )
        assert round(reading.temperature, 2) == reading.temperature, (
            f"temperatures should be rounded to 2 decimals, got {reading.temperature!r}"
        )
    repeated = list(generate_readings(2_345, seed=7)) == made
    assert repeated, (
        "two calls of generate_readings(2345, seed=7) gave different readings: draw the "
        "temperatures from random.Random(seed), not from the random module's shared generator"
    )
    default_seed = list(generate_readings(300)) == list(generate_readings(300, seed=0))
    assert default_seed, "generate_readings(300) should give the readings of seed=0, its default"
    pairs = zip(generate_readings(2_345, seed=7), generate_readings(2_345, seed=7), strict=True)
    side_by_side = list(pairs)
    same = [first for first, second in side_by_side if first == second] == made
    assert same, (
        "two generate_readings(2345, seed=7) read side by side (zip) gave other readings than "
        "one read alone: they draw from one shared generator (random.seed and the random "
        "module's functions). Give each call its own random.Random(seed)"
    )
    other = [reading.temperature for reading in generate_readings(2_345, seed=8)]
    seed_decides = other != [reading.temperature for reading in made]
    assert seed_decides, "seeds 7 and 8 gave the same temperatures: the seed should decide them"
    assert len({reading.temperature for reading in made}) > 100, (
        "fewer than 100 different temperatures among 2,345 readings: that is not a realistic "
        "data set"
    )


class TooManyInserts(Exception):
    """Raised by the checks' listener to stop an insert that runs a statement per row."""


def test_insert_batched_stores_every_row_and_writes_early(sqlite_engine: Engine) -> None:
    inserts: list[int] = []  # for each INSERT executed: how many rows had been read by then
    rows = Counted(checks_readings(12_345))

    def note_insert(connection, statement, multiparams, params, execution_options) -> None:
        if str(statement).lstrip().upper().startswith("INSERT"):
            inserts.append(rows.taken)
            if len(inserts) == 100:
                raise TooManyInserts

    # Each connection.execute() (or exec_driver_sql) of an INSERT, however many rows it
    # carries. Seen only through SQLAlchemy: a raw DBAPI cursor is not watched.
    event.listen(sqlite_engine, "before_execute", note_insert)
    try:
        inserted = insert_batched(sqlite_engine, rows)
    except TooManyInserts:
        raise AssertionError(
            f"insert_batched ran 100 INSERT statements for the first {rows.taken:,} of 12,345 "
            f"rows: execute one insert() per batch of {BATCH_SIZE:,} rows, with the whole batch "
            "as its parameters (an executemany)"
        ) from None
    if inserts:
        assert inserts[0] <= 2 * BATCH_SIZE, (
            f"insert_batched read {inserts[0]:,} rows before its first INSERT: it holds them "
            f"all in memory. Insert each batch of {BATCH_SIZE:,} as soon as it is read"
        )
    count = stored(sqlite_engine)
    assert count == 12_345, (
        f"after insert_batched of 12,345 readings, the table holds {count:,} rows (committed): "
        "every batch, the last one that is not full included, must be inserted and committed"
    )
    assert inserted == 12_345, f"insert_batched inserted 12,345 rows, but returned {inserted!r}"
    needed = math.ceil(12_345 / BATCH_SIZE)
    if inserts and len(inserts) != needed:
        raise AssertionError(
            f"insert_batched executed {len(inserts)} INSERT statements for 12,345 rows: in "
            f"batches of BATCH_SIZE ({BATCH_SIZE:,}) rows, one insert() executed per batch, "
            f"that is {needed} (the last batch holds {12_345 - (needed - 1) * BATCH_SIZE:,} rows)"
        )
    expected = list(checks_readings(12_345))
    found = [
        (sensor, temperature) for sensor, _, temperature in stored_rows(sqlite_engine, [1, 12_345])
    ]
    wanted = [(row.sensor_id, row.temperature) for row in (expected[0], expected[-1])]
    assert found == wanted, (
        f"the first and last rows stored should be the first and last readings given, "
        f"{wanted} (sensor, temperature), found {found}"
    )


def seconds_per_row(engine: Engine, name: str, function, count: int) -> float:
    """Time function(engine, rows) on `count` readings; check it stored and counted them."""
    before = stored(engine)
    started = time.perf_counter()
    inserted = function(engine, checks_readings(count))
    seconds = time.perf_counter() - started
    added = stored(engine) - before
    assert added == count, (
        f"{name} of {count:,} readings added {added:,} rows to the table, as another "
        "connection sees it: insert every row, and commit"
    )
    assert inserted == count, f"{name} inserted {count:,} rows, but returned {inserted!r}"
    return seconds / count


def assert_copy_streams(engine: Engine) -> None:
    """Fail at once if every row costs copy_readings about as much as a statement of its own.

    What one more row costs, from two loads of different sizes: the costs paid once per call
    (a connection, say) cancel out."""
    # Every connection taken from the pool is kept here, so that one the copy forgets is not
    # handed back behind its back when Python frees it.
    taken: list[object] = []

    def keep(dbapi_connection, record, connection) -> None:
        taken.append(connection)

    event.listen(engine, "checkout", keep)
    try:
        started = time.perf_counter()
        copy_readings(engine, checks_readings(1_000))
        small = time.perf_counter() - started
    finally:
        event.remove(engine, "checkout", keep)
    open_connections = engine.pool.checkedout()
    assert open_connections == 0, (
        f"copy_readings returned with {open_connections} connection(s) still checked out of "
        "the pool: close the connection that engine.raw_connection() gave you once the copy "
        "is committed (in a finally, so that a failed copy gives it back too)"
    )
    taken.clear()
    started = time.perf_counter()
    copy_readings(engine, checks_readings(3_000))
    large = time.perf_counter() - started
    extra = (large - small) / 2_000
    assert extra < 100e-6, (
        f"each row costs copy_readings about {extra * 1e6:.0f} µs, far too slow for large "
        "loads: send each batch with one COPY ... FROM STDIN (cursor.copy_expert), not one "
        "COPY or INSERT per row"
    )


def test_batches_beat_row_by_row_and_copy_beats_batches(pg_engine: Engine) -> None:
    row_by_row = seconds_per_row(pg_engine, "insert_row_by_row", insert_row_by_row, ROW_BY_ROW)
    batched = seconds_per_row(pg_engine, "insert_batched", insert_batched, BATCHED)
    gain = row_by_row / batched
    assert gain >= 3, (
        f"insert_batched is only {gain:.1f} times faster per row than row by row "
        f"({batched * 1e6:.0f} against {row_by_row * 1e6:.0f} µs per row): send each batch "
        "as one executemany in one transaction, not one statement and one commit per row"
    )
    # A COPY as slow as one statement per row fails here, before the long measurement. COPY
    # gets more rows: what it pays once per call (a connection) must not weigh in its cost
    # per row.
    assert_copy_streams(pg_engine)
    copy = seconds_per_row(pg_engine, "copy_readings", copy_readings, COPIED_FAST)
    assert copy <= batched, (
        f"COPY is slower per row than batched inserts ({copy * 1e6:.0f} against "
        f"{batched * 1e6:.0f} µs per row): send each batch with one COPY ... FROM STDIN "
        "(cursor.copy_expert), not one COPY or INSERT per row"
    )


def test_copy_loads_50k_rows_in_bounded_memory(pg_engine: Engine) -> None:
    # First a look at small loads, which also sets up the connection (not measured): a COPY
    # too slow for 50,000 rows under tracemalloc fails here, before the drill's timeout.
    assert_copy_streams(pg_engine)
    with pg_engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE readings RESTART IDENTITY")
    tracemalloc.start()
    try:
        inserted = copy_readings(pg_engine, checks_readings(COPIED))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert inserted == COPIED, f"copy_readings of {COPIED:,} rows returned {inserted!r}"
    count = stored(pg_engine)
    assert count == COPIED, (
        f"after copy_readings of {COPIED:,} readings the table holds {count:,} rows: commit"
    )
    assert peak < MEMORY_LIMIT, (
        f"copying {COPIED:,} readings took {peak:,} bytes of Python memory at its peak, over "
        f"the limit of {MEMORY_LIMIT:,}: something holds all the rows (or all their text) at "
        f"once. Copy batch by batch, BATCH_SIZE ({BATCH_SIZE:,}) rows at a time"
    )
    expected = list(itertools.islice(checks_readings(COPIED), 0, None, COPIED - 1))
    found = stored_rows(pg_engine, [1, COPIED])
    assert found == [tuple(row) for row in expected], (
        f"the first and last rows copied should be {expected}, found {found}"
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def full_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A readings table of 10,000 rows (FILL) on either database."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{request.getfixturevalue('sqlite_path')}")
    else:
        engine = make_engine(request.getfixturevalue("pg_url"))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # No statistics unless ANALYZE makes them: autovacuum could otherwise do it.
            connection.exec_driver_sql("ALTER TABLE readings SET (autovacuum_enabled = false)")
        connection.exec_driver_sql(FILL[engine.dialect.name])
    yield engine
    engine.dispose()


def the_plan(engine: Engine) -> list[str]:
    """LATEST_READINGS's plan for sensor 42, as the database describes it."""
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        rows = connection.execute(text(explain + LATEST_READINGS), {"sensor_id": 42}).all()
    return [row[-1] for row in rows]


def uses(line: str, index: str) -> bool:
    """Whether a line of a plan reads the named index."""
    return "index" in line.lower() and re.search(rf"\b{re.escape(index)}\b", line) is not None


def has_statistics(engine: Engine) -> bool:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            exists = connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).scalar_one()
            return bool(exists) and bool(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'readings'"
                ).scalar_one()
            )
        return bool(
            connection.exec_driver_sql(
                "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() "
                "AND tablename = 'readings'"
            ).scalar_one()
        )


def explained_as_text(engine: Engine, plan: list[str]) -> str:
    """explain_latest(engine, 42), checked to be text with a line for each row of the plan."""
    explained = explain_latest(engine, 42)
    assert isinstance(explained, str), (
        f"explain_latest should return the plan as text, got a {type(explained).__name__}"
    )
    lines = len(explained.splitlines())
    assert lines >= len(plan), (
        f"explain_latest(engine, 42) returned {lines} line(s) for a plan of {len(plan)} rows: "
        "put each row of the plan on a line of its own (join them with newlines)"
    )
    return explained


def test_the_latest_readings_query_uses_your_index(full_engine: Engine) -> None:
    database = full_engine.dialect.name
    explained_as_text(full_engine, the_plan(full_engine))  # no index yet: a scan, then a sort
    create_lookup_index(full_engine)
    indexes = [index["name"] for index in inspect_database(full_engine).get_indexes("readings")]
    assert indexes, f"create_lookup_index created no index on readings ({database})"
    assert has_statistics(full_engine), (
        f"after create_lookup_index there are no planner statistics for readings ({database}): "
        "run ANALYZE readings once the index exists"
    )
    if database == "sqlite":
        with full_engine.connect() as connection:
            measured = connection.exec_driver_sql(
                "SELECT idx FROM sqlite_stat1 WHERE tbl = 'readings' AND idx IS NOT NULL"
            ).scalars()
            missing = sorted(set(indexes) - set(measured))
        assert not missing, (
            f"on SQLite, the statistics have no row for your index {missing}: ANALYZE ran "
            "before CREATE INDEX, and measured a table that did not have it yet. Run ANALYZE "
            "readings once the index exists"
        )
    plan = the_plan(full_engine)
    shown = " | ".join(line.strip().split("  (cost=")[0] for line in plan)
    if database == "postgresql":
        used = [name for name in indexes if any(uses(line, name) for line in plan)]
        scans_the_table = any("Seq Scan" in line for line in plan)
        assert used and not scans_the_table, (
            f"on PostgreSQL, LATEST_READINGS does not use your index {indexes}; its plan is: "
            f"{shown}"
        )
        searched_by_sensor = any("Index Cond" in line and "sensor_id" in line for line in plan)
        assert searched_by_sensor, (
            f"on PostgreSQL, the plan uses {used[0]} but does not search it by sensor_id "
            f"(no Index Cond on sensor_id): {shown}. Make sensor_id the index's first column"
        )
        sorts = any(line.strip().startswith("Sort") for line in plan)
        assert not sorts, (
            f"on PostgreSQL, the plan sorts the sensor's rows after finding them: {shown}. Put "
            "taken_at in the index after sensor_id, so the rows come out already in order"
        )
    else:
        used = [name for name in indexes if any(uses(line, name) for line in plan)]
        assert used, f"on SQLite, LATEST_READINGS does not use your index {indexes}: {shown}"
        searched_by_sensor = any(
            line.startswith("SEARCH") and "(sensor_id=?" in line for line in plan
        )
        assert searched_by_sensor, (
            f"on SQLite, the plan uses {used[0]} but does not search it by sensor_id first: "
            f"{shown}. Make sensor_id the index's first column"
        )
        sorts = any("TEMP B-TREE" in line for line in plan)
        assert not sorts, (
            f"on SQLite, the plan sorts the sensor's rows after finding them: {shown}. Put "
            "taken_at in the index after sensor_id, so the rows come out already in order"
        )
    explained = explained_as_text(full_engine, plan)
    returned = explained if len(explained) <= 150 else explained[:150] + "..."
    assert used[0] in explained, (
        f"explain_latest(engine, 42) returned {returned!r}, which does not show the index "
        f"the database uses ({used[0]}): run EXPLAIN (PostgreSQL) or EXPLAIN QUERY PLAN "
        f"(SQLite) on LATEST_READINGS and return its lines. The plan is: {shown}"
    )
