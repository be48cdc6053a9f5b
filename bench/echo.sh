#!/bin/sh
# Echo benchmark: raw echo under each wharf model and Netty's epoll echo server, side by side.
# Builds what is missing or stale, finds a JDK 21+, then runs io.wharf.bench.EchoBench with the given arguments
# (try --help). Results go to bench-results/echo-<timestamp>.csv.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. ./.mvn/find-jdk.sh

bench_jar=wharf-bench/target/wharf-bench.jar
wharf_jar=wharf-cli/target/wharf.jar

# Stale when a jar is missing or any pom or source file is newer than it.
stale() {
  [ -f "$1" ] || return 0
  [ -n "$(find . -path ./bench-results -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$1" -print 2>/dev/null | head -n 1)" ]
}

if stale "$bench_jar" || stale "$wharf_jar"; then
  echo "echo-bench: building (./mvnw -q -DskipTests package)..."
  mkdir -p bench-results
  if ! ./mvnw -q -DskipTests package >bench-results/build.log 2>&1; then
    grep -v '^WARNING:' bench-results/build.log | tail -n 30 >&2
    echo "echo-bench: build failed; full log in bench-results/build.log" >&2
    exit 1
  fi
fi

exec "$JAVA_HOME/bin/java" -jar "$bench_jar" "$@"
