# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf monitor all-nsid` against `ip xfrm monitor all-nsid`: both listen in
# $NS, which knows a peer namespace by id 7 (ip netns set) and a third one
# without an id; policy events in all three must print identically, byte for
# byte: "[nsid 7]" for the peer's, "[nsid current]" for $NS's own, nothing
# for the third's. Without all-nsid only $NS's own events; -j carries the
# nsid; without CAP_NET_BROADCAST ip's error and exit code.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi

PEER=$NS-peer
OTHER=$NS-other
ip netns add "$PEER"
ip netns add "$OTHER"
inns ip netns set "$PEER" 7
D=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-nsid.XXXXXX")
PIDS=()

# start NAME "OPTIONS" ARGS...: ip and ipxf monitors in $NS, into NAME.ip / NAME.ipxf
start() {
    local name=$1 opts=$2
    shift 2
    # shellcheck disable=SC2086
    ip netns exec "$NS" ip $opts xfrm monitor "$@" >"$D/$name.ip" 2>&1 &
    PIDS+=($!)
    # shellcheck disable=SC2086
    ip netns exec "$NS" "$IPXF" $opts monitor "$@" >"$D/$name.ipxf" 2>&1 &
    PIDS+=($!)
}
start allnsid "" all-nsid
start oneline "-o" all-nsid
start policy "" all-nsid policy
start stats "-s" nokeys all-nsid
start plain ""
ip netns exec "$NS" "$IPXF" -j monitor all-nsid >"$D/json" 2>&1 &
PIDS+=($!)

# Every monitor listens once a marker added in $NS reached them all: first wait
# until each has joined its XFRM multicast groups (NETLINK_XFRM sockets, 6, with
# groups, in this namespace), a fixed sleep is too short for a sanitizer build.
for i in $(seq 1 100); do
    joined=$(inns awk '$2 == 6 && $4 != "00000000" { n++ } END { print n + 0 }' /proc/net/netlink)
    [ "$joined" -ge "${#PIDS[@]}" ] && break
    sleep 0.1
done
inns ip xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir out
ready=1
for i in $(seq 1 50); do
    ready=0
    for f in "$D"/*.ip "$D"/*.ipxf "$D/json"; do grep -q 192.0.2.1 "$f" 2>/dev/null || ready=1; done
    [ $ready = 0 ] && break
    sleep 0.1
done
tap_check "all monitors are listening" [ $ready = 0 ]

P() { ip -n "$PEER" xfrm "$@"; }
P policy add src 10.7.0.1 dst 10.7.0.2 dir out tmpl src 10.7.0.1 dst 10.7.0.2 proto esp mode transport
ip -n "$OTHER" xfrm policy add src 10.9.0.1 dst 10.9.0.2 dir in
inns ip xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir fwd priority 3
P policy update src 10.7.0.1 dst 10.7.0.2 dir out priority 9
P policy delete src 10.7.0.1 dst 10.7.0.2 dir out
P policy add src 10.7.0.3 dst 10.7.0.4 dir in
ip -n "$OTHER" xfrm policy flush
P policy flush
P policy setdefault out block
P policy setdefault out accept
inns ip xfrm policy add src 10.0.0.9 dst 10.0.0.8 dir in
for f in "$D"/*.ip "$D"/*.ipxf "$D/json"; do
    for i in $(seq 1 50); do grep -q 10.0.0.9 "$f" && break; sleep 0.1; done
done
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done

same() {
    cmp -s "$D/$1.ip" "$D/$1.ipxf" && return 0
    echo "ip xfrm monitor and ipxf monitor differ ($1):"
    diff "$D/$1.ip" "$D/$1.ipxf" | head -30 | cat -A
    return 1
}
for v in allnsid oneline policy stats plain; do
    tap_check "monitor $v: ipxf prints what ip prints, byte for byte" same "$v"
done
tap_check "all-nsid: the peer's events as [nsid 7], ours as [nsid current], none of the third" sh -c "
    grep -q '^\[nsid 7\]src 10.7.0.1/32 dst 10.7.0.2/32 $' $D/allnsid.ipxf &&
    grep -q '^\[nsid 7\]Updated src 10.7.0.1/32' $D/allnsid.ipxf &&
    grep -q '^\[nsid 7\]Deleted src 10.7.0.1/32' $D/allnsid.ipxf &&
    grep -q '^\[nsid 7\]Flushed policy' $D/allnsid.ipxf &&
    grep -q '^\[nsid 7\]Default policies:' $D/allnsid.ipxf &&
    grep -q '^\[nsid current\]src 10.0.0.1/32' $D/allnsid.ipxf &&
    ! grep -q '10.9.0.1' $D/allnsid.ipxf"
tap_check "without all-nsid: only this namespace's events" sh -c "
    grep -q '^src 10.0.0.1/32' $D/plain.ipxf && ! grep -q '10.7.0.1' $D/plain.ipxf"
tap_check "-j all-nsid: nsid 7 for the peer's events, \"current\" for ours" python3 -c '
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
peer = [e for e in evs if e.get("nsid") == 7]
ours = [e for e in evs if e.get("nsid") == "current"]
assert len(peer) == 7, peer
assert [e["event"] for e in peer[:3]] == ["add-policy", "update-policy", "delete-policy"], peer
assert len(ours) == 3 and len(evs) == 10, evs
' "$D/json"

nocap() { # ip's error and exit code without CAP_NET_BROADCAST
    command -v setpriv >/dev/null || { echo "no setpriv"; return 1; }
    local a b ra rb
    a=$(ip netns exec "$NS" setpriv --bounding-set -net_broadcast ip xfrm monitor all-nsid 2>&1)
    ra=$?
    b=$(ip netns exec "$NS" setpriv --bounding-set -net_broadcast "$IPXF" monitor all-nsid 2>&1)
    rb=$?
    [ "$ra" = "$rb" ] && [ "$ra" = 1 ] && [ "$a" = "$(echo "$b" | head -1)" ] && return 0
    echo "ip: $a (exit $ra)"
    echo "ipxf: $b (exit $rb)"
    return 1
}
tap_check "all-nsid without CAP_NET_BROADCAST: ip's error, exit 1" nocap

ip netns del "$PEER"
ip netns del "$OTHER"
inns ip xfrm policy flush
rm -rf "$D"
