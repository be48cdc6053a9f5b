#!/bin/sh
# Prefork benchmark: wrk against wharf's http server under --model prefork (2 worker JVMs running the event model,
# sharing the port with SO_REUSEPORT) and under the event model in one JVM, same run, alternating rounds; prints
# the medians and their ratio. Needs wrk (apt-get install wrk); builds what is missing or stale, finds a JDK 21+,
# then runs io.wharf.bench.http.PreforkBench with the given arguments (try --help).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v wrk >/dev/null 2>&1; then
  echo "prefork-bench: needs wrk: install it (Debian: apt-get install wrk) and run again" >&2
  exit 1
fi

. ./bench/build.sh
bench_build prefork-bench

exec "$JAVA_HOME/bin/java" -cp "$bench_jar" io.wharf.bench.http.PreforkBench --wrk "$(command -v wrk)" "$@"
