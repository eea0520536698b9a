# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf monitor` against the real `ip xfrm monitor` for SAs (the netns suite
# covers policies on the host kernel, which has no ESP/AH): both listen side
# by side in alice while the real ip adds, updates, deletes and flushes SAs
# (ESP cbc(aes)+hmac(sha1), AH), allocates an SPI, lets SAs and a policy
# expire (soft and hard), triggers an ACQUIRE with a policy whose SA is
# missing, and sends traffic through SAs (Async events); the outputs of the
# two must be identical, byte for byte, for several option and object sets.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi

KEY_ENC=0x0123456789abcdef0123456789abcdef
KEY_AUTH=0x1111111111111111111111111111111111111111
MON_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-mon.XXXXXX")
MON_PIDS=()
VARIANTS=()

# mon_start NAME "OPTIONS" [MONITOR-ARG...]: `ip OPTIONS xfrm monitor ARGS`
# and `ipxf OPTIONS monitor ARGS` in alice, into NAME.ip / NAME.ipxf.
mon_start() {
    local name=$1 opts=$2
    shift 2
    VARIANTS+=("$name")
    # shellcheck disable=SC2086
    ip netns exec alice ip $opts xfrm monitor "$@" >"$MON_DIR/$name.ip" 2>&1 &
    MON_PIDS+=($!)
    # shellcheck disable=SC2086
    ip netns exec alice "$IPXF" $opts monitor "$@" >"$MON_DIR/$name.ipxf" 2>&1 &
    MON_PIDS+=($!)
}

mon_stop() {
    local p
    for p in "${MON_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${MON_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    MON_PIDS=()
}

# wait_all TEXT: up to 5 s for TEXT in the outputs of the monitors that
# see everything.
wait_all() {
    local i f ok
    for i in $(seq 1 50); do
        ok=1
        for f in plain.ip plain.ipxf oneline.ip oneline.ipxf stats.ip stats.ipxf \
            stats_oneline.ip stats_oneline.ipxf json; do
            grep -qF -- "$1" "$MON_DIR/$f" 2>/dev/null || ok=0
        done
        [ $ok = 1 ] && return 0
        sleep 0.1
    done
    echo "\"$1\" did not reach every monitor"
    return 1
}

same() { # NAME
    if cmp -s "$MON_DIR/$1.ip" "$MON_DIR/$1.ipxf"; then return 0; fi
    echo "ip xfrm monitor and ipxf monitor differ ($1):"
    diff "$MON_DIR/$1.ip" "$MON_DIR/$1.ipxf" | head -30 | cat -A
    return 1
}

X() { in_alice ip xfrm "$@" || echo "ip xfrm $* failed" >&2; }

lab_up
mon_start plain ""
mon_start oneline "-o"
mon_start stats "-s"
mon_start stats_oneline "-s -o"
mon_start sa "" SA
mon_start expire "" expire
mon_start acquire "" acquire
mon_start aevent "" aevent
mon_start nokeys "" nokeys SA expire
ip netns exec alice "$IPXF" -j monitor >"$MON_DIR/json" 2>&1 &
MON_PIDS+=($!)

sleep 0.3
X policy add src 10.99.0.1 dst 10.99.0.2 dir in # marker: every monitor listens
tap_check "all monitors are listening" wait_all 10.99.0.1
sleep 0.2

# SAs: add, update, delete, allocspi, flush by proto
X state add src "$ALICE" dst "$BOB" proto esp spi 0x1000 reqid 1 mode transport \
    replay-window 32 flag noecn auth 'hmac(sha1)' "$KEY_AUTH" enc 'cbc(aes)' "$KEY_ENC"
X state add src "$ALICE" dst "$BOB" proto ah spi 0x3000 mode tunnel auth 'hmac(sha1)' "$KEY_AUTH" \
    sel src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 443
X state update src "$ALICE" dst "$BOB" proto esp spi 0x1000 reqid 1 mode transport \
    replay-window 32 flag noecn auth 'hmac(sha1)' "$KEY_AUTH" enc 'cbc(aes)' "$KEY_ENC" \
    limit time-soft 1000
X state add src "$ALICE" dst 192.168.27.77 proto esp spi 0x4000 mode transport \
    auth-trunc 'hmac(sha256)' 0x2222222222222222222222222222222222222222222222222222222222222222 128 \
    enc 'cbc(aes)' "$KEY_ENC" mark 7 mask 0xff if_id 3
X state delete src "$ALICE" dst 192.168.27.77 proto esp spi 0x4000 mark 7 mask 0xff
X state allocspi src "$ALICE" dst 192.168.27.78 proto esp min 0x100 max 0x200 >/dev/null
X state flush proto ah

# Expiry: an SA and a policy with soft 1 s / hard 2 s lifetimes
X state add src "$ALICE" dst 192.168.27.79 proto esp spi 0x5000 mode transport \
    auth 'hmac(sha1)' "$KEY_AUTH" enc 'cbc(aes)' "$KEY_ENC" limit time-soft 1 limit time-hard 2
X policy add src 10.98.0.1 dst 10.98.0.2 dir out limit time-soft 1 limit time-hard 2
sleep 5 # hard expiry at 2 s; margin for a slow emulated CPU

# Traffic through SAs (alice <-> bob, ESP): Async events (replay updates)
X state add src "$BOB" dst "$ALICE" proto esp spi 0x2000 reqid 1 mode transport \
    replay-window 32 auth 'hmac(sha1)' "$KEY_AUTH" enc 'cbc(aes)' "$KEY_ENC"
X policy add src "$ALICE" dst "$BOB" dir out tmpl src "$ALICE" dst "$BOB" proto esp reqid 1 mode transport
X policy add src "$BOB" dst "$ALICE" dir in tmpl src "$BOB" dst "$ALICE" proto esp reqid 1 mode transport
ip -n bob xfrm state add src "$ALICE" dst "$BOB" proto esp spi 0x1000 reqid 1 mode transport \
    replay-window 32 auth 'hmac(sha1)' "$KEY_AUTH" enc 'cbc(aes)' "$KEY_ENC"
ip -n bob xfrm state add src "$BOB" dst "$ALICE" proto esp spi 0x2000 reqid 1 mode transport \
    replay-window 32 auth 'hmac(sha1)' "$KEY_AUTH" enc 'cbc(aes)' "$KEY_ENC"
ip -n bob xfrm policy add src "$BOB" dst "$ALICE" dir out tmpl src "$BOB" dst "$ALICE" proto esp reqid 1 mode transport
ip -n bob xfrm policy add src "$ALICE" dst "$BOB" dir in tmpl src "$ALICE" dst "$BOB" proto esp reqid 1 mode transport
tap_check "alice pings bob through the SAs" lab_ping alice "$BOB" 5
sleep 1.5

# ACQUIRE: a policy whose SA is missing, then traffic
X state flush
X policy add src "$ALICE" dst 192.168.27.90 dir out \
    tmpl src "$ALICE" dst 192.168.27.90 proto esp reqid 9 mode transport
in_alice ip route add 192.168.27.90/32 dev veth0 2>/dev/null
lab_ping alice 192.168.27.90 1 >/dev/null 2>&1
sleep 0.5

# The end: no SA left (no late Async event), then a marker
X state flush
X policy flush
X policy add src 10.99.0.3 dst 10.99.0.4 dir in
wait_all 10.99.0.3 >/dev/null
mon_stop

for v in "${VARIANTS[@]}"; do
    tap_check "monitor $v: ipxf prints what ip prints, byte for byte" same "$v"
done
seen() { # TEXT...: each TEXT is in ip's plain output
    local t
    for t in "$@"; do
        grep -qF -- "$t" "$MON_DIR/plain.ip" || { echo "not seen: $t"; return 1; }
    done
}
tap_check "SA events were seen (Updated, Deleted, Flushed state)" seen \
    "Updated src $ALICE dst $BOB" "Deleted src $ALICE dst 192.168.27.77" \
    "Flushed state proto ah" "Flushed state proto 0" "proto ah spi 0x00003000"
tap_check "SA expiry was seen (soft and hard)" sh -c "
    grep -A8 '^Expired src $ALICE dst 192.168.27.79' $MON_DIR/plain.ip | grep -q 'hard 0' &&
    grep -A8 '^Expired src $ALICE dst 192.168.27.79' $MON_DIR/plain.ip | grep -q 'hard 1'"
tap_check "policy expiry was seen" sh -c "grep -A3 '^Expired src 10.98.0.1' $MON_DIR/plain.ip | grep -q 'hard 1'"
tap_check "an acquire was seen" seen "acquire proto esp" "  sel src $ALICE/32 dst 192.168.27.90/32" \
    "  policy src $ALICE/32 dst 192.168.27.90/32"
tap_check "Async events were seen" seen "Async event "
# (ip's Async event is two lines even with -o)
tap_check "-o: every event on one line" sh -c "! grep -v '^	src ' $MON_DIR/oneline.ip | grep -q '^	'"

tap_check "-j: one valid JSON object per line, the SA events in it" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = {e["event"] for e in ev}
for k in ("add-sa", "update-sa", "delete-sa", "expire-sa", "expire-policy", "acquire",
          "flush-sa", "aevent", "add-policy"):
    assert k in kinds, (k, kinds)
for e in ev:
    if e["event"] in ("add-sa", "update-sa", "delete-sa", "expire-sa"):
        assert "spi" in e["state"], e
    if e["event"] == "expire-sa":
        assert isinstance(e["hard"], bool)
    if e["event"] == "acquire":
        assert e["state"]["proto"] == "esp" and e["policy"]["dir"] == "out", e
' "$MON_DIR/json"
tap_check "-j: as many events as ip's text" sh -c "
    [ \$(wc -l <$MON_DIR/json) = \$(grep -c '^[^[:space:]]' $MON_DIR/plain.ip) ]"

rm -rf "$MON_DIR"
