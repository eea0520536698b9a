# SPDX-License-Identifier: GPL-2.0-or-later
# Command lines where ipxf used to differ from ip (iproute2 6.1), each run by
# the real ip and by ipxf from the same tables: the same exit code, every
# line ip writes to standard error (ipxf may add its own "ipxf:" lines), and
# the same tables after (SPIs the kernel picks masked). Repeated keywords,
# -ss, the selector family of a tunnel SA (IPv6 traffic through an IPv4
# tunnel and the reverse: the host kernel has no ESP, so both end at the
# kernel's refusal; the VM lists them back), replay-window over ip's limit,
# more templates than the kernel takes, a policy id with both a selector and
# an index, allocspi with a mark mask.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
C=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-compat.XXXXXX")
key=0x00112233445566778899aabbccddeeff
tables() {
    inns ip xfrm policy list | sed -E 's/ index [0-9]+//'
    inns ip xfrm state list | sed -E 's/spi 0x[0-9a-f]+/spi SPI/'
    inns ip xfrm policy getdefault
    inns ip -s -s xfrm policy count
}
reset() {
    inns ip xfrm policy flush
    inns ip xfrm state flush
    inns ip xfrm policy setdefault in accept fwd accept out accept
    inns ip xfrm policy set hthresh4 32 32 hthresh6 128 128
    inns ip xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir out
}
cases=(
    "xfrm policy setdefault in block in accept"
    "xfrm policy setdefault out block fwd block out accept"
    "xfrm policy flush ptype main ptype sub"
    "xfrm state flush proto esp proto ah"
    "xfrm policy set hthresh4 24 24 hthresh4 16 16"
    "xfrm policy set hthresh6 64 64 hthresh4 16 16 hthresh6 32 32"
    "-ss xfrm policy count"
    "-sss xfrm state count"
    "xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 1 mode tunnel enc cbc(aes) $key sel src 2001:db8:a::/64 dst 2001:db8:b::/64"
    "xfrm state add src 2001:db8::1 dst 2001:db8::2 proto esp spi 1 mode tunnel enc cbc(aes) $key sel src 10.0.0.0/8 dst 10.1.0.0/16"
    "xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 1 mode tunnel enc cbc(aes) $key sel src any dst any"
    "xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 1 replay-window 5000 enc cbc(aes) $key"
    "xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 1 replay-window 4096 enc cbc(aes) $key"
    "xfrm policy add src 10.0.0.3 dst 10.0.0.4 dir out$(printf ' tmpl proto esp%.0s' 1 2 3 4 5 6 7)"
    "xfrm policy add src 10.0.0.3 dst 10.0.0.4 dir out$(printf ' tmpl proto esp%.0s' $(seq 17))"
    "xfrm policy delete src 10.0.0.1 dst 10.0.0.2 dir out index 8"
    "xfrm policy get index 8 src 10.0.0.1 dst 10.0.0.2 dir out"
    "xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp mark 1 mask 1"
    "xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 3 mark 7 mask 0xff min 0x1000 max 0x2000"
    "xfrm state get src 192.0.2.1 dst 192.0.2.2"
    "xfrm state delete src 192.0.2.1"
)
n=0
for line in "${cases[@]}"; do
    n=$((n + 1))
    reset
    # shellcheck disable=SC2086
    inns ip $line >/dev/null 2>"$C/ip.err"
    ip_rc=$?
    tables >"$C/ip.tables"
    reset
    # ipxf takes the options, then the words after "xfrm"
    # shellcheck disable=SC2086
    set -- $line
    opts=()
    while [ "$1" != xfrm ]; do opts+=("$1"); shift; done
    shift
    inns "$IPXF" "${opts[@]}" "$@" >/dev/null 2>"$C/ipxf.err"
    ipxf_rc=$?
    tables >"$C/ipxf.tables"
    tap_check "compat $n: exit $ip_rc as ip [$line]" [ "$ipxf_rc" = "$ip_rc" ]
    tap_check "compat $n: ip's error lines" sh -c '
        while IFS= read -r l; do
            [ "$l" = "${l#Option }" ] || l=${l%, try*} # ip names itself; ipxf too
            grep -qF "$l" "$1" || { echo "missing: $l"; cat "$1"; exit 1; }
        done <"$2"' _ "$C/ipxf.err" "$C/ip.err"
    tap_check "compat $n: the tables ip leaves" cmp "$C/ip.tables" "$C/ipxf.tables"
done
reset
inns ip xfrm policy flush
rm -rf "$C"
