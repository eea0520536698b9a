# SPDX-License-Identifier: GPL-2.0-or-later
# NAT traversal with iked and charon. The router masquerades alice
# (192.168.27.128) behind its outside address 192.168.28.1 (iptables
# MASQUERADE), so bob (192.168.28.132) sees IKE and ESP from 192.168.28.1:
#   a) iked (alice, behind the NAT) initiates to charon (bob, right=%any): both
#      detect the NAT, IKE floats to 4500, both install UDP-encapsulated SAs
#      (espinudp), a ping goes through, the router's outside sees UDP 4500 and
#      no plain ESP, and alice's NAT keepalives (one 0xFF octet) appear on the
#      outside within the 20 s interval;
#   b) charon (alice, behind the NAT) initiates to iked (bob): the same, iked's
#      SAs carry the translated source port;
#   c) forceencaps=yes on iked without a NAT: charon sees a NAT, both ends
#      encapsulate ESP in UDP.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t70.XXXXXX)
PSK='lab-psk-nat-3f6a91d2'
CONN=nat
OUTSIDE=192.168.28.1

write_alice() { # DIR [EXTRA]
    mkdir -p "$1"
    printf 'conn %s\n    keyexchange=ikev2\n    authby=secret\n    type=tunnel\n    left=%s\n    leftsubnet=%s/32\n    leftid=@alice\n    right=%s\n    rightsubnet=%s/32\n    rightid=@bob\n    auto=add\n%s\n' \
        "$CONN" "$ALICE" "$ALICE" "$BOB" "$BOB" "${2:-}" >"$1/ipsec.conf"
    printf '@alice @bob : PSK "%s"\n' "$PSK" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}

write_bob() { # DIR
    mkdir -p "$1"
    printf 'conn %s\n    keyexchange=ikev2\n    authby=secret\n    type=tunnel\n    left=%s\n    leftsubnet=%s/32\n    leftid=@bob\n    right=%%any\n    rightsubnet=%s/32\n    rightid=@alice\n    auto=add\n' \
        "$CONN" "$BOB" "$BOB" "$ALICE" >"$1/ipsec.conf"
    printf '@bob @alice : PSK "%s"\n' "$PSK" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}

nat_up() {
    ip netns exec router iptables-legacy -t nat -A POSTROUTING -o veth-b -j MASQUERADE
}

# The tunnel's inner addresses are the hosts' own (alice's private one):
# bob routes replies for it into the tunnel by policy.
# Two SAs with UDP encapsulation; the one from the peer has source port SPORT.
encap_sas() { # NS PEER_PORT_PATTERN
    local s
    s=$(ip -n "$1" xfrm state)
    [ "$(printf '%s\n' "$s" | grep -c 'encap type espinudp')" = 2 ] || { echo "$s"; return 1; }
    printf '%s\n' "$s" | grep -Eq "encap type espinudp sport $2 dport 4500" || { echo "$s"; return 1; }
    printf '%s\n' "$s" | grep 'encap type' | sed "s/^/${TAP_PREFIX#"$P0"}$1: /"
}

# Ping alice -> bob through the tunnel while the router's outside is captured:
# UDP 4500 there, no ESP (IP protocol 50).
ping_through_nat() {
    local cap=$W/outside.txt
    ip netns exec router tcpdump -l -n -i veth-b >"$cap" 2>/dev/null &
    local dump=$!
    sleep 1
    lab_ping alice "$BOB" 3 >/dev/null
    local rc=$?
    sleep 0.5
    kill "$dump"
    wait "$dump" 2>/dev/null
    [ "$rc" = 0 ] || { echo "ping failed"; return 1; }
    grep -q "$OUTSIDE.[0-9]* > $BOB.4500: UDP-encap" "$cap" ||
        grep -q "$OUTSIDE.[0-9]* > $BOB.4500:" "$cap" || { echo "no UDP 4500 from $OUTSIDE:"; head "$cap"; return 1; }
    ! grep -v "UDP-encap" "$cap" | grep -q ": ESP(" ||
        { echo "plain ESP on the outside:"; grep -v "UDP-encap" "$cap" | grep ": ESP(" | head -3; return 1; }
    echo "${TAP_PREFIX#"$P0"}outside: $(grep -c '4500' "$cap") packets on UDP 4500, none plain ESP"
}

# A NAT keepalive (UDP payload of one octet) from the NATed side within 25 s.
keepalive_seen() {
    local cap=$W/keepalive.txt
    timeout 25 ip netns exec router tcpdump -l -n -c 1 -i veth-b \
        "src host $OUTSIDE and udp dst port 4500 and udp[4:2] = 9" >"$cap" 2>/dev/null
    grep -q "$OUTSIDE" "$cap" || { echo "no keepalive in 25 s"; return 1; }
    echo "${TAP_PREFIX#"$P0"}$(head -1 "$cap")"
}

lab_up --router
P0=$TAP_PREFIX
tap_check "the router masquerades alice behind $OUTSIDE" nat_up

# --- a) iked behind the NAT -> charon ---
TAP_PREFIX="${P0}a) iked(NAT)->charon: "
A=$W/a-alice B=$W/a-bob
write_alice "$A"
write_bob "$B"
charon_up bob "$B" "$CONN"
rc=$?
tap_check "charon starts in bob" cat_rc "$B/charon-start.txt" "$rc"
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "iked logged: local host is behind NAT" grep -q "local host is behind NAT" "$A/iked.log"
tap_check "alice: espinudp SAs, 4500 both ways" encap_sas alice 4500
tap_check "bob (charon): espinudp SAs, the peer's translated port" encap_sas bob '[0-9]+'
tap_check "ping alice -> bob: UDP 4500 on the outside, no plain ESP" ping_through_nat
tap_check "alice's NAT keepalive on the outside within 25 s" keepalive_seen
tap_check "ikectl down exits 0" ikectl "$A" down "$CONN"
tap_check "nothing left after down" eventually nothing_left alice bob
iked_stop "$A" >/dev/null
charon_stop bob
ip netns exec router conntrack -F >/dev/null 2>&1

# --- b) charon behind the NAT -> iked ---
TAP_PREFIX="${P0}b) charon(NAT)->iked: "
A=$W/b-alice B=$W/b-bob
write_alice "$A"
write_bob "$B"
tap_check "iked starts in bob" iked_start bob "$B"
charon_up alice "$A" "$CONN"
rc=$?
tap_check "charon starts in alice" cat_rc "$A/charon-start.txt" "$rc"
charon_in alice ipsec up "$CONN" >"$A/up.txt" 2>&1
tap_check "ipsec up $CONN: established successfully" \
    grep -q "connection '$CONN' established successfully" "$A/up.txt"
tap_check "iked logged: remote host is behind NAT" grep -q "remote host is behind NAT" "$B/iked.log"
tap_check "bob (iked): espinudp SAs, the peer's translated port" encap_sas bob '[0-9]+'
tap_check "alice (charon): espinudp SAs, 4500 both ways" encap_sas alice 4500
tap_check "ping alice -> bob: UDP 4500 on the outside, no plain ESP" ping_through_nat
charon_in alice ipsec down "$CONN" >/dev/null 2>&1
tap_check "nothing left after down" eventually nothing_left alice bob
tap_check "ikectl stop: iked exits" iked_stop "$B"
charon_stop alice
lab_down

# --- c) forceencaps=yes without a NAT ---
lab_up
TAP_PREFIX="${P0}c) forceencaps: "
A=$W/c-alice B=$W/c-bob
write_alice "$A" "    forceencaps=yes"
write_bob "$B"
charon_up bob "$B" "$CONN"
rc=$?
tap_check "charon starts in bob" cat_rc "$B/charon-start.txt" "$rc"
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "iked logged: faking NAT situation" grep -q "faking NAT situation" "$A/iked.log"
tap_check "alice: espinudp SAs" encap_sas alice 4500
tap_check "bob (charon): espinudp SAs" encap_sas bob 4500
tap_check "ping alice -> bob through the tunnel" lab_ping alice "$BOB" 3
tap_check "ikectl down exits 0" ikectl "$A" down "$CONN"
iked_stop "$A" >/dev/null
charon_stop bob
lab_down
