#!/bin/sh
# HTTP benchmark: wharf's static file server (per model) against nginx and Jetty 12, serving the same 1 KiB and
# 1 MiB files, measured with wrk on this machine. Installs wrk and nginx (Debian packages) when missing, builds
# what is missing or stale, finds a JDK 21+, then runs io.wharf.bench.http.HttpBench with the given arguments
# (try --help). Results go to bench-results/http-<timestamp>.csv. The bench starts its own nginx with its own
# config and port; the system's nginx service is neither used nor started.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=""
command -v wrk >/dev/null 2>&1 || missing="wrk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "http-bench: needs$missing: install it (Debian: apt-get install$missing) and run again" >&2
    exit 1
  fi
  echo "http-bench: installing$missing (apt-get)..."
  mkdir -p bench-results
  # The package may start the system's nginx service where the machine allows it; the bench never uses it.
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; } \
       >bench-results/apt.log 2>&1; then
    tail -n 20 bench-results/apt.log >&2
    echo "http-bench: installing$missing failed; full log in bench-results/apt.log" >&2
    exit 1
  fi
fi

. ./bench/build.sh
bench_build http-bench

exec "$JAVA_HOME/bin/java" -cp "$bench_jar" io.wharf.bench.http.HttpBench "$@"
