#!/bin/bash
# tls-demo.sh: one TLS handshake with client authentication through tlsctl,
# end to end on loopback: a lab CA, server and client certificates, a server
# that requires a client certificate, and a client that shows the handshake
# (-state), the server's verification and what the server saw of the client.
#
#   tls-demo.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# Exit 0 when the handshake succeeds with both sides authenticated.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tlsctl= dir= port=4433
while [ $# -gt 0 ]; do
    case "$1" in
    --tlsctl) tlsctl=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "tls-demo.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -n "$tlsctl" ] || tlsctl=$(command -v tlsctl || echo "$here/../../build/cmd/tlsctl/tlsctl")
tlsctl=$(realpath "$tlsctl")
server_pid=
if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/tls-demo.XXXXXX)
    trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$dir"' EXIT
else
    trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null' EXIT
fi
echo "== TLS with client authentication (tlsctl, Botan 2.19, TLS 1.2) in $dir"
"$here/tls-pki.sh" --tlsctl "$tlsctl" --dir "$dir" >"$dir/pki.log" 2>&1 ||
    { cat "$dir/pki.log"; exit 1; }
cd "$dir" || exit 1
echo "-- lab CA and certificates (tls-pki.sh):"
"$tlsctl" x509 -in demoCA/cacert.pem -noout -subject
"$tlsctl" x509 -in server_cert.pem -noout -subject -issuer
"$tlsctl" x509 -in client_cert.pem -noout -subject -issuer
echo "-- server: tlsctl s_server -accept $port -www -key server_pkey.pem -cert server_cert.pem -CAfile demoCA/cacert.pem -Verify 1 -naccept 1"
"$tlsctl" s_server -accept "$port" -www -key server_pkey.pem -cert server_cert.pem \
    -CAfile demoCA/cacert.pem -Verify 1 -naccept 1 >server.log 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q '^ACCEPT' server.log 2>/dev/null && break; sleep 0.05; done
echo "-- client: tlsctl s_client -connect 127.0.0.1:$port -state -CAfile demoCA/cacert.pem -cert client_cert.pem -key client_pkey.pem -verify_return_error"
printf 'GET / HTTP/1.0\r\n\r\n' |
    "$tlsctl" s_client -connect "127.0.0.1:$port" -state -CAfile demoCA/cacert.pem \
        -cert client_cert.pem -key client_pkey.pem -verify_return_error -ign_eof \
        >client.log 2>&1
rc=$?
wait "$server_pid" 2>/dev/null
server_pid=
sed '/^HTTP\/1.0 200/,$d' client.log |
    grep -E '^SSL_connect|^depth=|^verify|^Acceptable client|^CN = |^Peer sign|^Server Temp|^Verification|^New, |^ +Session-ID:|^ +Verify return'
echo "-- what the server saw (its -www page):"
sed -n '/^HTTP\/1.0 200/,$p' client.log |
    grep -E '^New, |^Client certificate|^subject=|^issuer=|^no client certificate'
if [ $rc = 0 ] && grep -q '^Verification: OK' client.log &&
    grep -q '^subject=.*CN = client.lab' client.log; then
    echo "== OK: server verified by the client, client certificate verified by the server"
    exit 0
fi
echo "== FAILED (rc=$rc)"; cat client.log server.log
exit 1
