# SPDX-License-Identifier: GPL-2.0-or-later
# free-port.sh: sourced by tests/tls/interop.sh, interop13.sh and tests/bench/tls-bench.sh.
# free_port: a port nobody listens on (random; checked with a connect), below the
# kernel's ephemeral range, so that no client's own end of a connection holds it
# (the suites run side by side, and their clients take ephemeral ports).
free_port() {
    local p low=32768 range
    if read -r range _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null; then
        low=$range
    fi
    [ "$low" -gt 12000 ] || low=32768
    while :; do
        p=$((10000 + RANDOM % (low - 10000)))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
