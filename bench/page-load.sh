#!/usr/bin/env bash
# Dashboard page load over a large store (issue #15): the time from asking for a page until its content is drawn,
# in headless Chromium, for Overview, Logs, Traces search and a 1,000-span trace (goal: under 1 s each).
#
#   bench/page-load.sh [log records (10000000)] [spans (1000000)] [rounds per page (5)]
#
# 1. copies the built distribution (building it when missing) to target/bench/page-load/<time>/, starts it once on a
#    fresh data directory so the schema is made, and stops it;
# 2. fills its DuckDB file with generated records spread over the last 6 hours (ui's PageLoadBenchmark generate);
# 3. starts it again with the defaults and waits until the warehouse has moved every closed hour to Parquet (only
#    the current hour stays in DuckDB), so the pages read both tiers;
# 4. loads each page once to warm up, then the given rounds, and prints median and max (PageLoadBenchmark measure).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

logs="${1:-10000000}"
spans="${2:-1000000}"
rounds="${3:-5}"
find_jdk
module_classpath ui
prepare_server_copy page-load "bench/page-load.sh $*"
start_server_copy
stop_server_copy

bench_java() {
  "$java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$classpath" io.fluxtap.ui.bench.PageLoadBenchmark "$@"
}
bench_java generate "$work/data/fluxtap.duckdb" "$logs" "$spans" | tee -a "$log"

start_server_copy
sql() { curl -fsS -H 'Content-Type: text/plain' --data-binary "$1" "http://127.0.0.1:$http_port/api/v1/sql"; }
closed_hours_left() {
  sql "SELECT (SELECT count(*) FROM active_logs WHERE ts < date_trunc('hour', now()))
            + (SELECT count(*) FROM active_spans WHERE ts < date_trunc('hour', now()))" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["rows"][0][0])'
}
for _ in $(seq 1 600); do
  [ "$(closed_hours_left)" = "0" ] && break
  sleep 2
done
[ "$(closed_hours_left)" = "0" ] || { echo "the warehouse did not export the closed hours within 20 minutes" >&2; exit 1; }
sql "SELECT (SELECT count(*) FROM logs) AS logs, (SELECT count(*) FROM active_logs) AS hot_logs,
            (SELECT count(*) FROM spans) AS spans, (SELECT count(*) FROM active_spans) AS hot_spans" | tee -a "$log"
echo | tee -a "$log"
echo "parquet files: $(find "$work/data" -name '*.parquet' | wc -l); load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"

bench_java measure "http://127.0.0.1:$ui_port/" "$rounds" | tee -a "$log"
echo "log: $log"
