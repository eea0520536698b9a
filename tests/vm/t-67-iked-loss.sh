# IKE under LOSS_PCT (20) % packet loss both ways (netem on alice's and bob's
# veth0), iked against strongSwan's charon with the lab's conn host-host:
#   a) iked (alice) initiates with its own retransmission timer (4 s, x1.8):
#      `ikectl up` exits 0, the CHILD_SA (lifetime 30s, margintime 12s) is
#      rekeyed by iked and the old SAs go; ESP still flows;
#   b) LOSS_CYCLES (10) `ipsec up` / `ipsec down` cycles of charon (alice,
#      retransmitting after 0.3 s, x1.15, 10 times) to iked (bob): every up
#      establishes, every down leaves no SA and no policy in either kernel;
#      iked's RSS is reported.
# Retransmissions and the loss seen are TAP diagnostics.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t67.XXXXXX)
PSK='loss-psk-6a0f93e4'
LOSS_PCT=${LOSS_PCT:-20}
LOSS_CYCLES=${LOSS_CYCLES:-10}
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

# --- a) iked (alice) -> charon (bob): up and a CHILD rekey under loss ---
TAP_PREFIX="${P0}a) iked->charon: "
A=$W/a-alice B=$W/a-bob
write_conf "$A" "$(printf '    lifetime=30s\n    margintime=12s\n    rekeyfuzz=0%%')"
write_conf "$B" "    lifetime=60m"
charon_up bob "$B" host-host
rc=$?
tap_check "charon starts in bob" cat_rc "$B/charon-start.txt" "$rc"
iked_start alice "$A" >/dev/null
up_start=$(date +%s)
tap_check "ikectl up host-host exits 0" ikectl_up "$A" host-host
up_secs=$(($(date +%s) - up_start))
both_up() {
    ikectl_status_has "$A" 'host-host{[0-9]*}: *INSTALLED' &&
        charon_status_has bob host-host 'host-host\[[0-9]*\]: ESTABLISHED'
}
tap_check "both: ESTABLISHED and INSTALLED" both_up
rekeyed() { # iked installed a newer CHILD_SA, and the old SAs are gone on both sides
    ikectl "$A" status | grep -Eq 'host-host\{[2-9][0-9]*\}: *INSTALLED' && both_pairs
}
rekey_start=$(date +%s)
tap_check "iked rekeys the CHILD_SA (at 18 s) and the old SAs go, within 70 s" waited 70 rekeyed
rekey_secs=$(($(date +%s) - rekey_start))
tap_check "iked logged the CHILD_SA rekey" grep -q "rekeyed" "$A/iked.log"
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
    "iked: $(grep -c 'retransmit [0-9]* of request' "$A/iked.log") retransmits," \
    "$(grep -c 'received retransmit' "$A/iked.log") retransmitted requests answered;" \
    "charon: $(grep -c 'retransmit [0-9]* of request' "$B/charon.log") retransmits"
loss_off
tap_check "without loss: ikectl down host-host" ikectl "$A" down host-host
tap_check "nothing left in alice and bob" eventually nothing_left alice bob
iked_stop "$A" >/dev/null
charon_stop bob
tap_diag "netem dropped: alice $(netem_drops alice), bob $(netem_drops bob) (before it was removed)"

# --- b) charon (alice) -> iked (bob): up/down cycles under loss ---
TAP_PREFIX="${P0}b) cycles: "
A=$W/b-alice B=$W/b-bob
write_conf "$A"
write_conf "$B"
charon_strongswan_conf "$A/charon.log" "$(printf '    retransmit_timeout = 0.3\n    retransmit_base = 1.15\n    retransmit_tries = 10')" \
    >"$A/strongswan.conf"
loss_on
iked_start bob "$B" >/dev/null
IKED_PID=$(cat "$B/iked.bgpid")
charon_up alice "$A" host-host
rc=$?
tap_check "charon starts in alice (retransmits after 0.3 s)" cat_rc "$A/charon-start.txt" "$rc"
left_in() { echo $(($(sa_count "$1") + $(policy_count "$1"))); }
empty_both() { [ "$(left_in alice)" = 0 ] && [ "$(left_in bob)" = 0 ]; }
cycles() {
    local n up_fail=0 left_fail=0 start
    start=$(date +%s%N)
    for n in $(seq 1 "$LOSS_CYCLES"); do
        charon_in alice ipsec up host-host >"$W/up.txt" 2>&1
        grep -q "established successfully" "$W/up.txt" || {
            up_fail=$((up_fail + 1))
            [ "$up_fail" = 1 ] && { echo "cycle $n: ipsec up failed:"; tail -5 "$W/up.txt"; }
        }
        charon_in alice ipsec down host-host >/dev/null 2>&1
        waited 15 empty_both || {
            left_fail=$((left_fail + 1))
            [ "$left_fail" = 1 ] && echo "cycle $n: left behind: alice $(left_in alice), bob $(left_in bob)"
        }
        [ "$n" = 1 ] && echo "1 $(awk '/^VmRSS:/ { print $2 }' "/proc/$IKED_PID/status")" >"$W/rss.txt"
    done
    echo "$LOSS_CYCLES $(awk '/^VmRSS:/ { print $2 }' "/proc/$IKED_PID/status")" >>"$W/rss.txt"
    echo "$((($(date +%s%N) - start) / LOSS_CYCLES / 1000000))" >"$W/ms-per-cycle.txt"
    echo "ups failed $up_fail, cycles leaving SAs/policies $left_fail"
    [ "$up_fail" = 0 ] && [ "$left_fail" = 0 ]
}
tap_check "$LOSS_CYCLES cycles: every up establishes, every down leaves nothing in either kernel" cycles
tap_diag "$(cat "$W/ms-per-cycle.txt") ms per cycle; iked VmRSS kB at cycle 1 and $LOSS_CYCLES:" \
    "$(awk '{ print $2 }' "$W/rss.txt" | tr '\n' ' ');" \
    "charon: $(grep -c 'retransmit [0-9]* of request' "$A/charon.log") retransmits;" \
    "iked: $(grep -c 'received retransmit' "$B/iked.log") retransmitted requests answered"
tap_diag "netem dropped: alice $(netem_drops alice), bob $(netem_drops bob)"
loss_off
tap_check "iked still runs (pid $IKED_PID)" kill -0 "$IKED_PID"
tap_check "ikectl stop: iked exits" iked_stop "$B"
tap_check "nothing left in alice and bob" eventually nothing_left alice bob
charon_stop alice
lab_down
