#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ike-demo.sh: the lab's exercise 3.4.1 with our IKEv2 daemon, in the VM (run
# by scripts/demo through tests/vm/vmrun, after examples/demo.sh). Bob runs
# strongSwan's charon, Alice runs iked; both read the same ipsec.conf and
# ipsec.secrets (examples/lab/ike/). Alice types `ikectl up host-host` as she
# would type `ipsec up host-host`; the SAs and policies the negotiation
# installed are shown on both hosts, a ping goes through ESP, and
# `ikectl down host-host` removes everything on both sides.
#   ike-demo.sh BUILD_DIR
# Exit status 0 only when all of that happened.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
source "$top/tests/lib/lab.sh"
source "$top/tests/lib/charon.sh"
build=$(realpath "${1:-$top/build}")
IKED=$build/daemon/iked/iked
IKECTL=$build/cmd/ikectl/ikectl
for b in "$IKED" "$IKECTL"; do
    [ -x "$b" ] || { echo "ike-demo: $b is not built"; exit 1; }
done
command -v ipsec >/dev/null || { echo "ike-demo: strongSwan's ipsec command is missing"; exit 1; }

say() { printf '\n=== %s\n' "$*"; }
typed() { # NS TEXT: shows TEXT as typed at NS's prompt (the next line runs it)
    local ns=$1
    shift
    printf '%s# %s\n' "$ns" "$*"
}
work=$(mktemp -d /tmp/ike-demo.XXXXXX)
for side in alice bob; do
    mkdir -p "$work/$side"
    cp "$here/ike/ipsec.conf" "$here/ike/ipsec.secrets" "$work/$side/"
    chmod 600 "$work/$side/ipsec.secrets"
done
# charon logs to a file at its usual levels (the test suite's helper logs more)
cat >"$work/bob/strongswan.conf" <<EOF
charon {
    load_modular = yes
    plugins {
        include /etc/strongswan.d/charon/*.conf
    }
    filelog {
        demo {
            path = $work/bob/charon.log
            time_format = %H:%M:%S
            default = 1
        }
    }
    syslog {
        daemon {
            default = -1
        }
    }
}
EOF
ikectl() { "$IKECTL" --socket "$work/alice/iked.ctl" "$@"; }
iked_pid=
cleanup() {
    [ -n "$iked_pid" ] && kill "$iked_pid" 2>/dev/null && wait "$iked_pid" 2>/dev/null
    charon_stop bob
    lab_down
}
trap cleanup EXIT

lab_up || { echo "ike-demo: could not create the lab topology"; exit 1; }
say "IKEv2 (lab 3.4.1): Alice runs iked, Bob runs strongSwan $(ipsec --version 2>/dev/null |
    sed -n 's/.*strongSwan U\([0-9.]*\).*/\1/p' | head -1) charon; the same files on both:"
sed 's/^/    /' "$here/ike/ipsec.conf"
echo "    ipsec.secrets: 192.168.27.128 192.168.27.132 : PSK \"...\""

typed bob "ipsec start"
charon_start bob "$work/bob" >"$work/bob/start.txt" 2>&1 &&
    charon_wait_conn bob host-host >>"$work/bob/start.txt" 2>&1 ||
    { cat "$work/bob/start.txt"; echo "ike-demo: charon did not start in bob"; exit 1; }

typed alice "iked --nofork &    # ikectl start would fork it"
ip netns exec alice "$IKED" --nofork --config "$work/alice/ipsec.conf" \
    --secrets "$work/alice/ipsec.secrets" --socket "$work/alice/iked.ctl" \
    >"$work/alice/iked.log" 2>&1 &
iked_pid=$!
for _ in $(seq 1 50); do
    ikectl version >/dev/null 2>&1 && break
    sleep 0.1
done

say "Alice brings the connection up"
typed alice "ikectl up host-host"
ikectl up host-host
up_rc=$?
echo "(ikectl up exit status: $up_rc)"

say "Alice: ikectl status"
ikectl status
say "Bob: ipsec status"
charon_in bob ipsec status

say "the SAs the negotiation installed (Alice: ip xfrm state)"
ip -n alice xfrm state
say "the policies (Alice: ip xfrm policy)"
ip -n alice xfrm policy

say "Alice pings Bob through ESP"
before=$(ip -n alice -s xfrm state | awk '/lifetime current:/ { getline; gsub(/[(),]/, " "); n += $3 }
                                          END { print n + 0 }')
ip netns exec alice busybox ping -c 4 -W 2 "$BOB"
ping_rc=$?
after=$(ip -n alice -s xfrm state | awk '/lifetime current:/ { getline; gsub(/[(),]/, " "); n += $3 }
                                         END { print n + 0 }')
echo "ESP packets counted by Alice's two SAs: $before before the ping, $after after"

say "Alice takes the connection down"
typed alice "ikectl down host-host"
ikectl down host-host
down_rc=$?
left=0
for _ in $(seq 1 25); do
    # (the daemons' own per-socket bypass policies, "dir ... socket", do not count)
    left=$(($(ip -n alice xfrm state | grep -c '^src') + $(ip -n bob xfrm state | grep -c '^src') +
        $(ip -n alice xfrm policy | grep -c 'dir \(in\|out\|fwd\)') +
        $(ip -n bob xfrm policy | grep -c 'dir \(in\|out\|fwd\)')))
    [ "$left" = 0 ] && break
    sleep 0.2
done
echo "SAs and policies left on Alice and Bob: $left"
typed alice "ikectl stop"
ikectl stop >/dev/null
wait "$iked_pid" 2>/dev/null
iked_pid=

if [ "$up_rc" = 0 ] && [ "$ping_rc" = 0 ] && [ "$after" -ge $((before + 8)) ] &&
    [ "$down_rc" = 0 ] && [ "$left" = 0 ]; then
    say "RESULT: iked negotiated host-host with charon, ESP carried the ping (IKE demo passed)"
    exit 0
fi
say "RESULT: IKE demo FAILED (up $up_rc, ping $ping_rc, ESP packets $before -> $after," \
    "down $down_rc, left $left)"
echo "--- iked's log:"
cat "$work/alice/iked.log"
echo "--- charon's log:"
cat "$work/bob/charon.log" 2>/dev/null
exit 1
