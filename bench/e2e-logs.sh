#!/usr/bin/env bash
# End-to-end logs/s into DuckDB beside the raw DuckDB Appender rate for the same rows, in one run.
#
#   bench/e2e-logs.sh [loadgen seconds (30)]
#
# 1. builds the distribution if it (or its load generator) is missing;
# 2. copies it to target/bench/e2e/<time>/ (a dist build running meanwhile cannot change what is measured) and
#    starts the copy on free loopback ports with a fresh data directory beside it;
# 3. runs `fluxtap loadgen` flat out with the loghub replay and reads the stored-records counter
#    (fluxtap_ingest_stored_total, all lanes) from /metrics while it runs: the stored rate is the counter's
#    rise from 5 s after the first stored record (JIT warm-up) to 3 s before the load ends;
# 4. stops the server with SIGTERM (it drains its lanes into DuckDB first);
# 5. runs storage's DuckDbAppendBenchmark (its main: the two take turns): the same loghub rows in 4096-row
#    transactions through the bare Appender and through the store's writer, each on a fresh file;
# 6. prints every figure and the ratios. Takes about 2.5 minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds="${1:-30}"
skip=5 # the first seconds of the load are JIT warm-up of both JVMs and are left out of the stored rate
find_jdk
prepare_server_copy e2e "bench/e2e-logs.sh $*"
start_server_copy

# Sum of a counter over all its label sets in the Prometheus exposition (lanes P0, P1, P2).
counter() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v name="$1" '
    $1 ~ "^" name "(\\{|$)" { sum += $NF } END { printf "%d\n", sum }'
}
now_ms() { date +%s%3N; }
# CPU time (user + system, in clock ticks) a process has used so far: who used the 2 cores during the window.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_s="$(getconf CLK_TCK)"

"$dist/bin/fluxtap" loadgen --endpoint "http://127.0.0.1:$otlp_port" --dataset "$loghub" \
  --duration "${seconds}s" --report-json "$work/loadgen.json" >"$work/loadgen.log" 2>&1 &
loadgen=$!
# The loadgen JVM takes a moment to send its first request; the window starts at the first stored record.
for _ in $(seq 1 100); do [ "$(counter fluxtap_ingest_stored_total)" -gt 0 ] && break; sleep 0.2; done
sleep "$skip"
t1="$(now_ms)"; s1="$(counter fluxtap_ingest_stored_total)"; a1="$(counter fluxtap_ingest_records_total)"
c1s="$(cpu_ticks "$server")"; c1l="$(cpu_ticks "$loadgen")"; c1all="$(awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat)"
sleep "$((seconds - skip - 3))"
t2="$(now_ms)"; s2="$(counter fluxtap_ingest_stored_total)"; a2="$(counter fluxtap_ingest_records_total)"
c2s="$(cpu_ticks "$server")"; c2l="$(cpu_ticks "$loadgen")"; c2all="$(awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat)"
wait "$loadgen" || { echo "loadgen failed; see $work/loadgen.log" >&2; exit 1; }
accepted="$(counter fluxtap_ingest_records_total)"
dropped="$(counter fluxtap_lane_dropped_total)"
backlog="$(counter fluxtap_wal_backlog_records)"
curl -fsS "http://127.0.0.1:$http_port/metrics" | grep -E '^fluxtap_(ingest_(stored|records)_total|lane_dropped_total|wal_backlog_records)' \
  >"$work/metrics-after-load.txt" || true
stop_server_copy
trap - EXIT

e2e_rate="$(python3 -c "print(round(($s2 - $s1) * 1000 / ($t2 - $t1)))")"
# CPU the server spent per record stored: unlike records/s it hardly depends on how busy the other processes
# keep the shared cores, so it compares better with DuckDB's CPU per row below.
e2e_cpu="$(python3 -c "print(round(($c2s - $c1s) / $ticks_per_s * 1e6 / max(1, $s2 - $s1), 2))")"
{
  echo
  echo "== load generator (fluxtap loadgen, flat out, loghub replay, ${seconds}s) =="
  cat "$work/loadgen.log"
  echo
  echo "== server =="
  echo "stored rate: $((s2 - s1)) records stored in $((t2 - t1)) ms (from ${skip}s after the first stored record) = $e2e_rate records/s"
  # Accepted faster than stored means the store is the bottleneck: P1 keeps the difference in its WAL.
  echo "accepted in the same window: $((a2 - a1)) records = $(python3 -c "print(round(($a2 - $a1) * 1000 / ($t2 - $t1)))") records/s"
  python3 -c "
w = ($t2 - $t1) / 1000; t = $ticks_per_s
print(f'CPU in that window: server {($c2s - $c1s) / t / w:.2f} cores, loadgen {($c2l - $c1l) / t / w:.2f} cores, '
      f'whole machine (every process, other engineers included) {($c2all - $c1all) / t / w:.2f} of $(nproc) cores')"
  echo "server CPU per stored record in that window: $e2e_cpu us"
  echo "at the end of the load: accepted $accepted, dropped (P2 full) $dropped, WAL backlog $backlog records"
  cat "$work/metrics-after-load.txt"
  grep -h 'lanes drained' "$work/server.log" || true
  echo "data dir after SIGTERM: $(du -sh "$work/data" | cut -f1)"
} | tee -a "$log"
# The DuckDB file of a run is hundreds of MB; keep it only when asked to.
[ -n "${KEEP_DATA:-}" ] || rm -rf "$work/data" "$dist"

echo | tee -a "$log"
echo "== DuckDB alone: the same loghub rows, 4096 per transaction, raw Appender and store writer taking turns ==" \
  | tee -a "$log"
module_classpath storage
"$java" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR \
  -Dfluxtap.bench.loghub="$loghub" -Dfluxtap.bench.dir="$work" \
  -Djava.util.logging.config.file="$repo/bench/logging.properties" \
  -cp "$classpath" io.fluxtap.storage.bench.DuckDbAppendBenchmark "${E2E_DUCKDB_ROUNDS:-6}" 5 2>&1 | tee -a "$log"
read -r raw_rate raw_cpu sink_rate sink_cpu < <(awk '/^median/ {print $4, $6, $11, $13}' "$log" | tail -n 1)

python3 - "$e2e_rate" "$e2e_cpu" "$raw_rate" "$raw_cpu" "$sink_rate" "$sink_cpu" <<'PY' | tee -a "$log"
import sys
e2e, e2e_cpu, raw, raw_cpu, sink, sink_cpu = map(float, sys.argv[1:])
print()
print(f"end-to-end stored:        {e2e:9.0f} records/s   {e2e_cpu:6.2f} us server CPU per stored record")
print(f"DuckDB Appender (raw):    {raw:9.0f} rows/s      {raw_cpu:6.2f} us CPU per row (medians)")
print(f"DuckDbRecordSink writer:  {sink:9.0f} rows/s      {sink_cpu:6.2f} us CPU per row (medians)")
print(f"ratio e2e/raw:            {e2e / raw:9.3f}   (CPU per record: raw/e2e {raw_cpu / e2e_cpu:.3f})")
print(f"ratio e2e/writer:         {e2e / sink:9.3f}   (CPU per record: writer/e2e {sink_cpu / e2e_cpu:.3f})")
PY
echo "log: $log"
