#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls-server.sh: the lab's section 4.2 with tlsctl on loopback: a TLS server
# with the lab CA's certificate (s_server -www -no_dhe) and a client that
# shows the handshake states and the server's chain (s_client -state
# -showcerts -CAfile demoCA/cacert.pem). Both speak TLS 1.3 by default, as
# openssl 3.0 does (-no_dhe only narrows the TLS 1.2 suites).
#
#   tls-server.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# DIR (default: a temporary directory, removed afterwards) gets the lab PKI
# from tls-pki.sh when it has none. Exit 0 when the handshake and the
# verification succeed.
set -u
help_lines=2,13
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
lab_pki server_cert.pem

echo "\$ tlsctl s_server -accept $port -www -no_dhe -key server_pkey.pem -cert server_cert.pem &"
start_server -accept "$port" -www -no_dhe -key server_pkey.pem -cert server_cert.pem
echo "\$ tlsctl s_client -connect 127.0.0.1:$port -state -showcerts -CAfile demoCA/cacert.pem"
"$tlsctl" s_client -connect "127.0.0.1:$port" -state -showcerts -CAfile demoCA/cacert.pem \
    </dev/null >client.log 2>&1
rc=$?
cat client.log
[ $rc = 0 ] && grep -q '^Verification: OK' client.log && grep -q '^New, TLSv1.3' client.log
