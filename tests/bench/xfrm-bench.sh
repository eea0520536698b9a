#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# xfrm-bench.sh: ipxf against iproute2's ip, in a fresh network namespace,
# in one run, with the kernel's floor next to both. Prints times and ratios
# (ip / ipxf, and ipxf / floor):
#   - adding N objects: ipxf -batch vs ip -batch vs the floor (default N =
#     10000 100000), RUNS times each (default 5), alternating which tool goes
#     first, each on an empty table after a flush and a pause (the flush's
#     deferred freeing must not land on the next timed run): every time, the
#     median and the minimum of each tool, and the ratios of the medians and
#     of the minimums. The floor (policies only) is xfrm-floor: the same
#     policies built in memory before the clock starts, then one
#     Netlink::bulk() of libipxf.
#   - policy shapes (--shape, default both):
#       simple  src 10.X.Y.Z dst 172.16.0.1 dir out tmpl proto esp mode transport
#       tunnel  src 10.X.Y.Z dst 172.16.(i%7).0/24 proto tcp dport 1000+i%3000
#               dir out priority 100+100*(i%4) mark i%3
#               tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 1+i%50
#   - listing them: ipxf OBJ list vs ip xfrm OBJ list vs the raw dump (a
#     dump into a buffer, nothing decoded), RUNS times each, the medians
#     compared (and the outputs)
#   - flush, and deleteall, of them (--add-only skips these)
#   tests/bench/xfrm-bench.sh [--object policy|state] [--shape simple|tunnel|both]
#                             [--runs RUNS] [--add-only] [BUILD_DIR] [N...]
# Policies run on the host kernel; states need ESP, so run them in the VM:
#   tests/vm/vmrun --timeout 900 tests/bench/xfrm-bench.sh --object state build 2000 10000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
obj=policy
runs=5
add_only=0
shape=both
while [ $# -gt 0 ]; do
    case "$1" in
    --object) obj=$2; shift 2 ;;
    --shape) shape=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --add-only) add_only=1; shift ;;
    *) break ;;
    esac
done
build=${1:-$here/../../build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
IPXF=$(realpath "$build/cmd/ipxf/ipxf")
[ -x "$IPXF" ] || { echo "bench: build ipxf first ($IPXF missing)"; exit 1; }
FLOOR=$(realpath "$build/tests/netns/xfrm-floor")
[ -x "$FLOOR" ] || { echo "bench: build xfrm-floor first ($FLOOR missing)"; exit 1; }
case "$shape" in simple) shapes=(simple) ;; tunnel) shapes=(tunnel) ;; both) shapes=(simple tunnel) ;;
*) echo "bench: --shape simple, tunnel or both"; exit 1 ;; esac
[ "$obj" = policy ] || shapes=(simple)
[ "$(id -u)" = 0 ] || { echo "bench: needs root (network namespaces)"; exit 1; }
# Run inside the namespace once, so neither tool pays `ip netns exec` per call.
if [ "${XFRM_BENCH_INSIDE:-}" != 1 ]; then
    NS=xfrm-bench-$$
    ip netns add "$NS"
    trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
    extra=()
    [ $add_only = 1 ] && extra+=(--add-only)
    XFRM_BENCH_INSIDE=1 ip netns exec "$NS" "$0" --object "$obj" --shape "$shape" --runs "$runs" "${extra[@]}" \
        "$build" "${sizes[@]}"
    exit $?
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inns() { "$@"; }

now() { date +%s%N; }
ms() { echo $(((${2} - ${1}) / 1000000)); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 0.5; printf "%.1fx", a / b }'; }
ratio2() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 0.5; printf "%.2fx", a / b }'; }
count_objs() {
    if [ "$obj" = policy ]; then inns ip xfrm policy count | awk '{print $5}'
    else inns ip xfrm state count | awk '{print $3}'; fi
}
report() { printf '%-34s ip %7d ms   ipxf %7d ms   ratio %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
# floor_report WHAT FLOOR IPXF: ipxf's time as a multiple of the floor's
floor_report() { printf '%-34s floor %4d ms   ipxf %7d ms   ipxf/floor %s\n' "$1" "$2" "$3" "$(ratio2 "$3" "$2")"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
minimum() { printf '%s\n' "$@" | sort -n | head -1; }
# The table as the kernel holds it, without what differs between two equal
# loads (the kernel numbers policies in the order it gets them).
table() { inns ip xfrm $obj list | sed -E 's/ index [0-9]+//'; }
# timed_add TOOL: flush, pause, then one timed -batch of the file into an
# empty table; prints the milliseconds.
timed_add() {
    local t0 t1
    inns ip xfrm $obj flush
    sync # the table files written after run 1 must not be written back during a timed run
    sleep 1
    if [ "$1" = ip ]; then
        t0=$(now); inns ip -batch "$tmp/batch"; t1=$(now)
    elif [ "$1" = floor ]; then
        # xfrm-floor times its bulk() alone (its set-up is not counted)
        "$FLOOR" add "$2" "$3" | awk '{ print $4 }'
        return
    else
        t0=$(now); inns "$IPXF" -batch "$tmp/batch"; t1=$(now)
    fi
    ms "$t0" "$t1"
}

echo "xfrm $obj bench: kernel $(uname -r), $(nproc) cpu, ip $(ip -V | sed 's/.*iproute2-//')"
for sh in "${shapes[@]}"; do
for n in "${sizes[@]}"; do
    if [ "$obj" = policy ] && [ "$sh" = simple ]; then
        awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
            printf "xfrm policy add src 10.%d.%d.%d dst 172.16.0.1 dir out tmpl proto esp mode transport\n",
                int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$tmp/batch"
    elif [ "$obj" = policy ]; then
        awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
            printf "xfrm policy add src 10.%d.%d.%d dst 172.16.%d.0/24 proto tcp dport %d dir out priority %d mark %d tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid %d\n",
                int(i / 65536) % 256, int(i / 256) % 256, i % 256, i % 7, 1000 + i % 3000,
                100 + 100 * (i % 4), i % 3, 1 + i % 50 }' >"$tmp/batch"
    else
        awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
            printf "xfrm state add src 10.%d.%d.%d dst 172.16.0.1 proto esp spi %d enc cbc(aes) 0x00112233445566778899aabbccddeeff\n",
                int(i / 65536) % 256, int(i / 256) % 256, i % 256, i + 4096 }' >"$tmp/batch"
    fi
    if [ "$obj" = policy ]; then echo "--- $n x $obj ($sh)"; else echo "--- $n x $obj"; fi
    ip_t=() ipxf_t=() floor_t=()
    count_ip=- count_ipxf=- count_floor=- same_table=identical
    tools=(ip ipxf)
    [ "$obj" = policy ] && tools+=(floor)
    for r in $(seq 1 "$runs"); do
        # alternate the order: odd runs ip first, even runs ipxf first
        order=("${tools[@]}")
        [ $((r % 2)) = 0 ] && order=(ipxf ip "${tools[@]:2}")
        for tool in "${order[@]}"; do
            t=$(timed_add "$tool" "$sh" "$n")
            c=$(count_objs)
            case $tool in
            ip) ip_t+=("$t"); [ "$c" = "$n" ] || count_ip=$c ;;
            ipxf) ipxf_t+=("$t"); [ "$c" = "$n" ] || count_ipxf=$c ;;
            floor) floor_t+=("$t"); [ "$c" = "$n" ] || count_floor=$c ;;
            esac
            [ $r = 1 ] && table >"$tmp/$tool.table"
        done
    done
    cmp -s "$tmp/ip.table" "$tmp/ipxf.table" || same_table=DIFFERENT
    if [ "$obj" = policy ] && ! cmp -s "$tmp/ip.table" "$tmp/floor.table"; then
        same_table="$same_table (the floor's: DIFFERENT)"
    fi
    printf '%-34s ip %s ms   ipxf %s ms\n' "add $n (-batch), $runs runs" "${ip_t[*]}" "${ipxf_t[*]}"
    report "add $n (-batch) median" "$(median "${ip_t[@]}")" "$(median "${ipxf_t[@]}")"
    report "add $n (-batch) min" "$(minimum "${ip_t[@]}")" "$(minimum "${ipxf_t[@]}")"
    if [ "$obj" = policy ]; then
        printf '%-34s floor %s ms\n' "add $n (bulk), $runs runs" "${floor_t[*]}"
        floor_report "add $n median" "$(median "${floor_t[@]}")" "$(median "${ipxf_t[@]}")"
        printf '%-34s %s\n' "add $n ip/ipxf, each run" "$(for k in "${!ip_t[@]}"; do ratio "${ip_t[$k]}" "${ipxf_t[$k]}"; echo -n ' '; done)"
    fi
    if [ "$count_ip$count_ipxf$count_floor" = --- ]; then
        echo "    entries after each add: $n, as expected"
    else
        echo "    entries after an add: WRONG (ip ${count_ip/-/ok}, ipxf ${count_ipxf/-/ok}, floor ${count_floor/-/ok}, expected $n)"
    fi
    echo "    tables loaded by ip -batch and ipxf -batch (and the floor): $same_table"
    [ $add_only = 1 ] && continue

    inns ip xfrm $obj flush
    inns ip -batch "$tmp/batch"
    # listed RUNS times each, alternating; the median is reported
    ip_l=() ipxf_l=()
    for r in $(seq 1 "$runs"); do
        order=(ip ipxf)
        [ $((r % 2)) = 0 ] && order=(ipxf ip)
        for tool in "${order[@]}"; do
            rm -f "$tmp/$tool.list"
            sync
            if [ "$tool" = ip ]; then
                t0=$(now); inns ip xfrm $obj list >"$tmp/ip.list"; t1=$(now)
                ip_l+=("$(ms "$t0" "$t1")")
            else
                t0=$(now); inns "$IPXF" $obj list >"$tmp/ipxf.list"; t1=$(now)
                ipxf_l+=("$(ms "$t0" "$t1")")
            fi
        done
    done
    floor_l=()
    if [ "$obj" = policy ]; then
        for r in $(seq 1 "$runs"); do
            floor_l+=("$("$FLOOR" dump | awk '{ print $3 }')")
        done
    fi
    ip_list=$(median "${ip_l[@]}")
    ipxf_list=$(median "${ipxf_l[@]}")
    same=identical
    cmp -s "$tmp/ip.list" "$tmp/ipxf.list" || same=DIFFERENT
    t0=$(now); inns ip xfrm $obj flush; t1=$(now)
    ip_flush=$(ms "$t0" "$t1")
    inns "$IPXF" -batch "$tmp/batch"
    t0=$(now); inns "$IPXF" $obj flush; t1=$(now)
    ipxf_flush=$(ms "$t0" "$t1")

    inns "$IPXF" -batch "$tmp/batch"
    t0=$(now); inns ip xfrm $obj deleteall >/dev/null 2>&1 || true; t1=$(now)
    ip_delall=$(ms "$t0" "$t1")
    left_ip=$(count_objs)
    inns ip xfrm $obj flush
    inns "$IPXF" -batch "$tmp/batch"
    t0=$(now); inns "$IPXF" $obj deleteall; t1=$(now)
    ipxf_delall=$(ms "$t0" "$t1")
    left_ipxf=$(count_objs)

    printf '%-34s ip %s ms   ipxf %s ms\n' "list $n, $runs runs" "${ip_l[*]}" "${ipxf_l[*]}"
    report "list $n median" "$ip_list" "$ipxf_list"
    if [ "$obj" = policy ]; then
        printf '%-34s floor %s ms\n' "raw dump $n, $runs runs" "${floor_l[*]}"
        floor_report "list $n median" "$(median "${floor_l[@]}")" "$ipxf_list"
    fi
    echo "    listings: $same ($(wc -c <"$tmp/ip.list") bytes)"
    report "flush $n" "$ip_flush" "$ipxf_flush"
    report "deleteall $n" "$ip_delall" "$ipxf_delall"
    echo "    left after deleteall: ip $left_ip, ipxf $left_ipxf$([ "$left_ip" != 0 ] && echo " (ip's deleteall failed: its time is not comparable)")"
done
done
