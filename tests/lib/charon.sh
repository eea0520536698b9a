# SPDX-License-Identifier: GPL-2.0-or-later
# charon.sh: strongSwan's charon (Debian's strongswan 5.9.8, started through the
# `ipsec` starter) inside one of the lab's network namespaces (tests/lib/lab.sh),
# with its own /etc/ipsec.conf, /etc/ipsec.secrets, /etc/strongswan.conf and /run,
# so that two charons (alice and bob) run side by side on one machine.
#
#   charon_start NS DIR     DIR holds ipsec.conf and ipsec.secrets, and may hold a
#                           strongswan.conf (else charon_strongswan_conf writes one
#                           that logs to DIR/charon.log). Starts a holder process
#                           that keeps NS's private mount namespace (a tmpfs on /run,
#                           the three files bound over /etc), then `ipsec start` in it,
#                           and waits until charon answers.
#   charon_in NS CMD...     runs CMD in NS with that charon's files (ipsec up/down/...)
#   charon_wait_conn NS CONN [SEC]   waits until CONN is loaded (`ipsec status` lists it)
#   charon_wait_established NS CONN [SEC]   waits until an IKE_SA of CONN is ESTABLISHED
#   charon_stop NS          `ipsec stop`, then ends the holder process
#   charon_strongswan_conf LOGFILE [EXTRA]   prints a strongswan.conf whose file logger
#                           writes LOGFILE with ike 4, cfg 2, enc 4, knl 2 (level 4
#                           logs nonces, DH secrets, SKEYSEED, the derived keys and the
#                           plaintext of encrypted payloads); EXTRA lines go into charon {},
#                           $CHARON_FILELOG_EXTRA lines into the file logger (e.g. "chd = 4")
#
# The holder is needed because `ip netns exec` does not keep its mount namespace for
# later commands: each later command nsenter's the holder's mount and net namespaces.
# shellcheck shell=bash

declare -gA CHARON_HOLDER=()

charon_strongswan_conf() {
    local log=$1 extra=${2:-}
    cat <<EOF
charon {
    load_modular = yes
    plugins {
        include /etc/strongswan.d/charon/*.conf
    }
    filelog {
        capture {
            path = $log
            time_format = %H:%M:%S
            time_add_ms = yes
            ike_name = yes
            flush_line = yes
            append = no
            default = 1
            ike = 4
            cfg = 2
            enc = 4
            knl = 2
            ${CHARON_FILELOG_EXTRA:-}
        }
    }
    syslog {
        daemon {
            default = -1
        }
    }
$extra
}
EOF
}

charon_start() {
    local ns=$1 dir
    dir=$(realpath "$2") || return 1
    local f
    for f in ipsec.conf ipsec.secrets; do
        [ -f "$dir/$f" ] || { echo "charon_start: $dir/$f is missing" >&2; return 1; }
    done
    [ -f "$dir/strongswan.conf" ] || charon_strongswan_conf "$dir/charon.log" >"$dir/strongswan.conf"
    chmod 600 "$dir/ipsec.secrets"
    charon_stop "$ns" 2>/dev/null
    # The holder: a private mount namespace inside NS, the files bound over /etc.
    ip netns exec "$ns" unshare -m --propagation private sh -c '
        set -e
        mount -t tmpfs -o mode=755 charon-run /run
        mount --bind "$1/ipsec.conf" /etc/ipsec.conf
        mount --bind "$1/ipsec.secrets" /etc/ipsec.secrets
        mount --bind "$1/strongswan.conf" /etc/strongswan.conf
        touch /run/.charon-holder
        exec sleep 100000' charon-holder "$dir" &
    CHARON_HOLDER[$ns]=$!
    local i
    for i in $(seq 1 50); do
        charon_in "$ns" test -e /run/.charon-holder 2>/dev/null && break
        sleep 0.1
    done
    charon_in "$ns" test -e /run/.charon-holder || {
        echo "charon_start: the holder for $ns did not come up" >&2
        return 1
    }
    charon_in "$ns" ipsec start >/dev/null || return 1
    for i in $(seq 1 100); do
        charon_in "$ns" ipsec status >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "charon_start: charon in $ns does not answer after 20 s" >&2
    return 1
}

charon_in() {
    local ns=$1
    shift
    local pid=${CHARON_HOLDER[$ns]:-}
    [ -n "$pid" ] || { echo "charon_in: no charon holder for $ns" >&2; return 1; }
    nsenter -t "$pid" -m -n "$@"
}

charon_wait_conn() {
    local ns=$1 conn=$2 secs=${3:-20} i
    for i in $(seq 1 $((secs * 5))); do
        charon_in "$ns" ipsec statusall 2>/dev/null | grep -q "^ *$conn: " && return 0
        sleep 0.2
    done
    echo "charon_wait_conn: $conn is not loaded in $ns after ${secs}s" >&2
    return 1
}

charon_wait_established() {
    local ns=$1 conn=$2 secs=${3:-20} i
    for i in $(seq 1 $((secs * 5))); do
        charon_in "$ns" ipsec status "$conn" 2>/dev/null | grep -q "$conn\[[0-9]*\]: ESTABLISHED" &&
            return 0
        sleep 0.2
    done
    echo "charon_wait_established: no ESTABLISHED IKE_SA of $conn in $ns after ${secs}s" >&2
    return 1
}

charon_stop() {
    local ns=$1
    local pid=${CHARON_HOLDER[$ns]:-}
    [ -n "$pid" ] || return 0
    charon_in "$ns" ipsec stop >/dev/null 2>&1
    local i
    for i in $(seq 1 50); do
        charon_in "$ns" test -e /run/charon.pid 2>/dev/null || break
        sleep 0.1
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    unset "CHARON_HOLDER[$ns]"
    return 0
}
