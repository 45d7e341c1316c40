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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A fresh copy of the built distribution (built first when missing) under $bench_out/<name>/<time>: sets $work,
# $dist and $log (<name>.log), and writes the machine, the command line ($2) and the build time to the log. The
# server runs the distribution as last built, which may predate the working tree's code: the log says when.
prepare_server_copy() {
  local name="$1" command="$2" built="$repo/dist/target/fluxtap-0.1.0-SNAPSHOT"
  if ! "$built/bin/fluxtap" loadgen --help >/dev/null 2>&1; then
    echo "building the distribution (./mvnw -B -q -DskipTests package)" >&2
    (cd "$repo" && ./mvnw -B -q -DskipTests package)
  fi
  work="$bench_out/$name/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$work"
  cp -a "$built" "$work/fluxtap"
  dist="$work/fluxtap"
  log="$work/$name.log"
  {
    machine_info "$work"
    echo "command: $command"
    # Maven re-packs only the modules that changed: the newest of the project's jars says when.
    echo "server:  copy of $built, built $(date -u -r "$(ls -t "$dist"/lib/io.fluxtap.*.jar | head -1)" +%Y-%m-%dT%H:%M:%SZ)"
  } | tee "$log"
}

# Starts the copy on free loopback ports ($http_port, $otlp_port, $grpc_port, $ui_port) with only the ports and the
# data directory set, stops it on exit, and waits until it is ready. $server is its pid (bin/fluxtap execs java).
start_server_copy() {
  http_port="$(free_port)"; otlp_port="$(free_port)"; grpc_port="$(free_port)"; ui_port="$(free_port)"
  FLUXTAP_HOST=127.0.0.1 FLUXTAP_HTTP_PORT="$http_port" FLUXTAP_OTLP_HTTP_PORT="$otlp_port" \
    FLUXTAP_OTLP_GRPC_PORT="$grpc_port" FLUXTAP_UI_PORT="$ui_port" FLUXTAP_DATA_DIR="$work/data" \
    "$dist/bin/fluxtap" >"$work/server.log" 2>&1 &
  server=$!
  trap stop_server_copy EXIT
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "server exited during start-up; see $work/server.log" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null
}

stop_server_copy() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    for _ in $(seq 1 120); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$server" 2>/dev/null; then
      echo "server did not stop within 60 s of SIGTERM; killing it" | tee -a "$log"
      kill -KILL "$server"
    fi
  fi
}
