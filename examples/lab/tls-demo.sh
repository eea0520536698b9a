#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls-demo.sh: one TLS handshake with client authentication through tlsctl,
# end to end on loopback: a lab CA, server and client certificates, a server
# that requires a client certificate, and a client that shows the handshake
# (-state), the server's verification and what the server saw of the client.
#
#   tls-demo.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# Exit 0 when the handshake succeeds with both sides authenticated.
set -u
help_lines=2,9 tmp_prefix=tls-demo
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
echo "== TLS 1.3 with client authentication (tlsctl) in $dir"
"$here/tls-pki.sh" --tlsctl "$tlsctl" --dir "$dir" >"$dir/pki.log" 2>&1 ||
    { cat "$dir/pki.log"; exit 1; }
cd "$dir" || exit 1
echo "-- lab CA and certificates (tls-pki.sh):"
"$tlsctl" x509 -in demoCA/cacert.pem -noout -subject
"$tlsctl" x509 -in server_cert.pem -noout -subject -issuer
"$tlsctl" x509 -in client_cert.pem -noout -subject -issuer
echo "-- server: tlsctl s_server -accept $port -www -key server_pkey.pem -cert server_cert.pem -CAfile demoCA/cacert.pem -Verify 1 -naccept 1"
start_server -accept "$port" -www -key server_pkey.pem -cert server_cert.pem \
    -CAfile demoCA/cacert.pem -Verify 1 -naccept 1
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
