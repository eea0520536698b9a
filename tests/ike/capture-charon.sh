#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# capture-charon.sh: record real IKEv2 exchanges between two strongSwan charons
# (Debian's 5.9.8) in the VM's alice and bob namespaces, as test data for the codec
# and the key schedule (tests/ike/data/README.md).
#
#   tests/ike/capture-charon.sh OUTDIR [CAPTURE...]
#                           on the host: boots the VM (tests/vm/vmrun, 300 s limit), runs
#                           the captures there (default: host-host net-net) and unpacks
#                           the files into OUTDIR (the VM cannot write the host's files:
#                           its root is the host's, read-only)
#   capture-charon.sh --in-vm [CAPTURE...]
#                           what runs inside the VM; prints the files as a base64 tar.gz
#                           between marker lines
#
# Two captures, each with its own charons (restarted) and logs:
#   host-host  the lab's PSK host-to-host transport conn, strongSwan's default proposals:
#              ipsec up, CHILD_SA rekey, IKE_SA rekey, ipsec down
#   net-net    a PSK net-to-net tunnel (IPv4 and IPv6 subnets), AES-GCM-256/ECP-384,
#              ESP with PFS (ECP-384), IKE fragmentation with a 400-byte fragment size:
#              ipsec up, CHILD_SA rekey, IKE_SA rekey, ipsec down
#   host-host-keys  the host-host conn again, ipsec up and down only, with chd 4 in the
#              file loggers and `ip xfrm state` of both sides saved after ipsec up
#              (NAME-xfrm.txt: the ESP keys, to check the CHILD_SA KEYMAT against)
# The rekeys come from alice's short lifetimes (see ALICE_REKEY).
# Per capture: NAME.pcap (UDP 500/4500 as seen on alice's veth0), NAME-alice.log and
# NAME-bob.log (charon file loggers: ike 4, cfg 2, enc 4, knl 2), NAME-up.txt (the
# `ipsec up` screen), NAME-alice.conf/NAME-bob.conf and the PSK in NAME.secrets.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tests=$(dirname "$here")
marker_begin='----- capture-charon tar.gz base64 begin -----'
marker_end='----- capture-charon tar.gz base64 end -----'

if [ "${1:-}" != --in-vm ] && [ -e /run/vmout/stage2 ]; then
    echo "capture-charon: this is the VM, whose root (the host's) is read-only; run" \
        "'tests/ike/capture-charon.sh OUTDIR' on the host: it boots the VM itself" >&2
    exit 2
fi
if [ "${1:-}" != --in-vm ]; then
    [ $# -ge 1 ] || { echo "usage: $0 OUTDIR [CAPTURE...]" >&2; exit 2; }
    outdir=$1
    shift
    mkdir -p "$outdir" || exit 1
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    "$tests/vm/vmrun" --timeout 300 "$0" --in-vm "$@" >"$log"
    rc=$?
    sed "/^$marker_begin\$/,/^$marker_end\$/d" "$log"
    [ "$rc" = 0 ] || { echo "capture-charon: the VM run failed (exit $rc)" >&2; exit "$rc"; }
    sed -n "/^$marker_begin\$/,/^$marker_end\$/p" "$log" | sed '1d;$d' | base64 -d |
        tar -xzf - -C "$outdir" || { echo "capture-charon: no files came back" >&2; exit 1; }
    echo "capture-charon: files in $outdir:"
    ls -l "$outdir"
    exit 0
fi

# --- inside the VM ------------------------------------------------------------
shift # --in-vm
source "$tests/lib/lab.sh"
source "$tests/lib/charon.sh"
work=$(mktemp -d /tmp/capture.XXXXXX)
PSK='lab-psk-5f2c1e0a9b7d'
fail=0

write_conf() { # SIDE NAME LEFT RIGHT CONNBODY
    local side=$1 name=$2 left=$3 right=$4 body=$5
    mkdir -p "$work/$name-$side"
    cat >"$work/$name-$side/ipsec.conf" <<EOF
config setup
    charondebug="ike 4, cfg 2, enc 4, knl 2"

conn $name
    keyexchange=ikev2
    authby=secret
    left=$left
    right=$right
$body
    auto=add
EOF
    printf '%s %s : PSK "%s"\n' "$left" "$right" "$PSK" >"$work/$name-$side/ipsec.secrets"
    chmod 600 "$work/$name-$side/ipsec.secrets"
}

# capture NAME EXTRA_STRONGSWAN_CONF ALICE_BODY BOB_BODY [REKEY_WAIT]
capture() {
    local name=$1 extra=$2 abody=$3 bbody=$4 wait=${5:-22} side
    write_conf alice "$name" "$ALICE" "$BOB" "$abody"
    write_conf bob "$name" "$BOB" "$ALICE" "$bbody"
    for side in alice bob; do
        charon_strongswan_conf "$work/$name-$side/charon.log" "$extra" \
            >"$work/$name-$side/strongswan.conf"
    done
    ip netns exec alice tcpdump -Z root -U -s 0 -i veth0 -w "$work/$name.pcap" \
        'udp port 500 or udp port 4500' 2>"$work/$name-tcpdump.txt" &
    local tcpdump=$!
    sleep 1
    charon_start alice "$work/$name-alice" && charon_start bob "$work/$name-bob" &&
        charon_wait_conn alice "$name" && charon_wait_conn bob "$name" || fail=1
    echo "== $name: ipsec up"
    charon_in alice ipsec up "$name" | tee "$work/$name-up.txt"
    charon_wait_established alice "$name" || fail=1
    for side in alice bob; do
        echo "# ip -n $side xfrm state, after ipsec up"
        ip -n $side xfrm state
    done >"$work/$name-xfrm.txt"
    if [ "$wait" -gt 0 ]; then
        # alice's short lifetimes (ALICE_REKEY) rekey the CHILD_SA 9 s after it was set
        # up and the IKE_SA 18 s after (the stroke interface has no rekey command)
        echo "== $name: waiting for the CHILD_SA and IKE_SA rekeys"
        sleep "$wait"
    fi
    charon_in alice ipsec statusall "$name" | tee "$work/$name-status.txt"
    charon_in alice ipsec status "$name" | grep -q "ESTABLISHED" || fail=1
    echo "== $name: ipsec down"
    charon_in alice ipsec down "$name"
    sleep 2
    charon_stop alice
    charon_stop bob
    sleep 1
    kill -INT "$tcpdump"
    wait "$tcpdump"
    cat "$work/$name-tcpdump.txt"
    echo "== $name: $(tcpdump -r "$work/$name.pcap" 2>/dev/null | wc -l) packets"
    tcpdump -n -r "$work/$name.pcap" 2>/dev/null
    for side in alice bob; do
        cp "$work/$name-$side/charon.log" "$work/out/$name-$side.log"
        cp "$work/$name-$side/ipsec.conf" "$work/out/$name-$side.conf"
    done
    cp "$work/$name-alice/ipsec.secrets" "$work/out/$name.secrets"
    cp "$work/$name.pcap" "$work/$name-up.txt" "$work/$name-xfrm.txt" "$work/out/"
}

mkdir -p "$work/out"
lab_up || exit 1

ALICE_REKEY="\
    lifetime=15s
    ikelifetime=24s
    margintime=6s
    rekeyfuzz=0%
    reauth=no"

capture_host-host() {
    capture host-host "" "    type=transport
$ALICE_REKEY" "    type=transport"
}

capture_net-net() {
    capture net-net "    fragment_size = 400" "\
    type=tunnel
    leftsubnet=10.1.0.0/24,fd00:1::/64
    rightsubnet=10.2.0.0/24,fd00:2::/64
    ike=aes256gcm16-prfsha384-ecp384!
    esp=aes256gcm16-ecp384!
    fragmentation=yes
$ALICE_REKEY" "\
    type=tunnel
    leftsubnet=10.2.0.0/24,fd00:2::/64
    rightsubnet=10.1.0.0/24,fd00:1::/64
    ike=aes256gcm16-prfsha384-ecp384!
    esp=aes256gcm16-ecp384!
    fragmentation=yes"
}

capture_host-host-keys() {
    CHARON_FILELOG_EXTRA="chd = 4" capture host-host-keys "" "    type=transport" \
        "    type=transport" 0
}

[ $# -gt 0 ] || set -- host-host net-net
for c in "$@"; do
    declare -F "capture_$c" >/dev/null || { echo "no capture named $c" >&2; exit 2; }
    "capture_$c"
done

lab_down
echo "$marker_begin"
tar -czf - -C "$work/out" . | base64
echo "$marker_end"
exit $fail
