# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf monitor file FILE` against `ip xfrm monitor file FILE`: the XFRM
# notifications of a run of policy commands, saved raw by xfrm-capture.py,
# must print identically (several options; the object filter and all-nsid as
# ip applies them to a file), so must a file of odd messages (unknown types,
# netlink control messages, a message too short for its type), and the
# errors (missing file, truncated header or body, bad length, a directory)
# keep ip's message and exit code, with a line naming the file and offset.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
F=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-monfile.XXXXXX")

# Capture the notifications of the commands below into $F/saved.
ip netns exec "$NS" python3 "$here/xfrm-capture.py" "$F/saved" 1.5 >"$F/cap.out" &
cap=$!
for i in $(seq 1 50); do grep -q ready "$F/cap.out" 2>/dev/null && break; sleep 0.1; done
X() { inns ip xfrm "$@" || echo "ip xfrm $* failed" >&2; }
X policy add src 10.0.0.1 dst 10.0.0.2 dir out tmpl src 10.0.0.1 dst 10.0.0.2 proto esp mode transport
X policy update src 10.0.0.1 dst 10.0.0.2 dir out priority 7 \
    tmpl src 172.16.0.1 dst 172.16.0.2 proto esp mode tunnel reqid 9
X policy add src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp sport 1000 dport 80 dir in ptype sub mark 5 mask 0xff
X policy add src 10.1.0.0/16 dst 0.0.0.0/0 proto icmp type 8 code 0 dir fwd action block flag localok priority 100
X policy add src 2001:db8::1 dst 2001:db8::2 proto udp dport 4500 dir in if_id 0x20 \
    tmpl src 2001:db8::1 dst 2001:db8::2 proto ah mode transport level use \
    tmpl src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x100 mode transport
X policy add src 10.3.0.1 dst 10.3.0.2 dir out limit time-soft 100 limit byte-hard 10000 ptype sub
X policy delete src 10.0.0.1 dst 10.0.0.2 dir out
X policy flush
X policy flush ptype sub
X policy add src 10.4.0.1 dst 10.4.0.2 dir out
X policy setdefault out block
X policy setdefault out accept
wait $cap
tap_check "the notifications were saved (xfrm-capture.py)" test -s "$F/saved"

# same FILE OPTIONS... -- ARGS...: stdout, stderr and exit code of ip and ipxf
same() {
    local file=$1 opts=() args=()
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    args=("$@")
    ip "${opts[@]}" xfrm monitor file "$file" "${args[@]}" >"$F/ip.out" 2>"$F/ip.err"
    echo "rc $?" >>"$F/ip.out"
    "$IPXF" "${opts[@]}" monitor file "$file" "${args[@]}" >"$F/ipxf.out" 2>"$F/ipxf.err"
    echo "rc $?" >>"$F/ipxf.out"
    if cmp -s "$F/ip.out" "$F/ipxf.out" && cmp -s "$F/ip.err" "$F/ipxf.err"; then return 0; fi
    echo "ip and ipxf differ:"
    diff "$F/ip.out" "$F/ipxf.out" | head -20 | cat -A
    diff "$F/ip.err" "$F/ipxf.err" | head -10
    return 1
}
tap_check "the saved file: ipxf prints what ip prints" same "$F/saved"
tap_check "the saved file prints the events (Updated, Deleted, Flushed, Default)" sh -c "
    grep -q '^Updated src 10.0.0.1/32' $F/ipxf.out && grep -q '^Deleted src 10.0.0.1/32' $F/ipxf.out &&
    grep -q '^Flushed policy ptype sub' $F/ipxf.out && grep -q '^Default policies:' $F/ipxf.out"
for v in "-o" "-s" "-s -s -o" "-d" "-4" "-6"; do
    # shellcheck disable=SC2086
    tap_check "the saved file with $v: as ip" same "$F/saved" $v
done
for a in "nokeys" "all-nsid" "SA" "policy acquire" "all-nsid nokeys -o"; do
    case "$a" in *-o) opts=-o; a=${a% -o} ;; *) opts= ;; esac
    # shellcheck disable=SC2086
    tap_check "the saved file, monitor file F $a $opts: as ip (no object filter)" \
        same "$F/saved" $opts -- $a
done
tap_check "-j: one JSON object per saved event" python3 -c '
import json, subprocess, sys
out = subprocess.run([sys.argv[1], "-j", "monitor", "file", sys.argv[2]], check=True,
                     capture_output=True, text=True).stdout.splitlines()
events = [json.loads(l)["event"] for l in out]
assert events.count("add-policy") == 6 and events.count("update-policy") == 1, events
assert events.count("delete-policy") == 1 and events.count("default-policy") == 2, events
' "$IPXF" "$F/saved"

# Odd messages: unknown types, NLMSG_NOOP/ERROR/DONE (ip prints nothing for
# them), a policy too short for its type, flushes, a default policy, an
# unaligned length with its padding.
python3 - "$F/odd" <<'PY'
import struct, sys
def msg(mtype, body=b"", flags=0, length=None):
    n = 16 + len(body) if length is None else length
    m = struct.pack("=IHHII", n, mtype, flags, 7, 0) + body
    return m + bytes(-len(m) % 4)
out = b"".join([
    msg(99, b"\1\2\3\4", flags=0x123),
    msg(1), msg(2, struct.pack("=i", -2) + bytes(16)), msg(3, bytes(4)),
    msg(15, bytes(8)),
    msg(19, bytes(40)),                  # NEWPOLICY, too short
    msg(28, b"\x32" + bytes(3)),         # FLUSHSA proto esp
    msg(29),                             # FLUSHPOLICY
    msg(40, b"\x01\x02\x01"),            # default policy
    msg(77, b"\xff", length=17),         # unaligned, padded
    msg(0),
])
open(sys.argv[1], "wb").write(out)
PY
tap_check "odd messages: as ip" same "$F/odd"
tap_check "odd messages with all-nsid -s: as ip" same "$F/odd" -s -- all-nsid
tap_check "odd messages: the unknown ones are named" grep -q "Unknown message: 00000020 0x00000063 0x00000123" "$F/ipxf.out"

# Errors: ip's line and exit code, then an ipxf line with the file and offset.
len1=$(od -An -tu4 -N4 "$F/saved" | tr -d ' ')
len1=$(((len1 + 3) / 4 * 4))
head -c 10 "$F/saved" >"$F/t-header"
head -c $((len1 + 10)) "$F/saved" >"$F/t-header2"
head -c $((len1 - 4)) "$F/saved" >"$F/t-body"
printf '\010\000\000\000\020\000\000\000\000\000\000\000\000\000\000\000' >"$F/t-short"
printf '\040\116\000\000\020\000\000\000\000\000\000\000\000\000\000\000' >"$F/t-long"
# 2^31 and 2^31 + 15: negative as ip's int, and no signed overflow in ipxf
printf '\000\000\000\200\020\000\000\000\000\000\000\000\000\000\000\000' >"$F/t-2g"
printf '\017\000\000\200\020\000\000\000\000\000\000\000\000\000\000\000' >"$F/t-2g15"
errs() { # FILE OFFSET-TEXT: ip's first stderr line and rc, ipxf's file and offset
    local file=$1 want=$2
    ip xfrm monitor file "$file" >"$F/ip.out" 2>"$F/ip.err"
    local ra=$?
    "$IPXF" monitor file "$file" >"$F/ipxf.out" 2>"$F/ipxf.err"
    local rb=$?
    [ "$ra" = "$rb" ] || { echo "exit: ip $ra, ipxf $rb"; return 1; }
    cmp -s "$F/ip.out" "$F/ipxf.out" || { echo "stdout differs"; return 1; }
    [ "$(head -1 "$F/ip.err")" = "$(head -1 "$F/ipxf.err")" ] || {
        echo "first line: ip: $(head -1 "$F/ip.err") / ipxf: $(head -1 "$F/ipxf.err")"
        return 1
    }
    grep -q "^ipxf: monitor file.*$file.*$want" "$F/ipxf.err" || {
        echo "no \"$want\" in:"
        cat "$F/ipxf.err"
        return 1
    }
}
tap_check "missing file: ip's error, exit 255, named" errs "$F/none" 'cannot open'
tap_check "truncated header at 0: ip's error and exit code, offset 0" errs "$F/t-header" 'offset 0 is truncated'
tap_check "truncated header of the 2nd message: the 1st printed, offset $len1" \
    errs "$F/t-header2" "offset $len1 is truncated"
tap_check "truncated body: ip's error and exit code, offset 0" errs "$F/t-body" 'offset 0 is truncated'
tap_check "length 8: ip's error and exit code" errs "$F/t-short" 'offset 0 has a length of 8 bytes'
tap_check "length 20000: ip's error and exit code" errs "$F/t-long" 'offset 0 has a length of 20000 bytes'
tap_check "length 2^31: ip's error (len=-2147483648) and exit code" errs "$F/t-2g" 'offset 0 has a length of 2147483648 bytes'
tap_check "length 2^31 + 15: ip's error and exit code" errs "$F/t-2g15" 'offset 0 has a length of 2147483663 bytes'
tap_check "a directory: ip's error and exit code" errs "$F" 'cannot read at offset 0'
tap_check "exit 1 for a truncated file, like ip" sh -c "'$IPXF' monitor file '$F/t-body' 2>/dev/null; [ \$? = 1 ]"
tap_check "an empty file: nothing, exit 0, like ip" sh -c ": >'$F/empty'; [ -z \"\$('$IPXF' monitor file '$F/empty')\" ]" 
tap_check "monitor file without FILE: ip's error and exit code" sh -c "
    a=\$(ip xfrm monitor file 2>&1 >/dev/null | head -1; echo \"rc \$?\")
    b=\$('$IPXF' monitor file 2>&1 >/dev/null | head -1; echo \"rc \$?\")
    ip xfrm monitor file >/dev/null 2>&1; ra=\$?
    '$IPXF' monitor file >/dev/null 2>&1; rb=\$?
    [ \"\$a\" = \"\$b\" ] && [ \$ra = \$rb ] && [ \$ra = 255 ]"

inns ip xfrm policy flush
rm -rf "$F"
