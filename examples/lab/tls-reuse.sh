#!/bin/bash
# tls-reuse.sh: the lab's section 4.3 with tlsctl on loopback: the client
# reconnects 5 times with the same session (s_client -reconnect) to a server
# started with -tls1_2; every reconnect shows "Reused" and the same
# Session-ID. With --no-ticket the session is resumed by its ID alone.
#
#   tls-reuse.sh [--tlsctl PATH] [--dir DIR] [--port N] [--no-ticket]
#
# Exit 0 when all 5 reconnects reuse the session.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tlsctl= dir= port=4433 ticket=
while [ $# -gt 0 ]; do
    case "$1" in
    --tlsctl) tlsctl=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-ticket) ticket=-no_ticket; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "tls-reuse.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -n "$tlsctl" ] || tlsctl=$(command -v tlsctl || echo "$here/../../build/cmd/tlsctl/tlsctl")
tlsctl=$(realpath "$tlsctl")
server_pid=
if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/tls-lab.XXXXXX)
    trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$dir"' EXIT
else
    trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null' EXIT
fi
[ -f "$dir/server_cert.pem" ] || "$here/tls-pki.sh" --tlsctl "$tlsctl" --dir "$dir" >/dev/null || exit 1
cd "$dir" || exit 1

echo "\$ tlsctl s_server -accept $port -www -no_dhe -key server_pkey.pem -cert server_cert.pem -CAfile demoCA/cacert.pem -tls1_2 &"
"$tlsctl" s_server -accept "$port" -www -no_dhe -key server_pkey.pem -cert server_cert.pem \
    -CAfile demoCA/cacert.pem -tls1_2 >server.log 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q '^ACCEPT' server.log 2>/dev/null && break; sleep 0.05; done
echo "\$ tlsctl s_client -connect 127.0.0.1:$port -state -CAfile demoCA/cacert.pem -reconnect $ticket"
"$tlsctl" s_client -connect "127.0.0.1:$port" -state -CAfile demoCA/cacert.pem -reconnect \
    $ticket </dev/null >client.log 2>&1
rc=$?
grep -E '^(New|Reused), |Session-ID:|^drop connection|Master-Key' client.log
reused=$(grep -c '^Reused, TLSv1.2' client.log)
ids=$(grep -E '^ +Session-ID: ' client.log | sort -u | wc -l)
echo "# $reused of 5 reconnects reused the session; $ids distinct Session-ID(s)"
[ $rc = 0 ] && [ "$reused" = 5 ] && { [ -z "$ticket" ] || [ "$ids" = 1 ]; }
