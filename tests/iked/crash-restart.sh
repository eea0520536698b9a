#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# crash-restart.sh IKED IKECTL: iked killed with SIGKILL leaves its policies and
# table-220 route in the kernel; the next iked must remove them (its kernel
# journal), start, install its own again, and leave nothing after `ikectl stop`.
# Runs in a network namespace of its own (meson: unshare -n), on the host
# kernel: auto=route conns need policies only, no ESP. TAP output.
set -u
IKED=$1
IKECTL=$2
W=$(mktemp -d /tmp/iked-crash.XXXXXX)
trap 'kill -9 $(cat "$W/bgpid" 2>/dev/null) 2>/dev/null; rm -rf "$W"' EXIT
n=0
failed=0
check() { # NAME CMD...
    local name=$1
    shift
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name"
        failed=1
        sed 's/^/# /' "$W/iked.log" | tail -20
    fi
}

ip link set lo up
ip addr add 192.168.27.128/32 dev lo
ip addr add 10.1.0.1/24 dev lo
# the peer is reachable over a veth (the route to it gives the tunnel route's next hop)
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 192.168.27.1/24 dev v0

cat >"$W/ipsec.conf" <<'EOF'
conn %default
    authby=secret
    keyexchange=ikev2
    left=192.168.27.128
    right=192.168.27.132
    auto=route

conn host-host
    type=transport

conn net-net
    leftsubnet=10.1.0.0/24
    rightsubnet=10.2.0.0/24
EOF
cat >"$W/ipsec.secrets" <<'EOF'
192.168.27.128 192.168.27.132 : PSK "crash-restart-test-secret"
EOF
chmod 600 "$W/ipsec.secrets"

start() {
    "$IKED" --nofork --config "$W/ipsec.conf" --secrets "$W/ipsec.secrets" \
        --socket "$W/iked.ctl" --debug "knl 2" >>"$W/iked.log" 2>&1 &
    echo $! >"$W/bgpid"
    for _ in $(seq 1 50); do
        "$IKECTL" --socket "$W/iked.ctl" version >/dev/null 2>&1 && return 0
        kill -0 "$(cat "$W/bgpid")" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
policies() { ip xfrm policy | grep -cE '^\s+dir (in|out|fwd) '; } # not the socket policies
routes() { ip route show table 220 | grep -c .; }
rules() { ip rule | grep -c 'lookup 220'; }

check "iked starts, installs the trap policies" start
p1=$(policies)
r1=$(routes)
check "5 trap policies (2 transport, 3 tunnel), 1 route in table 220 (got $p1, $r1)" \
    test "$p1" = 5 -a "$r1" = 1
kill -9 "$(cat "$W/bgpid")"
sleep 0.3
check "after kill -9 the policies stay in the kernel ($(policies))" test "$(policies)" = 5
check "a new iked starts over them" start
check "it says what it removed" grep -q "removed 0 SAs, 5 policies and 1 routes an earlier iked left" "$W/iked.log"
check "and has its own trap policies again ($(policies), route $(routes))" \
    test "$(policies)" = 5 -a "$(routes)" = 1
second() { # a second iked on the same directory is refused and takes nothing away
    ! "$IKED" --nofork --config "$W/ipsec.conf" --secrets "$W/ipsec.secrets" \
        --socket "$W/iked.ctl" >"$W/second.log" 2>&1 &&
        grep -q "another iked uses it" "$W/second.log" && test "$(policies)" = 5
}
check "a second iked beside the running one is refused, the policies stay" second
check "both conns are routed" sh -c "'$IKECTL' --socket '$W/iked.ctl' status | grep -c ROUTED | grep -qx 2"
check "ikectl stop" sh -c "'$IKECTL' --socket '$W/iked.ctl' stop >/dev/null"
sleep 0.3
check "nothing left: policies $(policies), routes $(routes), rules $(rules)" \
    test "$(policies)" = 0 -a "$(routes)" = 0 -a "$(rules)" = 0
check "the journal is empty after a clean stop" test ! -s "$W/iked.kernel"
echo "1..$n"
exit $failed
