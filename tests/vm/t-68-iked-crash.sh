# SPDX-License-Identifier: GPL-2.0-or-later
# iked killed with SIGKILL in the middle of a tunnel (iked in alice, charon in
# bob, the lab's conn host-host): its SAs and policies stay in alice's kernel;
# the next iked, started on the same control socket directory, removes them
# (its kernel journal), and `ikectl up` brings the tunnel back: pings go
# through ESP again, the SA counters grow, and `ikectl stop` leaves nothing.
# Before the journal the restarted iked's installs failed with EEXIST.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t68.XXXXXX)
PSK='crash-psk-5e81b0d4'

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
A=$W/alice

lab_up
charon_up bob "$W/bob" host-host
tap_check "charon starts in bob" cat_rc "$W/bob/charon-start.txt" $?
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl up host-host" ikectl_up "$A" host-host
ping_through() { # 4 pings, all answered, and the ESP counters grow
    local before after
    before=$(esp_packets alice)
    ip netns exec alice busybox ping -c 4 -W 1 "$BOB" >/dev/null || return 1
    after=$(esp_packets alice)
    echo "ESP packets in alice: $before -> $after"
    [ "$after" -ge $((before + 8)) ]
}
tap_check "ping through ESP" ping_through

kill -9 "$(cat "$A/iked.bgpid")"
sleep 0.5
left_after_kill() {
    echo "after kill -9: $(sa_count alice) SAs, $(policy_count alice) policies in alice"
    [ "$(sa_count alice)" -ge 2 ] && [ "$(policy_count alice)" -ge 2 ]
}
tap_check "after kill -9 iked's SAs and policies are still in alice" left_after_kill
tap_check "a new iked starts in alice" iked_start alice "$A"
tap_check "it removed what the killed one left" \
    grep -q "SAs, .* policies and 0 routes an earlier iked left in the kernel" "$A/iked.log"
cleaned() { [ "$(sa_count alice)" = 0 ] && [ "$(policy_count alice)" = 0 ]; }
tap_check "nothing of the old tunnel in alice" cleaned
tap_check "ikectl up host-host again" ikectl_up "$A" host-host
tap_check "ping through the new ESP SAs" ping_through
one_sa_in_charon() { # INITIAL_CONTACT made charon drop the old IKE_SA
    local n
    n=$(charon_in bob ipsec status host-host | grep -c 'host-host\[[0-9]*\]: ESTABLISHED')
    echo "charon has $n IKE_SA(s) of host-host"
    [ "$n" = 1 ]
}
tap_check "charon keeps one IKE_SA (the new one)" eventually one_sa_in_charon
tap_check "ikectl stop" iked_stop "$A"
tap_check "nothing left in alice" nothing_left alice
tap_check "the journal is empty" test ! -s "$A/iked.kernel"
charon_stop bob
lab_down
