#!/bin/sh
# WebSocket benchmark: an echo at /echo, 50 clients sending 64-byte text messages (closed loop), round trips/s
# for wharf (event, reactor), Netty's codec-http WebSocket server (one loop, and as many loops as the reactor) and
# the ws package on Node.js, in the same run; prints the ratios. Builds what is stale, then runs
# io.wharf.bench.WsBench (try --help; a quick check: bench/ws.sh --duration 1s --warmup 1s).
# Results go to bench-results/ws-<timestamp>.csv, server logs to bench-results/ws-<target>.log.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. ./bench/build.sh
bench_build ws-bench

exec "$JAVA_HOME/bin/java" -cp "$bench_jar" io.wharf.bench.WsBench "$@"
