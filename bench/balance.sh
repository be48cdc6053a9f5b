#!/bin/sh
# Balancer benchmark: wrk through `wharf serve balance` to two wharf HTTP backends, against HAProxy (mode tcp)
# and nginx (stream) in front of the same two backends with the same algorithm (round-robin), and a direct
# connection to one backend. Fair and repeatable: each proxy gets the same number of threads (wharf's reactor
# with N loops, HAProxy nbthread N, nginx worker_processes N; N = cores by default), the targets run in
# interleaved rounds (each round in a rotated order, so no proxy always runs first or last) and the medians of
# the rounds are reported: requests/s, p50/p99, the latency each proxy adds over the direct connection, and the
# proxy's own CPU-seconds per 1,000 requests (from /proc: utime + stime of its processes over the run), which
# does not depend on how busy the machine is. Installs wrk, haproxy and nginx's stream module (Debian packages)
# when missing, builds what is missing or stale. The proxies run with their own configs and ports; no system
# service is used or started.
#
# Then the latency each proxy adds at a fixed load below every target's capacity, as wrk2 measures it: an open
# loop of --rate requests/s (wharf load http, HdrHistogram, latency counted from each request's intended send
# time, so a stall is not hidden by the requests it delayed), the same interleaved rounds, p50/p99/p99.9 and
# their difference to the direct connection's (--rate 0 skips it).
#
#   bench/balance.sh [--duration 10s] [--warmup 5s] [--rounds 7] [--loops N] [--connections 64] [--threads 2]
#                    [--model reactor] [--file-size 1024] [--rate 20000]
#
# Results: tables of medians on stdout, then wharf against HAProxy round by round (the requests/s ratio, the
# difference of p99 at the fixed rate) with their median and range, and every round in
# bench-results/balance-<timestamp>.csv (and balance-<timestamp>-latency.csv).
set -eu

duration=10s warmup=5s connections=64 threads=2 model=reactor size=1024 rounds=7 loops=$(nproc) rate=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --loops) loops=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --file-size) size=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "balance-bench: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "balance-bench: --rounds must be a positive number, not '$rounds'" >&2; exit 2 ;; esac
case "$loops" in ''|*[!0-9]*|0) echo "balance-bench: --loops must be a positive number, not '$loops'" >&2; exit 2 ;; esac
case "$rate" in ''|*[!0-9]*) echo "balance-bench: --rate must be a number of requests/s (0 skips it), not '$rate'" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. ./bench/build.sh
missing=""
command -v wrk >/dev/null 2>&1 || missing="wrk"
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || missing="$missing libnginx-mod-stream"
bench_install balance-bench "${missing# }"
PATH=$PATH:/usr/sbin
bench_build balance-bench

work=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A tiny Java helper (single-file launch): "free N" prints N free ports, "await PORT..." waits until each
# accepts connections (30 s at most).
cat >"$work/Ports.java" <<'JAVA'
import java.net.*;
class Ports {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("free")) {
            for (int i = 0; i < Integer.parseInt(a[1]); i++) {
                ServerSocket s = new ServerSocket(0); // kept open until all are printed, so no two are the same
                System.out.println(s.getLocalPort());
            }
            return;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 1; i < a.length; i++) {
            for (;;) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[i])), 500);
                    break;
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline) {
                        System.err.println("port " + a[i] + " did not open");
                        System.exit(1);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
JAVA
java="$JAVA_HOME/bin/java"
ports() { "$java" "$work/Ports.java" "$@"; }

mkdir -p "$work/htdocs"
head -c "$size" /dev/zero | tr '\0' 'x' >"$work/htdocs/file"
set -- $(ports free 5)
b1=$1 b2=$2 pw=$3 ph=$4 pn=$5

for p in $b1 $b2; do
  "$java" -jar "$wharf_jar" serve http --port "$p" --bind 127.0.0.1 --root "$work/htdocs" --model event \
    --log-level warn >"$work/backend-$p.log" 2>&1 &
  pids="$pids $!"
done
"$java" -jar "$wharf_jar" serve balance --port "$pw" --bind 127.0.0.1 --model "$model" --log-level warn \
  --set server.event_loops="$loops" --backends "127.0.0.1:$b1,127.0.0.1:$b2" --set balance.check=tcp \
  >"$work/wharf.log" 2>&1 &
wharf_pid=$!
pids="$pids $wharf_pid"

cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4000
  nbthread $loops
defaults
  mode tcp
  timeout connect 3s
  timeout client 60s
  timeout server 60s
frontend front
  bind 127.0.0.1:$ph
  default_backend servers
backend servers
  balance roundrobin
  server b1 127.0.0.1:$b1 check inter 2s
  server b2 127.0.0.1:$b2 check inter 2s
CFG
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids="$pids $haproxy_pid"

cat >"$work/nginx.conf" <<CFG
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off;
worker_processes $loops;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4000; }
stream {
  upstream servers { server 127.0.0.1:$b1; server 127.0.0.1:$b2; }
  server { listen 127.0.0.1:$pn; proxy_pass servers; proxy_connect_timeout 3s; }
}
CFG
nginx -c "$work/nginx.conf" -p "$work" >"$work/nginx.log" 2>&1 &
nginx_pid=$!
pids="$pids $nginx_pid"

if ! ports await "$b1" "$b2" "$pw" "$ph" "$pn"; then
  tail -n 5 "$work"/*.log >&2
  exit 1
fi

# wrk --latency prints "50%  1.23ms" ...; normalise a latency to microseconds.
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) f = 1; else if (v ~ /ms$/) f = 1000; else if (v ~ /s$/) f = 1000000; else f = 1; printf "%.0f", n * f }'
}

# CPU clock ticks (user + system) used so far by a process and its children's live processes (nginx's workers).
cpu_ticks() {
  t=0
  for p in $1 $(ps -o pid= --ppid "$1" 2>/dev/null); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
hz=$(getconf CLK_TCK)

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ts=$(date -u +%Y%m%d-%H%M%S)
mkdir -p bench-results
csv=bench-results/balance-$ts.csv
echo "round,target,requests_per_s,p50_us,p99_us,proxy_cpu_s_per_1000_requests,errors" >"$csv"
targets="direct:$b1:0 wharf:$pw:$wharf_pid haproxy:$ph:$haproxy_pid nginx:$pn:$nginx_pid"

# unmeasured first, so the JVMs have compiled their hot paths before the measured rounds (0 skips it): twice per
# target, since a JVM compiles the connections' steady state first and meets their close (and the next run's
# connects) only at the end of a run, which deoptimizes the inlined loop once; the second run lets it recompile
if [ "$warmup" != 0 ]; then
  for pass in 1 2; do
    for target in $targets; do
      port=$(echo "$target" | cut -d: -f2)
      wrk -t"$threads" -c"$connections" -d"$warmup" "http://127.0.0.1:$port/file" >/dev/null
    done
  done
fi

r=1
while [ "$r" -le "$rounds" ]; do
  # rotate the order each round: round 2 starts with the second target, and so on
  order=$(echo "$targets" | awk -v k=$(( (r - 1) % 4 )) '{ for (i = 0; i < NF; i++) printf "%s ", $((i + k) % NF + 1) }')
  for target in $order; do
    name=${target%%:*}; rest=${target#*:}; port=${rest%%:*}; pid=${rest#*:}
    c0=0; [ "$pid" = 0 ] || c0=$(cpu_ticks "$pid")
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/file")
    c1=0; [ "$pid" = 0 ] || c1=$(cpu_ticks "$pid")
    requests=$(echo "$out" | awk '/requests in/ { print $1 }')
    rps=$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')
    p50=$(to_us "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
    p99=$(to_us "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
    cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v n="$requests" -v p="$pid" \
      'BEGIN { if (p == 0 || n == 0) print ""; else printf "%.4f", d / hz / n * 1000 }')
    errors=$(echo "$out" | awk '/Socket errors|Non-2xx/ { s = s $0 "; " } END { print s == "" ? "0" : s }')
    echo "$r,$name,$rps,$p50,$p99,$cpu,\"$errors\"" >>"$csv"
  done
  r=$((r + 1))
done

col() { awk -F, -v t="$1" -v c="$2" '$2 == t && $c != "" { print $c }' "$csv" | median; }
printf '%-8s %10s %10s %10s %10s %10s %14s\n' target req/s p50 p99 "added p50" "added p99" "cpu s/1000req"
direct_p50=$(col direct 4); direct_p99=$(col direct 5); haproxy_rps=$(col haproxy 3)
us() { awk -v v="$1" 'BEGIN { printf "%.0fus", v }'; }
for name in direct wharf haproxy nginx; do
  rps=$(col "$name" 3); p50=$(col "$name" 4); p99=$(col "$name" 5); cpu=$(col "$name" 6)
  a50=$(us "$(awk -v a="$p50" -v b="$direct_p50" 'BEGIN { print a - b }')")
  a99=$(us "$(awk -v a="$p99" -v b="$direct_p99" 'BEGIN { print a - b }')")
  ratio=$(awk -v a="$rps" -v b="$haproxy_rps" 'BEGIN { if (b > 0) printf " (%.2fx haproxy)", a / b }')
  [ "$name" = direct ] && { a50=-; a99=-; cpu=-; ratio=""; }
  printf '%-8s %10.0f %10s %10s %10s %10s %14s%s\n' "$name" "$rps" "$(us "$p50")" "$(us "$p99")" "$a50" "$a99" \
    "$cpu" "$ratio"
done
# each round's own wharf / haproxy ratio: the two ran within a minute of each other, so a drift of the machine's
# speed over the run cancels out of it (as in bench/kv.sh)
paired() { # FILE COLUMN FORMAT: per round, wharf's value against haproxy's (a ratio, or a difference with "diff")
  awk -F, -v c="$2" -v f="$3" 'NR > 1 { v[$1, $2] = $c; if ($1 > n) n = $1 }
    END { for (r = 1; r <= n; r++) if (v[r, "wharf"] != "" && v[r, "haproxy"] > 0) {
        if (f == "diff") printf "%.0f\n", v[r, "wharf"] - v[r, "haproxy"]; else printf "%.2f\n", v[r, "wharf"] / v[r, "haproxy"] } }' "$1"
}
summary() { # the per-round values in order, then their median (printf format $1) and range
  vals=$(cat)
  [ -n "$vals" ] || { echo "-"; return; }
  m=$(printf "$1" "$(echo "$vals" | median)")
  echo "$(echo "$vals" | tr '\n' ' ')(median $m, range $(echo "$vals" | sort -n | head -n 1) to $(echo "$vals" | sort -n | tail -n 1))"
}
echo "wharf / haproxy requests/s per round: $(paired "$csv" 3 ratio | summary %.2f)"
echo "balance-bench: medians of $rounds interleaved round(s) of wrk -t$threads -c$connections -d$duration, ${size}-byte file;" \
  "wharf balance under $model with $loops loop(s), haproxy nbthread $loops, nginx worker_processes $loops;" \
  "every round in $csv"

[ "$rate" -gt 0 ] || exit 0
# The added latency at a fixed rate: wharf load http's open loop, each target once per round in the rotated order.
lcsv=bench-results/balance-$ts-latency.csv
echo "round,target,requests_per_s,p50_us,p99_us,p99_9_us,failures" >"$lcsv"
json_field() { tr -d ' \n' | sed -n "s/.*\"latency_us\":{[^}]*\"$1\":\([0-9.]*\).*/\1/p"; }
r=1
while [ "$r" -le "$rounds" ]; do
  order=$(echo "$targets" | awk -v k=$(( (r - 1) % 4 )) '{ for (i = 0; i < NF; i++) printf "%s ", $((i + k) % NF + 1) }')
  for target in $order; do
    name=${target%%:*}; rest=${target#*:}; port=${rest%%:*}
    out=$("$java" -jar "$wharf_jar" load http -p "$port" --path /file -c "$connections" --rate "$rate" \
      -d "$duration" --warmup 2s --json 2>/dev/null || true)
    rps=$(echo "$out" | tr -d ' \n' | sed -n 's/.*"requests_per_second":\([0-9.]*\).*/\1/p')
    fails=$(echo "$out" | tr -d ' \n' | sed -n 's/.*"total_failures":\([0-9]*\).*/\1/p')
    echo "$r,$name,${rps:-0},$(echo "$out" | json_field p50),$(echo "$out" | json_field p99),$(echo "$out" | json_field p99_9),${fails:-?}" >>"$lcsv"
  done
  r=$((r + 1))
done
lcol() { awk -F, -v t="$1" -v c="$2" '$2 == t && $c != "" { print $c }' "$lcsv" | median; }
echo
printf '%-8s %10s %10s %10s %10s %10s %10s %10s\n' target req/s p50 p99 p99.9 "added p50" "added p99" "added p99.9"
d50=$(lcol direct 4); d99=$(lcol direct 5); d999=$(lcol direct 6)
for name in direct wharf haproxy nginx; do
  rps=$(lcol "$name" 3); p50=$(lcol "$name" 4); p99=$(lcol "$name" 5); p999=$(lcol "$name" 6)
  a50=$(us "$(awk -v a="$p50" -v b="$d50" 'BEGIN { print a - b }')")
  a99=$(us "$(awk -v a="$p99" -v b="$d99" 'BEGIN { print a - b }')")
  a999=$(us "$(awk -v a="$p999" -v b="$d999" 'BEGIN { print a - b }')")
  [ "$name" = direct ] && { a50=-; a99=-; a999=-; }
  printf '%-8s %10.0f %10s %10s %10s %10s %10s %10s\n' "$name" "$rps" "$(us "$p50")" "$(us "$p99")" "$(us "$p999")" \
    "$a50" "$a99" "$a999"
done
echo "wharf - haproxy p99 per round, us: $(paired "$lcsv" 5 diff | summary %.0f)"
echo "balance-bench: medians of $rounds interleaved round(s) of wharf load http --rate $rate -c $connections" \
  "-d $duration (open loop, latency from each request's intended send time); every round in $lcsv"
