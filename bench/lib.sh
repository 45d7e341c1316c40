# Shared by the bench scripts (sourced, not run). Keeps them bounded and loopback-only: they start nothing
# that listens beyond 127.0.0.1 and every run has a fixed duration or record count.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
loghub="$(cd "$repo/.." && pwd)/shared/datasets/loghub"
# Everything a run writes (logs, results, WAL and DuckDB files, snapshots of what is measured) goes here: on
# the same disk as ./data (never tmpfs, where fsync is free), git-ignored, and outside the modules' target/
# directories, which other builds in this checkout clean and rewrite while a benchmark runs.
bench_out="$repo/target/bench"

java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

usable_java() { [ -x "$1" ] && v="$(java_major "$1")" && [ -n "$v" ] && [ "$v" -ge 21 ]; }

# The JDK the build uses: JAVA_HOME if it is >= 21, else the first JDK >= 21 under /usr/lib/jvm. Exports
# JAVA_HOME so ./mvnw and bin/fluxtap use the same one, and sets $java.
find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && usable_java "$JAVA_HOME/bin/java"; then
    java="$JAVA_HOME/bin/java"; return
  fi
  for candidate in /usr/lib/jvm/*/bin/java; do
    if usable_java "$candidate"; then
      java="$candidate"; export JAVA_HOME="$(dirname "$(dirname "$candidate")")"; return
    fi
  done
  echo "bench: no JDK 21 or newer found; set JAVA_HOME to one" >&2
  exit 1
}

# What BENCHMARKS.md records with every result: when, on what, and how busy the machine was.
machine_info() {
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cores:   $(nproc)"
  echo "memory:  $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "java:    $("$java" -version 2>&1 | head -n 2 | tail -n 1)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
  echo "disk:    $(df -T "${1:-$repo}" | awk 'NR==2 {print $1 " " $2 " mounted on " $7}') (for ${1:-$repo})"
  # Others edit the same checkout: say exactly which code was measured.
  local dirty
  dirty="$(cd "$repo" && git status --porcelain -- '*/src/main/*' | awk '{print $2}' | tr '\n' ' ')"
  echo "code:    commit $(cd "$repo" && git rev-parse --short HEAD)${dirty:+, plus uncommitted changes to: $dirty}"
}

# Compiles a module's main and test classes (JMH's annotation processor writes the benchmark list at
# test-compile time) and sets $classpath to a private copy of them plus the module's test-scope dependencies
# (-am: the shared test fixtures of fluxtap-testing come from the reactor, never from ~/.m2):
# the copy keeps a concurrent build of the module from swapping classes under a running benchmark.
module_classpath() {
  local module="$1" snapshot="$bench_out/$1/classes"
  mkdir -p "$bench_out/$module"
  if ! (cd "$repo" && ./mvnw -B -q -pl "$module" -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$bench_out/$module/classpath.txt") >"$bench_out/$module/build.log" 2>&1; then
    cat "$bench_out/$module/build.log" >&2
    echo "bench: building $module failed (see above)" >&2
    exit 1
  fi
  rm -rf "$snapshot"
  mkdir -p "$snapshot"
  cp -a "$repo/$module/target/classes" "$snapshot/main"
  cp -a "$repo/$module/target/test-classes" "$snapshot/test"
  classpath="$snapshot/test:$snapshot/main:$(cat "$bench_out/$module/classpath.txt")"
}
