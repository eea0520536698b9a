# SPDX-License-Identifier: GPL-2.0-or-later
# iked net-to-net (type=tunnel) through the lab's router, against charon:
#
#   alan 10.1.0.2 -- alice 10.1.0.1 | 192.168.27.128 -- router -- 192.168.28.132 | bob 10.2.0.1 -- blan 10.2.0.2
#
# Each gateway has a LAN behind it (a veth to a namespace alan/blan); the router
# has no route to 10.x, so traffic between the LANs passes only in the tunnel.
#   a) iked (alice) initiates to charon (bob): `ikectl up net-net` exits 0, both
#      sides ESTABLISHED and INSTALLED, TUNNEL; the tunnel SAs' outer addresses
#      are the gateways; ping between the gateways' inner addresses, ping and TCP
#      between the LAN hosts (forwarded by both gateways: the fwd policies) go
#      through ESP, the router sees only ESP; `ikectl down` leaves nothing;
#   after each tunnel is up, `ipxf check` finds nothing wrong in either gateway's
#   SPD and SAD;
#   b) charon (alice) initiates to iked (bob), the same checks; the policies iked
#      installs are those charon installed on the same side in a) and b);
#   c) iked to iked;
#   d) dual stack: leftsubnet=10.1.0.0/24,fd00:1::/64 (and fd00:2::/64 behind bob)
#      through the IPv4 tunnel, iked (alice) to charon (bob): policies only within
#      one family, ping6 between the LAN hosts through ESP.
# IKED_TEST_LOGS=DIR (vmrun --share DIR --env IKED_TEST_LOGS=DIR) keeps the logs.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t61.XXXXXX)
PSK='lab-psk-n2n-8d41a7c3'
CONN=net-net

write_conf() { # DIR PSK [LEFTSUBNET RIGHTSUBNET]
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn $CONN
    keyexchange=ikev2
    authby=secret
    left=$ALICE
    leftsubnet=${3:-10.1.0.0/24}
    right=$BOB
    rightsubnet=${4:-10.2.0.0/24}
    auto=add
CONF
    printf '%s %s : PSK "%s"\n' "$ALICE" "$BOB" "$2" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}

lans_up() { # the LAN behind each gateway: GW_NS LAN_NS GW_ADDR HOST_ADDR GW_ADDR6 HOST_ADDR6
    local gw=$1 lan=$2 gwaddr=$3 host=$4 gw6=$5 host6=$6
    ip netns del "$lan" 2>/dev/null
    ip netns add "$lan" || return 1
    ip -n "$lan" link set lo up
    ip link add lan0 netns "$gw" type veth peer name eth0 netns "$lan" || return 1
    ip -n "$gw" addr add "$gwaddr/24" dev lan0
    ip -n "$lan" addr add "$host/24" dev eth0
    ip -n "$gw" link set lan0 up
    ip -n "$lan" link set eth0 up
    ip -n "$lan" route add default via "$gwaddr"
    ip netns exec "$gw" sysctl -qw net.ipv4.ip_forward=1
    ip -n "$gw" addr add "$gw6/64" dev lan0 nodad
    ip -n "$lan" addr add "$host6/64" dev eth0 nodad
    ip -n "$lan" -6 route add default via "$gw6"
    ip netns exec "$gw" sysctl -qw net.ipv6.conf.all.forwarding=1
}

gw_ping() { # NS SRC DST: busybox ping from the gateway's inner address
    ip netns exec "$1" busybox ping -q -c 3 -W 2 -w 6 -I "$2" "$3"
}

# The router's view while CMD runs: ESP between the gateways, never a 10.x address.
router_sees_only_esp() { # CMD...
    local cap=$W/router.txt
    ip netns exec router tcpdump -l -n -i veth-a >"$cap" 2>/dev/null &
    local dump=$!
    sleep 1
    "$@"
    local rc=$?
    sleep 0.5
    kill "$dump"
    wait "$dump" 2>/dev/null
    [ "$rc" = 0 ] || { echo "the traffic failed ($*)"; return 1; }
    grep -q "ESP" "$cap" || { echo "no ESP on veth-a:"; head -20 "$cap"; return 1; }
    ! grep -q '10\.[12]\.0\.' "$cap" || { echo "inner addresses on veth-a:"; grep '10\.[12]\.0\.' "$cap" | head; return 1; }
    echo "${TAP_PREFIX#"$P0"}router: $(grep -c ESP "$cap") ESP packets, no inner address"
}

lan_traffic() { # ping and TCP from one LAN host to the other, through the gateways
    local from=$1 to=$2 addr=$3 before after gw=$4
    before=$(esp_packets "$gw")
    lab_ping "$from" "$addr" 3 >/dev/null || { echo "ping $addr from $from failed"; return 1; }
    tcp_transfer "$from" "$to" "$addr" || { echo "TCP transfer $from -> $addr failed"; return 1; }
    after=$(esp_packets "$gw")
    [ "$after" -ge $((before + 20)) ] ||
        { echo "ESP packets in $gw: $before -> $after (expected 20 more at least)"; return 1; }
    echo "${TAP_PREFIX#"$P0"}ESP packets in $gw: $before -> $after" | tee -a "$W/esp.txt"
}

tunnel_sas() { # NS: two ESP SAs in tunnel mode, their outer addresses the gateways
    local s
    s=$(ip -n "$1" xfrm state)
    [ "$(printf '%s\n' "$s" | grep -c 'proto esp')" = 2 ] &&
        printf '%s\n' "$s" | grep -q "^src $ALICE dst $BOB" &&
        printf '%s\n' "$s" | grep -q "^src $BOB dst $ALICE" &&
        [ "$(printf '%s\n' "$s" | grep -c 'mode tunnel')" = 2 ] || { echo "$s"; return 1; }
}

# The in, out and fwd policies of a tunnel between the subnets (LOCAL REMOTE).
tunnel_policies() { # NS LOCAL_NET REMOTE_NET
    local p want
    p=$(policy_shape "$1")
    for want in "src $2 dst $3 dir out" "src $3 dst $2 dir in" "src $3 dst $2 dir fwd"; do
        printf '%s\n' "$p" | grep -q "^$want .*mode tunnel" ||
            { echo "no policy '$want' (mode tunnel):"; echo "$p"; return 1; }
    done
}

# The gateway's own traffic to the remote subnet (no -I) takes the tunnel: the
# IKE daemon routes the remote subnet in table 220 from its address in the local
# subnet, as charon does (install_routes).
own_traffic() { # NS LOCAL_ADDR REMOTE_ADDR
    local r
    r=$(ip -n "$1" route show table 220)
    printf '%s\n' "$r" | grep -q "src $2" || { echo "no route with src $2 in table 220: $r"; return 1; }
    ip -n "$1" rule | grep -q 'lookup 220' || { echo "no rule for table 220:"; ip -n "$1" rule; return 1; }
    ip netns exec "$1" busybox ping -q -c 2 -W 2 -w 5 "$3" || return 1
    echo "${TAP_PREFIX#"$P0"}$1 table 220: $r" | tee -a "$W/routes.txt"
}

routes_gone() { # NS: table 220 is empty (both families)
    local r
    r=$(ip -n "$1" route show table 220; ip -n "$1" -6 route show table 220)
    [ -z "$r" ] || { echo "$r"; return 1; }
}

# ipxf check: the SPD and SAD as a whole, no finding (exit 0).
ipxf_check() { # NS
    ip netns exec "$1" "${BUILD_DIR:+$BUILD_DIR/}cmd/ipxf/ipxf" check
}

same_policies() { # FILE_A FILE_B: same policies or SAs (without reqid, SPI, keys)
    diff "$1" "$2" && echo "$(wc -l <"$1") alike"
}

lab_up --router
lans_up alice alan 10.1.0.1 10.1.0.2 fd00:1::1 fd00:1::2
lans_up bob blan 10.2.0.1 10.2.0.2 fd00:2::1 fd00:2::2
P0=$TAP_PREFIX

tap_check_fails "without IPsec the router does not carry 10.1 -> 10.2" gw_ping alice 10.1.0.1 10.2.0.1

# --- a) iked (alice) -> charon (bob) ---
TAP_PREFIX="${P0}a) iked->charon: "
A=$W/a-alice B=$W/a-bob
write_conf "$A" "$PSK"
write_conf "$B" "$PSK"
charon_up bob "$B" "$CONN"
rc=$?
tap_check "charon starts in bob and loads $CONN" cat_rc "$B/charon-start.txt" "$rc"
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "ikectl up says established successfully" \
    grep -q "connection '$CONN' established successfully" "$A/up.txt"
tap_check "ikectl status: ESTABLISHED, INSTALLED, TUNNEL, 10.1.0.0/24 === 10.2.0.0/24" \
    ikectl_status_has "$A" "$CONN\[[0-9]*\]: ESTABLISHED" "$CONN{[0-9]*}: *INSTALLED, TUNNEL" \
    "$CONN{[0-9]*}: *10.1.0.0/24 === 10.2.0.0/24$"
tap_check "charon status: INSTALLED, TUNNEL, 10.2.0.0/24 === 10.1.0.0/24" \
    charon_status_has bob "$CONN" "$CONN\[[0-9]*\]: ESTABLISHED" "$CONN{[0-9]*}: *INSTALLED, TUNNEL" \
    "$CONN{[0-9]*}: *10.2.0.0/24 === 10.1.0.0/24"
tap_check "alice: 2 tunnel-mode ESP SAs between the gateways" tunnel_sas alice
tap_check "alice: in, out and fwd tunnel policies for the subnets" \
    tunnel_policies alice 10.1.0.0/24 10.2.0.0/24
tap_check "ipxf check finds nothing wrong in alice's and bob's tables" \
    eval "ipxf_check alice && ipxf_check bob"
policy_shape alice >"$W/a-alice.pol"
policy_shape bob >"$W/a-bob.pol"
state_shape alice >"$W/a-alice.sa"
state_shape bob >"$W/a-bob.sa"
tap_check "ping 10.2.0.1 from 10.1.0.1 (the gateways)" gw_ping alice 10.1.0.1 10.2.0.1
tap_check "alice's own ping to 10.2.0.1 takes the tunnel (route in table 220)" \
    own_traffic alice 10.1.0.1 10.2.0.1
tap_check "bob's own ping to 10.1.0.1 takes the tunnel (route in table 220)" \
    own_traffic bob 10.2.0.1 10.1.0.1
tap_check "ping and TCP alan -> blan through ESP, the router sees only ESP" \
    router_sees_only_esp lan_traffic alan blan 10.2.0.2 alice
tap_check "ikectl down $CONN exits 0" ikectl "$A" down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "no route left in table 220" eventually eval "routes_gone alice && routes_gone bob"
tap_check "charon (bob) has no IKE_SA left" eventually charon_no_sa bob "$CONN"
tap_check_fails "after down the subnets are apart again" gw_ping alice 10.1.0.1 10.2.0.1
tap_check "ikectl stop: iked exits" iked_stop "$A"
charon_stop bob

# --- b) charon (alice) -> iked (bob) ---
TAP_PREFIX="${P0}b) charon->iked: "
A=$W/b-alice B=$W/b-bob
write_conf "$A" "$PSK"
write_conf "$B" "$PSK"
tap_check "iked starts in bob" iked_start bob "$B"
charon_up alice "$A" "$CONN"
rc=$?
tap_check "charon starts in alice and loads $CONN" cat_rc "$A/charon-start.txt" "$rc"
charon_in alice ipsec up "$CONN" >"$A/up.txt" 2>&1
tap_check "ipsec up $CONN: established successfully" \
    grep -q "connection '$CONN' established successfully" "$A/up.txt"
tap_check "ikectl status (bob): ESTABLISHED, INSTALLED, TUNNEL, 10.2.0.0/24 === 10.1.0.0/24" \
    ikectl_status_has "$B" "$CONN\[[0-9]*\]: ESTABLISHED" "$CONN{[0-9]*}: *INSTALLED, TUNNEL" \
    "$CONN{[0-9]*}: *10.2.0.0/24 === 10.1.0.0/24$"
tap_check "bob: 2 tunnel-mode ESP SAs between the gateways" tunnel_sas bob
tap_check "bob: in, out and fwd tunnel policies for the subnets" \
    tunnel_policies bob 10.2.0.0/24 10.1.0.0/24
tap_check "ipxf check finds nothing wrong in alice's and bob's tables" \
    eval "ipxf_check alice && ipxf_check bob"
policy_shape alice >"$W/b-alice.pol"
policy_shape bob >"$W/b-bob.pol"
state_shape alice >"$W/b-alice.sa"
state_shape bob >"$W/b-bob.sa"
tap_check "iked (alice, a) installed the policies charon (alice, b) did" \
    same_policies "$W/b-alice.pol" "$W/a-alice.pol"
tap_check "iked (bob, b) installed the policies charon (bob, a) did" \
    same_policies "$W/a-bob.pol" "$W/b-bob.pol"
tap_check "iked's SAs (alice, a) look like charon's (alice, b): mode, flags, selector" \
    same_policies "$W/b-alice.sa" "$W/a-alice.sa"
tap_check "iked's SAs (bob, b) look like charon's (bob, a)" \
    same_policies "$W/a-bob.sa" "$W/b-bob.sa"
tap_check "ping 10.1.0.1 from 10.2.0.1 (the gateways)" gw_ping bob 10.2.0.1 10.1.0.1
tap_check "bob's own ping to 10.1.0.1 takes the tunnel (route in table 220)" \
    own_traffic bob 10.2.0.1 10.1.0.1
tap_check "alice's own ping to 10.2.0.1 takes the tunnel (route in table 220)" \
    own_traffic alice 10.1.0.1 10.2.0.1
tap_check "ping and TCP blan -> alan through ESP, the router sees only ESP" \
    router_sees_only_esp lan_traffic blan alan 10.1.0.2 bob
tap_check "ipsec down $CONN" charon_in alice ipsec down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "no route left in table 220" eventually eval "routes_gone alice && routes_gone bob"
tap_check "ikectl status (bob) lists no SA" \
    sh -c "! '$IKECTL' --socket '$B/iked.ctl' status | grep -q ESTABLISHED"
tap_check "ikectl stop: iked exits" iked_stop "$B"
charon_stop alice

# --- c) iked -> iked ---
TAP_PREFIX="${P0}c) iked->iked: "
A=$W/c-alice B=$W/c-bob
write_conf "$A" "$PSK"
write_conf "$B" "$PSK"
tap_check "iked starts in alice and bob" eval "iked_start alice '$A' && iked_start bob '$B'"
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "both: INSTALLED, TUNNEL" eval \
    "ikectl_status_has '$A' '$CONN{[0-9]*}: *INSTALLED, TUNNEL' && ikectl_status_has '$B' '$CONN{[0-9]*}: *INSTALLED, TUNNEL'"
tap_check "ping and TCP alan -> blan through ESP" lan_traffic alan blan 10.2.0.2 alice
tap_check "ikectl down $CONN exits 0" ikectl "$A" down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "ikectl stop on both" eval "iked_stop '$A' && iked_stop '$B'"
tap_check "no rule for table 220 left after stop" \
    sh -c "! ip -n alice rule | grep -q 'lookup 220' && ! ip -n bob rule | grep -q 'lookup 220'"

# --- d) dual stack: IPv4 and IPv6 subnets through the IPv4 tunnel ---
TAP_PREFIX="${P0}d) dual stack: "
A=$W/d-alice B=$W/d-bob
write_conf "$A" "$PSK" 10.1.0.0/24,fd00:1::/64 10.2.0.0/24,fd00:2::/64
write_conf "$B" "$PSK" 10.1.0.0/24,fd00:1::/64 10.2.0.0/24,fd00:2::/64
charon_up bob "$B" "$CONN"
rc=$?
tap_check "charon starts in bob and loads $CONN" cat_rc "$B/charon-start.txt" "$rc"
iked_start alice "$A" >/dev/null
tap_check "ikectl up $CONN exits 0" ikectl_up "$A" "$CONN"
tap_check "ikectl status: 10.1.0.0/24 fd00:1::/64 === 10.2.0.0/24 fd00:2::/64" \
    ikectl_status_has "$A" "$CONN{[0-9]*}: *INSTALLED, TUNNEL" \
    "$CONN{[0-9]*}: *10.1.0.0/24 fd00:1::/64 === 10.2.0.0/24 fd00:2::/64$"
tap_check "charon status: INSTALLED, both families" charon_status_has bob "$CONN" \
    "$CONN{[0-9]*}: *INSTALLED, TUNNEL" "$CONN{[0-9]*}: *10.2.0.0/24 fd00:2::/64 === 10.1.0.0/24 fd00:1::/64"
tap_check "alice: in, out and fwd policies for the IPv4 subnets" \
    tunnel_policies alice 10.1.0.0/24 10.2.0.0/24
tap_check "ipxf check finds nothing wrong in alice's and bob's tables" \
    eval "ipxf_check alice && ipxf_check bob"
tap_check "alice: in, out and fwd policies for the IPv6 subnets" \
    tunnel_policies alice fd00:1::/64 fd00:2::/64
tap_check "alice: 6 policies, none across the families" \
    sh -c "[ \$(ip -n alice xfrm policy | grep -c 'dir \(in\|out\|fwd\)') = 6 ]"
policy_shape alice >"$W/d-alice.pol"
policy_shape bob >"$W/d-bob.pol"
ping6_lan() { # ping6 alan -> blan, and the ESP counters of alice grow
    local before after
    before=$(esp_packets alice)
    ip netns exec alan busybox ping -6 -q -c 3 -W 2 -w 6 fd00:2::2 || return 1
    after=$(esp_packets alice)
    [ "$after" -ge $((before + 6)) ] || { echo "ESP packets in alice: $before -> $after"; return 1; }
    echo "${TAP_PREFIX#"$P0"}ESP packets in alice (ping6): $before -> $after" | tee -a "$W/esp.txt"
}
tap_check "ping6 alan -> blan through ESP" ping6_lan
tap_check "ping and TCP alan -> blan (IPv4) through ESP" lan_traffic alan blan 10.2.0.2 alice
tap_check "ikectl down $CONN exits 0" ikectl "$A" down "$CONN"
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "no route left in table 220" eventually eval "routes_gone alice && routes_gone bob"
tap_check "ikectl stop: iked exits" iked_stop "$A"
charon_stop bob

tap_diag "$(cat "$W/esp.txt" 2>/dev/null)"
tap_diag "$(cat "$W/routes.txt" 2>/dev/null)"
tap_diag "policies of alice in a (iked):" "$(cat "$W/a-alice.pol")"
tap_diag "policies of alice in b (charon):" "$(cat "$W/b-alice.pol")"
tap_diag "policies of bob in a (charon):" "$(cat "$W/a-bob.pol")"
tap_diag "policies of bob in b (iked):" "$(cat "$W/b-bob.pol")"
tap_diag "policies of alice in d (iked):" "$(cat "$W/d-alice.pol")"
tap_diag "policies of bob in d (charon):" "$(cat "$W/d-bob.pol")"
if [ -n "${IKED_TEST_LOGS:-}" ]; then
    mkdir -p "$IKED_TEST_LOGS/t61" && cp -r "$W"/. "$IKED_TEST_LOGS/t61"/ 2>/dev/null
fi
ip netns del alan 2>/dev/null
ip netns del blan 2>/dev/null
lab_down
