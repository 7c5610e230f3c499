#!/usr/bin/env bash
# Load test: the real server (`rapport serve`) in one process, wrk in another, on loopback.
#   bench/load.sh sqlite:////tmp/rapport-bench.db [WORKERS] [DURATION]
#   bench/load.sh postgresql://postgres@127.0.0.1/rapport_bench 2 20s
# Generate the workspace first: python bench/generate.py --db URL
set -euo pipefail
DB="$1"; WORKERS="${2:-1}"; DURATION="${3:-20s}"; CONNS="${BENCH_CONNECTIONS:-50}"
PORT="${BENCH_PORT:-8765}"
HERE="$(cd "$(dirname "$0")" && pwd)"
# Every request is authenticated as an owner (docs/security.md): an account and an API token.
if [ -z "${BENCH_TOKEN:-}" ]; then
  printf 'bench-password-123\n' | RAPPORT_DATABASE_URL="$DB" python -m rapport users add bench \
    --role owner >/dev/null 2>&1 || true
  BENCH_TOKEN="$(RAPPORT_DATABASE_URL="$DB" python -m rapport tokens create bench | tail -1)"
fi
AUTH="Authorization: Bearer $BENCH_TOKEN"
RAPPORT_DATABASE_URL="$DB" python -m rapport serve --port "$PORT" --workers "$WORKERS" \
  >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
for path in ${BENCH_PATHS:-/api/clients /api/clients/ID /api/today}; do
  for i in $(seq 20); do  # warm up every worker (templates, catalogs, caches): steady state
    curl -sf -H "$AUTH" "http://127.0.0.1:$PORT${path//ID/$i}" >/dev/null || true
  done
  echo "== GET $path ($CONNS connections, $WORKERS worker(s), $DURATION)"
  wrk -t"$(( CONNS < 2 ? 1 : 2 ))" -c"$CONNS" -d"$DURATION" --timeout 10s -s "$HERE/latency.lua" -H "$AUTH" \
    "http://127.0.0.1:$PORT$path" | grep RESULT
done
