#!/bin/sh
# HTTP benchmark: wharf's static file server (per model) against nginx and Jetty 12, serving the same 1 KiB and
# 1 MiB files, measured with wrk on this machine. Installs wrk and nginx (Debian packages) when missing, builds
# what is missing or stale, finds a JDK 21+, then runs io.wharf.bench.http.HttpBench with the given arguments
# (try --help). Results go to bench-results/http-<timestamp>.csv. The bench starts its own nginx with its own
# config and port; the system's nginx service is neither used nor started.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. ./bench/build.sh
missing=""
command -v wrk >/dev/null 2>&1 || missing="wrk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
# The nginx package may start the system's nginx service where the machine allows it; the bench never uses it.
bench_install http-bench "${missing# }"
bench_build http-bench

exec "$JAVA_HOME/bin/java" -cp "$bench_jar" io.wharf.bench.http.HttpBench "$@"
