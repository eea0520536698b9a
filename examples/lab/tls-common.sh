# SPDX-License-Identifier: GPL-2.0-or-later
# tls-common.sh: sourced by the tls-*.sh lab scripts, not run. What they share:
# the options --tlsctl PATH, --dir DIR, --port N and -h/--help (lines
# $help_lines of the script itself), the tlsctl to use, DIR (by default a
# temporary one, removed at exit) and the server they start (server_pid,
# killed at exit).
#
# Before sourcing, a script sets help_lines (e.g. 2,11) and may set
# tmp_prefix (default tls-lab) and define lab_option ARG, which takes an
# option of its own and fails for an unknown one. It is sourced with "$@".

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tlsctl= dir= port=4433
while [ $# -gt 0 ]; do
    case "$1" in
    --tlsctl) tlsctl=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h | --help) sed -n "${help_lines}p" "$0"; exit 0 ;;
    *)
        if declare -F lab_option >/dev/null && lab_option "$1"; then
            shift
        else
            echo "$(basename "$0"): unknown argument '$1'" >&2; exit 2
        fi ;;
    esac
done
[ -n "$tlsctl" ] || tlsctl=$(command -v tlsctl || echo "$here/../../build/cmd/tlsctl/tlsctl")
tlsctl=$(realpath "$tlsctl")
server_pid=
if [ -z "$dir" ]; then
    dir=$(mktemp -d "/tmp/${tmp_prefix:-tls-lab}.XXXXXX")
    trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$dir"' EXIT
else
    trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null' EXIT
fi

# lab_pki FILE: the lab PKI in DIR (tls-pki.sh) unless FILE is there; then into DIR.
lab_pki() {
    [ -f "$dir/$1" ] || "$here/tls-pki.sh" --tlsctl "$tlsctl" --dir "$dir" >/dev/null || exit 1
    cd "$dir" || exit 1
}

# start_server ARGS...: tlsctl s_server ARGS in the background (server.log,
# server_pid; an old server.log removed first), back once it prints ACCEPT
# (at most 5 s).
start_server() {
    rm -f server.log
    "$tlsctl" s_server "$@" >server.log 2>&1 </dev/null &
    server_pid=$!
    for _ in $(seq 100); do grep -q '^ACCEPT' server.log 2>/dev/null && break; sleep 0.05; done
}
