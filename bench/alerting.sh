#!/usr/bin/env bash
# Issue #12's alerting benchmarks, side by side with the real Alertmanager 0.25 (Debian's prometheus-alertmanager):
#
#   bench/alerting.sh [DIST (dist/target/fluxtap-0.1.0-SNAPSHOT)] [seconds per throughput run (10)] [rounds (2)]
#                     [latency probes (8)]
#
# - dispatcher throughput: alerts/s accepted by POST /api/v2/alerts (Fluxtap: /alertmanager/api/v2/alerts), 4
#   threads flat out, batches of 50 alerts each with labels of its own (group_by [alertname, instance]: every alert
#   is an aggregation group of its own; their receiver has no integration, so what is measured is taking alerts in,
#   merging them into the store and creating their groups, not delivery), Alertmanager and Fluxtap in turns;
# - notification latency: an OTLP/HTTP gauge sample that makes a Fluxtap rule true (group interval 1 s, group_wait
#   1 s) to the webhook receiving the notification, against the bound 1 s + 1 s + 100 ms, split into its parts:
#   until PromQL returns the sample (polled), until the evaluation that found it true (the alert's startsAt), and
#   from there to the webhook (group_wait, dispatch, delivery). Rounds 0 measures latency on a fresh server only.
# Everything on loopback, bounded (about 2 x rounds x seconds + 30 s); SIGTERM at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dist="$(cd "${1:-$repo/dist/target/fluxtap-0.1.0-SNAPSHOT}" && pwd)"
seconds="${2:-10}"; rounds="${3:-2}"; probes="${4:-8}"
find_jdk
work="$bench_out/alerting/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
log="$work/alerting.log"
{
  machine_info "$work"
  echo "command: bench/alerting.sh $*"
  echo "fluxtap: $dist ($(cat "$dist/COMMIT" 2>/dev/null || git -C "$repo" rev-parse --short HEAD))"
  echo "alertmanager: $(prometheus-alertmanager --version 2>&1 | head -1)"
} | tee "$log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
capture="$(free_port)"; am_port="$(free_port)"; http_port="$(free_port)"; otlp_port="$(free_port)"
route="route:
  receiver: sink
  group_by: [alertname, instance]
  routes:
    - matchers: ['alertname=\"LatencyProbe\"']
      receiver: latency
      group_by: [alertname, probe]
      group_wait: 1s
      group_interval: 1s
receivers:
  - name: sink
  - name: latency
    webhook_configs: [{url: 'http://127.0.0.1:$capture/latency'}]"
echo "$route" >"$work/alertmanager.yml"
mkdir -p "$work/rules"
cat >"$work/rules/latency.yml" <<'RULES'
groups:
  - name: latency
    interval: 1s
    rules:
      - alert: LatencyProbe
        expr: latency_probe > 0
RULES

pids=()
stop_all() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/am-data" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= >"$work/alertmanager.out" 2>&1 &
pids+=($!)
FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$otlp_port" FLUXTAP_OTLP_GRPC_PORT=0 \
  FLUXTAP_UI_PORT=0 FLUXTAP_DATA_DIR="$work/fluxtap-data" FLUXTAP_ALERTMANAGER_CONFIG_FILE="$work/alertmanager.yml" \
  FLUXTAP_ALERTING_RULE_FILES="$work/rules/*.yml" "$dist/bin/fluxtap" >"$work/fluxtap.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$am_port/-/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
spec="{\"alertmanager\": \"http://127.0.0.1:$am_port/api/v2/\", \"fluxtap\": \"http://127.0.0.1:$http_port/alertmanager/api/v2/\",
       \"otlp_metrics\": \"http://127.0.0.1:$otlp_port/v1/metrics\", \"seconds\": $seconds, \"rounds\": $rounds, \"batch\": 50, \"probes\": $probes,
       \"query\": \"http://127.0.0.1:$http_port/prometheus/api/v1/query\"}"
python3 "$(dirname "${BASH_SOURCE[0]}")/alerting_bench.py" capture "$capture" "$spec" >"$work/results.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
python3 - "$work/results.json" <<'PY' | tee -a "$log"
import json, sys, statistics
r = json.load(open(sys.argv[1]))
print()
print("| round | Alertmanager 0.25 alerts/s | Fluxtap alerts/s | Fluxtap / Alertmanager |")
print("|---|---:|---:|---:|")
for i, (a, f) in enumerate(zip(r.get("alertmanager", []), r.get("fluxtap", [])), 1):
    print(f"| {i} | {a:.0f} | {f:.0f} | {f / a:.2f} |")
probes = r["latency"]
got = [x for x in probes if x is not None]
lat = [x["arrived"] for x in got]
bound = 1.0 + 1.0 + 0.1
print()
print(f"notification latency (sample to webhook), {len(lat)} of {len(probes)} probes arrived: "
      f"min {min(lat):.3f} s, median {statistics.median(lat):.3f} s, max {max(lat):.3f} s; "
      f"bound {bound:.1f} s: median/bound {statistics.median(lat) / bound:.2f}, max/bound {max(lat) / bound:.2f}")
print()
print("| probe | acked | queryable | evaluated true (startsAt) | webhook | webhook - startsAt - group_wait | overhead: queryable + (webhook - startsAt - group_wait) |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for i, x in enumerate(probes):
    if x is None:
        print(f"| {i} | lost | | | | | |")
        continue
    vis = x["visible"]
    after = x["arrived"] - x["starts_at"] - 1.0
    # what is not waiting: the time to become queryable, plus what follows the evaluation beyond group_wait
    overhead = (vis if vis is not None else float("nan")) + after
    print(f"| {i} | {x['acked'] * 1000:.0f} ms | {vis * 1000 if vis is not None else float('nan'):.0f} ms | "
          f"{x['starts_at'] * 1000:.0f} ms | {x['arrived'] * 1000:.0f} ms | {after * 1000:.0f} ms | {overhead * 1000:.0f} ms |")
PY
echo "log: $log"
