#!/bin/bash
# xfrm-policy-bench.sh: ipxf against iproute2's ip on the host kernel, in a
# fresh network namespace, in one run. Prints times and ratios (ip / ipxf):
#   - adding N policies: ipxf -batch vs ip -batch   (N = 10000 and 100000)
#   - listing them: ipxf policy list vs ip xfrm policy list (output compared)
#   - flush, and deleteall, of them
#   tests/bench/xfrm-policy-bench.sh [BUILD_DIR] [N...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
IPXF=$(realpath "$build/cmd/ipxf/ipxf")
[ -x "$IPXF" ] || { echo "bench: build ipxf first ($IPXF missing)"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench: needs root (network namespaces)"; exit 1; }
NS=xfrm-bench-$$
tmp=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
ip netns add "$NS"
inns() { ip netns exec "$NS" "$@"; }

now() { date +%s%N; }
ms() { echo $(((${2} - ${1}) / 1000000)); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 0.5; printf "%.1fx", a / b }'; }
report() { printf '%-34s ip %7d ms   ipxf %7d ms   ratio %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

echo "xfrm policy bench: kernel $(uname -r), $(nproc) cpu, ip $(ip -V | sed 's/.*iproute2-//')"
for n in "${sizes[@]}"; do
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
        printf "xfrm policy add src 10.%d.%d.%d dst 172.16.0.1 dir out tmpl proto esp mode transport\n",
            int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$tmp/batch"
    echo "--- $n policies"
    inns ip xfrm policy flush
    t0=$(now); inns ip -batch "$tmp/batch"; t1=$(now)
    ip_add=$(ms "$t0" "$t1")
    t0=$(now); inns ip xfrm policy list >"$tmp/ip.list"; t1=$(now)
    ip_list=$(ms "$t0" "$t1")
    t0=$(now); inns "$IPXF" policy list >"$tmp/ipxf.list"; t1=$(now)
    ipxf_list=$(ms "$t0" "$t1")
    same=identical
    cmp -s "$tmp/ip.list" "$tmp/ipxf.list" || same=DIFFERENT
    t0=$(now); inns ip xfrm policy flush; t1=$(now)
    ip_flush=$(ms "$t0" "$t1")

    t0=$(now); inns "$IPXF" -batch "$tmp/batch"; t1=$(now)
    ipxf_add=$(ms "$t0" "$t1")
    count=$(inns ip xfrm policy count | awk '{print $5}')
    t0=$(now); inns "$IPXF" policy flush; t1=$(now)
    ipxf_flush=$(ms "$t0" "$t1")

    inns "$IPXF" -batch "$tmp/batch"
    t0=$(now); inns ip xfrm policy deleteall >/dev/null 2>&1 || true; t1=$(now)
    ip_delall=$(ms "$t0" "$t1")
    left_ip=$(inns ip xfrm policy count | awk '{print $5}')
    inns ip xfrm policy flush
    inns "$IPXF" -batch "$tmp/batch"
    t0=$(now); inns "$IPXF" policy deleteall; t1=$(now)
    ipxf_delall=$(ms "$t0" "$t1")
    left_ipxf=$(inns ip xfrm policy count | awk '{print $5}')

    report "add $n (-batch)" "$ip_add" "$ipxf_add"
    echo "    ipxf -batch left $count policies in the kernel (expected $n)"
    report "list $n" "$ip_list" "$ipxf_list"
    echo "    listings: $same ($(wc -c <"$tmp/ip.list") bytes)"
    report "flush $n" "$ip_flush" "$ipxf_flush"
    report "deleteall $n" "$ip_delall" "$ipxf_delall"
    echo "    left after deleteall: ip $left_ip, ipxf $left_ipxf"
done
