#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh: the lab's exercise 3.1 in the VM (run by scripts/demo through
# tests/vm/vmrun): two hosts, alice and bob, ESP transport with `enc aes`, the
# seed's SPIs and keys, installed with ipxf (our `ip xfrm`). Shows the
# commands, the pings, the SA counters, and that traffic stops when the SAs go
# while the policies stay. Then exercise 3.4.1: lab/ike-demo.sh brings up
# conn host-host with `ikectl up host-host` (iked) against strongSwan's charon.
#   demo.sh BUILD_DIR
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../tests/lib/lab.sh"
IPXF=$(realpath "${1:-$here/../build}")/cmd/ipxf/ipxf
[ -x "$IPXF" ] || { echo "demo: $IPXF is not built"; exit 1; }

say() { printf '\n=== %s\n' "$*"; }
run() { # shows the command as typed, runs it with the built ipxf
    printf '%s# %s\n' "${ns:+$ns}" "$*"
    if [ "$1" = ipxf ]; then
        shift
        "$IPXF" "$@"
    else
        "$@"
    fi
}

lab_up || { echo "demo: could not create the lab topology"; exit 1; }
say "lab: alice $ALICE and bob $BOB on a veth pair, kernel $(uname -r)"

for ns in alice bob; do
    say "$ns: SAs and policies (lab 3.1)"
    if [ "$ns" = alice ]; then out_dir=out in_dir=in; else out_dir=in in_dir=out; fi
    run ipxf -n $ns state add src $ALICE dst $BOB proto esp spi 0x1000 \
        enc aes 0xaa223344556677889900aabbccddeeff
    run ipxf -n $ns state add src $BOB dst $ALICE proto esp spi 0x2000 \
        enc aes 0xbb223344556677889900aabbccddeeff
    run ipxf -n $ns policy add src $ALICE dst $BOB dir $out_dir \
        tmpl proto esp mode transport level required
    run ipxf -n $ns policy add src $BOB dst $ALICE dir $in_dir \
        tmpl proto esp mode transport level required
done
ns=

say "alice pings bob"
ip netns exec alice busybox ping -c 4 -W 2 "$BOB"
ping_rc=$?

say "alice's SAD with counters (ipxf -s state list)"
"$IPXF" -n alice -s state list
say "alice's SPD (ipxf policy list)"
"$IPXF" -n alice policy list

pk_out=$(sa_packets alice $ALICE $BOB esp 0x1000)
pk_in=$(sa_packets alice $BOB $ALICE esp 0x2000)
say "ESP packets: alice->bob SA 0x1000: $pk_out, bob->alice SA 0x2000: $pk_in"

say "removing the SAs on both hosts, keeping the policies: traffic must stop"
"$IPXF" -n alice state flush
"$IPXF" -n bob state flush
if ip netns exec alice busybox ping -c 2 -W 1 -w 4 "$BOB" >/dev/null 2>&1; then
    blocked=0
    echo "ping still works: the policies are NOT enforced"
else
    blocked=1
    echo "ping fails: no SA, and the policy forbids clear traffic"
fi
lab_down

esp_rc=1
if [ "$ping_rc" = 0 ] && [ "${pk_out:-0}" -ge 4 ] && [ "${pk_in:-0}" -ge 4 ] && [ "$blocked" = 1 ]; then
    say "RESULT: ESP-protected traffic between alice and bob (manual SAs: passed)"
    esp_rc=0
else
    say "RESULT: manual SAs FAILED (ping rc $ping_rc, counters $pk_out/$pk_in, blocked $blocked)"
fi

# Lab 3.4.1: the same two hosts, the SAs negotiated by IKEv2 (iked <-> charon).
"$here/lab/ike-demo.sh" "$(dirname "$(dirname "$(dirname "$IPXF")")")"
ike_rc=$?
[ "$esp_rc" = 0 ] && [ "$ike_rc" = 0 ]
