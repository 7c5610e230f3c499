-- wrk script: random client ids for /api/clients/{id}; prints p50/p95/p99, req/s and errors.
-- wrk -t2 -c50 -d20s --latency -s bench/latency.lua http://127.0.0.1:8000/api/clients/ID
local max_id = tonumber(os.getenv("BENCH_CLIENTS") or "10000")
local path_template = nil

-- BENCH_THINK_MS: each simulated user waits about this long (0.5x to 1.5x) between requests.
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")

delay = function()
  if think > 0 then
    return math.random(math.floor(think / 2), math.floor(think * 3 / 2))
  end
  return 0
end

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  local path = wrk.path
  if string.find(path, "ID") then
    path = string.gsub(path, "ID", tostring(math.random(1, max_id)))
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f errors=%d (status %d, timeout %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.errors.timeout))
end
