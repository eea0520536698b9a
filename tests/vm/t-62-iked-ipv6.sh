# SPDX-License-Identifier: GPL-2.0-or-later
# iked over IPv6: conn host-host6 (transport, PSK, IKEv2) between alice
# fd00:27::128 and bob fd00:27::132 on the lab's veth, IKE over UDP/IPv6:
#   a) iked (alice) initiates to charon (bob): both sides ESTABLISHED and
#      INSTALLED with the v6 addresses, ping6 goes through ESP (both sides'
#      counters grow), the policies are those charon installs, `ikectl down`
#      leaves nothing;
#   b) charon (alice) initiates to iked (bob), the same checks;
#   c) iked to iked;
#   d) IPv4 subnets through an IPv6 tunnel: conn net6 left=fd00:27::128
#      leftsubnet=10.1.0.0/24 (a dummy interface) right=fd00:27::132
#      rightsubnet=10.2.0.0/24, iked (alice) to charon (bob): tunnel SAs between
#      the v6 addresses, ping 10.1.0.1 -> 10.2.0.1 through ESP (the lab has no
#      other route to 10.2.0.0/24 than iked's in table 220); iked (lifetime 30s)
#      rekeys the tunnel CHILD_SA while pings go on, the route stays.
# IKED_TEST_LOGS=DIR (vmrun --share DIR --env IKED_TEST_LOGS=DIR) keeps the logs.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t62.XXXXXX)
PSK='lab-psk-v6-31c9e07b'
CONN=host-host6
ALICE6=fd00:27::128
BOB6=fd00:27::132

write_conf() { # DIR
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn $CONN
    keyexchange=ikev2
    authby=secret
    type=transport
    left=$ALICE6
    right=$BOB6
    auto=add
CONF
    printf '%s %s : PSK "%s"\n' "$ALICE6" "$BOB6" "$PSK" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}

ping6() { # NS DST: 5 pings, some of 1200 bytes
    ip netns exec "$1" busybox ping -6 -q -c 3 -W 2 -w 6 "$2" &&
        ip netns exec "$1" busybox ping -6 -q -c 2 -s 1200 -W 2 -w 5 "$2"
}

# Both sides' ESP SAs count the pings from NS to DST.
ping6_through_esp() { # NS DST
    local a0 b0 a1 b1
    a0=$(esp_packets alice) b0=$(esp_packets bob)
    ping6 "$1" "$2" || { echo "ping6 $2 from $1 failed"; return 1; }
    a1=$(esp_packets alice) b1=$(esp_packets bob)
    [ "$a1" -ge $((a0 + 10)) ] && [ "$b1" -ge $((b0 + 10)) ] ||
        { echo "ESP packets: alice $a0 -> $a1, bob $b0 -> $b1 (expected 10 more at least)"; return 1; }
    echo "${TAP_PREFIX#"$P0"}ESP packets: alice $a0 -> $a1, bob $b0 -> $b1" | tee -a "$W/esp.txt"
}

v6_sas() { # NS: 2 transport-mode ESP SAs between the v6 addresses
    local s
    s=$(ip -n "$1" xfrm state)
    if [ "$(printf '%s\n' "$s" | grep -c 'proto esp')" = 2 ] &&
        printf '%s\n' "$s" | grep -q "^src $ALICE6 dst $BOB6" &&
        printf '%s\n' "$s" | grep -q "^src $BOB6 dst $ALICE6" &&
        [ "$(printf '%s\n' "$s" | grep -c 'mode transport')" = 2 ]; then
        return 0
    fi
    echo "$s"
    return 1
}

same_policies() { # FILE_A FILE_B: same policies or SAs (without reqid, SPI, keys)
    diff "$1" "$2" && echo "$(wc -l <"$1") alike"
}

lab_up
ip -n alice addr add "$ALICE6/64" dev veth0 nodad
ip -n bob addr add "$BOB6/64" dev veth0 nodad
P0=$TAP_PREFIX
tap_check "clear ping6 before IPsec" ping6 alice "$BOB6"

# --- a) iked (alice) -> charon (bob) ---
TAP_PREFIX="${P0}a) iked->charon: "
A=$W/a-alice B=$W/a-bob
write_conf "$A"
write_conf "$B"
charon_up bob "$B" "$CONN"
rc=$?
tap_check "charon starts in bob and loads $CONN" cat_rc "$B/charon-start.txt" "$rc"
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "ikectl up says established successfully" \
    grep -q "connection '$CONN' established successfully" "$A/up.txt"
tap_check "ikectl status: ESTABLISHED with the v6 addresses, INSTALLED, TRANSPORT" \
    ikectl_status_has "$A" "$CONN\[[0-9]*\]: ESTABLISHED .*$ALICE6\[$ALICE6\]\.\.\.$BOB6\[$BOB6\]" \
    "$CONN{[0-9]*}: *INSTALLED, TRANSPORT" "$CONN{[0-9]*}: *$ALICE6/128 === $BOB6/128$"
tap_check "charon status: ESTABLISHED, INSTALLED, TRANSPORT" \
    charon_status_has bob "$CONN" "$CONN\[[0-9]*\]: ESTABLISHED" "$CONN{[0-9]*}: *INSTALLED, TRANSPORT" \
    "$CONN{[0-9]*}: *$BOB6/128 === $ALICE6/128"
tap_check "alice: 2 transport ESP SAs between the v6 addresses" v6_sas alice
policy_shape alice >"$W/a-alice.pol"
policy_shape bob >"$W/a-bob.pol"
state_shape alice >"$W/a-alice.sa"
state_shape bob >"$W/a-bob.sa"
tap_check "ping6 through ESP" ping6_through_esp alice "$BOB6"
tap_check "ikectl down $CONN exits 0" ikectl "$A" down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "charon (bob) has no IKE_SA left" eventually charon_no_sa bob "$CONN"
tap_check "ikectl stop: iked exits" iked_stop "$A"
charon_stop bob

# --- b) charon (alice) -> iked (bob) ---
TAP_PREFIX="${P0}b) charon->iked: "
A=$W/b-alice B=$W/b-bob
write_conf "$A"
write_conf "$B"
tap_check "iked starts in bob" iked_start bob "$B"
charon_up alice "$A" "$CONN"
rc=$?
tap_check "charon starts in alice and loads $CONN" cat_rc "$A/charon-start.txt" "$rc"
charon_in alice ipsec up "$CONN" >"$A/up.txt" 2>&1
tap_check "ipsec up $CONN: established successfully" \
    grep -q "connection '$CONN' established successfully" "$A/up.txt"
tap_check "ikectl status (bob): ESTABLISHED, INSTALLED, TRANSPORT" \
    ikectl_status_has "$B" "$CONN\[[0-9]*\]: ESTABLISHED .*$BOB6\[$BOB6\]\.\.\.$ALICE6\[$ALICE6\]" \
    "$CONN{[0-9]*}: *INSTALLED, TRANSPORT" "$CONN{[0-9]*}: *$BOB6/128 === $ALICE6/128$"
tap_check "bob: 2 transport ESP SAs between the v6 addresses" v6_sas bob
policy_shape alice >"$W/b-alice.pol"
policy_shape bob >"$W/b-bob.pol"
state_shape alice >"$W/b-alice.sa"
state_shape bob >"$W/b-bob.sa"
tap_check "iked (alice, a) installed the policies charon (alice, b) did" \
    same_policies "$W/b-alice.pol" "$W/a-alice.pol"
tap_check "iked (bob, b) installed the policies charon (bob, a) did" \
    same_policies "$W/a-bob.pol" "$W/b-bob.pol"
tap_check "iked's SAs (alice, a) look like charon's (alice, b)" \
    same_policies "$W/b-alice.sa" "$W/a-alice.sa"
tap_check "iked's SAs (bob, b) look like charon's (bob, a)" \
    same_policies "$W/a-bob.sa" "$W/b-bob.sa"
tap_check "ping6 through ESP" ping6_through_esp bob "$ALICE6"
tap_check "ipsec down $CONN" charon_in alice ipsec down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "ikectl status (bob) lists no SA" \
    sh -c "! '$IKECTL' --socket '$B/iked.ctl' status | grep -q ESTABLISHED"
tap_check "ikectl stop: iked exits" iked_stop "$B"
charon_stop alice

# --- c) iked -> iked ---
TAP_PREFIX="${P0}c) iked->iked: "
A=$W/c-alice B=$W/c-bob
write_conf "$A"
write_conf "$B"
tap_check "iked starts in alice and bob" eval "iked_start alice '$A' && iked_start bob '$B'"
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "both: INSTALLED, TRANSPORT" eval \
    "ikectl_status_has '$A' '$CONN{[0-9]*}: *INSTALLED, TRANSPORT' && ikectl_status_has '$B' '$CONN{[0-9]*}: *INSTALLED, TRANSPORT'"
tap_check "ping6 through ESP" ping6_through_esp alice "$BOB6"
tap_check "ikectl down $CONN exits 0" ikectl "$A" down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "ikectl stop on both" eval "iked_stop '$A' && iked_stop '$B'"

# --- d) IPv4 subnets through an IPv6 tunnel ---
TAP_PREFIX="${P0}d) v4 in v6 tunnel: "
A=$W/d-alice B=$W/d-bob
write_net6() { # DIR [EXTRA CONN LINES]
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn net6
    keyexchange=ikev2
    authby=secret
    left=$ALICE6
    leftsubnet=10.1.0.0/24
    right=$BOB6
    rightsubnet=10.2.0.0/24
    auto=add
${2:-}
CONF
    printf '%s %s : PSK "%s"\n' "$ALICE6" "$BOB6" "$PSK" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}
write_net6 "$A" "$(printf '    lifetime=30s\n    margintime=12s')"
write_net6 "$B" "$(printf '    lifetime=60s\n    margintime=10s')"
ip -n alice link add lan0 type dummy && ip -n alice addr add 10.1.0.1/24 dev lan0 &&
    ip -n alice link set lan0 up
ip -n bob link add lan0 type dummy && ip -n bob addr add 10.2.0.1/24 dev lan0 &&
    ip -n bob link set lan0 up
v4_ping() { ip netns exec alice busybox ping -q -c 3 -W 2 -w 6 -I 10.1.0.1 10.2.0.1; }
tap_check_fails "without the tunnel 10.2.0.1 is unreachable from 10.1.0.1" v4_ping
charon_up bob "$B" net6
rc=$?
tap_check "charon starts in bob and loads net6" cat_rc "$B/charon-start.txt" "$rc"
iked_start alice "$A" >/dev/null
tap_check "ikectl up net6 exits 0" ikectl_up "$A" net6
tap_check "ikectl status: INSTALLED, TUNNEL, 10.1.0.0/24 === 10.2.0.0/24" \
    ikectl_status_has "$A" "net6{[0-9]*}: *INSTALLED, TUNNEL" "net6{[0-9]*}: *10.1.0.0/24 === 10.2.0.0/24$"
tap_check "charon status: INSTALLED, TUNNEL" \
    charon_status_has bob net6 "net6{[0-9]*}: *INSTALLED, TUNNEL" "net6{[0-9]*}: *10.2.0.0/24 === 10.1.0.0/24"
v6_tunnel_sas() {
    local s
    s=$(ip -n alice xfrm state)
    printf '%s\n' "$s" | grep -q "^src $ALICE6 dst $BOB6" && printf '%s\n' "$s" | grep -q "^src $BOB6 dst $ALICE6" &&
        [ "$(printf '%s\n' "$s" | grep -c 'mode tunnel')" = 2 ] && return 0
    echo "$s"
    return 1
}
tap_check "alice: 2 tunnel SAs between the v6 addresses" v6_tunnel_sas
v4_through_esp() {
    local before after
    before=$(esp_packets alice)
    v4_ping || return 1
    after=$(esp_packets alice)
    [ "$after" -ge $((before + 6)) ] || { echo "ESP packets in alice: $before -> $after"; return 1; }
    echo "${TAP_PREFIX#"$P0"}ESP packets in alice: $before -> $after; table 220: $(ip -n alice route show table 220)" |
        tee -a "$W/esp.txt"
}
tap_check "ping 10.1.0.1 -> 10.2.0.1 through ESP" v4_through_esp
rekey_pinger() { # 50 pings over 25 s through iked's rekey at 18 s; at most 2 lost
    local out
    out=$(ip netns exec alice busybox ping -c 50 -i 0.5 -W 1 -I 10.1.0.1 10.2.0.1)
    printf '%s\n' "$out" | tail -2
    printf '%s\n' "$out" | grep -Eq '50 packets transmitted, (4[89]|50) packets received'
}
tap_check "pings go on through the rekey of the tunnel (<= 2 of 50 lost)" rekey_pinger
tap_check "iked logged the CHILD_SA rekey" grep -q "rekeyed" "$A/iked.log"
tap_check "ikectl status: a newer CHILD_SA is INSTALLED" \
    ikectl_status_has "$A" "net6{[2-9][0-9]*}: *INSTALLED, TUNNEL"
tap_check "the route in table 220 stays after the rekey" \
    sh -c "ip -n alice route show table 220 | grep -q '^10.2.0.0/24 .*src 10.1.0.1'"
tap_check "the old SAs are gone: 2 ESP SAs in alice" \
    eventually sh -c "[ \$(ip -n alice xfrm state | grep -c 'proto esp') = 2 ]"
tap_check "ikectl down net6 exits 0" ikectl "$A" down net6
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "no route left in alice's table 220" sh -c "[ -z \"\$(ip -n alice route show table 220)\" ]"
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "no rule for table 220 left in alice after stop" sh -c "! ip -n alice rule | grep -q 'lookup 220'"
charon_stop bob

tap_diag "$(cat "$W/esp.txt" 2>/dev/null)"
tap_diag "policies of alice in a (iked):" "$(cat "$W/a-alice.pol")"
tap_diag "policies of bob in b (iked):" "$(cat "$W/b-bob.pol")"
if [ -n "${IKED_TEST_LOGS:-}" ]; then
    mkdir -p "$IKED_TEST_LOGS/t62" && cp -r "$W"/. "$IKED_TEST_LOGS/t62"/ 2>/dev/null
fi
lab_down
