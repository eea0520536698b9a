# SPDX-License-Identifier: GPL-2.0-or-later
# lab.sh: the seed lab's topology in network namespaces.
#
#   lab_up            alice 192.168.27.128/24 -- veth -- bob 192.168.27.132/24
#   lab_up --router   alice 192.168.27.128/24 -- router .1 | router 192.168.28.1 --
#                     bob 192.168.28.132/24, default routes through the router
#                     (forwarding on), for tunnel and NAT tests
#   lab_down          removes the namespaces (and every SA/policy in them)
#   in_alice/in_bob/in_router CMD...
#   lab_ping NS DST [COUNT]          busybox ping (the host has no ping)
#   sa_packets NS SRC DST PROTO SPI  packets counted by that SA (ip -s xfrm state)
#   sa_bytes   NS SRC DST PROTO SPI
# shellcheck shell=bash

ALICE=192.168.27.128
BOB=192.168.27.132
LAB_ROUTER=0

lab_up() {
    lab_down
    ip netns add alice && ip netns add bob || return 1
    ip -n alice link set lo up
    ip -n bob link set lo up
    if [ "${1:-}" = --router ]; then
        LAB_ROUTER=1
        BOB=192.168.28.132
        ip netns add router || return 1
        ip -n router link set lo up
        ip link add veth0 netns alice type veth peer name veth-a netns router
        ip link add veth0 netns bob type veth peer name veth-b netns router
        ip -n router addr add 192.168.27.1/24 dev veth-a
        ip -n router addr add 192.168.28.1/24 dev veth-b
        ip -n router link set veth-a up
        ip -n router link set veth-b up
        ip netns exec router sysctl -qw net.ipv4.ip_forward=1
        ip -n alice addr add "$ALICE/24" dev veth0
        ip -n bob addr add "$BOB/24" dev veth0
        ip -n alice link set veth0 up
        ip -n bob link set veth0 up
        ip -n alice route add default via 192.168.27.1
        ip -n bob route add default via 192.168.28.1
    else
        LAB_ROUTER=0
        BOB=192.168.27.132
        ip link add veth0 netns alice type veth peer name veth0 netns bob || return 1
        ip -n alice addr add "$ALICE/24" dev veth0
        ip -n bob addr add "$BOB/24" dev veth0
        ip -n alice link set veth0 up
        ip -n bob link set veth0 up
    fi
}

lab_down() {
    local ns
    for ns in alice bob router; do
        ip netns del "$ns" 2>/dev/null
    done
    return 0
}

in_alice() { ip netns exec alice "$@"; }
in_bob() { ip netns exec bob "$@"; }
in_router() { ip netns exec router "$@"; }

lab_ping() {
    local ns=$1 dst=$2 count=${3:-3}
    ip netns exec "$ns" busybox ping -q -c "$count" -W 2 -w $((count + 3)) "$dst"
}

_sa_current() {
    local ns=$1 src=$2 dst=$3 proto=$4 spi=$5 field=$6
    ip netns exec "$ns" ip -s xfrm state get src "$src" dst "$dst" proto "$proto" spi "$spi" |
        awk -v f="$field" '
            /lifetime current:/ { getline; gsub(/[(),]/, " ");
                                  print (f == "bytes" ? $1 : $3); found = 1; exit }
            END { if (!found) exit 1 }'
}
sa_packets() { _sa_current "$@" packets; }
sa_bytes() { _sa_current "$@" bytes; }

# at_least N CMD...: CMD prints a number; ok when it is >= N.
at_least() {
    local min=$1 got
    shift
    got=$("$@") || { echo "could not read the value: $*"; return 1; }
    [ "$got" -ge "$min" ] 2>/dev/null && return 0
    echo "got $got, expected at least $min"
    return 1
}
