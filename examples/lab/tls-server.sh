#!/bin/bash
# tls-server.sh: the lab's section 4.2 with tlsctl on loopback: a TLS server
# with the lab CA's certificate (s_server -www -no_dhe) and a client that
# shows the handshake states and the server's chain (s_client -state
# -showcerts -CAfile demoCA/cacert.pem).
#
#   tls-server.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# DIR (default: a temporary directory, removed afterwards) gets the lab PKI
# from tls-pki.sh when it has none. Exit 0 when the handshake and the
# verification succeed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tlsctl= dir= port=4433
while [ $# -gt 0 ]; do
    case "$1" in
    --tlsctl) tlsctl=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "tls-server.sh: unknown argument '$1'" >&2; exit 2 ;;
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

echo "\$ tlsctl s_server -accept $port -www -no_dhe -key server_pkey.pem -cert server_cert.pem &"
"$tlsctl" s_server -accept "$port" -www -no_dhe -key server_pkey.pem -cert server_cert.pem \
    >server.log 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q '^ACCEPT' server.log 2>/dev/null && break; sleep 0.05; done
echo "\$ tlsctl s_client -connect 127.0.0.1:$port -state -showcerts -CAfile demoCA/cacert.pem"
"$tlsctl" s_client -connect "127.0.0.1:$port" -state -showcerts -CAfile demoCA/cacert.pem \
    </dev/null >client.log 2>&1
rc=$?
cat client.log
[ $rc = 0 ] && grep -q '^Verification: OK' client.log && grep -q '^New, TLSv1.2' client.log
