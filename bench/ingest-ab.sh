#!/usr/bin/env bash
# Ingest throughput of two builds of the distribution side by side (A B, then B A, ...), with the same load
# generator driving both: did a change cost ingest throughput? (issue #10's acceptance).
#
#   bench/ingest-ab.sh DIST_BEFORE DIST_AFTER [seconds per load (15)] [rounds (2)]
#
# DIST_* are built distributions (e.g. a copy of dist/target/fluxtap-0.1.0-SNAPSHOT made before the change).
# Every run starts the distribution on free loopback ports with a fresh data directory and sends, one after
# the other, flat out with 4 connections:
#   p1-logs-http   OTLP/HTTP protobuf logs at INFO (lane P1: WAL group commit), batch 200
#   p1-logs-grpc   the same over OTLP/gRPC
#   p0-logs-http   logs of a service configured as P0 (fluxtap.lane.p0-services: fsync per request), batch 100
#   p2-traces-http synthetic traces (lane P2), batch 200
# (LOADS="p1-logs-http p0-logs-http" picks some of them) and reads fluxtap_ingest_stored_total once the lane has drained,
# and the server's CPU time (/proc/PID/stat) over the load and the drain: CPU seconds per million records stored. The load generator is always DIST_BEFORE's,
# so the client is the same for both. SIGTERM at the end of each run. Bounded: about 2 x rounds x 100 s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 2 ] || { echo "usage: bench/ingest-ab.sh DIST_BEFORE DIST_AFTER [seconds] [rounds]" >&2; exit 2; }
before="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"
seconds="${3:-15}"; rounds="${4:-2}"
find_jdk
work="$bench_out/ingest-ab/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
log="$work/ingest-ab.log"
{
  machine_info "$work"
  echo "command: bench/ingest-ab.sh $*"
  echo "before:  $before ($(cat "$before/COMMIT" 2>/dev/null || echo 'commit unknown'))"
  echo "after:   $after ($(cat "$after/COMMIT" 2>/dev/null || echo 'commit unknown'))"
} | tee "$log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
counter() { # sum of a counter over every label set
  curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v name="$1" '
    $1 ~ "^" name "(\\{|$)" { sum += $NF } END { printf "%d\n", sum }'
}
cpu_ticks() { # user + system CPU of the server process so far, in clock ticks (1/100 s)
  awk '{ print $14 + $15 }' "/proc/$server/stat"
}
drained() { # the stored counter once it has not moved for 2 s (at most 60 s)
  local prev cur
  prev="$(counter fluxtap_ingest_stored_total)"
  for _ in $(seq 1 30); do
    sleep 2; cur="$(counter fluxtap_ingest_stored_total)"
    [ "$cur" = "$prev" ] && break; prev="$cur"
  done
  echo "$prev"
}
server=""
stop_server() {
  [ -n "$server" ] && kill -0 "$server" 2>/dev/null || return 0
  kill -TERM "$server"
  for _ in $(seq 1 120); do kill -0 "$server" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$server"
}
trap stop_server EXIT

results="$work/results.tsv"
: >"$results"
run_variant() { # name dist round
  local name="$1" dist="$2" round="$3" dir="$work/$1-$3"
  mkdir -p "$dir"
  http_port="$(free_port)"; otlp_port="$(free_port)"; grpc_port="$(free_port)"; local ui_port; ui_port="$(free_port)"
  FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$otlp_port" \
    FLUXTAP_OTLP_GRPC_PORT="$grpc_port" FLUXTAP_UI_PORT="$ui_port" FLUXTAP_DATA_DIR="$dir/data" \
    FLUXTAP_LANE_P0_SERVICES=loadgen-p0 "$dist/bin/fluxtap" >"$dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "server exited during start-up; see $dir/server.log" >&2; exit 1; }
    sleep 0.5
  done
  local load args s0 s1
  for load in ${LOADS:-p1-logs-http p1-logs-grpc p0-logs-http p2-traces-http}; do
    case "$load" in
      p1-logs-http) args=(--signal logs --protocol http --endpoint "http://127.0.0.1:$otlp_port" --batch 200);;
      p1-logs-grpc) args=(--signal logs --protocol grpc --endpoint "http://127.0.0.1:$grpc_port" --batch 200);;
      p0-logs-http) args=(--signal logs --protocol http --endpoint "http://127.0.0.1:$otlp_port" --batch 100 --service loadgen-p0);;
      p2-traces-http) args=(--signal traces --protocol http --endpoint "http://127.0.0.1:$otlp_port" --batch 200);;
    esac
    s0="$(counter fluxtap_ingest_stored_total)"; c0="$(cpu_ticks)"
    "$before/bin/fluxtap" loadgen "${args[@]}" --connections 4 --duration "${seconds}s" \
      --report-json "$dir/$load.json" >"$dir/$load.log" 2>&1 || { echo "loadgen $load failed; see $dir/$load.log" >&2; exit 1; }
    s1="$(drained)"; c1="$(cpu_ticks)"
    echo "$round $name $load $((s1 - s0)) $(cut -d' ' -f1 /proc/loadavg) $((c1 - c0))" >>"$results"
    echo "round $round $name $load: stored $((s1 - s0)), server CPU $((c1 - c0)) ticks; $(grep -m1 -iE 'records/s|rate' "$dir/$load.log" || true)" | tee -a "$log"
  done
  stop_server
  rm -rf "$dir/data"
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    run_variant before "$before" "$round"; run_variant after "$after" "$round"
  else
    run_variant after "$after" "$round"; run_variant before "$before" "$round"
  fi
done
trap - EXIT

python3 - "$work" "$results" <<'PY' | tee -a "$log"
import json, sys, statistics
work, results = sys.argv[1], sys.argv[2]
rows = [line.split() for line in open(results)]
loads = sorted({r[2] for r in rows}, key=[r[2] for r in rows].index)
print()
print("| load | round | before accepted/s | after accepted/s | after/before | before p99 ms | after p99 ms "
      "| before CPU s/M | after CPU s/M | CPU after/before | load avg (b/a) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
ratios = {l: [] for l in loads}
cpu_ratios = {l: [] for l in loads}
for load in loads:
    for rnd in sorted({r[0] for r in rows}, key=int):
        fig = {}
        for name in ("before", "after"):
            rep = json.load(open(f"{work}/{name}-{rnd}/{load}.json"))
            row = next(r for r in rows if r[0] == rnd and r[1] == name and r[2] == load)
            # Server CPU seconds per million records stored: what a record costs, which contention for the cores
            # (other processes, the load generator) changes far less than it changes throughput.
            cpu = int(row[5]) / 100 / (int(row[3]) / 1e6)
            fig[name] = (rep["records"]["accepted"] / rep["elapsedSeconds"], rep["latencyMs"]["p99"], row[4], cpu)
        ratio = fig["after"][0] / fig["before"][0]
        ratios[load].append(ratio)
        cpu_ratio = fig["after"][3] / fig["before"][3]
        cpu_ratios[load].append(cpu_ratio)
        print(f"| {load} | {rnd} | {fig['before'][0]:.0f} | {fig['after'][0]:.0f} | {ratio:.3f} | "
              f"{fig['before'][1]} | {fig['after'][1]} | {fig['before'][3]:.1f} | {fig['after'][3]:.1f} | "
              f"{cpu_ratio:.3f} | {fig['before'][2]} / {fig['after'][2]} |")
print()
for load in loads:
    print(f"{load}: median after/before {statistics.median(ratios[load]):.3f} throughput, "
          f"{statistics.median(cpu_ratios[load]):.3f} CPU per record, over {len(ratios[load])} rounds")
PY
echo "log: $log"
