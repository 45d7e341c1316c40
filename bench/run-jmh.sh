#!/usr/bin/env bash
# Runs a module's JMH benchmarks (ingestion or storage) with settings sized for a shared 2-core machine.
#
#   bench/run-jmh.sh ingestion                       # every ingestion benchmark (about 13 minutes)
#   bench/run-jmh.sh ingestion LaneRingBenchmark     # a subset: any JMH arguments after the module
#   JMH_OPTS="-f 1 -wi 1 -w 2s -i 2 -r 3s" bench/run-jmh.sh storage
#
# The human-readable log and the JSON results go to target/bench/<module>/ (printed at the end); the
# benchmarks' WAL and DuckDB files are created there too, on the disk ./data uses (see lib.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

module="${1:?usage: bench/run-jmh.sh ingestion|storage [JMH arguments]}"
shift
case "$module" in ingestion|storage) ;; *) echo "unknown module $module" >&2; exit 2 ;; esac
# -f 1: one fork per benchmark; 2 warm-up and 3 measured iterations keep a full run in minutes. Noisy on a
# shared machine: run it twice and compare (BENCHMARKS.md reports both runs).
jmh_opts="${JMH_OPTS:--f 1 -wi 2 -w 3s -i 3 -r 5s}"

find_jdk
module_classpath "$module"
out="$bench_out/$module"
mkdir -p "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
{
  machine_info "$out"
  echo "command: bench/run-jmh.sh $module $* (JMH options: $jmh_opts)"
} | tee "$out/jmh-$stamp.log"

# Forked JVMs inherit these -D and --enable-native-access flags (JMH passes the host's JVM arguments on).
# Jdbi's SLF4J has no provider here; its one-line notice would land in the middle of JMH's iteration lines.
# shellcheck disable=SC2086
"$java" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR \
  -Dfluxtap.bench.loghub="$loghub" -Dfluxtap.bench.dir="$out" \
  -Djava.util.logging.config.file="$repo/bench/logging.properties" \
  -cp "$classpath" org.openjdk.jmh.Main $jmh_opts -rf json -rff "$out/jmh-$stamp.json" "$@" \
  2>&1 | tee -a "$out/jmh-$stamp.log"
echo "log: $out/jmh-$stamp.log"
echo "json: $out/jmh-$stamp.json"
