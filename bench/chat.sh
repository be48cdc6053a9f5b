#!/bin/sh
# Chat benchmark: `wharf serve chat` under each model (thread, virtual, pool, event, reactor; nothing stored) and
# `wharf load chat` against it, 1,000 clients over 10 rooms at 1 message/s each by default; prints deliveries/s,
# delivery latency and loss per model. Builds what is stale, then runs io.wharf.bench.ChatBench (try --help).
# Results go to bench-results/chat-<timestamp>.csv, server logs to bench-results/chat-<model>.log.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. ./bench/build.sh
bench_build chat-bench

exec "$JAVA_HOME/bin/java" -cp "$bench_jar" io.wharf.bench.ChatBench "$@"
