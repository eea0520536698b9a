# SPDX-License-Identifier: GPL-2.0-or-later
# The rest of issue 7's interop matrix for the lab's conn host-host: t-60 runs
# a CHILD rekey and a wrong PSK with iked initiating to charon; here the same
# for the other two pairings:
#   f) charon (alice) initiates to iked (bob): charon rekeys the CHILD_SA
#      (lifetime 30s), 50 pings go on; then a wrong PSK: iked answers
#      AUTHENTICATION_FAILED, `ipsec up` fails, nothing installed;
#   g) iked to iked: the initiator rekeys (lifetime 30s), 50 pings go on;
#      a wrong PSK: both sides log AUTHENTICATION_FAILED, `ikectl up` exits 1.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t65.XXXXXX)
PSK='matrix-psk-91d3a7c2'

write_conf() { # DIR PSK [EXTRA CONN LINES]
    mkdir -p "$1"
    cat >"$1/ipsec.conf" <<CONF
conn host-host
    keyexchange=ikev2
    authby=secret
    type=transport
    left=$ALICE
    right=$BOB
    auto=add
${3:-}
CONF
    printf '%s %s : PSK "%s"\n' "$ALICE" "$BOB" "$2" >"$1/ipsec.secrets"
    chmod 600 "$1/ipsec.secrets"
}
pinger() { # NS DST: 50 pings over 25 s, at most 2 lost
    local out
    out=$(ip netns exec "$1" busybox ping -c 50 -i 0.5 -W 1 "$2")
    printf '%s\n' "$out" | tail -2
    printf '%s\n' "$out" | grep -Eq '50 packets transmitted, (4[89]|50) packets received'
}
esp_sa_pair() { [ "$(ip -n "$1" xfrm state | grep -c 'proto esp')" = 2 ]; }
both_pairs() { esp_sa_pair alice && esp_sa_pair bob; }
REKEY=$(printf '    lifetime=30s\n    margintime=12s\n    rekeyfuzz=0%%')
LONG=$(printf '    lifetime=60m')

lab_up
P0=$TAP_PREFIX

# --- f) charon (alice) -> iked (bob) ---
TAP_PREFIX="${P0}f) charon->iked rekey: "
A=$W/f-alice B=$W/f-bob
write_conf "$A" "$PSK" "$REKEY"
write_conf "$B" "$PSK" "$LONG"
iked_start bob "$B" >/dev/null
charon_up alice "$A" host-host
charon_in alice ipsec up host-host >"$A/up.txt" 2>&1
tap_check "ipsec up host-host: established" \
    grep -q "connection 'host-host' established successfully" "$A/up.txt"
tap_check "ping goes on through charon's CHILD_SA rekey (<= 2 of 50 lost)" pinger alice "$BOB"
tap_check "charon rekeyed the CHILD_SA" \
    sh -c "grep -Eq 'CREATE_CHILD_SA request [0-9]+ \\[ N\\(REKEY_SA\\)' '$A/charon.log'"
tap_check "iked (responder) installed the newer CHILD_SA" \
    ikectl_status_has "$B" 'host-host{[2-9][0-9]*}: *INSTALLED, TRANSPORT'
tap_check "the old SAs are gone: 2 ESP SAs in alice and bob" eventually both_pairs
tap_check "ipsec down host-host" charon_in alice ipsec down host-host
tap_check "nothing left after down" eventually nothing_left alice bob
iked_stop "$B" >/dev/null
charon_stop alice

TAP_PREFIX="${P0}f) charon->iked wrong PSK: "
A=$W/f2-alice B=$W/f2-bob
write_conf "$A" "not-the-psk-of-bob"
write_conf "$B" "$PSK"
iked_start bob "$B" >/dev/null
charon_up alice "$A" host-host
charon_in alice ipsec up host-host >"$A/up.txt" 2>&1
up_rc=$?
tap_check "ipsec up host-host fails" sh -c "! grep -q 'established successfully' '$A/up.txt'"
tap_check "charon got AUTHENTICATION_FAILED from iked" \
    grep -q "received AUTHENTICATION_FAILED notify error" "$A/up.txt"
tap_check "iked logged the failed authentication" \
    grep -Eqi "authentication of '$ALICE' with pre-shared key failed|AUTHENTICATION_FAILED" "$B/iked.log"
tap_check "nothing installed in alice or bob" nothing_left alice bob
tap_check "no IKE_SA left in iked" sh -c "! '$IKECTL' --socket '$B/iked.ctl' status | grep -q 'host-host\\['"
tap_diag "ipsec up exit status with a wrong PSK: $up_rc (strongSwan's)"
iked_stop "$B" >/dev/null
charon_stop alice

# --- g) iked -> iked ---
TAP_PREFIX="${P0}g) iked->iked rekey: "
A=$W/g-alice B=$W/g-bob
write_conf "$A" "$PSK" "$REKEY"
write_conf "$B" "$PSK" "$LONG"
iked_start alice "$A" >/dev/null
iked_start bob "$B" >/dev/null
tap_check "ikectl up host-host exits 0" ikectl_up "$A" host-host
tap_check "ping goes on through the rekey (<= 2 of 50 lost)" pinger alice "$BOB"
tap_check "alice logged the CHILD_SA rekey" grep -q "rekeyed" "$A/iked.log"
tap_check "both: a newer CHILD_SA INSTALLED" sh -c "
    '$IKECTL' --socket '$A/iked.ctl' status | grep -Eq 'host-host\\{[2-9][0-9]*\\}: *INSTALLED' &&
    '$IKECTL' --socket '$B/iked.ctl' status | grep -Eq 'host-host\\{[2-9][0-9]*\\}: *INSTALLED'"
tap_check "the old SAs are gone: 2 ESP SAs in alice and bob" eventually both_pairs
both_stop() { iked_stop "$A" && iked_stop "$B"; }
tap_check "ikectl stop on both" both_stop
tap_check "nothing left after stop" eventually nothing_left alice bob

TAP_PREFIX="${P0}g) iked->iked wrong PSK: "
A=$W/g2-alice B=$W/g2-bob
write_conf "$A" "not-the-psk-of-bob"
write_conf "$B" "$PSK"
iked_start alice "$A" >/dev/null
iked_start bob "$B" >/dev/null
tap_check_fails "ikectl up host-host exits non-zero" ikectl_up "$A" host-host
tap_check "ikectl up shows AUTHENTICATION_FAILED" grep -q AUTHENTICATION_FAILED "$A/up.txt"
tap_check "the responder logged the failed authentication" \
    grep -Eqi "authentication of '$ALICE' with pre-shared key failed|AUTHENTICATION_FAILED" "$B/iked.log"
tap_check "nothing installed in alice or bob" nothing_left alice bob
tap_check "no IKE_SA left on either side" sh -c "
    ! '$IKECTL' --socket '$A/iked.ctl' status | grep -q 'host-host\\[' &&
    ! '$IKECTL' --socket '$B/iked.ctl' status | grep -q 'host-host\\['"
iked_stop "$A" >/dev/null
iked_stop "$B" >/dev/null
lab_down
