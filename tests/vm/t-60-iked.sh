# SPDX-License-Identifier: GPL-2.0-or-later
# iked and ikectl against strongSwan charon (issue 7) with the seed lab's conn
# host-host (transport, PSK, IKEv2) in the alice and bob namespaces:
#   a) iked (alice) initiates to charon (bob): `ikectl up` exits 0, both sides
#      ESTABLISHED/INSTALLED, ping and TCP go through ESP (counters grow),
#      `ikectl down` leaves nothing on either side, `ikectl stop` neither;
#   b) charon (alice, `ipsec up`) initiates to iked (bob);
#   c) iked to iked;
#   d) a wrong PSK: AUTHENTICATION_FAILED on both sides, `ikectl up` fails,
#      nothing installed.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
# iked_start/stop, ikectl, nothing_left, eventually, tcp_transfer...; the
# helpers defined below with other arguments replace the library's here
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t60.XXXXXX)
PSK='lab-psk-5f2c1e0a9b7d'

write_conf() { # DIR LEFT RIGHT PSK [EXTRA CONN LINES]
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn host-host
    keyexchange=ikev2
    authby=secret
    type=transport
    left=$2
    right=$3
    auto=add
${5:-}
CONF
    printf '%s %s : PSK "%s"\n' "$2" "$3" "$4" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}




cat_rc() { cat "$1"; return "$2"; }
traffic_through_esp() { # NS_A NS_B ADDR_B: ping and TCP, and A's ESP counters grow
    local before after
    before=$(esp_packets "$1")
    lab_ping "$1" "$3" 3 >/dev/null || { echo "ping $3 from $1 failed"; return 1; }
    tcp_transfer "$1" "$2" "$3" || { echo "TCP transfer $1 -> $3 failed"; return 1; }
    after=$(esp_packets "$1")
    [ "$after" -ge $((before + 20)) ] ||
        { echo "ESP packets in $1: $before -> $after (expected 20 more at least)"; return 1; }
    echo "${TAP_PREFIX#"$P0"}ESP packets in $1: $before -> $after" | tee -a "$W/esp.txt"
}
ikectl_up() { # DIR: ikectl up host-host, its output kept in DIR/up.txt
    ikectl "$1" up host-host >"$1/up.txt" 2>&1
    local rc=$?
    cat "$1/up.txt"
    return $rc
}
ikectl_status_has() { # DIR PATTERN...
    local d=$1 s p
    shift
    s=$(ikectl "$d" status) || return 1
    for p in "$@"; do
        printf '%s\n' "$s" | grep -q "$p" || { echo "no '$p' in:"; printf '%s\n' "$s"; return 1; }
    done
}
# charon_start leaves a holder process behind (and sets CHARON_HOLDER): it runs in
# this shell with its output in a file, never inside tap_check's $(...).
charon_up() { # NS DIR
    charon_start "$1" "$2" >"$2/charon-start.txt" 2>&1 && charon_wait_conn "$1" host-host \
        >>"$2/charon-start.txt" 2>&1
}
charon_no_sa() { ! charon_in "$1" ipsec status host-host | grep -q 'host-host\['; }
both_iked() { iked_start alice "$1" && iked_start bob "$2"; }
both_stop() { iked_stop "$1" && iked_stop "$2"; }
both_status() {
    ikectl_status_has "$1" 'ESTABLISHED' 'INSTALLED' && ikectl_status_has "$2" 'ESTABLISHED' 'INSTALLED'
}
charon_status_has() { # NS PATTERN...
    local ns=$1 s p
    shift
    s=$(charon_in "$ns" ipsec status host-host) || return 1
    for p in "$@"; do
        printf '%s\n' "$s" | grep -q "$p" || { echo "no '$p' in:"; printf '%s\n' "$s"; return 1; }
    done
}

lab_up

# --- a) iked (alice) -> charon (bob) ---
P0=$TAP_PREFIX
TAP_PREFIX="${P0}a) iked->charon: "
A=$W/a-alice B=$W/a-bob
write_conf "$A" "$ALICE" "$BOB" "$PSK"
write_conf "$B" "$ALICE" "$BOB" "$PSK"
charon_up bob "$B"
rc=$?
tap_check "charon starts in bob and loads host-host" cat_rc "$B/charon-start.txt" "$rc"
tap_check "iked starts in alice" iked_start alice "$A"
tap_check "ikectl up host-host exits 0" ikectl_up "$A"
tap_check "ikectl up says established successfully" \
    grep -q "connection 'host-host' established successfully" "$A/up.txt"
tap_check "ikectl status: ESTABLISHED and INSTALLED" \
    ikectl_status_has "$A" 'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}: *INSTALLED, TRANSPORT'
tap_check "charon status: ESTABLISHED and INSTALLED" \
    charon_status_has bob 'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}: *INSTALLED, TRANSPORT'
tap_check "alice has 2 ESP SAs and policies" \
    sh -c "[ \$(ip -n alice xfrm state | grep -c 'proto esp') = 2 ] && [ \$(ip -n alice xfrm policy | grep -c 'dir out') -ge 1 ]"
tap_check "ping and TCP through ESP" traffic_through_esp alice bob "$BOB"
statusall_like_charon() { # DIR: the SA lines of `ikectl statusall` have charon's fields
    local s
    s=$(ikectl "$1" statusall) || return 1
    printf '%s\n' "$s"
    printf '%s\n' "$s" | grep -Eq '^ *host-host\[[0-9]+\]: IKEv2 SPIs: [0-9a-f]{16}_i\* [0-9a-f]{16}_r, rekeying in [0-9]+ (minutes|hours)$' &&
        printf '%s\n' "$s" | grep -Eq '^ *host-host\[[0-9]+\]: IKE proposal: AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519$' &&
        printf '%s\n' "$s" | grep -Eq '^ *host-host\{[0-9]+\}:  AES_CBC_128/HMAC_SHA2_256_128, [1-9][0-9]* bytes_i \([0-9]+ pkts, [0-9]+s ago\), [1-9][0-9]* bytes_o \([0-9]+ pkts, [0-9]+s ago\), rekeying in [0-9]+ minutes$'
}
tap_check "ikectl statusall: SPIs, rekey time, IKE and ESP proposals, traffic as charon shows them" \
    statusall_like_charon "$A"
tap_check "ikectl status --json names the SA" \
    sh -c "'$IKECTL' --socket '$A/iked.ctl' status --json | grep -q '\"ESTABLISHED\"'"
tap_check "ikectl down host-host exits 0" ikectl "$A" down host-host
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "charon (bob) has no IKE_SA left" eventually charon_no_sa bob
tap_check "ikectl up again, then stop" sh -c "'$IKECTL' --socket '$A/iked.ctl' up host-host >/dev/null"
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "nothing left after stop (DELETE sent, charon removed its SAs too)" \
    eventually nothing_left alice bob
charon_stop bob
tap_diag "$(grep -c . "$A/iked.log") lines in iked's log"

# --- b) charon (alice) -> iked (bob) ---
TAP_PREFIX="${P0}b) charon->iked: "
A=$W/b-alice B=$W/b-bob
write_conf "$A" "$ALICE" "$BOB" "$PSK"
write_conf "$B" "$ALICE" "$BOB" "$PSK"
tap_check "iked starts in bob" iked_start bob "$B"
charon_up alice "$A"
rc=$?
tap_check "charon starts in alice and loads host-host" cat_rc "$A/charon-start.txt" "$rc"
charon_in alice ipsec up host-host >"$A/up.txt" 2>&1
tap_check "ipsec up host-host: established successfully" \
    grep -q "connection 'host-host' established successfully" "$A/up.txt"
tap_check "ikectl status (bob): ESTABLISHED and INSTALLED" \
    ikectl_status_has "$B" 'host-host\[[0-9]*\]: ESTABLISHED' 'host-host{[0-9]*}: *INSTALLED, TRANSPORT'
tap_check "ping and TCP through ESP" traffic_through_esp bob alice "$ALICE"
tap_check "ipsec down host-host" charon_in alice ipsec down host-host
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "ikectl status (bob) lists no SA" \
    sh -c "! '$IKECTL' --socket '$B/iked.ctl' status | grep -q ESTABLISHED"
tap_check "ikectl stop: iked exits" iked_stop "$B"
charon_stop alice

# --- c) iked -> iked ---
TAP_PREFIX="${P0}c) iked->iked: "
A=$W/c-alice B=$W/c-bob
write_conf "$A" "$ALICE" "$BOB" "$PSK"
write_conf "$B" "$ALICE" "$BOB" "$PSK"
tap_check "iked starts in alice and bob" both_iked "$A" "$B"
tap_check "ikectl up host-host exits 0" ikectl_up "$A"
tap_check "both: ESTABLISHED and INSTALLED" both_status "$A" "$B"
tap_check "ping and TCP through ESP" traffic_through_esp alice bob "$BOB"
child_id=$(ikectl "$A" status | sed -n 's/.*host-host{\([0-9]*\)}: *INSTALLED.*/\1/p' | head -1)
tap_check "ikectl down host-host{$child_id}: the CHILD_SA goes, the IKE_SA stays" \
    ikectl "$A" down "host-host{$child_id}"
ike_only() { # DIR: ESTABLISHED, no CHILD_SA listed, no SA in either kernel
    ikectl_status_has "$1" 'host-host\[[0-9]*\]: ESTABLISHED' || return 1
    ! ikectl "$1" status | grep -q 'host-host{' && nothing_left alice bob
}
tap_check "after down NAME{n}: IKE_SA ESTABLISHED, no CHILD_SA, no SA or policy" eventually ike_only "$A"
tap_check "ikectl up again: a new CHILD_SA on the same IKE_SA (CREATE_CHILD_SA)" \
    sh -c "'$IKECTL' --socket '$A/iked.ctl' up host-host | grep -q 'CREATE_CHILD_SA'"
tap_check "one IKE_SA, a new CHILD_SA INSTALLED on both" both_status "$A" "$B"
tap_check "traffic through the new CHILD_SA" traffic_through_esp alice bob "$BOB"
tap_check "ikectl down host-host exits 0" ikectl "$A" down host-host
tap_check "nothing left in alice and bob after down" eventually nothing_left alice bob
tap_check "ikectl stop on both" both_stop "$A" "$B"
tap_check "nothing left after stop" nothing_left alice bob

# --- d) wrong PSK: iked (alice) -> charon (bob) ---
TAP_PREFIX="${P0}d) wrong PSK: "
A=$W/d-alice B=$W/d-bob
write_conf "$A" "$ALICE" "$BOB" "not-the-psk-of-bob"
write_conf "$B" "$ALICE" "$BOB" "$PSK"
charon_up bob "$B"
iked_start alice "$A" >/dev/null
tap_check_fails "ikectl up host-host exits non-zero" ikectl_up "$A"
tap_check "ikectl up shows AUTHENTICATION_FAILED" grep -q AUTHENTICATION_FAILED "$A/up.txt"
charon_auth_failed() { # DIR: charon saw the wrong MAC and answered AUTHENTICATION_FAILED
    grep -q "MAC mismatched" "$1/charon.log" &&
        grep -q "IKE_AUTH response 1 \[ N(AUTH_FAILED) \]" "$1/charon.log"
}
tap_check "charon: MAC mismatched, AUTHENTICATION_FAILED sent" charon_auth_failed "$B"
tap_check "nothing installed in alice or bob" nothing_left alice bob
tap_check "no IKE_SA left in iked" sh -c "! '$IKECTL' --socket '$A/iked.ctl' status | grep -q 'host-host\['"
iked_stop "$A" >/dev/null
charon_stop bob

# --- e) CHILD_SA rekey: iked (lifetime 30s, margin 12s: rekeys at 18s) with
# charon (bob, lifetime 60s); a ping every 0.5 s goes on through the rekey ---
TAP_PREFIX="${P0}e) rekey: "
A=$W/e-alice B=$W/e-bob
write_conf "$A" "$ALICE" "$BOB" "$PSK" "$(printf '    lifetime=30s\n    margintime=12s')"
write_conf "$B" "$ALICE" "$BOB" "$PSK" "$(printf '    lifetime=60s\n    margintime=10s')"
charon_up bob "$B"
iked_start alice "$A" >/dev/null
tap_check "ikectl up host-host exits 0" ikectl_up "$A"
pinger() { # 50 pings over 25 s; at most 2 lost
    local out
    out=$(ip netns exec alice busybox ping -c 50 -i 0.5 -W 1 "$BOB")
    printf '%s\n' "$out" | tail -2
    printf '%s\n' "$out" | grep -Eq '50 packets transmitted, (4[89]|50) packets received'
}
tap_check "ping goes on through the rekey (<= 2 of 50 lost)" pinger
tap_check "iked logged the CHILD_SA rekey" grep -q "rekeyed" "$A/iked.log"
tap_check "ikectl status: a newer CHILD_SA is INSTALLED" \
    ikectl_status_has "$A" 'host-host{[2-9][0-9]*}: *INSTALLED, TRANSPORT'
tap_check "charon status: INSTALLED" charon_status_has bob 'host-host{[0-9]*}: *INSTALLED, TRANSPORT'
esp_sa_pair() { [ "$(ip -n "$1" xfrm state | grep -c 'proto esp')" = 2 ]; }
tap_check "the old SAs are gone: 2 ESP SAs in alice and bob" \
    eventually sh -c "$(declare -f esp_sa_pair); esp_sa_pair alice && esp_sa_pair bob"
tap_check "ikectl stop: iked exits" iked_stop "$A"
tap_check "nothing left after stop" eventually nothing_left alice bob
charon_stop bob

tap_diag "$(cat "$W/esp.txt" 2>/dev/null)"
for f in "$W"/*/iked.log; do
    grep -q . "$f" && tap_diag "$(basename "$(dirname "$f")"): $(grep -c . "$f") log lines"
done
lab_down
