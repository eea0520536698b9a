# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf monitor` against the real `ip xfrm monitor` on the host kernel: both
# listen side by side in the namespace while the real ip adds, updates,
# deletes and flushes policies (the host has no ESP/AH, so SAs are the VM
# suite's, tests/vm/t-40-ipxf-monitor.sh); their outputs must be identical,
# byte for byte, for several option and object sets. Also: -j prints one
# valid JSON object per event, output is flushed per event (pipes), and
# the argument errors are ip's.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi

MON_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-mon.XXXXXX")
MON_PIDS=()

# mon_start NAME "OPTIONS" [MONITOR-ARG...]: `ip OPTIONS xfrm monitor ARGS`
# and `ipxf OPTIONS monitor ARGS` in the background, into NAME.ip / NAME.ipxf.
mon_start() {
    local name=$1 opts=$2
    shift 2
    # shellcheck disable=SC2086
    ip netns exec "$NS" ip $opts xfrm monitor "$@" >"$MON_DIR/$name.ip" 2>&1 &
    MON_PIDS+=($!)
    # shellcheck disable=SC2086
    ip netns exec "$NS" "$IPXF" $opts monitor "$@" >"$MON_DIR/$name.ipxf" 2>&1 &
    MON_PIDS+=($!)
}

mon_stop() {
    local p
    for p in "${MON_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${MON_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    MON_PIDS=()
}

# wait_for FILE TEXT: up to 5 s for TEXT to appear in FILE.
wait_for() {
    local i
    for i in $(seq 1 50); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "\"$2\" did not appear in $1"
    return 1
}

same() { # NAME: ip's and ipxf's outputs are identical
    if cmp -s "$MON_DIR/$1.ip" "$MON_DIR/$1.ipxf"; then return 0; fi
    echo "ip xfrm monitor and ipxf monitor differ ($1):"
    diff "$MON_DIR/$1.ip" "$MON_DIR/$1.ipxf" | head -30 | cat -A
    return 1
}

# The variants, all listening to the same events.
mon_start plain ""
mon_start oneline "-o"
mon_start stats "-s"
mon_start stats2_oneline "-s -s -o"
mon_start policy "" policy
mon_start sa_acquire "" SA acquire expire
mon_start nokeys_all "" nokeys all
mon_start allnsid "" all-nsid
mon_start prefixes "" p
# -j: only ipxf; -j -p pretty
ip netns exec "$NS" "$IPXF" -j monitor >"$MON_DIR/json" 2>&1 &
MON_PIDS+=($!)
ip netns exec "$NS" "$IPXF" -j -p monitor >"$MON_DIR/pretty" 2>&1 &
MON_PIDS+=($!)
# through a pipe, still running when checked: flushed per event
ip netns exec "$NS" "$IPXF" monitor 2>/dev/null > >(cat >"$MON_DIR/piped") &
PIPED=$!
MON_PIDS+=($PIPED)

# Wait until every monitor listens (its NETLINK_XFRM socket, protocol 6, has
# joined groups: a slow start, under load or a sanitizer, must not miss the
# marker), then a marker policy must reach them all.
subscribed() { ip netns exec "$NS" awk '$2 == 6 && $4 != "00000000"' /proc/net/netlink | wc -l; }
for i in $(seq 1 100); do
    [ "$(subscribed)" -ge ${#MON_PIDS[@]} ] && break
    sleep 0.1
done
sleep 0.1
inns ip xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir out
ready=0
for i in $(seq 1 50); do
    ready=1
    for f in "$MON_DIR"/*.ip "$MON_DIR"/*.ipxf "$MON_DIR"/json; do
        case "$f" in *sa_acquire*) continue ;; esac
        grep -q "192.0.2.1" "$f" 2>/dev/null || ready=0
    done
    [ $ready = 1 ] && break
    sleep 0.1
done
tap_check "all monitors are listening" [ $ready = 1 ]

tap_check "a pipe gets the event while ipxf still runs (flushed)" wait_for "$MON_DIR/piped" "192.0.2.1"

# The events, made by the real ip.
X() { inns ip xfrm "$@" || echo "ip xfrm $* failed" >&2; }
X policy add src 10.0.0.1 dst 10.0.0.2 dir out tmpl src 10.0.0.1 dst 10.0.0.2 proto esp mode transport
X policy update src 10.0.0.1 dst 10.0.0.2 dir out priority 7 \
    tmpl src 172.16.0.1 dst 172.16.0.2 proto esp mode tunnel reqid 9
X policy add src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp sport 1000 dport 80 dir in ptype sub mark 5 mask 0xff
X policy add src 10.1.0.0/16 dst 0.0.0.0/0 proto icmp type 8 code 0 dir fwd action block flag localok priority 100
X policy add src 2001:db8::1 dst 2001:db8::2 proto udp dport 4500 dir in if_id 0x20 \
    tmpl src 2001:db8::1 dst 2001:db8::2 proto ah mode transport level use \
    tmpl src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x100 mode transport
X policy add src 10.2.0.1 dst 10.2.0.2 dev lo proto gre key 5 dir in
X policy add src 10.3.0.1 dst 10.3.0.2 dir out limit time-soft 100 limit byte-hard 10000 ptype sub
X policy update src 10.3.0.1 dst 10.3.0.2 dir out ptype sub priority 1
X policy delete src 10.0.0.1 dst 10.0.0.2 dir out
X policy delete src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp sport 1000 dport 80 dir in ptype sub mark 5 mask 0xff
X policy flush
X policy flush ptype sub
X policy add src 10.4.0.1 dst 10.4.0.2 dir out
X policy deleteall
X state flush
X state flush proto esp
X policy setdefault out block
X policy setdefault out accept fwd block
X policy setdefault fwd accept
X policy add src 10.9.9.9 dst 10.9.9.8 dir in
for f in "$MON_DIR"/*.ip "$MON_DIR"/*.ipxf "$MON_DIR"/json; do
    case "$f" in *sa_acquire*) continue ;; esac
    wait_for "$f" "10.9.9.9" >/dev/null
done
mon_stop

for v in plain oneline stats stats2_oneline policy sa_acquire nokeys_all allnsid prefixes; do
    tap_check "monitor $v: ipxf prints what ip prints, byte for byte" same "$v"
done
tap_check "the events were seen (Updated, Deleted, Flushed, Default)" sh -c "
    grep -q '^Updated src 10.0.0.1/32' $MON_DIR/plain.ip &&
    grep -q '^Deleted src 10.0.0.1/32' $MON_DIR/plain.ip &&
    grep -q '^Flushed policy ptype main $' $MON_DIR/plain.ip &&
    grep -q '^Flushed policy ptype sub $' $MON_DIR/plain.ip &&
    grep -q '^Default policies:' $MON_DIR/plain.ip"
tap_check "-o: one line per event" sh -c "[ \$(wc -l <$MON_DIR/oneline.ip) -ge 20 ] &&
    ! grep -q '^	' $MON_DIR/oneline.ip"
tap_check "SA acquire expire: no policy events" sh -c "[ ! -s $MON_DIR/sa_acquire.ip ]"

tap_check "-j: one valid JSON object per line" python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert "event" in o, line
    n += 1
assert n >= 15, n
' "$MON_DIR/json"
tap_check "-j: the same events, in order, as ip's text" python3 -c '
import json, sys
got = [json.loads(l)["event"] for l in open(sys.argv[1])]
kinds = (("src ", "add-policy"), ("Updated src ", "update-policy"),
         ("Deleted src ", "delete-policy"), ("Flushed policy", "flush-policy"),
         ("Flushed state", "flush-sa"), ("Default policies:", "default-policy"))
want = [e for l in open(sys.argv[2]) for k, e in kinds if l.startswith(k)]
assert got == want, (got, want)
' "$MON_DIR/json" "$MON_DIR/plain.ip"
tap_check "-j: policy events carry the policy object" python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["event"].endswith("-policy") and o["event"] not in ("flush-policy", "default-policy"):
        assert isinstance(o["policy"], dict) and "dir" in o["policy"], l
    if o["event"] == "flush-policy" and "ptype" in o:
        assert o["ptype"] in ("main", "sub"), l
' "$MON_DIR/json"
tap_check "-j -p: valid pretty JSON objects" python3 -c '
import json, sys
text = open(sys.argv[1]).read()
d = json.JSONDecoder()
i = n = 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    o, i = d.raw_decode(text, i)
    assert "event" in o
    n += 1
assert n >= 15, n
' "$MON_DIR/pretty"

# Argument errors: the same message and exit code as ip.
errs() { # ARGS: "rc stderr" of both
    local a b
    a=$(inns ip xfrm monitor "$@" 2>&1 >/dev/null; echo "rc $?")
    b=$(inns "$IPXF" monitor "$@" 2>&1 >/dev/null; echo "rc $?")
    [ "$a" = "$b" ] && return 0
    echo "ip:   $a"
    echo "ipxf: $b"
    return 1
}
tap_check "monitor bogus: same error and exit code as ip" errs bogus
tap_check "monitor help: same usage and exit code as ip" errs help
tap_check "monitor sa (lower case): same error as ip" errs sa

inns ip xfrm policy flush
rm -rf "$MON_DIR"
