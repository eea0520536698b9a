#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls-bench.sh: handshakes per second of tlsctl s_server against openssl
# s_server, both measured by openssl s_time on loopback in the same run:
#   - ECDSA P-256 full handshakes   (s_time -new, ECDHE-ECDSA-AES256-GCM-SHA384)
#   - RSA-2048 full handshakes      (s_time -new, ECDHE-RSA-AES256-GCM-SHA384)
#   - resumed handshakes            (s_time -reuse, RSA-2048 server)
# Both servers run TLS 1.2 (-tls1_2; openssl would pick TLS 1.3 otherwise),
# then the same three cases over TLS 1.3 (-tls1_3: tlsctl's lib/tls13 against
# openssl, TLS_AES_256_GCM_SHA384 with x25519; s_time fetches "/" so that the
# tickets are read and -reuse resumes).
# Each case alternates the two servers ROUNDS times for SECONDS each and
# reports the mean rate and the ratio tlsctl/openssl (goals: ECDSA >= 1.0,
# RSA >= 0.8, resumed >= 1.0), and the server's CPU time per handshake (user +
# system, from /proc), which other load on the machine disturbs less.
#   tests/bench/tls-bench.sh [BUILD_DIR] [SECONDS] [ROUNDS]   (default build 5 2)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
seconds=${2:-5}
rounds=${3:-2}
T=$(realpath "$build/cmd/tlsctl/tlsctl")
[ -x "$T" ] || { echo "bench: build tlsctl first ($T missing)"; exit 1; }
command -v openssl >/dev/null || { echo "bench: openssl is not installed"; exit 1; }
W=$(mktemp -d /tmp/tls-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"

# Certificates: a tlsctl CA, an ECDSA P-256 and an RSA-2048 server.
"$T" ca -newca -dir ca -subj '/CN=Bench CA' -newkey ec -nodes >/dev/null
for k in ec rsa:2048; do
    n=${k%%:*}
    "$T" req -new -newkey "$k" -nodes -keyout "$n.key" -out "$n.csr" -subj "/CN=$n.bench"
    "$T" ca -dir ca -in "$n.csr" -out "$n.pem" -policy policy_anything 2>/dev/null
done

source "$here/../tls/free-port.sh"
start() { # start tlsctl|openssl CERT-NAME 1.2|1.3
    port=$(free_port)
    rm -f srv.log
    if [ "$1" = tlsctl ]; then
        "$T" s_server -accept "$port" -www "-tls${3/./_}" -quiet -cert "$2.pem" -key "$2.key" >srv.log 2>&1 </dev/null &
    else
        openssl s_server -accept "$port" -www "-tls${3/./_}" -cert "$2.pem" -key "$2.key" >srv.log 2>&1 </dev/null &
    fi
    pid=$!
    for _ in $(seq 100); do grep -q '^ACCEPT' srv.log 2>/dev/null && return 0; sleep 0.05; done
    echo "bench: $1 s_server did not start"; cat srv.log; exit 1
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=; }
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
HZ=$(getconf CLK_TCK)
# measure MODE VERSION: "RATE COUNT" of one openssl s_time run (handshakes / wall time)
measure() {
    local t0 t1 out n page=()
    [ "$2" = 1.3 ] && page=(-www /)
    t0=$(date +%s.%N)
    out=$(openssl s_time -connect "127.0.0.1:$port" "$1" "${page[@]}" -time "$seconds" 2>&1)
    t1=$(date +%s.%N)
    n=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) connections in [0-9]* real seconds.*/\1/p' | tail -1)
    [ -n "$n" ] || { echo "bench: s_time failed: $out" >&2; echo "0 0"; return; }
    awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f %d\n", n / (b - a), n }'
}

echo "tls bench: $(nproc) cpu, load $(cut -d' ' -f1 /proc/loadavg), $(openssl version | cut -d' ' -f1-2), Botan $(dpkg-query -W -f='${Version}' libbotan-2-19 2>/dev/null || echo 2.19), ${seconds}s x $rounds rounds per server"
printf '%-11s %11s %12s %6s %6s  %s\n' case "tlsctl hs/s" "openssl hs/s" ratio goal \
    "server CPU ms/handshake: tlsctl openssl ratio"
for spec in "ECDSA-full ec -new 1.0 1.2" "RSA-full rsa -new 0.8 1.2" "resumed rsa -reuse 1.0 1.2" \
    "ECDSA-1.3 ec -new 0.8 1.3" "RSA-1.3 rsa -new 0.8 1.3" "resumed-1.3 ec -reuse 0.8 1.3"; do
    set -- $spec
    name=$1 cert=$2 mode=$3 goal=$4 version=$5
    : >tlsctl.runs
    : >openssl.runs
    for _ in $(seq "$rounds"); do
        for server in tlsctl openssl; do
            start "$server" "$cert" "$version"
            c0=$(ticks)
            m=$(measure "$mode" "$version")
            c1=$(ticks)
            echo "$m $c0 $c1" >>"$server.runs" # rate count ticks-before ticks-after
            stop
        done
    done
    # mean rate; CPU ms per handshake over all runs
    a=$(awk '{ s += $1 } END { printf "%.1f", s / NR }' tlsctl.runs)
    b=$(awk '{ s += $1 } END { printf "%.1f", s / NR }' openssl.runs)
    ca=$(awk -v hz="$HZ" '{ t += $4 - $3; n += $2 } END { printf "%.2f", n ? 1000 * t / hz / n : 0 }' tlsctl.runs)
    cb=$(awk -v hz="$HZ" '{ t += $4 - $3; n += $2 } END { printf "%.2f", n ? 1000 * t / hz / n : 0 }' openssl.runs)
    r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rc=$(awk -v a="$ca" -v b="$cb" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
    printf '%-11s %11s %12s %6s %6s  %9s %7s %6s%s\n' "$name" "$a" "$b" "$r" ">=$goal" "$ca" "$cb" "$rc" \
        "$(awk -v r="$r" -v g="$goal" 'BEGIN { if (r < g) print "  (below goal)" }')"
done
