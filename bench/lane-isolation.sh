#!/usr/bin/env bash
# P0 acknowledgement latency with P2 idle and with P2 flooded at twice its store's capacity, in one run.
#
#   bench/lane-isolation.sh [p2-capacity records/s (50000) [seconds per phase (10) [rounds (3) [P0 interval us (2000)]]]]
#
# About 65 s with the defaults (5 s warm-up, then 3 rounds of 10 s alone + 10 s flooded). The WAL lies
# under target/bench/ingestion (same disk as ./data).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_jdk
module_classpath ingestion
out="$bench_out/ingestion"
mkdir -p "$out"
log="$out/lane-isolation-$(date -u +%Y%m%dT%H%M%SZ).log"
{
  machine_info "$out"
  echo "command: bench/lane-isolation.sh $*"
} | tee "$log"
"$java" -Dfluxtap.bench.loghub="$loghub" -Dfluxtap.bench.dir="$out" \
  -Djava.util.logging.config.file="$repo/bench/logging.properties" \
  -cp "$classpath" io.fluxtap.ingestion.bench.LaneIsolationBenchmark "$@" 2>&1 | tee -a "$log"
echo "log: $log"
