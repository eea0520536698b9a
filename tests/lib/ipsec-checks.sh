# SPDX-License-Identifier: GPL-2.0-or-later
# ipsec-checks.sh: transport-mode SAs and policies between alice and bob
# installed with $XFRM_TOOL ("ip" or "ipxf"), and the checks that prove the
# traffic really goes through them: both sides' SA counters grow with the
# pings, and once the SAs are deleted while the policies stay, the pings stop.
# Needs lab.sh and tap.sh; IPXF (path) when XFRM_TOOL=ipxf.
# shellcheck shell=bash

XFRM_TOOL=${XFRM_TOOL:-ip}
# xfrm_cmd NS: the command prefix that drives NS's XFRM tables.
xfrm_cmd() {
    if [ "$XFRM_TOOL" = ipxf ]; then echo "$IPXF -n $1"; else echo "ip -n $1 xfrm"; fi
}

# Keys: distinct per direction and per algorithm.
KEY_ENC_AB=0x0123456789abcdef0123456789abcdef
KEY_ENC_BA=0xfedcba9876543210fedcba9876543210
KEY_AUTH_AB=0x1111111111111111111111111111111111111111
KEY_AUTH_BA=0x2222222222222222222222222222222222222222
KEY_GCM_AB=0x3333333333333333333333333333333344444444
KEY_GCM_BA=0x5555555555555555555555555555555566666666

# install_pair NS PROTO ALGS_AB ALGS_BA: both SAs and the transport policies
# of one host (NS is alice or bob).
install_pair() {
    local ns=$1 proto=$2 algs_ab=$3 algs_ba=$4 me peer xf
    if [ "$ns" = alice ]; then me=$ALICE peer=$BOB; else me=$BOB peer=$ALICE; fi
    xf=$(xfrm_cmd "$ns")
    # shellcheck disable=SC2086
    $xf state add src "$ALICE" dst "$BOB" proto "$proto" spi 0x1000 \
        mode transport $algs_ab || return 1
    # shellcheck disable=SC2086
    $xf state add src "$BOB" dst "$ALICE" proto "$proto" spi 0x2000 \
        mode transport $algs_ba || return 1
    $xf policy add src "$me" dst "$peer" dir out \
        tmpl src "$me" dst "$peer" proto "$proto" mode transport || return 1
    $xf policy add src "$peer" dst "$me" dir in \
        tmpl src "$peer" dst "$me" proto "$proto" mode transport || return 1
}

policy_count() {
    local ns=$1 want=$2 got
    got=$(ip -n "$ns" xfrm policy list | grep -c '^src ')
    [ "$got" = "$want" ] || { echo "found $got policies, expected $want"; return 1; }
}

state_count() {
    local ns=$1 want=$2 got
    got=$(ip -n "$ns" xfrm state list | grep -c '^src ')
    [ "$got" = "$want" ] || { echo "found $got SAs, expected $want"; return 1; }
}

run_variant() {
    local label=$1 proto=$2 algs_ab=$3 algs_ba=$4
    lab_up
    tap_check "$label: clear ping before IPsec" lab_ping alice "$BOB" 1
    tap_check "$label: $XFRM_TOOL installs alice's SAs and policies" \
        install_pair alice "$proto" "$algs_ab" "$algs_ba"
    tap_check "$label: $XFRM_TOOL installs bob's SAs and policies" \
        install_pair bob "$proto" "$algs_ab" "$algs_ba"
    tap_check "$label: alice pings bob through the SAs" lab_ping alice "$BOB" 5
    tap_check "$label: alice's outbound SA 0x1000 counted the requests" \
        at_least 5 sa_packets alice "$ALICE" "$BOB" "$proto" 0x1000
    tap_check "$label: bob's inbound SA 0x1000 counted the requests" \
        at_least 5 sa_packets bob "$ALICE" "$BOB" "$proto" 0x1000
    tap_check "$label: bob's outbound SA 0x2000 counted the replies" \
        at_least 5 sa_packets bob "$BOB" "$ALICE" "$proto" 0x2000
    tap_check "$label: alice's inbound SA 0x2000 counted the replies" \
        at_least 5 sa_packets alice "$BOB" "$ALICE" "$proto" 0x2000
    tap_check "$label: ip -s xfrm state shows the protocol and algorithm" \
        sh -c "ip -n alice -s xfrm state list | grep -q 'proto $proto spi 0x00001000'"
    $(xfrm_cmd alice) state flush
    $(xfrm_cmd bob) state flush
    tap_check "$label: the SAs are gone" state_count alice 0
    tap_check "$label: the policies stay" policy_count alice 2
    tap_check_fails "$label: without SAs the policies stop the traffic" lab_ping alice "$BOB" 2
    $(xfrm_cmd alice) policy flush
    $(xfrm_cmd bob) policy flush
    tap_check "$label: clear ping again once the policies are flushed" lab_ping alice "$BOB" 1
    lab_down
}

