#!/bin/sh
# Echo benchmark: raw echo under each wharf model and Netty's epoll echo server (one event loop, and as many as the
# reactor), side by side.
# Builds what is missing or stale, finds a JDK 21+, then runs io.wharf.bench.EchoBench with the given arguments
# (try --help). Results go to bench-results/echo-<timestamp>.csv.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. ./bench/build.sh
bench_build echo-bench

exec "$JAVA_HOME/bin/java" -jar "$bench_jar" "$@"
