#!/bin/sh
# KV benchmark: redis-benchmark against Redis (Debian's redis-server) and wharf serve kv under the event and
# reactor models, in the same run and interleaved (each round runs every server once per test and pipeline
# depth, one right after the other, in an order rotated each round so no server always goes first), then the
# median requests/s per command and wharf's ratio to Redis (the median of the rounds' own ratios, and their
# range), and beside them each server's CPU time (user + system, from /proc/PID/stat around each test) per 1,000
# requests and redis-benchmark's share of a core (about 100%: the client set the pace, not the server). Before the measured rounds every server runs
# every test once unmeasured (a JVM compiles its hot paths meanwhile; Redis gets the same pass). Then memory:
# each server fresh, the resident set before and after loading KEYS keys of 100-byte values with
# redis-cli --pipe, as bytes per key and the ratio.
#
#   bench/kv.sh [-n REQUESTS] [-c CLIENTS] [-r ROUNDS] [-k KEYS] [-t TESTS]
#     -n  requests per redis-benchmark test at -P 1 (100000); at -P 16, n x 8 (so each test runs about as long)
#     -c  clients (50)
#     -r  rounds (5)                                     -k  keys for the memory test (1000000; 0 skips it)
#     -t  tests (set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,mset)
#   WHARF_JAVA_OPTS is passed to wharf's JVM (e.g. -Xmx1g). Results: bench-results/kv-<time>.csv and .txt.
#
# Check it runs:  bench/kv.sh -n 2000 -r 1 -k 10000
set -eu

requests=100000
clients=50
rounds=5
keys=1000000
tests=set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,mset
while getopts n:c:r:k:t: opt; do
  case $opt in
    n) requests=$OPTARG ;;
    c) clients=$OPTARG ;;
    r) rounds=$OPTARG ;;
    k) keys=$OPTARG ;;
    t) tests=$OPTARG ;;
    *) echo "usage: bench/kv.sh [-n REQUESTS] [-c CLIENTS] [-r ROUNDS] [-k KEYS] [-t TESTS]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. ./bench/build.sh
missing=""
command -v redis-server >/dev/null 2>&1 || missing="redis-server"
{ command -v redis-benchmark && command -v redis-cli; } >/dev/null 2>&1 || missing="$missing redis-tools"
bench_install kv-bench "${missing# }"
bench_build kv-bench

stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p bench-results
csv=bench-results/kv-$stamp.csv
txt=bench-results/kv-$stamp.txt
work=$(mktemp -d)
pids=""

cleanup() {
  for p in $pids; do
    kill "$p" 2>/dev/null || true
  done
  for p in $pids; do
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A port nothing listens on (checked with ss, so a server someone else runs is never benchmarked or written to),
# below the kernel's range of ephemeral ports, where a client's socket may hold it without listening.
ephemeral_low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  while :; do
    p=$(awk -v hi="$ephemeral_low" 'BEGIN { srand(); lo = hi > 12000 ? hi - 10000 : 1024; print int(lo + rand() * (hi - lo)) }')
    if ! ss -ltn "sport = :$p" 2>/dev/null | grep -q LISTEN; then
      echo "$p"
      return
    fi
    sleep 1
  done
}

# Waits until the server on $1 answers and is process $2 (INFO's process_id), else fails.
await_server() {
  i=0
  while [ $i -lt 120 ]; do
    pid=$(redis-cli -p "$1" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
    if [ -n "$pid" ]; then
      [ "$pid" = "$2" ] && return 0
      echo "kv-bench: port $1 answers as process $pid, not $2" >&2
      exit 1
    fi
    if ! kill -0 "$2" 2>/dev/null; then
      echo "kv-bench: the server on port $1 exited:" >&2
      tail -n 5 "$work"/*-"$1".log >&2
      exit 1
    fi
    sleep 0.5
    i=$((i + 1))
  done
  echo "kv-bench: no server on port $1 after 60s" >&2
  exit 1
}

# start NAME PORT: starts redis, event or reactor on PORT in the background; sets $started to its pid.
start() {
  case $1 in
    redis) redis-server --port "$2" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
             >"$work/$1-$2.log" 2>&1 & ;;
    *) "$JAVA_HOME/bin/java" ${WHARF_JAVA_OPTS-} -jar "$wharf_jar" serve kv --port "$2" --bind 127.0.0.1 \
         --set server.model="$1" >"$work/$1-$2.log" 2>&1 & ;;
  esac
  started=$!
  pids="$pids $started"
  await_server "$2" "$started"
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

servers="redis event reactor"
for s in $servers; do
  port=$(free_port)
  start "$s" "$port"
  eval "port_$s=$port"
  eval "pid_$s=$started"
done

# CPU time of process $1 so far, in clock ticks (utime + stime; the fields after the command name in parentheses)
cpu_ticks() {
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
# CPU time of this shell's finished children so far (cutime + cstime): redis-benchmark's, read around each run
children_ticks() {
  sed 's/^.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }'
}
hz=$(getconf CLK_TCK)

echo "kv-bench: redis-benchmark -q -t $tests -c $clients -n $requests (-P 1) and -n $((requests * 8)) (-P 16)," \
  "a warm-up pass and $rounds round(s)"
echo "round,pipeline,server,test,rps,cpu_s_per_1k,client_core_share" >"$csv"

# bench ROUND DEPTH SERVER TEST: one redis-benchmark run, its rate, the server's CPU and redis-benchmark's own CPU
# (its share of one core over the run's wall time: near 100% means the client, not the server, set the pace)
# appended to the CSV (round 0, the warm-up, is left out of it). One run per test, since redis-benchmark stops at
# the first error reply (a command a server lacks); LPUSH's second line (the fill for LRANGE) is not a test of its
# own, but its CPU and time count in LRANGE's.
bench() {
  eval "port=\$port_$3"
  eval "pid=\$pid_$3"
  n=$requests
  [ "$2" -eq 1 ] || n=$((requests * $2 / 2))
  before=$(cpu_ticks "$pid")
  client_before=$(children_ticks)
  redis-benchmark -q --csv -t "$4" -c "$clients" -n "$n" -P "$2" -p "$port" 2>>"$work/errors.log" \
    >"$work/run.csv" || true
  client_after=$(children_ticks)
  after=$(cpu_ticks "$pid")
  [ "$1" -gt 0 ] || return 0
  awk -F'","' -v r="$1" -v d="$2" -v s="$3" -v n="$n" -v cpu="$((after - before))" -v hz="$hz" \
    -v client="$((client_after - client_before))" \
    'NR > 1 { rps = $2; sub(/"$/, "", rps); if (rps > 0) wall += n / rps }
    NR > 1 && $1 !~ /needed/ { name = $1; sub(/^"/, "", name); sub(/ .*/, "", name); rate = rps }
    END { if (name == "") exit
      printf "%s,%s,%s,%s,%s,%.5f,%.2f\n", r, d, s, tolower(name), rate, cpu / hz / n * 1000,
        (wall > 0 ? client / hz / wall : 0) }' "$work/run.csv" >>"$csv"
}

r=0
while [ $r -le "$rounds" ]; do
  # the servers in an order rotated by one each round
  order=$(echo $servers | awk -v k="$r" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + k) % NF + 1) }')
  for depth in 1 16; do
    for t in $(echo "$tests" | tr ',' ' '); do
      for s in $order; do
        bench "$r" "$depth" "$s" "$t"
      done
    done
  done
  if [ $r -eq 0 ]; then echo "kv-bench: warm-up pass done"; else echo "kv-bench: round $r of $rounds done"; fi
  r=$((r + 1))
done

# Per (pipeline, server, test): the median requests/s, CPU-seconds per 1,000 requests and client core share; and
# wharf's ratio to Redis as the median of each round's own ratio (the servers of a round ran back to back, so a
# drift of the machine's speed over minutes cancels out), with the rounds' lowest and highest ratio.
awk -F, 'NR > 1 { k = $2 SUBSEP $3 SUBSEP $4; n[k]++; v[k, n[k]] = $5; c[k, n[k]] = $6; u[k, n[k]] = $7
    rate[$2, $3, $4, $1] = $5; if ($1 > rounds) rounds = $1
    if (!($4 in order)) { order[$4] = ++tests; names[tests] = $4 } }
  function sort(m,   i, j, t) {
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  }
  function med(m) { sort(m); return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  function median(k, col,   i, m) {
    m = n[k]; if (!m) return 0
    for (i = 1; i <= m; i++) a[i] = col == 5 ? v[k, i] : col == 6 ? c[k, i] : u[k, i]
    return med(m)
  }
  # the paired ratio of server s to redis: its median, and lo/hi (globals) its range over the rounds
  function ratio(d, s, name,   r, m) {
    m = 0
    for (r = 1; r <= rounds; r++) if (rate[d, s, name, r] > 0 && rate[d, "redis", name, r] > 0) a[++m] = rate[d, s, name, r] / rate[d, "redis", name, r]
    if (!m) { lo = hi = 0; return 0 }
    r = med(m); lo = a[1]; hi = a[m]; return r
  }
  function x(v) { return v > 0 ? sprintf("%.2fx", v) : "n/a" }
  END {
    printf "%-11s %3s %9s %11s %11s %8s %11s %8s   %-28s %s\n", "test", "-P", "redis", "wharf-event", "wharf-react",
      "event/r", "(rounds)", "react/r", "cpu-s/1k: redis event react", "client core: redis event"
    for (d = 1; d <= 16; d += 15) for (t = 1; t <= tests; t++) {
      name = names[t]
      re = ratio(d, "event", name); range = lo > 0 ? sprintf("%.2f-%.2f", lo, hi) : "-"
      rx = ratio(d, "reactor", name)
      printf "%-11s %3d %9.0f %11.0f %11.0f %8s %11s %8s   %.4f %.4f %.4f        %3.0f%% %3.0f%%\n", name, d,
        median(d SUBSEP "redis" SUBSEP name, 5), median(d SUBSEP "event" SUBSEP name, 5),
        median(d SUBSEP "reactor" SUBSEP name, 5), x(re), range, x(rx),
        median(d SUBSEP "redis" SUBSEP name, 6), median(d SUBSEP "event" SUBSEP name, 6), median(d SUBSEP "reactor" SUBSEP name, 6),
        100 * median(d SUBSEP "redis" SUBSEP name, 7), 100 * median(d SUBSEP "event" SUBSEP name, 7)
    }
  }' "$csv" | tee "$txt"
if [ -s "$work/errors.log" ]; then
  echo "kv-bench: redis-benchmark reported errors (a command a server does not have shows as n/a or a low rate):"
  sort "$work/errors.log" | uniq -c | head -n 5
fi

for p in $pids; do
  stop "$p"
done
pids=""

[ "$keys" -gt 0 ] || exit 0

rss_kb() {
  awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# KEYS SETs of 100-byte values as one RESP stream, for redis-cli --pipe
awk -v n="$keys" 'BEGIN { v = sprintf("%100s", ""); gsub(/ /, "x", v)
  for (i = 0; i < n; i++) { k = "key:" i; printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$100\r\n%s\r\n", length(k), k, v } }' \
  >"$work/mass.resp"

echo "kv-bench: memory, $keys keys of 100-byte values loaded with redis-cli --pipe (RSS from /proc; wharf after a GC)" |
  tee -a "$txt"
printf "%-8s %12s %12s %12s %10s\n" "server" "rss-before" "rss-after" "bytes/key" "vs-redis" | tee -a "$txt"
redis_per_key=0
for s in $servers; do
  port=$(free_port)
  start "$s" "$port"
  before=$(rss_kb "$started")
  redis-cli -p "$port" --pipe <"$work/mass.resp" >"$work/pipe-$s.log" 2>&1
  if [ "$s" != redis ] && [ -x "$JAVA_HOME/bin/jcmd" ]; then
    "$JAVA_HOME/bin/jcmd" "$started" GC.run >/dev/null 2>&1 || true
  fi
  after=$(rss_kb "$started")
  per_key=$(awk -v a="$after" -v b="$before" -v n="$keys" 'BEGIN { printf "%.1f", (a - b) * 1024 / n }')
  [ "$s" = redis ] && redis_per_key=$per_key
  ratio=$(awk -v p="$per_key" -v r="$redis_per_key" 'BEGIN { if (r > 0) printf "%.2fx", p / r; else print "-" }')
  printf "%-8s %10sKB %10sKB %12s %10s\n" "$s" "$before" "$after" "$per_key" "$ratio" | tee -a "$txt"
  stop "$started"
done
echo "kv-bench: results in $csv and $txt"
