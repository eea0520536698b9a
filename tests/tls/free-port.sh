# SPDX-License-Identifier: GPL-2.0-or-later
# free-port.sh: sourced by tests/tls/interop.sh and tests/bench/tls-bench.sh.
# free_port: a port nobody listens on (random; checked with a connect).
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
