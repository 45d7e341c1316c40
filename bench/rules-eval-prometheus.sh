#!/usr/bin/env bash
# Issue #12: the same rule file over the same series in Prometheus (Debian /usr/bin/prometheus), for comparison
# with bench/rules-eval.sh. The hour of history ending now is written as OpenMetrics (RuleEvalOpenMetrics), backfilled
# with `promtool tsdb create-blocks-from openmetrics`, and Prometheus evaluates the rules on loopback at a 15 s interval;
# no new samples arrive, so only the first minutes count (series go stale after the 5 m lookback). Every 15 s the
# script reads each group's last evaluationTime from /api/v1/rules: the sum over the 10 groups is the work of one
# round (Prometheus runs groups concurrently, so a round's wall time is at most the sum). Bounded: SNAPSHOTS reads.
#
#   bench/rules-eval-prometheus.sh [snapshots (8)] [jobs (20)] [instances per job (25)] [groups (10)]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

snapshots="${1:-8}" jobs="${2:-20}" instances="${3:-25}" groups="${4:-10}"
py=/usr/bin/python3
find_jdk
module_classpath tools
out="$bench_out/tools/prometheus-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
log="$out/run.log"
{
  machine_info "$out"
  echo "uptime:  $(uptime)"
  echo "prometheus: $(/usr/bin/prometheus --version 2>&1 | head -n 1)"
  echo "command: bench/rules-eval-prometheus.sh $snapshots $jobs $instances $groups"
} | tee "$log"

end_ms=$(( $(date +%s) * 1000 ))
"$java" -cp "$classpath" io.fluxtap.tools.bench.RuleEvalOpenMetrics "$out/data.om" "$end_ms" "$out/rules.yml" \
  "$jobs" "$instances" "$groups" | tee -a "$log"
start=$(date +%s)
promtool tsdb create-blocks-from openmetrics "$out/data.om" "$out/tsdb" > "$out/promtool.log" 2>&1
echo "backfill: $(( $(date +%s) - start )) s" | tee -a "$log"
rm -f "$out/data.om"

port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$out/prometheus.yml" <<YML
global:
  evaluation_interval: 15s
rule_files: ["$out/rules.yml"]
YML
/usr/bin/prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/tsdb" \
  --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=30d > "$out/prometheus.log" 2>&1 &
prom=$!
trap 'kill "$prom" 2>/dev/null || true; wait "$prom" 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 60); do curl -sf "$url/-/ready" >/dev/null && break; sleep 1; done
# Let every group run twice before reading (first evaluations include cold caches).
sleep 35
for i in $(seq 1 "$snapshots"); do
  curl -sf "$url/api/v1/rules" | "$py" -c '
import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
times = [g["evaluationTime"] for g in groups]
alerts = sum(len(r.get("alerts", [])) for g in groups for r in g["rules"])
firing = sum(1 for g in groups for r in g["rules"] for a in r.get("alerts", []) if a["state"] == "firing")
errors = sum(1 for g in groups for r in g["rules"] if r.get("health") != "ok")
print("snapshot %s: sum of group evaluation times %.1f ms, slowest group %.1f ms, %d groups, alerts %d (firing %d), rules not ok %d"
      % (sys.argv[1], 1000 * sum(times), 1000 * max(times), len(times), alerts, firing, errors))
' "$i" | tee -a "$log"
  [ "$i" -lt "$snapshots" ] && sleep 15
done
curl -sf "$url/metrics" | grep -E '^(go_memstats_heap_inuse_bytes|process_resident_memory_bytes) ' | tee -a "$log"
echo "uptime after: $(uptime)" | tee -a "$log"
echo "log: $log"
