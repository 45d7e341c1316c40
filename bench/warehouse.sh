#!/usr/bin/env bash
# The warehouse figures of issue #5 (storage's WarehouseBenchmark): loghub samples replayed to N log records over
# simulated hours; Parquet bytes/record beside OTLP protobuf and JSON; export rows/s (parquet-hadoop) beside DuckDB's
# COPY ... TO parquet of the same rows; latency of the seed error-count query (hot + cold), trace by id from cold
# files and a body-contains search.
#
#   bench/warehouse.sh [records (10000000)] [simulated hours (20)]
#
# Writes its DuckDB file and Parquet files under target/bench/warehouse/ (several GB for 10 million records).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_jdk
module_classpath storage
out="$bench_out/storage"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
{
  machine_info "$out"
  echo "command: bench/warehouse.sh $*"
} | tee "$out/warehouse-$stamp.log"
"$java" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR -Xmx3g \
  -Dfluxtap.bench.loghub="$loghub" -Dfluxtap.bench.dir="$bench_out" \
  -Djava.util.logging.config.file="$repo/bench/logging.properties" \
  -cp "$classpath" io.fluxtap.storage.bench.WarehouseBenchmark "$@" 2>&1 | tee -a "$out/warehouse-$stamp.log"
echo "log: $out/warehouse-$stamp.log"
