#!/usr/bin/env bash
# The server's resident memory with default settings (issue #16 goal 5): idle after one dashboard page load, and
# during and at the end of a bounded loghub replay.
#
#   bench/memory.sh [load seconds (25)] [loadgen connections (4)]
#
# 1. builds the distribution if it (or its load generator) is missing;
# 2. copies it to target/bench/memory/<time>/ and starts the copy with no settings but free loopback ports and a
#    fresh data directory (so the heap, direct memory and DuckDB limits are bin/fluxtap's and the server's defaults);
# 3. once ready, loads the dashboard's first page (GET / on the dashboard port, and the API's index) and waits 15 s:
#    idle RSS (VmRSS of /proc/<pid>/status);
# 4. runs `fluxtap loadgen` flat out with the loghub replay for the given seconds, sampling RSS every second:
#    the highest sample and the last one, plus the kernel's peak (VmHWM) since the start;
# 5. stops the server with SIGTERM. Takes about a minute plus the load.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds="${1:-25}"
connections="${2:-4}"
find_jdk
prepare_server_copy memory "bench/memory.sh $*"
# Only ports and the data directory are set: everything that sizes memory stays at its default.
start_server_copy

rss_mb() { awk -v key="${2:-VmRSS}:" '$1 == key {printf "%d\n", $2 / 1024}' "/proc/$1/status"; }
counter() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v name="$1" '
    $1 ~ "^" name "(\\{|$)" { sum += $NF } END { printf "%d\n", sum }'
}

started_rss="$(rss_mb "$server")"
curl -fsS -o /dev/null "http://127.0.0.1:$ui_port/"
curl -fsS -o /dev/null "http://127.0.0.1:$http_port/"
sleep 15
idle_rss="$(rss_mb "$server")"
idle_hwm="$(rss_mb "$server" VmHWM)"

"$dist/bin/fluxtap" loadgen --endpoint "http://127.0.0.1:$otlp_port" --dataset "$loghub" \
  --connections "$connections" --duration "${seconds}s" --report-json "$work/loadgen.json" >"$work/loadgen.log" 2>&1 &
loadgen=$!
max_rss=0
: >"$work/rss.txt"
# Bounded: one sample a second for at most the load plus a minute.
for _ in $(seq 1 "$((seconds + 60))"); do
  kill -0 "$loadgen" 2>/dev/null || break
  rss="$(rss_mb "$server")"
  echo "$(date -u +%H:%M:%S) $rss" >>"$work/rss.txt"
  [ "$rss" -gt "$max_rss" ] && max_rss="$rss"
  sleep 1
done
wait "$loadgen" || { echo "loadgen failed; see $work/loadgen.log" >&2; exit 1; }
end_rss="$(rss_mb "$server")"
peak_rss="$(rss_mb "$server" VmHWM)"
accepted="$(counter fluxtap_ingest_records_total)"
stored="$(counter fluxtap_ingest_stored_total)"
alive=yes; kill -0 "$server" 2>/dev/null || alive=no
stop_server_copy
trap - EXIT

{
  echo
  echo "== load generator (fluxtap loadgen, flat out, loghub replay, ${seconds}s, $connections connections) =="
  cat "$work/loadgen.log"
  echo
  echo "== server RSS (MB = MiB) =="
  echo "after start-up:                              $started_rss MB"
  echo "idle, 15 s after one dashboard page load:    $idle_rss MB (peak so far $idle_hwm MB)"
  echo "during the load, highest 1 s sample:         $max_rss MB"
  echo "at the end of the load:                      $end_rss MB"
  echo "peak since start (VmHWM):                    $peak_rss MB"
  echo "records accepted $accepted, stored $stored at the end of the load; server alive: $alive"
  grep -h 'memory_limit' "$work/server.log" || true
  grep -h 'OutOfMemoryError' "$work/server.log" || echo "no OutOfMemoryError in the server log"
} | tee -a "$log"
[ -n "${KEEP_DATA:-}" ] || rm -rf "$work/data" "$dist"
echo "log: $log"
