"""Generate a large workspace for the load benchmark: 10,000 clients, 1,000,000 interactions
(and commitments, revenue, notes around them), fast.

    python bench/generate.py --db sqlite:////tmp/rapport-bench.db
    python bench/generate.py --db postgresql://postgres@127.0.0.1/rapport_bench

The database is migrated first and must hold no clients. SQLite gets ``executemany`` in
large transactions; PostgreSQL gets ``COPY``. Random but reproducible (``--seed``).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from rapport.storage import database

LANGS = ["en", "ja", "vi", "zh-Hans", "nb"]
ZONES = ["Europe/London", "Asia/Tokyo", "Asia/Ho_Chi_Minh", "Asia/Shanghai", "Europe/Oslo"]
ORIGINS = ["cold", "referral", "friend", "friend_of_friend", "existing_network"]
KINDS = ["in_person", "video", "call", "email", "message"]
STATUSES = ["open", "done", "done", "done", "missed", "renegotiated"]
NOW = datetime.now(UTC).replace(tzinfo=None, microsecond=0)

TABLES: dict[str, tuple[str, ...]] = {
    "clients": (
        "id", "name", "kind", "language", "timezone", "origin", "cadence_days",
        "personal_budget", "notes", "created_at",
    ),
    "interactions": (
        "id", "client_id", "kind", "started_at", "duration_min", "business_min",
        "personal_min", "summary", "drain", "source", "feedback_asked",
        "point_of_view_shared", "client_rating", "decisions",
    ),
    "commitments": (
        "id", "client_id", "text", "made_at", "due_at", "size", "status", "done_at", "source",
    ),
    "revenue_entries": ("id", "client_id", "on", "amount", "currency", "kind", "note"),
    "notes": ("id", "client_id", "created_at", "text"),
}  # fmt: skip


def clients(n: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        j = rng.randrange(5)
        yield (
            i, f"Client {i:05d}", rng.choice(["organisation", "person"]), LANGS[j], ZONES[j],
            rng.choice(ORIGINS), rng.choice([7, 14, 30, 60, 90]), 0.2, "",
            NOW - timedelta(days=rng.randrange(30, 2000)),
        )  # fmt: skip


def interactions(n: int, n_clients: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        duration = rng.choice([15, 30, 45, 60, 90])
        personal = rng.randrange(0, duration // 3 + 1)
        yield (
            i, rng.randint(1, n_clients), rng.choice(KINDS),
            NOW - timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60)), duration,
            duration - personal, personal, f"Meeting {i}: status and next steps",
            rng.randint(1, 5), "bench", rng.random() < 0.3, rng.random() < 0.5,
            rng.choice([None, 3, 4, 5]), "",
        )  # fmt: skip


def commitments(n: int, n_clients: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        made = NOW - timedelta(days=rng.randrange(0, 400))
        due = made + timedelta(days=rng.randrange(1, 60))
        status = rng.choice(STATUSES) if due < NOW else "open"
        done = due - timedelta(days=rng.randrange(0, 3)) if status == "done" else None
        yield (
            i, rng.randint(1, n_clients), f"Deliver item {i}", made, due,
            rng.choice(["small", "large"]), status, done, "bench",
        )  # fmt: skip


def revenue(n: int, n_clients: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        yield (
            i, rng.randint(1, n_clients), (NOW - timedelta(days=rng.randrange(0, 730))).date(),
            f"{rng.randrange(100, 50000)}.00", "USD",
            rng.choice(["project", "retainer", "follow_on"]), "",
        )  # fmt: skip


def notes(n: int, n_clients: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        yield (i, rng.randint(1, n_clients), NOW - timedelta(days=rng.randrange(0, 700)), "Note")


def chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_sqlite(raw: Any, table: str, cols: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> None:
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    cur = raw.cursor()
    for chunk in chunks(rows, 50_000):
        cur.executemany(sql, [tuple(_sqlite(v) for v in row) for row in chunk])
        raw.commit()


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def load_postgres(
    raw: Any, table: str, cols: Sequence[str], rows: Iterator[tuple[Any, ...]]
) -> None:
    names = ", ".join(f'"{c}"' for c in cols)
    with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
    raw.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the target database")
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n = args.clients
    engine = database.create_engine(args.db)
    database.upgrade(engine)
    sqlite = engine.dialect.name == "sqlite"
    plan = {
        "clients": clients(n, rng),
        "interactions": interactions(args.interactions, n, rng),
        "commitments": commitments(2 * n, n, rng),
        "revenue_entries": revenue(3 * n, n, rng),
        "notes": notes(n, n, rng),
    }
    raw = engine.raw_connection()
    try:
        for table, rows in plan.items():
            started = time.perf_counter()
            if sqlite:
                load_sqlite(raw.driver_connection, table, TABLES[table], rows)
            else:
                load_postgres(raw.driver_connection, table, TABLES[table], rows)
            print(f"{table}: {time.perf_counter() - started:.1f} s", flush=True)
        if not sqlite:
            with raw.driver_connection.cursor() as cur:
                for table in plan:  # COPY with explicit ids: move the sequences past them
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f'(SELECT max(id) FROM "{table}"))'
                    )
                cur.execute("ANALYZE")
            raw.driver_connection.commit()
        else:
            raw.driver_connection.execute("ANALYZE")
    finally:
        raw.close()
        engine.dispose()


if __name__ == "__main__":
    main()
