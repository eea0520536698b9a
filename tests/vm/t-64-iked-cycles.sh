# SPDX-License-Identifier: GPL-2.0-or-later
# 100 `ikectl up` / `ikectl down` cycles of the lab's conn host-host, iked
# (alice) against strongSwan's charon (bob) (issue 7): every up exits 0, every
# down leaves no SA and no policy on either side, and iked's memory does not
# grow: its resident size after cycle 100 is within CYCLES_RSS_SLACK_KB of its
# size after cycle 10 (the first cycles fill allocator pools and caches).
# The figures (RSS at 1, 10, 50, 100, seconds per cycle) are TAP diagnostics.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
IKED=${BUILD_DIR:+$BUILD_DIR/}daemon/iked/iked
IKECTL=${BUILD_DIR:+$BUILD_DIR/}cmd/ikectl/ikectl
W=$(mktemp -d /tmp/t64.XXXXXX)
CYCLES=${CYCLES:-100}
CYCLES_RSS_SLACK_KB=${CYCLES_RSS_SLACK_KB:-256}
PSK='cycles-psk-0c4d7e'

for side in alice bob; do
    mkdir -p "$W/$side"
    cat >"$W/$side/ipsec.conf" <<CONF
conn host-host
    keyexchange=ikev2
    authby=secret
    type=transport
    left=$ALICE
    right=$BOB
    auto=add
CONF
    printf '%s %s : PSK "%s"\n' "$ALICE" "$BOB" "$PSK" >"$W/$side/ipsec.secrets"
    chmod 600 "$W/$side/ipsec.secrets"
done
ikectl() { "$IKECTL" --socket "$W/alice/iked.ctl" "$@"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
left_in() { # NS: SAs + non-socket policies
    echo $(($(ip -n "$1" xfrm state | grep -c '^src') +
        $(ip -n "$1" xfrm policy | grep -c 'dir \(in\|out\|fwd\)')))
}
settled_empty() { # both sides empty within 5 s (charon removes its SAs on the DELETE)
    local i
    for i in $(seq 1 50); do
        [ "$(left_in alice)" = 0 ] && [ "$(left_in bob)" = 0 ] && return 0
        sleep 0.1
    done
    return 1
}

lab_up
charon_start bob "$W/bob" >"$W/charon-start.txt" 2>&1 &&
    charon_wait_conn bob host-host >>"$W/charon-start.txt" 2>&1
start_rc=$?
start_ok() { cat "$W/charon-start.txt"; return "$start_rc"; }
tap_check "charon starts in bob" start_ok
ip netns exec alice "$IKED" --nofork --config "$W/alice/ipsec.conf" \
    --secrets "$W/alice/ipsec.secrets" --socket "$W/alice/iked.ctl" >"$W/iked.log" 2>&1 &
iked_pid=$!
for _ in $(seq 1 50); do
    ikectl version >/dev/null 2>&1 && break
    sleep 0.1
done
tap_check "iked answers on its control socket" ikectl version

cycles() {
    local n up_fail=0 down_fail=0 left_fail=0 start now
    start=$(date +%s%N)
    for n in $(seq 1 "$CYCLES"); do
        ikectl up host-host >"$W/up.txt" 2>&1 || {
            up_fail=$((up_fail + 1))
            [ "$up_fail" = 1 ] && { echo "cycle $n: ikectl up failed:"; cat "$W/up.txt"; }
        }
        ikectl down host-host >"$W/down.txt" 2>&1 || {
            down_fail=$((down_fail + 1))
            [ "$down_fail" = 1 ] && { echo "cycle $n: ikectl down failed:"; cat "$W/down.txt"; }
        }
        settled_empty || {
            left_fail=$((left_fail + 1))
            [ "$left_fail" = 1 ] && {
                echo "cycle $n: left behind: alice $(left_in alice), bob $(left_in bob)"
                ip -n alice xfrm state
                ip -n alice xfrm policy
            }
        }
        case $n in 1 | 10 | 50 | "$CYCLES") echo "$n $(rss_kb "$iked_pid")" >>"$W/rss.txt" ;; esac
    done
    now=$(date +%s%N)
    echo "$(((now - start) / CYCLES / 1000000))" >"$W/ms-per-cycle.txt"
    echo "ups failed $up_fail, downs failed $down_fail, cycles leaving SAs/policies $left_fail"
    [ "$up_fail" = 0 ] && [ "$down_fail" = 0 ] && [ "$left_fail" = 0 ]
}
tap_check "$CYCLES cycles: every up and down exits 0 and leaves no SA or policy" cycles

rss_flat() {
    local at10 atN
    at10=$(awk '$1 == 10 { print $2 }' "$W/rss.txt")
    atN=$(awk -v n="$CYCLES" '$1 == n { print $2 }' "$W/rss.txt")
    echo "iked VmRSS after cycle 10: $at10 kB, after cycle $CYCLES: $atN kB"
    [ -n "$at10" ] && [ -n "$atN" ] && [ $((atN - at10)) -le "$CYCLES_RSS_SLACK_KB" ]
}
tap_check "iked's RSS grows by at most $CYCLES_RSS_SLACK_KB kB from cycle 10 to $CYCLES" rss_flat
tap_diag "iked VmRSS kB by cycle: $(tr '\n' ' ' <"$W/rss.txt"); $(cat "$W/ms-per-cycle.txt") ms per cycle"
charon_pid=$(charon_in bob cat /run/charon.pid 2>/dev/null)
[ -n "$charon_pid" ] && tap_diag "charon VmRSS at the end: $(rss_kb "$charon_pid") kB"
charon_idle() { ! charon_in bob ipsec status | grep 'host-host\['; }
tap_check "charon has no IKE_SA of host-host left" charon_idle
iked_gone() {
    ikectl stop >/dev/null || return 1
    for _ in $(seq 1 50); do
        kill -0 "$iked_pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "iked ($iked_pid) still runs"
    return 1
}
tap_check "ikectl stop: iked exits" iked_gone
tap_check "nothing left in alice or bob" settled_empty
charon_stop bob
lab_down
