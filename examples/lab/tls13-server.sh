#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls13-server.sh: the TLS 1.3 walk-through's server and client with tlsctl
# on loopback: s_server with the Ed25519 certificate of tls13-pki.sh, and
# s_client -verify_return_error -verify_hostname localhost -CAfile
# ca_cert.pem, which prints "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384",
# the session and the post-handshake tickets, then sends a line the server
# prints.
#
#   tls13-server.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# DIR (default: a temporary directory, removed afterwards) gets the PKI from
# tls13-pki.sh when it has none. Exit 0 when the handshake, the verification
# and the data transfer succeed.
set -u
help_lines=2,14
tmp_prefix=tls13-server
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
[ -f "$dir/server_cert.pem" ] ||
    "$here/tls13-pki.sh" --tlsctl "$tlsctl" --dir "$dir" >/dev/null || exit 1
cd "$dir" || exit 1

echo "\$ tlsctl s_server -port $port -key server_keypair.pem -cert server_cert.pem -tls1_3 &"
rm -f server.log
"$tlsctl" s_server -port "$port" -key server_keypair.pem -cert server_cert.pem -tls1_3 \
    >server.log 2>&1 < <(sleep 30) &
server_pid=$!
for _ in $(seq 100); do grep -q '^ACCEPT' server.log 2>/dev/null && break; sleep 0.05; done

echo "\$ tlsctl s_client -tls1_3 -connect localhost:$port -verify_return_error -verify_hostname localhost -CAfile ca_cert.pem"
(sleep 0.5; echo "hello from the client"; sleep 0.5) |
    "$tlsctl" s_client -tls1_3 -connect "localhost:$port" -verify_return_error -verify_hostname localhost \
        -CAfile ca_cert.pem >client.log 2>&1
rc=$?
cat client.log
sleep 0.2
echo "--- the server printed:"
cat server.log
[ $rc = 0 ] && grep -q '^New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384' client.log &&
    grep -q '^Verified peername: localhost' client.log &&
    grep -q '^Post-Handshake New Session Ticket arrived:' client.log &&
    grep -q '^hello from the client' server.log
