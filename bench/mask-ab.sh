#!/usr/bin/env bash
# Ingest throughput with masking on and off (issue #14: at most 10% slower), one built distribution run with
# FLUXTAP_MASK_ENABLED=true and =false in turn (on off, then off on, ...), the same loghub replay driving both.
#
#   bench/mask-ab.sh [DIST (dist/target/fluxtap-0.1.0-SNAPSHOT)] [seconds per run (20)] [rounds (2)]
#
# Every run starts the distribution on free loopback ports with a fresh data directory, replays loghub
# (../shared/datasets/loghub, all systems in turn, fresh timestamps) flat out over OTLP/HTTP with 4 connections,
# batch 200 (lane P1 for INFO and above, P2 below), then reads fluxtap_ingest_stored_total once the lanes have
# drained, the server's CPU time (/proc/PID/stat) over the load and the drain, and fluxtap_masked_total.
# SIGTERM at the end of each run. Bounded: about 2 x rounds x (seconds + 80) s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dist="$(cd "${1:-$repo/dist/target/fluxtap-0.1.0-SNAPSHOT}" && pwd)"
seconds="${2:-20}"; rounds="${3:-2}"
find_jdk
[ -d "$loghub" ] || { echo "no loghub dataset at $loghub" >&2; exit 1; }
work="$bench_out/mask-ab/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
log="$work/mask-ab.log"
{
  machine_info "$work"
  echo "command: bench/mask-ab.sh $*"
  echo "dist:    $dist"
} | tee "$log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
counter() { # sum of a counter over every label set
  curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v name="$1" '
    $1 ~ "^" name "(\\{|$)" { sum += $NF } END { printf "%d\n", sum }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
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
run_variant() { # on|off round
  local name="$1" round="$2" dir="$work/$1-$2" enabled
  [ "$name" = on ] && enabled=true || enabled=false
  mkdir -p "$dir"
  http_port="$(free_port)"; otlp_port="$(free_port)"; local grpc_port ui_port; grpc_port="$(free_port)"; ui_port="$(free_port)"
  FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$otlp_port" \
    FLUXTAP_OTLP_GRPC_PORT="$grpc_port" FLUXTAP_UI_PORT="$ui_port" FLUXTAP_DATA_DIR="$dir/data" \
    FLUXTAP_MASK_ENABLED="$enabled" "$dist/bin/fluxtap" >"$dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "server exited during start-up; see $dir/server.log" >&2; exit 1; }
    sleep 0.5
  done
  local s0 s1 c0 c1 masked
  s0="$(counter fluxtap_ingest_stored_total)"; c0="$(cpu_ticks)"
  "$dist/bin/fluxtap" loadgen --endpoint "http://127.0.0.1:$otlp_port" --dataset "$loghub" --batch 200 \
    --connections 4 --duration "${seconds}s" --report-json "$dir/loadgen.json" >"$dir/loadgen.log" 2>&1 \
    || { echo "loadgen failed; see $dir/loadgen.log" >&2; exit 1; }
  s1="$(drained)"; c1="$(cpu_ticks)"
  masked="$(counter fluxtap_masked_total)"
  echo "$round $name $((s1 - s0)) $(cut -d' ' -f1 /proc/loadavg) $((c1 - c0)) $masked" >>"$results"
  echo "round $round masking $name: stored $((s1 - s0)), server CPU $((c1 - c0)) ticks, masked $masked" | tee -a "$log"
  stop_server
  rm -rf "$dir/data"
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    run_variant on "$round"; run_variant off "$round"
  else
    run_variant off "$round"; run_variant on "$round"
  fi
done
trap - EXIT

python3 - "$work" "$results" "$(getconf CLK_TCK)" <<'PY' | tee -a "$log"
import json, sys
work, results, tck = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [line.split() for line in open(results)]
print()
print("| round | masking | accepted/s (loadgen) | p99 ms | stored | server CPU s per M stored | values masked | load avg |")
print("|---|---|---:|---:|---:|---:|---:|---|")
by = {}
for rnd, name, stored, load, ticks, masked in rows:
    rep = json.load(open(f"{work}/{name}-{rnd}/loadgen.json"))
    rate = rep["records"]["accepted"] / rep["elapsedSeconds"]
    p99 = rep["latencyMs"]["p99"]
    cpu = int(ticks) / tck * 1e6 / max(1, int(stored))
    by.setdefault(name, []).append((float(rate), cpu))
    print(f"| {rnd} | {name} | {float(rate):.0f} | {p99} | {stored} | {cpu:.2f} | {masked} | {load} |")
if "on" in by and "off" in by:
    on_rate = sum(r for r, _ in by["on"]) / len(by["on"]); off_rate = sum(r for r, _ in by["off"]) / len(by["off"])
    on_cpu = sum(c for _, c in by["on"]) / len(by["on"]); off_cpu = sum(c for _, c in by["off"]) / len(by["off"])
    print()
    print(f"mean accepted/s on/off: {on_rate / off_rate:.3f}; mean server CPU per record on/off: {on_cpu / off_cpu:.3f}")
PY
echo "log: $log"
