#!/usr/bin/env bash
# Issue #12: 1,000 alerting rules over 10,000 series, time per evaluation round and heap (RuleEvaluationBenchmark,
# tools/src/test/java/io/fluxtap/tools/bench). Bounded: warm-up rounds, then at most ROUNDS measured rounds or
# MAX_SECONDS of measured time, whichever comes first.
#
#   bench/rules-eval.sh                    # 20 jobs x 25 instances (10,000 series), 10 groups, 8 + 40 rounds
#   bench/rules-eval.sh 20 25 10 8 40 300  # jobs, instances per job, groups, warm-up rounds, rounds, max seconds
#   RULES_EVAL_STORE=duckdb bench/rules-eval.sh  # the same over the server's DuckDB store (default: memory)
#
# The log and the generated rule file go to target/bench/tools/ (printed at the end).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

jobs="${1:-20}" instances="${2:-25}" groups="${3:-10}" warmup="${4:-8}" rounds="${5:-40}" max_seconds="${6:-300}"
heap="${RULES_EVAL_HEAP:-2g}"
store="${RULES_EVAL_STORE:-memory}"
# e.g. RULES_EVAL_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/r.jfr" for a profile
extra_opts="${RULES_EVAL_JAVA_OPTS:-}"

find_jdk
module_classpath tools
out="$bench_out/tools"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$out/rules-eval-$stamp.log"
{
  machine_info "$out"
  echo "uptime:  $(uptime)"
  echo "command: bench/rules-eval.sh $jobs $instances $groups $warmup $rounds $max_seconds (store $store, heap -Xmx$heap${extra_opts:+, $extra_opts})"
} | tee "$log"
# shellcheck disable=SC2086
"$java" $extra_opts -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.util.logging.config.file="$repo/bench/logging.properties" \
  -cp "$classpath" io.fluxtap.tools.bench.RuleEvaluationBenchmark \
  "$jobs" "$instances" "$groups" "$warmup" "$rounds" "$max_seconds" "$out/rules-eval-$stamp.yml" "$store" 2>&1 | tee -a "$log"
echo "uptime after: $(uptime)" | tee -a "$log"
echo "log: $log"
echo "rule file: $out/rules-eval-$stamp.yml"
