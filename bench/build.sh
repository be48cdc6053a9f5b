# Sourced by the bench scripts (POSIX sh), from the repo root: finds a JDK 21+ and builds the bench and wharf
# jars when they are missing or stale. $1 names the bench in messages.
. ./.mvn/find-jdk.sh

bench_jar=wharf-bench/target/wharf-bench.jar
wharf_jar=wharf-cli/target/wharf.jar

# Stale when a jar is missing or any pom or source file is newer than it.
bench_stale() {
  [ -f "$1" ] || return 0
  [ -n "$(find . -path ./bench-results -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$1" -print 2>/dev/null | head -n 1)" ]
}

bench_build() {
  if bench_stale "$bench_jar" || bench_stale "$wharf_jar"; then
    echo "$1: building (./mvnw -q -DskipTests package)..."
    mkdir -p bench-results
    if ! ./mvnw -q -DskipTests package >bench-results/build.log 2>&1; then
      grep -v '^WARNING:' bench-results/build.log | tail -n 30 >&2
      echo "$1: build failed; full log in bench-results/build.log" >&2
      exit 1
    fi
  fi
}

# Installs the Debian packages named in $2 (none when empty) with apt-get, as root or through `sudo -n`, updating
# the package lists only when the first try fails; exits with one line (and the log's tail) when it cannot.
bench_install() {
  [ -n "$2" ] || return 0
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$1: needs $2: install it and run again" >&2
    exit 1
  fi
  echo "$1: installing $2 (apt-get)..."
  mkdir -p bench-results
  # shellcheck disable=SC2086
  if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $2 ||
         { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q &&
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $2; }; } \
       >bench-results/apt.log 2>&1; then
    tail -n 20 bench-results/apt.log >&2
    echo "$1: needs $2: installing it failed (Debian: apt-get install $2); full log in bench-results/apt.log" >&2
    exit 1
  fi
}
