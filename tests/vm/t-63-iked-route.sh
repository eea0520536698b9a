# SPDX-License-Identifier: GPL-2.0-or-later
# iked's auto=route with the seed lab's host-host conn (transport, PSK):
#   a) iked (alice, auto=route) and charon (bob, auto=add): trap policies
#      and no SA after start, ROUTED in `ikectl status`; a ping from alice
#      makes the kernel send an ACQUIRE and iked negotiate (once); then
#      traffic goes through ESP with the trap's reqid; `ikectl down` keeps the
#      trap, the next ping brings the SAs back; `ikectl stop` leaves nothing;
#   b) `ikectl route`/`unroute` on an auto=add conn, and `ikectl reload`
#      replacing a changed conn (auto=add -> auto=route) and dropping a
#      removed one;
#   c) closeaction=restart and closeaction=hold in iked (alice) when charon
#      (bob) deletes the IKE_SA with `ipsec down`.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
# iked_start/stop, ikectl, nothing_left, eventually, tcp_transfer...; the
# helpers defined below with other arguments replace the library's here
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t63.XXXXXX)
PSK='lab-psk-5f2c1e0a9b7d'

write_conf() { # DIR LEFT RIGHT AUTO [EXTRA CONN LINES]
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn host-host
    keyexchange=ikev2
    authby=secret
    type=transport
    left=$2
    right=$3
    auto=$4
${5:-}
CONF
    printf '%s %s : PSK "%s"\n' "$2" "$3" "$PSK" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}




cat_rc() { cat "$1"; return "$2"; }
ikectl_status_has() { # DIR PATTERN...
    local d=$1 s p
    shift
    s=$(ikectl "$d" status) || return 1
    for p in "$@"; do
        printf '%s\n' "$s" | grep -q "$p" || { echo "no '$p' in:"; printf '%s\n' "$s"; return 1; }
    done
}
ikectl_status_lacks() { # DIR PATTERN
    local s
    s=$(ikectl "$1" statusall) || return 1
    ! printf '%s\n' "$s" | grep -q "$2" || { echo "'$2' in:"; printf '%s\n' "$s"; return 1; }
}
charon_up() { # NS DIR
    charon_start "$1" "$2" >"$2/charon-start.txt" 2>&1 && charon_wait_conn "$1" host-host \
        >>"$2/charon-start.txt" 2>&1
}
charon_no_sa() { ! charon_in "$1" ipsec status host-host | grep -q 'host-host\['; }
# The trap: NS has exactly 2 policies (out and in), both with an ESP template
# of reqid REQID, and no SA.
trap_only() { # NS REQID
    local p
    p=$(ip -n "$1" xfrm policy)
    [ "$(sa_count "$1")" = 0 ] && [ "$(policy_count "$1")" = 2 ] &&
        [ "$(printf '%s\n' "$p" | grep -c "proto esp reqid $2 mode transport")" = 2 ] || {
        echo "expected only the trap policies (reqid $2) in $1:"
        ip -n "$1" xfrm state
        printf '%s\n' "$p"
        return 1
    }
}
# The ESP SAs of NS carry REQID, and there are 2.
sas_with_reqid() { # NS REQID
    [ "$(ip -n "$1" xfrm state | grep -c "proto esp spi .* reqid $2 mode transport")" = 2 ] || {
        ip -n "$1" xfrm state
        return 1
    }
}
# PINGS pings with 0.5 s between them; at least MIN answered.
pings_answered() { # NS DST PINGS MIN
    local out got
    out=$(ip netns exec "$1" busybox ping -c "$3" -i 0.5 -W 1 "$2" 2>&1)
    printf '%s\n' "$out" | tail -2
    got=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')
    printf '%s%s\n' "${TAP_PREFIX#"$P0"}" "$(printf '%s\n' "$out" | grep 'packets received')" >>"$W/pings.txt"
    [ "${got:-0}" -ge "$4" ]
}
count_in_log() { # FILE PATTERN EXPECTED
    local n
    n=$(grep -c "$2" "$1")
    [ "$n" = "$3" ] || { echo "'$2' $n times in $1, expected $3"; return 1; }
}

lab_up

# --- a) iked (alice, auto=route) with charon (bob, auto=add) ---
P0=$TAP_PREFIX
TAP_PREFIX="${P0}a) route: "
A=$W/a-alice B=$W/a-bob
write_conf "$A" "$ALICE" "$BOB" route
write_conf "$B" "$ALICE" "$BOB" add
charon_up bob "$B"
rc=$?
tap_check "charon starts in bob and loads host-host" cat_rc "$B/charon-start.txt" "$rc"
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl status: Routed Connections with host-host ROUTED, TRANSPORT, reqid 1" \
    ikectl_status_has "$A" '^Routed Connections:' \
    '^   host-host{1}:  ROUTED, TRANSPORT, reqid 1$' \
    "^   host-host{1}:   $ALICE/32 === $BOB/32\$"
tap_check "alice: trap policies in and out with reqid 1, no SA" trap_only alice 1
tap_check "nothing negotiated before traffic (charon has no IKE_SA)" charon_no_sa bob
tap_check "no IKE_SA in iked before traffic" ikectl_status_lacks "$A" 'host-host\['

tap_check "pings from alice: the ACQUIRE brings it up, at least 4 of 10 answered" \
    pings_answered alice "$BOB" 10 4
tap_check "iked logged the acquire for the trap's reqid" grep -q "acquire for .*reqid {1}" "$A/iked.log"
tap_check "one IKE_SA initiated for all the pings" count_in_log "$A/iked.log" "initiating IKE_SA" 1
tap_check "ikectl status: ROUTED and INSTALLED" \
    ikectl_status_has "$A" 'host-host{1}:  ROUTED, TRANSPORT, reqid 1' \
    'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}:  INSTALLED, TRANSPORT, reqid 1'
charon_status_has() { # NS PATTERN...
    local ns=$1 s p
    shift
    s=$(charon_in "$ns" ipsec status host-host) || return 1
    for p in "$@"; do
        printf '%s\n' "$s" | grep -q "$p" || { echo "no '$p' in:"; printf '%s\n' "$s"; return 1; }
    done
}
tap_check "charon status: ESTABLISHED and INSTALLED" \
    charon_status_has bob 'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}: *INSTALLED, TRANSPORT'
sas_and_trap() { sas_with_reqid "$1" "$2" && [ "$(policy_count "$1")" = 2 ]; }
tap_check "alice: 2 ESP SAs with reqid 1, the trap's 2 policies, no others" sas_and_trap alice 1
before=$(esp_packets alice)
tap_check "ping through ESP" lab_ping alice "$BOB" 5
after=$(esp_packets alice)
tap_check "ESP packet counters of alice grow ($before -> $after)" \
    test "$after" -ge $((before + 10))
tap_check "ikectl down host-host exits 0" ikectl "$A" down host-host
tap_check "after down: the trap stays (policies, no SA)" eventually trap_only alice 1
routed_no_sa() { ikectl_status_has "$1" 'ROUTED, TRANSPORT, reqid 1' && ikectl_status_lacks "$1" ESTABLISHED; }
tap_check "after down: still ROUTED, no IKE_SA" routed_no_sa "$A"
tap_check "charon (bob) has no IKE_SA left" eventually charon_no_sa bob
tap_check "pings again: a new negotiation, at least 4 of 10 answered" \
    pings_answered alice "$BOB" 10 4
tap_check "two IKE_SAs initiated in all" count_in_log "$A/iked.log" "initiating IKE_SA" 2
tap_check "again 2 ESP SAs with reqid 1" sas_with_reqid alice 1
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "nothing left after stop (SAs, trap policies; charon's SAs too)" \
    eventually nothing_left alice bob
charon_stop bob

# --- b) ikectl route/unroute, reload ---
TAP_PREFIX="${P0}b) verbs: "
A=$W/b-alice
write_conf "$A" "$ALICE" "$BOB" add
tap_check "iked starts in alice (auto=add)" iked_start alice "$A"
tap_check "no policy with auto=add" nothing_left alice
tap_check "ikectl route host-host" ikectl "$A" route host-host
tap_check "trap policies with reqid 1 installed" trap_only alice 1
tap_check "ikectl status: ROUTED" ikectl_status_has "$A" 'host-host{[0-9]*}:  ROUTED, TRANSPORT'
tap_check_fails "ikectl route host-host again fails" ikectl "$A" route host-host
tap_check "ikectl unroute host-host" ikectl "$A" unroute host-host
tap_check "the trap policies are gone" nothing_left alice
tap_check "ikectl status: no Routed Connections" ikectl_status_lacks "$A" 'Routed Connections'
tap_check_fails "ikectl unroute of a conn not routed fails" ikectl "$A" unroute host-host
tap_check_fails "ikectl route of an unknown conn fails" ikectl "$A" route nope
write_conf "$A" "$ALICE" "$BOB" route
tap_check "ikectl reload after auto=add -> auto=route" ikectl "$A" reload
tap_check "reload replaced the conn: it is routed" eventually trap_only alice 1
tap_check "iked logged the replacement" grep -q "conn 'host-host' changed: replaced" "$A/iked.log"
printf 'conn other\n    right=%s\n    left=%s\n    authby=secret\n    auto=add\n' \
    "$BOB" "$ALICE" >"$A/ipsec.conf"
tap_check "ikectl reload without host-host" ikectl "$A" reload
tap_check "reload dropped host-host: trap removed" eventually nothing_left alice
only_other() { ikectl_status_lacks "$1" host-host && ikectl "$1" statusall | grep -q '^ *other:'; }
tap_check "statusall lists conn other, not host-host" only_other "$A"
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "nothing left after stop" nothing_left alice

# --- c) closeaction when charon deletes the IKE_SA ---
TAP_PREFIX="${P0}c) closeaction: "
A=$W/c-alice B=$W/c-bob
write_conf "$A" "$ALICE" "$BOB" add "    closeaction=restart"
write_conf "$B" "$ALICE" "$BOB" add
charon_up bob "$B"
iked_start alice "$A" >/dev/null
tap_check "ikectl up host-host exits 0" ikectl "$A" up host-host
tap_check "charon (bob): ipsec down host-host" charon_in bob ipsec down host-host
tap_check "restart: iked brings up a new IKE_SA host-host[2]" \
    eventually ikectl_status_has "$A" 'host-host\[2\]: ESTABLISHED' 'INSTALLED, TRANSPORT'
tap_check "restart: iked logged closeaction=restart" grep -q "closeaction=restart" "$A/iked.log"
tap_check "restart: ping through ESP" lab_ping alice "$BOB" 3
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "nothing left after stop" eventually nothing_left alice bob
write_conf "$A" "$ALICE" "$BOB" add "    closeaction=hold"
iked_start alice "$A" >/dev/null
tap_check "hold: ikectl up host-host exits 0" ikectl "$A" up host-host
tap_check "hold: charon (bob): ipsec down host-host" charon_in bob ipsec down host-host
tap_check "hold: iked routes host-host (trap policies, no SA)" \
    eventually sh -c "ip -n alice xfrm policy | grep -q 'proto esp reqid' && [ \$(ip -n alice xfrm state | grep -c '^src') = 0 ]"
tap_check "hold: ikectl status ROUTED" ikectl_status_has "$A" 'host-host{[0-9]*}:  ROUTED, TRANSPORT'
tap_check "hold: pings bring it back, at least 4 of 10 answered" pings_answered alice "$BOB" 10 4
tap_check "hold: ESTABLISHED again" ikectl_status_has "$A" 'ESTABLISHED' 'INSTALLED, TRANSPORT'
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "nothing left after stop" eventually nothing_left alice bob
charon_stop bob

tap_diag "$(cat "$W/pings.txt" 2>/dev/null)"
for f in "$W"/*/iked.log; do
    grep -q . "$f" && tap_diag "$(basename "$(dirname "$f")"): $(grep -c . "$f") log lines"
done
lab_down
