#!/usr/bin/env bash
# PromQL range-query latency of Fluxtap beside Prometheus 2.42 on the same data, and whether they agree (issue #6).
#
#   bench/promql-vs-prometheus.sh [runs per query (10)] [counter series (10000)]
#
# 1. builds storage's test classes and the distribution if missing;
# 2. generates the data once (storage's PromqlBenchData): 10,000 counters bench_requests_total{group,instance}
#    and a classic histogram h_bucket{instance,le} (100 x 11 series), a sample every 15 s for 70 minutes ending
#    at the last quarter hour; written as OpenMetrics for Prometheus and through the store's writer into a
#    DuckDB file for Fluxtap;
# 3. `promtool tsdb create-blocks-from openmetrics` turns the text into Prometheus blocks;
# 4. starts Prometheus (/usr/bin/prometheus) and a copy of the distribution on that DuckDB file, both on free
#    loopback ports;
# 5. bench/promql_compare.py runs `sum by (group) (rate(bench_requests_total[5m]))` and
#    `histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))` over the last hour at a 15 s step against
#    both (one warm-up, then the runs, alternating), prints the latencies and checks the results agree within
#    1e-6 relative; exits 1 if they do not.
# Everything lands in target/bench/promql/<time>/; both servers are stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs="${1:-10}"
counters="${2:-10000}"
prometheus_bin="${PROMETHEUS:-/usr/bin/prometheus}"
promtool_bin="${PROMTOOL:-/usr/bin/promtool}"
find_jdk
for tool in "$prometheus_bin" "$promtool_bin"; do
  [ -x "$tool" ] || { echo "bench: $tool is missing (Debian: apt-get install prometheus)" >&2; exit 1; }
done
built="$repo/dist/target/fluxtap-0.1.0-SNAPSHOT"
if [ ! -x "$built/bin/fluxtap" ]; then
  echo "building the distribution (./mvnw -B -q -DskipTests package)" >&2
  (cd "$repo" && ./mvnw -B -q -DskipTests package)
fi
module_classpath storage

work="$bench_out/promql/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
cp -a "$built" "$work/fluxtap-dist"
dist="$work/fluxtap-dist"
log="$work/bench.log"
{
  machine_info "$work"
  echo "command: bench/promql-vs-prometheus.sh $*"
  echo "server:  copy of $built, built $(date -u -r "$dist/lib/io.fluxtap.fluxtap-storage-0.1.0-SNAPSHOT.jar" +%Y-%m-%dT%H:%M:%SZ)"
  echo "prometheus: $("$prometheus_bin" --version 2>&1 | head -n 1)"
} | tee "$log"

# The data ends at the last quarter hour, at least 5 minutes ago, so neither server holds anything newer.
end=$(( ( $(date +%s) - 300 ) / 900 * 900 ))
start=$(( end - 3600 ))
echo "== generating data (counters: $counters) ==" | tee -a "$log"
"$java" --enable-native-access=ALL-UNNAMED -cp "$classpath" io.fluxtap.storage.bench.PromqlBenchData \
  "$work/data" "$end" "$counters" 2>&1 | tee -a "$log"
echo "== promtool tsdb create-blocks-from openmetrics ==" | tee -a "$log"
"$promtool_bin" tsdb create-blocks-from openmetrics "$work/data/data.om" "$work/prometheus-data" >>"$log" 2>&1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
prom_port="$(free_port)"; http_port="$(free_port)"; otlp_port="$(free_port)"; grpc_port="$(free_port)"; ui_port="$(free_port)"

printf 'global:\n  scrape_interval: 1h\nscrape_configs: []\n' >"$work/prometheus.yml"
"$prometheus_bin" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus-data" \
  --storage.tsdb.retention.time=10y --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prometheus=$!
FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$otlp_port" \
  FLUXTAP_OTLP_GRPC_PORT="$grpc_port" FLUXTAP_UI_PORT="$ui_port" FLUXTAP_DATA_DIR="$work/data/fluxtap" \
  "$dist/bin/fluxtap" >"$work/fluxtap.log" 2>&1 &
fluxtap=$! # bin/fluxtap execs java, so this is the server's own pid

stop() { # stops the process $1 with SIGTERM, then SIGKILL after 60 s
  if kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1"
    for _ in $(seq 1 120); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL "$1" 2>/dev/null || true
  fi
}
trap 'stop "$fluxtap"; stop "$prometheus"' EXIT

wait_ready() { # url pid name: polls for up to 2 minutes
  for _ in $(seq 1 240); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 exited during start-up; see $work/$3.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$3 not ready after 2 minutes; see $work/$3.log" >&2
  exit 1
}
wait_ready "http://127.0.0.1:$prom_port/-/ready" "$prometheus" prometheus
wait_ready "http://127.0.0.1:$http_port/health/ready" "$fluxtap" fluxtap

echo "== range queries, $start .. $end, step 15s, $runs runs each ==" | tee -a "$log"
set +e
python3 "$repo/bench/promql_compare.py" "http://127.0.0.1:$http_port/prometheus" "http://127.0.0.1:$prom_port" \
  "$start" "$end" 15 "$runs" "$work/results.json" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
set -e
echo "results: $work/results.json, log: $log"
exit "$status"
