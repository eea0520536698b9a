#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls-reuse.sh: the lab's section 4.3 with tlsctl on loopback: the client
# reconnects 5 times with the same session (s_client -reconnect) to a server
# started with -tls1_2; every reconnect shows "Reused" and the same
# Session-ID. With --no-ticket the session is resumed by its ID alone.
#
#   tls-reuse.sh [--tlsctl PATH] [--dir DIR] [--port N] [--no-ticket]
#
# Exit 0 when all 5 reconnects reuse the session.
set -u
help_lines=2,10
ticket=
lab_option() { [ "$1" = --no-ticket ] && ticket=-no_ticket; }
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
lab_pki server_cert.pem

echo "\$ tlsctl s_server -accept $port -www -no_dhe -key server_pkey.pem -cert server_cert.pem -CAfile demoCA/cacert.pem -tls1_2 &"
start_server -accept "$port" -www -no_dhe -key server_pkey.pem -cert server_cert.pem \
    -CAfile demoCA/cacert.pem -tls1_2
echo "\$ tlsctl s_client -connect 127.0.0.1:$port -state -CAfile demoCA/cacert.pem -reconnect $ticket"
"$tlsctl" s_client -connect "127.0.0.1:$port" -state -CAfile demoCA/cacert.pem -reconnect \
    $ticket </dev/null >client.log 2>&1
rc=$?
grep -E '^(New|Reused), |Session-ID:|^drop connection|Master-Key' client.log
reused=$(grep -c '^Reused, TLSv1.2' client.log)
ids=$(grep -E '^ +Session-ID: ' client.log | sort -u | wc -l)
echo "# $reused of 5 reconnects reused the session; $ids distinct Session-ID(s)"
[ $rc = 0 ] && [ "$reused" = 5 ] && { [ -z "$ticket" ] || [ "$ids" = 1 ]; }
