#!/bin/sh
# Balancer benchmark: wrk through `wharf serve balance` to two wharf HTTP backends, against HAProxy (mode tcp)
# and nginx (stream) in front of the same two backends with the same algorithm (round-robin), and a direct
# connection to one backend, all in one run. Reports requests/s and the p50/p99 latency each proxy adds over the
# direct connection. Installs wrk, haproxy and nginx's stream module (Debian packages) when missing, builds what
# is missing or stale. The proxies run with their own configs and ports; no system service is used or started.
#
#   bench/balance.sh [--duration 30s] [--warmup 10s] [--connections 64] [--threads 2] [--model event] [--file-size 1024]
#
# Results: a table on stdout and bench-results/balance-<timestamp>.csv.
set -eu

duration=30s warmup=10s connections=64 threads=2 model=event size=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --file-size) size=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "balance-bench: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=""
command -v wrk >/dev/null 2>&1 || missing="wrk"
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || missing="$missing libnginx-mod-stream"
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "balance-bench: installing$missing (apt-get)..."
  mkdir -p bench-results
  if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing ||
         { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q &&
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing; }; } \
       >bench-results/apt.log 2>&1; then
    tail -n 20 bench-results/apt.log >&2
    echo "balance-bench: needs$missing: install it (Debian: apt-get install$missing) and run again" >&2
    exit 1
  fi
fi
PATH=$PATH:/usr/sbin

. ./bench/build.sh
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
  --backends "127.0.0.1:$b1,127.0.0.1:$b2" --set balance.check=tcp >"$work/wharf.log" 2>&1 &
pids="$pids $!"

cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4000
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
pids="$pids $!"

cat >"$work/nginx.conf" <<CFG
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4000; }
stream {
  upstream servers { server 127.0.0.1:$b1; server 127.0.0.1:$b2; }
  server { listen 127.0.0.1:$pn; proxy_pass servers; proxy_connect_timeout 3s; }
}
CFG
nginx -c "$work/nginx.conf" -p "$work" >"$work/nginx.log" 2>&1 &
pids="$pids $!"

if ! ports await "$b1" "$b2" "$pw" "$ph" "$pn"; then
  tail -n 5 "$work"/*.log >&2
  exit 1
fi

# wrk --latency prints "50%  1.23ms" ...; normalise a latency to microseconds.
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) f = 1; else if (v ~ /ms$/) f = 1000; else if (v ~ /s$/) f = 1000000; else f = 1; printf "%.0f", n * f }'
}

ts=$(date -u +%Y%m%d-%H%M%S)
mkdir -p bench-results
csv=bench-results/balance-$ts.csv
echo "target,requests_per_s,p50_us,p99_us,added_p50_us,added_p99_us,errors" >"$csv"
printf '%-8s %12s %10s %10s %12s %12s %8s\n' target req/s p50 p99 "added p50" "added p99" errors
direct_p50=0 direct_p99=0
for target in direct:$b1 wharf:$pw haproxy:$ph nginx:$pn; do
  name=${target%%:*}; port=${target#*:}
  # unmeasured first, so the JVMs have compiled their hot paths before the measured run (0 skips it)
  [ "$warmup" = 0 ] || wrk -t"$threads" -c"$connections" -d"$warmup" "http://127.0.0.1:$port/file" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/file")
  rps=$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')
  p50=$(to_us "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_us "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  errors=$(echo "$out" | awk '/Socket errors|Non-2xx/ { s = s $0 "; " } END { print s == "" ? "0" : s }')
  if [ "$name" = direct ]; then direct_p50=$p50; direct_p99=$p99; fi
  a50=$((p50 - direct_p50)); a99=$((p99 - direct_p99))
  printf '%-8s %12s %8sus %8sus %10sus %10sus %8s\n' "$name" "$rps" "$p50" "$p99" "$a50" "$a99" "$errors"
  echo "$name,$rps,$p50,$p99,$a50,$a99,\"$errors\"" >>"$csv"
done
echo "balance-bench: wrk -t$threads -c$connections -d$duration, ${size}-byte file, wharf balance under $model; results in $csv"
