# SPDX-License-Identifier: GPL-2.0-or-later
# iked.sh: helpers for the VM tests of iked/ikectl against charon (t-61, t-62):
# start and stop iked in a lab namespace, ikectl against it, charon with a named
# conn, and the checks on SAs, policies and traffic. Needs lab.sh, tap.sh and
# charon.sh; W (a work directory) must be set before the helpers are called.
#
#   iked_start NS DIR / iked_stop DIR     iked with DIR/ipsec.conf and ipsec.secrets
#   ikectl DIR ARGS...                    ikectl against DIR's iked
#   ikectl_up DIR CONN                    ikectl up CONN, output kept in DIR/up.txt
#   ikectl_status_has DIR PATTERN...      every PATTERN is in `ikectl status`
#   charon_up NS DIR CONN                 charon_start, then waits until CONN is loaded
#   charon_status_has NS CONN PATTERN...  every PATTERN is in `ipsec status CONN`
#   charon_no_sa NS CONN                  charon has no IKE_SA of CONN
#   esp_packets NS                        packets counted by all ESP SAs of NS
#   nothing_left NS...                    no SA and no policy in any NS
#   policy_shape NS                       NS's policies, one line each, sorted, without
#                                         the fields that differ between daemons
#                                         (index, reqid, SPI)
#   state_shape NS                        NS's SAs, one line each, sorted, without SPI,
#                                         reqid, keys and replay counters
#   tcp_transfer FROM_NS TO_NS TO_ADDR    64 KiB over TCP arrive intact
#   eventually CMD...                     CMD retried for 5 s
# shellcheck shell=bash

IKED=${BUILD_DIR:+$BUILD_DIR/}daemon/iked/iked
IKECTL=${BUILD_DIR:+$BUILD_DIR/}cmd/ikectl/ikectl

ikectl() { # DIR ARGS...
    local d=$1
    shift
    "$IKECTL" --socket "$d/iked.ctl" "$@"
}

iked_start() { # NS DIR
    local ns=$1 d=$2 i
    ip netns exec "$ns" "$IKED" --nofork --config "$d/ipsec.conf" --secrets "$d/ipsec.secrets" \
        --socket "$d/iked.ctl" --pidfile "$d/iked.pid" --debug "knl 2" >"$d/iked.log" 2>&1 &
    echo $! >"$d/iked.bgpid"
    for i in $(seq 1 50); do
        ikectl "$d" version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "iked in $ns does not answer on $d/iked.ctl"
    cat "$d/iked.log"
    return 1
}

iked_stop() { # DIR: ikectl stop, and the process is gone
    local d=$1 pid i
    pid=$(cat "$d/iked.bgpid")
    ikectl "$d" stop || return 1
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "iked ($pid) still runs after ikectl stop"
    return 1
}

ikectl_up() { # DIR CONN
    ikectl "$1" up "$2" >"$1/up.txt" 2>&1
    local rc=$?
    cat "$1/up.txt"
    return $rc
}

ikectl_status_has() { # DIR PATTERN...
    local d=$1 s p
    shift
    s=$(ikectl "$d" status) || return 1
    for p in "$@"; do
        printf '%s\n' "$s" | grep -q -- "$p" || { echo "no '$p' in:"; printf '%s\n' "$s"; return 1; }
    done
}

# charon_start leaves a holder process behind (and sets CHARON_HOLDER): it runs in
# this shell with its output in a file, never inside tap_check's $(...).
charon_up() { # NS DIR CONN
    charon_start "$1" "$2" >"$2/charon-start.txt" 2>&1 && charon_wait_conn "$1" "$3" \
        >>"$2/charon-start.txt" 2>&1
}

charon_status_has() { # NS CONN PATTERN...
    local ns=$1 conn=$2 s p
    shift 2
    s=$(charon_in "$ns" ipsec status "$conn") || return 1
    for p in "$@"; do
        printf '%s\n' "$s" | grep -q -- "$p" || { echo "no '$p' in:"; printf '%s\n' "$s"; return 1; }
    done
}

charon_no_sa() { ! charon_in "$1" ipsec status "$2" | grep -q "$2\["; }

esp_packets() { # NS
    ip -n "$1" -s xfrm state | awk '/lifetime current:/ { getline; gsub(/[(),]/, " "); n += $3 }
                                    END { print n + 0 }'
}

sa_count() { ip -n "$1" xfrm state | grep -c '^src'; }
policy_count() { ip -n "$1" xfrm policy | grep -c 'dir \(in\|out\|fwd\)'; }

nothing_left() { # NS...
    local ns
    for ns in "$@"; do
        [ "$(sa_count "$ns")" = 0 ] && [ "$(policy_count "$ns")" = 0 ] || {
            echo "$ns still has SAs or policies:"
            ip -n "$ns" xfrm state
            ip -n "$ns" xfrm policy
            return 1
        }
    done
}

# One line per policy, the socket policies of the IKE sockets left out.
policy_shape() { # NS
    ip -n "$1" xfrm policy | awk '
        function flush() { if (line != "" && line !~ /[[:space:]]socket (in|out) /) print line; line = "" }
        /^src / { flush() }
        { line = line " " $0 }
        END { flush() }' |
        sed -E 's/[[:space:]]+/ /g; s/ (spi 0x[0-9a-f]+|reqid [0-9]+|index [0-9]+)//g; s/^ //; s/ $//' | sort
}

state_shape() { # NS
    ip -n "$1" xfrm state | awk '
        function flush() { if (line != "") print line; line = "" }
        /^src / { flush() }
        { line = line " " $0 }
        END { flush() }' |
        sed -E 's/[[:space:]]+/ /g; s/ (spi 0x[0-9a-f]+|reqid [0-9]+)//g; s/ 0x[0-9a-f]{16,}//g' |
        sed -E 's/ (seq|oseq) 0x[0-9a-f]+,?//g; s/ bitmap 0x[0-9a-f]+//g; s/^ //; s/ $//' | sort
}

eventually() { # CMD...: retried for 5 s
    local i
    for i in $(seq 1 25); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    "$@"
}

tcp_transfer() { # FROM_NS TO_NS TO_ADDR: 64 KiB over TCP arrive intact
    # The server's stdin stays open (busybox nc stops at EOF on either side);
    # the client is bash's /dev/tcp, which closes only after the last byte.
    local out=$W/tcp.out
    rm -f "$out"
    head -c 65536 /dev/urandom >"$W/tcp.in"
    sleep 8 2>/dev/null | ip netns exec "$2" busybox timeout 10 busybox nc -l -p 5001 >"$out" 2>/dev/null &
    local srv=$!
    sleep 0.5
    ip netns exec "$1" bash -c 'exec 3<>"/dev/tcp/$1/5001" && cat "$2" >&3 && exec 3>&-' \
        _ "$3" "$W/tcp.in" || { echo "cannot connect to $3:5001"; return 1; }
    wait "$srv"
    cmp "$W/tcp.in" "$out"
}

cat_rc() { cat "$1"; return "$2"; }
