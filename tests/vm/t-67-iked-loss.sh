# SPDX-License-Identifier: GPL-2.0-or-later
# IKE under LOSS_PCT (20) % packet loss both ways (netem on alice's and bob's
# veth0), strongSwan's charon (alice, retransmitting after 0.3 s, x1.15, 10
# times, so that the test stays short) with iked (bob), the lab's conn host-host:
#   a) `ipsec up` establishes; charon rekeys the CHILD_SA (lifetime 30s,
#      margintime 12s), iked installs the new one and the old SAs go on both
#      sides; ESP still flows;
#   b) LOSS_CYCLES (6) `ipsec down` / `ipsec up` cycles: every up establishes,
#      every down leaves no SA and no policy in either kernel; iked's RSS grows
#      by at most 512 kB;
#   c) iked initiates (`ikectl up`) with its own retransmission timer (4 s,
#      x1.8): charon ESTABLISHED and INSTALLED.
# Retransmissions and the loss seen are TAP diagnostics.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t67.XXXXXX)
PSK='loss-psk-6a0f93e4'
LOSS_PCT=${LOSS_PCT:-20}
LOSS_CYCLES=${LOSS_CYCLES:-6}
P0=$TAP_PREFIX

write_conf() { # DIR [EXTRA CONN LINES]
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn host-host
    keyexchange=ikev2
    authby=secret
    type=transport
    left=$ALICE
    right=$BOB
    auto=add
${2:-}
CONF
    printf '%s %s : PSK "%s"\n' "$ALICE" "$BOB" "$PSK" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}
loss_on() {
    tc -n alice qdisc add dev veth0 root netem loss "$LOSS_PCT%" &&
        tc -n bob qdisc add dev veth0 root netem loss "$LOSS_PCT%"
}
loss_off() {
    tc -n alice qdisc del dev veth0 root 2>/dev/null
    tc -n bob qdisc del dev veth0 root 2>/dev/null
    return 0
}
netem_drops() { # NS: packets netem dropped on NS's veth0
    tc -n "$1" -s qdisc show dev veth0 | awk '/dropped/ { gsub(/,/, ""); print $7; exit }'
}
esp_sa_pair() { [ "$(ip -n "$1" xfrm state | grep -c 'proto esp')" = 2 ]; }
both_pairs() { esp_sa_pair alice && esp_sa_pair bob; }
waited() { # SECS CMD...: CMD retried every 0.5 s for SECS seconds
    local secs=$1 i
    shift
    for i in $(seq 1 $((secs * 2))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    "$@"
}

lab_up
if ! command -v tc >/dev/null || ! loss_on 2>"$W/tc.txt"; then
    tap_skip "IKE under packet loss" "no tc or no netem qdisc: $(cat "$W/tc.txt" 2>/dev/null)"
    lab_down
    return 0 2>/dev/null || exit 0
fi
tap_check "netem: $LOSS_PCT% loss on alice's and bob's veth0" \
    sh -c "tc -n alice qdisc show dev veth0 | grep -q 'loss $LOSS_PCT%' &&
           tc -n bob qdisc show dev veth0 | grep -q 'loss $LOSS_PCT%'"

# --- a) charon (alice) -> iked (bob): up, and a CHILD rekey ---
TAP_PREFIX="${P0}a) "
A=$W/alice B=$W/bob
write_conf "$A" "$(printf '    lifetime=30s\n    margintime=12s\n    rekeyfuzz=0%%')"
write_conf "$B" "    lifetime=60m"
charon_strongswan_conf "$A/charon.log" "$(printf '    retransmit_timeout = 0.3\n    retransmit_base = 1.15\n    retransmit_tries = 10')" \
    >"$A/strongswan.conf"
iked_start bob "$B" >/dev/null
IKED_PID=$(cat "$B/iked.bgpid")
charon_up alice "$A" host-host
rc=$?
tap_check "charon starts in alice (retransmits after 0.3 s, x1.15, 10 times)" \
    cat_rc "$A/charon-start.txt" "$rc"
up_start=$(date +%s)
charon_in alice ipsec up host-host >"$A/up.txt" 2>&1
up_secs=$(($(date +%s) - up_start))
tap_check "ipsec up host-host: established" \
    grep -q "connection 'host-host' established successfully" "$A/up.txt"
tap_check "ikectl status (bob): ESTABLISHED and INSTALLED" \
    ikectl_status_has "$B" 'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}: *INSTALLED, TRANSPORT'
rekeyed() { # iked installed the newer CHILD_SA, and the old SAs are gone on both sides
    ikectl "$B" status | grep -Eq 'host-host\{[2-9][0-9]*\}: *INSTALLED' && both_pairs
}
rekey_start=$(date +%s)
tap_check "charon rekeys the CHILD_SA (at 18 s), iked installs the new one, the old SAs go (60 s)" \
    waited 60 rekeyed
rekey_secs=$(($(date +%s) - rekey_start))
tap_check "charon logged the CHILD rekey" \
    grep -Eq 'CREATE_CHILD_SA request [0-9]+ \[ N\(REKEY_SA\)' "$A/charon.log"
esp_flows() { # 20 pings, some get through, bob's ESP counters grow
    local before after
    before=$(esp_packets bob)
    ip netns exec alice busybox ping -q -c 20 -i 0.2 -W 1 "$BOB" | tail -2
    after=$(esp_packets bob)
    echo "ESP packets in bob: $before -> $after"
    [ "$after" -gt "$before" ]
}
tap_check "ESP flows through the new CHILD_SA" esp_flows
tap_diag "up in ${up_secs}s, rekey done ${rekey_secs}s after up;" \
    "charon: $(grep -c 'retransmit [0-9]* of request' "$A/charon.log") retransmits;" \
    "iked: $(grep -c 'received retransmit' "$B/iked.log") retransmitted requests answered"

# --- b) up/down cycles, the same daemons ---
TAP_PREFIX="${P0}b) "
left_in() { echo $(($(sa_count "$1") + $(policy_count "$1"))); }
empty_both() { [ "$(left_in alice)" = 0 ] && [ "$(left_in bob)" = 0 ]; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$IKED_PID/status"; }
cycles() {
    local n up_fail=0 left_fail=0 start
    start=$(date +%s%N)
    for n in $(seq 1 "$LOSS_CYCLES"); do
        charon_in alice ipsec down host-host >/dev/null 2>&1
        waited 15 empty_both || {
            left_fail=$((left_fail + 1))
            [ "$left_fail" = 1 ] && echo "cycle $n: left behind: alice $(left_in alice), bob $(left_in bob)"
        }
        [ "$n" = 1 ] && rss_kb >"$W/rss.txt"
        charon_in alice ipsec up host-host >"$W/up.txt" 2>&1
        grep -q "established successfully" "$W/up.txt" || {
            up_fail=$((up_fail + 1))
            [ "$up_fail" = 1 ] && { echo "cycle $n: ipsec up failed:"; tail -5 "$W/up.txt"; }
        }
    done
    charon_in alice ipsec down host-host >/dev/null 2>&1
    waited 15 empty_both || left_fail=$((left_fail + 1))
    rss_kb >>"$W/rss.txt"
    echo "$((($(date +%s%N) - start) / LOSS_CYCLES / 1000000))" >"$W/ms-per-cycle.txt"
    echo "ups failed $up_fail, downs leaving SAs/policies $left_fail"
    [ "$up_fail" = 0 ] && [ "$left_fail" = 0 ]
}
tap_check "$LOSS_CYCLES down/up cycles: every up establishes, every down leaves nothing in either kernel" \
    cycles
rss_flat() {
    local first last
    first=$(head -1 "$W/rss.txt") last=$(tail -1 "$W/rss.txt")
    echo "iked VmRSS after the first down: $first kB, after the last: $last kB"
    [ $((last - first)) -le 512 ]
}
tap_check "iked's RSS grows by at most 512 kB over the cycles" rss_flat
tap_diag "$(cat "$W/ms-per-cycle.txt") ms per cycle; iked VmRSS kB after the first and last down:" \
    "$(tr '\n' ' ' <"$W/rss.txt");" \
    "charon: $(grep -c 'retransmit [0-9]* of request' "$A/charon.log") retransmits in all;" \
    "iked: $(grep -c 'received retransmit' "$B/iked.log") retransmitted requests answered"

# --- c) iked (bob) initiates, with its own retransmission timer ---
TAP_PREFIX="${P0}c) "
up_start=$(date +%s)
tap_check "ikectl up host-host exits 0" ikectl_up "$B" host-host
up_secs=$(($(date +%s) - up_start))
tap_check "charon status: ESTABLISHED and INSTALLED" \
    charon_status_has alice host-host 'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}: *INSTALLED'
tap_diag "ikectl up took ${up_secs}s; iked: $(grep -c 'retransmit [0-9]* of request' "$B/iked.log")" \
    "retransmits in all"
tap_diag "netem dropped: alice $(netem_drops alice), bob $(netem_drops bob) packets"
loss_off
tap_check "without loss: ikectl down host-host" ikectl "$B" down host-host
tap_check "nothing left in alice and bob" eventually nothing_left alice bob
tap_check "iked still runs (pid $IKED_PID)" kill -0 "$IKED_PID"
tap_check "ikectl stop: iked exits" iked_stop "$B"
charon_stop alice
lab_down
