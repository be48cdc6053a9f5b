#!/bin/sh
# Load-generator benchmark: wrk and `wharf load http` take turns against the same nginx (1 KiB file, 50 connections,
# 1 client thread); prints each round, the medians and their ratio (goal: wharf load >= 0.9x wrk). Installs wrk and
# nginx like bench/http.sh when missing, builds what is stale, then runs io.wharf.bench.http.LoadBench (try --help).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "load-bench: needs $tool: install it (Debian: apt-get install wrk nginx) or run bench/http.sh once" >&2
    exit 1
  fi
done

. ./bench/build.sh
bench_build load-bench

exec "$JAVA_HOME/bin/java" -cp "$bench_jar" io.wharf.bench.http.LoadBench "$@"
