#!/usr/bin/env bash
# Issue #13: Fluxtap and Prometheus 2.42 scraping the same targets side by side in the same run.
#
#   bench/scrape.sh [targets (200)] [measured seconds (120)] [series per page (1000)]
#
# One stand-in process (bench/ScrapeStandIn.java) serves TARGETS loopback ports, each a node-exporter-sized page of
# about SERIES series whose counters grow. A fresh Fluxtap (the built distribution, copied) and a fresh Prometheus
# scrape all of them every 15 s (timeout 10 s) with the same job. After a 40 s warm-up (every target scraped at
# least twice) the script reads, at the start and the end of the measured window: samples stored
# (fluxtap_ingest_stored_total{signal="metrics"}; prometheus_tsdb_head_samples_appended_total), CPU seconds
# (utime + stime from /proc/PID/stat) and RSS (VmRSS, VmHWM), and the stand-in's count of scrapes per target per
# scraper (by User-Agent). A missed scrape is a target scraped fewer times than the window's whole intervals.
# Loopback only, bounded: about warm-up + window + 30 s; everything under target/bench/scrape/<time>/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

targets="${1:-200}" seconds="${2:-120}" series="${3:-1000}"
interval=15
warmup=40
find_jdk
built="$repo/dist/target/fluxtap-0.1.0-SNAPSHOT"
[ -x "$built/bin/fluxtap" ] || { echo "bench: $built/bin/fluxtap is missing; build the distribution first" >&2; exit 1; }
command -v prometheus >/dev/null || { echo "bench: prometheus is not on the PATH (apt-get install -y prometheus)" >&2; exit 1; }

work="$bench_out/scrape/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
cp -a "$built" "$work/fluxtap" # a dist build running meanwhile cannot change what is measured
dist="$work/fluxtap"
log="$work/scrape.log"
{
  machine_info "$work"
  echo "uptime:  $(uptime)"
  echo "command: bench/scrape.sh $targets $seconds $series"
  echo "server:  copy of $built, built $(date -u -r "$dist/lib/io.fluxtap.fluxtap-ingestion-0.1.0-SNAPSHOT.jar" +%Y-%m-%dT%H:%M:%SZ)"
  echo "prom:    $(prometheus --version 2>&1 | head -n 1)"
} | tee "$log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu() { awk '{printf "%.2f\n", ($14 + $15) / 100}' "/proc/$1/stat"; } # utime + stime, clock ticks of 1/100 s
rss() { awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%d %d\n", r/1024, h/1024}' "/proc/$1/status"; } # MiB

pids=()
stop() { # SIGTERM, then at most 60 s before SIGKILL
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}
stop_all() { for p in "${pids[@]}"; do stop "$p"; done; }
trap stop_all EXIT

# The stand-in lives at most as long as the whole run could take.
"$java" "$repo/bench/ScrapeStandIn.java" "$targets" "$series" "$work/targets.txt" $((warmup + seconds + 300)) \
  >"$work/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do [ -f "$work/targets.txt" ] && break; sleep 0.5; done
[ -f "$work/targets.txt" ] || { echo "bench: the stand-in did not start; see $work/standin.log" >&2; exit 1; }
first="$(head -n 1 "$work/targets.txt")"
echo "page:    $(curl -fsS "http://$first/metrics" | grep -vc '^#') series, $(curl -fsS "http://$first/metrics" | wc -c) bytes" | tee -a "$log"

target_list="$(awk '{printf "%s\"%s\"", (NR > 1 ? ", " : ""), $1}' "$work/targets.txt")"
for who in fluxtap prometheus; do
  cat >"$work/$who.yml" <<YML
global:
  scrape_interval: ${interval}s
  scrape_timeout: 10s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: [$target_list]
YML
done

http_port="$(free_port)"
FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$(free_port)" \
  FLUXTAP_OTLP_GRPC_PORT="$(free_port)" FLUXTAP_UI_PORT="$(free_port)" FLUXTAP_DATA_DIR="$work/data" \
  FLUXTAP_SCRAPE_CONFIG_FILE="$work/fluxtap.yml" "$dist/bin/fluxtap" >"$work/fluxtap.log" 2>&1 &
fluxtap=$! # bin/fluxtap execs java: this is the server's pid
pids+=("$fluxtap")
prom_port="$(free_port)"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom=$!
pids+=("$prom")
for _ in $(seq 1 240); do
  grep -q '^  Dashboard:' "$work/fluxtap.log" 2>/dev/null && break
  kill -0 "$fluxtap" 2>/dev/null || { echo "bench: fluxtap exited; see $work/fluxtap.log" >&2; exit 1; }
  sleep 0.5
done
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null 2>&1 && break; sleep 0.5; done

fluxtap_counter() { # name: summed over the label sets with signal="metrics"
  curl -fsS "http://127.0.0.1:$http_port/metrics" | awk -v name="$1" '$1 ~ "^" name "\\{" && index($1, "signal=\"metrics\"") { s += $NF } END { printf "%d\n", s }'
}
fluxtap_stored() { fluxtap_counter fluxtap_ingest_stored_total; }
prom_appended() {
  curl -fsS "http://127.0.0.1:$prom_port/metrics" | awk '$1 == "prometheus_tsdb_head_samples_appended_total" || $1 ~ /^prometheus_tsdb_head_samples_appended_total\{type="float"\}/ { s += $NF } END { printf "%d\n", s }'
}
snapshot() { # label; the scrape counts' own time comes first, the window of the missed-scrape count is theirs
  date +%s.%N >"$work/counts-time-$1.txt"
  curl -fsS "http://$first/counts" >"$work/counts-$1.txt"
  echo "$(date +%s.%N) $(fluxtap_stored) $(prom_appended) $(cpu "$fluxtap") $(cpu "$prom") $(rss "$fluxtap") $(rss "$prom")" >"$work/snap-$1.txt"
}

echo "warm-up: ${warmup}s" | tee -a "$log"
sleep "$warmup"
snapshot start
echo "measuring: ${seconds}s" | tee -a "$log"
sleep "$seconds"
snapshot end
curl -fsS "http://127.0.0.1:$http_port/prometheus/api/v1/query?query=sum(up%7Bjob%3D%22node%22%7D)" >"$work/fluxtap-up.json" || true
echo "fluxtap metrics lane: records $(fluxtap_counter fluxtap_ingest_records_total), stored $(fluxtap_stored), dropped $(fluxtap_counter fluxtap_lane_dropped_total) (since start)" | tee -a "$log"
for who in fluxtap prometheus; do
  case "$who" in fluxtap) api="http://127.0.0.1:$http_port/prometheus/api/v1";; prometheus) api="http://127.0.0.1:$prom_port/api/v1";; esac
  curl -fsS "$api/targets" | python3 -c '
import collections, json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
errors = collections.Counter(t["lastError"] for t in targets if t["health"] != "up")
durations = sorted(t["lastScrapeDuration"] for t in targets)
print("%s targets: %d, down %d %s, last scrape duration median %.3f s, max %.3f s" % (sys.argv[1], len(targets),
      sum(errors.values()), dict(errors), durations[len(durations) // 2], durations[-1]))
' "$who" | tee -a "$log" || true
done
curl -fsS "http://127.0.0.1:$prom_port/api/v1/query?query=sum(up%7Bjob%3D%22node%22%7D)" >"$work/prometheus-up.json" || true
echo "uptime after: $(uptime)" | tee -a "$log"

python3 - "$work" "$interval" "$targets" <<'PY' | tee -a "$log"
import json, sys
work, interval, targets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def snap(name):
    f = open(f"{work}/snap-{name}.txt").read().split()
    return dict(t=float(f[0]), fstored=int(f[1]), pstored=int(f[2]), fcpu=float(f[3]), pcpu=float(f[4]),
                frss=int(f[5]), fhwm=int(f[6]), prss=int(f[7]), phwm=int(f[8]))
def counts(name):
    out = {}
    for line in open(f"{work}/counts-{name}.txt"):
        who, target, n = line.split()
        out.setdefault(who, {})[int(target)] = int(n)
    return out
def up(name):
    try:
        r = json.load(open(f"{work}/{name}-up.json"))["data"]["result"]
        return r[0]["value"][1] if r else "none"
    except Exception as e:
        return f"? ({e})"
a, b = snap("start"), snap("end")
ca, cb = counts("start"), counts("end")
window = b["t"] - a["t"]
counted = float(open(f"{work}/counts-time-end.txt").read()) - float(open(f"{work}/counts-time-start.txt").read())
# A request in flight at either end may fall on either side: a target is short only below the whole intervals
# of the counting window less one second.
whole = int((counted - 1) // interval)
print()
print(f"window {window:.1f} s (scrapes counted over {counted:.1f} s), {targets} targets at {interval} s: every target is due at least {whole} scrapes in it")
print("| scraper | samples/s stored | CPU s in window | CPU % of one core | RSS end MiB | peak RSS MiB | scrapes in window | targets with a missed scrape | sum(up) at end |")
print("|---|---|---|---|---|---|---|---|---|")
for who, stored, cpu, rss, hwm in (("fluxtap", "fstored", "fcpu", "frss", "fhwm"), ("prometheus", "pstored", "pcpu", "prss", "phwm")):
    per = [cb.get(who, {}).get(t, 0) - ca.get(who, {}).get(t, 0) for t in range(targets)]
    missed = sum(1 for n in per if n < whole)
    cpu_s = b[cpu] - a[cpu]
    print(f"| {who} | {(b[stored] - a[stored]) / window:,.0f} | {cpu_s:.1f} | {100 * cpu_s / window:.1f} | {b[rss]} | {b[hwm]} | {sum(per)} (min {min(per)}, max {max(per)} per target) | {missed} | {up(who)} |")
PY
echo "log: $log"
