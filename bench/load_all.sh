#!/usr/bin/env bash
# Every load figure in bench/README.md ("Load"), in one go (about 15 minutes):
#   bench/load_all.sh [RESULTS_FILE]
# Generates the 10,000-client / 1,000,000-interaction workspace on SQLite and PostgreSQL
# (postgres@127.0.0.1, database rapport_bench: dropped and created again), times computing
# every client's stored facts from scratch, then runs bench/load.sh in three shapes:
# 50 users with think time (2.5-7.5 s between requests), 50 connections in a closed loop
# (throughput), and one user.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=src PATH="$PWD/.venv/bin:$PATH"  # the venv `make install` made
OUT="${1:-/tmp/rapport-load-results.txt}"; : > "$OUT"
SQ=sqlite:////tmp/rapport-bench.db
PG=postgresql://postgres@127.0.0.1/rapport_bench
rm -f /tmp/rapport-bench.db*
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS rapport_bench" \
  -c "CREATE DATABASE rapport_bench"
for DB in $SQ $PG; do
  echo "== generate $DB" >> "$OUT"
  /usr/bin/time -f "%e s wall" python bench/generate.py --db "$DB" >> "$OUT" 2>&1
done
python - >> "$OUT" 2>&1 <<'PY'
import time
import sqlalchemy as sa
from rapport.bootstrap import build
from rapport.config import Settings
for url in ("sqlite:////tmp/rapport-bench.db", "postgresql://postgres@127.0.0.1/rapport_bench"):
    c = build(Settings(database_url=url))
    with c.db.transaction() as s:  # every client stale, as after midnight UTC
        s.execute(sa.text("UPDATE client_scores SET valid_until = NULL"))
    t = time.perf_counter()
    n = c.client_facts.refresh(None)
    print(f"facts of every client, {url.split(':')[0]}: {n} clients in {time.perf_counter() - t:.1f} s")
PY
PATHS="/today /clients /clients/ID"
for DB in $SQ $PG; do
  for W in 1 2; do
    echo "== $DB: 50 users, think time 2.5-7.5 s, $W worker(s)" >> "$OUT"
    BENCH_THINK_MS=5000 BENCH_PATHS="$PATHS" bash bench/load.sh "$DB" "$W" 30s >> "$OUT" 2>&1
  done
  echo "== $DB: closed loop, 50 connections, 2 workers" >> "$OUT"
  BENCH_PATHS="$PATHS" bash bench/load.sh "$DB" 2 15s >> "$OUT" 2>&1
  echo "== $DB: one user, 1 worker" >> "$OUT"
  BENCH_CONNECTIONS=1 BENCH_PATHS="$PATHS /api/clients /api/clients/ID /api/today?limit=20" \
    bash bench/load.sh "$DB" 1 10s >> "$OUT" 2>&1
done
grep -v "^note:" "$OUT"
