#!/bin/sh
# Process-model benchmark (issue 19): wharf compare echo for the process model beside prefork and thread, at 1, 10
# and 100 clients. The Models table's New connection column gives process's cost with a spare child ready and,
# in brackets, without any spares (a JVM start); the cells give its throughput with a child per client. Builds
# what is missing or stale, finds a JDK 21+ (22+ for the socket hand-off); extra arguments go to wharf compare
# (e.g. --duration 5s --out DIR).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. ./bench/build.sh
bench_build process-bench

exec "$JAVA_HOME/bin/java" -jar "$wharf_jar" compare echo --models process,prefork,thread --clients 1,10,100 "$@"
