#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls13-resume.sh: TLS 1.3 session tickets with tlsctl on loopback: the
# server sends two NewSessionTickets after the handshake, the client saves
# one (-sess_out) and resumes with it (-sess_in: "Reused, TLSv1.3"), then
# sends 0-RTT data with a fresh ticket (-early_data), which a server with
# -early_data accepts once: a replay of the same ticket is refused.
#
#   tls13-resume.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# DIR (default: a temporary directory, removed afterwards) gets the PKI from
# tls13-pki.sh when it has none. Exit 0 when resumption and 0-RTT behave so.
set -u
help_lines=2,11
tmp_prefix=tls13-resume
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
[ -f "$dir/server_cert.pem" ] ||
    "$here/tls13-pki.sh" --tlsctl "$tlsctl" --dir "$dir" >/dev/null || exit 1
cd "$dir" || exit 1

echo "\$ tlsctl s_server -port $port -key server_keypair.pem -cert server_cert.pem -tls1_3 -early_data &"
rm -f server.log
"$tlsctl" s_server -port "$port" -key server_keypair.pem -cert server_cert.pem -tls1_3 -early_data \
    >server.log 2>&1 < <(sleep 30) &
server_pid=$!
for _ in $(seq 100); do grep -q '^ACCEPT' server.log 2>/dev/null && break; sleep 0.05; done

client() {
    echo "\$ tlsctl s_client -tls1_3 -connect localhost:$port -CAfile ca_cert.pem $*"
    "$tlsctl" s_client -tls1_3 -connect "localhost:$port" -CAfile ca_cert.pem "$@" </dev/null >client.log 2>&1
    grep -E '^(New|Reused), TLSv1.3|^Early data|Session Ticket arrived' client.log
}
printf 'GET / HTTP/1.0\r\n\r\n' >early.txt
client -sess_out session.pem && grep -q '^New, TLSv1.3' client.log || exit 1
client -sess_in session.pem && grep -q '^Reused, TLSv1.3' client.log || exit 1
client -sess_out ticket2.pem >/dev/null
client -sess_in ticket2.pem -early_data early.txt && grep -q '^Early data was accepted' client.log || exit 1
echo "# the same ticket again: a replay, so no 0-RTT"
client -sess_in ticket2.pem -early_data early.txt && grep -q '^Early data was rejected' client.log || exit 1
sleep 0.2
echo "--- the server printed:"
cat server.log
grep -q '^Early data received:' server.log
