#!/usr/bin/env bash
# End-to-end spans/s, log records/s and metric points/s over OTLP/HTTP and OTLP/gRPC, and Prometheus
# remote_write samples/s into Fluxtap beside the same load into a Prometheus 2.42 in the same run (issue #4).
#
#   bench/e2e-signals.sh [loadgen seconds per run (20)]
#
# Part 1: one Fluxtap (fresh data dir); for each signal (logs, traces, metrics) and protocol (http, grpc) runs
#   `fluxtap loadgen` flat out (4 connections, batch 200) and reads fluxtap_ingest_stored_total{signal=...}
#   (all lanes) from /metrics before the run, when the loadgen exits, and once the counter stops rising
#   (lane drained). Accepted is not stored (P2 may shed), so both are reported. SIGTERM at the end.
# Part 2: a fresh Fluxtap and a fresh Prometheus 2.42 (--web.enable-remote-write-receiver) side by side; the
#   same `loadgen --mode remote-write --series 1000 --batch 500 --connections 4` against each in turn, with
#   each process's VmRSS/VmHWM idle before and right after its run. Both stopped with SIGTERM.
# Loopback only, bounded (about 4 minutes with the default), everything under target/bench/signals/<time>/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds="${1:-20}"
connections=4
find_jdk
built="$repo/dist/target/fluxtap-0.1.0-SNAPSHOT"
if ! "$built/bin/fluxtap" loadgen --help >/dev/null 2>&1; then
  echo "bench: $built/bin/fluxtap is missing; build the distribution first" >&2
  exit 1
fi
command -v prometheus >/dev/null || { echo "bench: prometheus is not on the PATH" >&2; exit 1; }

work="$bench_out/signals/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
# A private copy: a dist build running meanwhile cannot change what is measured.
cp -a "$built" "$work/fluxtap"
dist="$work/fluxtap"
log="$work/signals.log"
{
  machine_info "$work"
  echo "command: bench/e2e-signals.sh $*"
  echo "server:  copy of $built, built $(date -u -r "$dist/lib/io.fluxtap.fluxtap-ingestion-0.1.0-SNAPSHOT.jar" +%Y-%m-%dT%H:%M:%SZ)"
  echo "prom:    $(prometheus --version 2>&1 | head -n 1)"
} | tee "$log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss() { awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%d %d\n", r/1024, h/1024}' "/proc/$1/status"; } # MiB: RSS, peak RSS

pids=()
stop() { # pid, name: SIGTERM, then at most 60 s before SIGKILL
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "$2 did not stop within 60 s of SIGTERM; killing it" | tee -a "$log"
  kill -KILL "$pid"
}
stop_all() { for p in "${pids[@]}"; do stop "$p" "process $p"; done; }
trap stop_all EXIT

# Starts Fluxtap on free loopback ports with data dir $1; sets $server, $http_port, $otlp_port, $grpc_port.
start_fluxtap() {
  http_port="$(free_port)"; otlp_port="$(free_port)"; grpc_port="$(free_port)"; local ui_port; ui_port="$(free_port)"
  FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$otlp_port" \
    FLUXTAP_OTLP_GRPC_PORT="$grpc_port" FLUXTAP_UI_PORT="$ui_port" FLUXTAP_DATA_DIR="$1" \
    "$dist/bin/fluxtap" >"$1.server.log" 2>&1 &
  server=$! # bin/fluxtap execs java, so this is the server's own pid
  pids+=("$server")
  for _ in $(seq 1 240); do
    grep -q '^  Dashboard:' "$1.server.log" && return 0
    kill -0 "$server" 2>/dev/null || { echo "server exited during start-up; see $1.server.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "server did not start within 120 s; see $1.server.log" >&2; exit 1
}

# Sum of a counter over the label sets that carry signal="$2" (every lane).
counter() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v name="$1" -v sig="signal=\"$2\"" '
    $1 ~ "^" name "\\{" && index($1, sig) { sum += $NF } END { printf "%d\n", sum }'
}
# Waits until the stored counter has not moved for 2 s (at most 60 s): the lane has drained.
drained() {
  local prev cur
  prev="$(counter fluxtap_ingest_stored_total "$1")"
  for _ in $(seq 1 30); do
    sleep 2; cur="$(counter fluxtap_ingest_stored_total "$1")"
    [ "$cur" = "$prev" ] && break; prev="$cur"
  done
  echo "$prev"
}

# ---- part 1: OTLP, three signals over two protocols ----
echo | tee -a "$log"
echo "== part 1: OTLP e2e, ${seconds}s per run, flat out, $connections connections, batch 200 ==" | tee -a "$log"
start_fluxtap "$work/data-otlp"
results="$work/otlp.tsv"
: >"$results"
for signal in logs traces metrics; do
  for protocol in http grpc; do
    case "$protocol" in http) endpoint="http://127.0.0.1:$otlp_port";; grpc) endpoint="http://127.0.0.1:$grpc_port";; esac
    name="$signal-$protocol"
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    s0="$(counter fluxtap_ingest_stored_total "$signal")"; d0="$(counter fluxtap_lane_dropped_total "$signal")"
    "$dist/bin/fluxtap" loadgen --signal "$signal" --protocol "$protocol" --endpoint "$endpoint" \
      --connections "$connections" --batch 200 --duration "${seconds}s" --report-json "$work/$name.json" \
      >"$work/$name.log" 2>&1 || { echo "loadgen $name failed; see $work/$name.log" >&2; exit 1; }
    s1="$(counter fluxtap_ingest_stored_total "$signal")"
    s2="$(drained "$signal")"
    d2="$(counter fluxtap_lane_dropped_total "$signal")"
    echo "$name $s0 $s1 $s2 $((d2 - d0)) $load" >>"$results"
    { echo "-- $name (load before: $load)"; cat "$work/$name.log"
      echo "server: stored counter $s0 before, $s1 when loadgen exited, $s2 drained; lane dropped +$((d2 - d0))"; } | tee -a "$log"
  done
done
curl -fsS "http://127.0.0.1:$http_port/metrics" | grep -E '^fluxtap_(ingest_[a-z]+_total|lane_dropped_total|wal_backlog_records)' \
  >"$work/otlp-metrics-end.txt" || true
stop "$server" fluxtap
python3 - "$work" "$results" <<'PY' | tee -a "$log"
import json, sys
work, results = sys.argv[1], sys.argv[2]
print()
print("| signal | protocol | sent/s | accepted/s | rejected (partial success) | lane dropped | stored/s (until loadgen exit) | stored/s (incl. drain) | p50 ms | p99 ms | load before |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for line in open(results):
    name, s0, s1, s2, dropped, l1, l5, l15 = line.split()
    signal, protocol = name.split("-")
    r = json.load(open(f"{work}/{name}.json"))
    t = r["elapsedSeconds"]
    rec = r["records"]
    print(f"| {signal} | {protocol} | {rec['sent']/t:.0f} | {rec['accepted']/t:.0f} | {rec['rejected']} | {dropped} | "
          f"{(int(s1)-int(s0))/t:.0f} | {(int(s2)-int(s0))/t:.0f} | {r['latencyMs']['p50']} | {r['latencyMs']['p99']} | {l1} {l5} {l15} |")
print()
print("rates divide by the loadgen's elapsed time (its JSON elapsedSeconds); 'incl. drain' counts what was stored after the loadgen exited too")
PY

# ---- part 2: remote_write into Fluxtap and Prometheus 2.42 ----
echo | tee -a "$log"
echo "== part 2: remote_write, ${seconds}s per run, --series 1000 --batch 500 --connections $connections ==" | tee -a "$log"
start_fluxtap "$work/data-rw"
prom_port="$(free_port)"
mkdir -p "$work/prom-tsdb"
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom-tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --web.enable-remote-write-receiver >"$work/prometheus.log" 2>&1 &
prom=$!
pids+=("$prom")
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null 2>&1 && break
  kill -0 "$prom" 2>/dev/null || { echo "prometheus exited during start-up; see $work/prometheus.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null
sleep 5 # both idle a moment before the idle RSS reading
rw="$work/rw.tsv"
: >"$rw"
for target in fluxtap prometheus; do
  case "$target" in
    fluxtap) pid="$server"; endpoint="http://127.0.0.1:$http_port/api/v1/write";;
    prometheus) pid="$prom"; endpoint="http://127.0.0.1:$prom_port/api/v1/write";;
  esac
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  idle="$(rss "$pid")"
  s0=0; [ "$target" = fluxtap ] && s0="$(counter fluxtap_ingest_stored_total metrics)"
  "$dist/bin/fluxtap" loadgen --mode remote-write --series 1000 --batch 500 --connections "$connections" \
    --duration "${seconds}s" --endpoint "$endpoint" --report-json "$work/rw-$target.json" \
    >"$work/rw-$target.log" 2>&1 || { echo "loadgen rw-$target failed; see $work/rw-$target.log" >&2; exit 1; }
  after="$(rss "$pid")"
  s1=0; s2=0
  if [ "$target" = fluxtap ]; then s1="$(counter fluxtap_ingest_stored_total metrics)"; s2="$(drained metrics)"; fi
  echo "$target $idle $after $s0 $s1 $s2 $load" >>"$rw"
  { echo "-- remote_write into $target (load before: $load; RSS/peak MiB idle $idle, after $after)"; cat "$work/rw-$target.log"
    [ "$target" = fluxtap ] && echo "server: stored counter (signal=metrics) $s0 before, $s1 when loadgen exited, $s2 drained"; true; } | tee -a "$log"
done
curl -fsS "http://127.0.0.1:$prom_port/metrics" | grep -E '^prometheus_(tsdb_head_samples_appended_total|tsdb_head_series |remote_storage_|http_requests_total\{code="[0-9]+",handler="/api/v1/write")' \
  >"$work/prometheus-metrics-end.txt" || true
stop "$server" fluxtap
stop "$prom" prometheus
trap - EXIT
python3 - "$work" "$rw" <<'PY' | tee -a "$log"
import json, sys
work, rw = sys.argv[1], sys.argv[2]
print()
print("| target | sent/s | accepted samples/s | non-2xx / transport errors | p50 ms | p99 ms | RSS idle MiB | RSS after MiB | peak RSS MiB | Fluxtap stored/s (incl. drain) | load before |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for line in open(rw):
    target, ir, ih, ar, ah, s0, s1, s2, l1, l5, l15 = line.split()
    r = json.load(open(f"{work}/rw-{target}.json"))
    t = r["elapsedSeconds"]
    rec, req = r["records"], r["requests"]
    errors = sum(v for k, v in req["byStatus"].items() if not k.startswith("2"))
    transport = sum(req["transportErrors"].values())
    stored = f"{(int(s2)-int(s0))/t:.0f}" if target == "fluxtap" else "n/a"
    print(f"| {target} | {rec['sent']/t:.0f} | {rec['accepted']/t:.0f} | {errors} / {transport} | {r['latencyMs']['p50']} | "
          f"{r['latencyMs']['p99']} | {ir} | {ar} | {ah} | {stored} | {l1} {l5} {l15} |")
PY
cat "$work/prometheus-metrics-end.txt" | tee -a "$log"
# The data of a run is large; keep it only when asked to.
[ -n "${KEEP_DATA:-}" ] || rm -rf "$work/data-otlp" "$work/data-rw" "$work/prom-tsdb" "$dist"
echo "log: $log"
