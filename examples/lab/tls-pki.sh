#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls-pki.sh: the lab's section 4.2 steps 1-3 and 4.4 steps 1-2 with tlsctl:
# a test CA in CA.pl's demoCA layout (CA key password "ciao", as in the lab),
# a request and a certificate for the TLS server, and the same for a client.
#
#   tls-pki.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# Writes in DIR (default: the current directory): demoCA/ (cacert.pem,
# private/cakey.pem, index.txt, serial, newcerts/), server_pkey.pem,
# server_creq.pem, server_cert.pem, client_pkey.pem, client_creq.pem,
# client_cert.pem. An existing demoCA/ is kept. --port is accepted for the
# common interface of the tls-*.sh scripts and not used.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tlsctl= dir=.
while [ $# -gt 0 ]; do
    case "$1" in
    --tlsctl) tlsctl=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "tls-pki.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [ -z "$tlsctl" ]; then
    tlsctl=$(command -v tlsctl || echo "$here/../../build/cmd/tlsctl/tlsctl")
fi
[ -x "$tlsctl" ] || { echo "tls-pki.sh: no tlsctl at '$tlsctl' (build it, or --tlsctl)" >&2; exit 2; }
mkdir -p "$dir"
cd "$dir"
SUBJ='/C=IT/ST=Piemonte/O=Polito Lab'
step() { printf '\n$ %s\n' "$*"; "$@"; }

if [ ! -f demoCA/cacert.pem ]; then
    echo "# 4.2.1 a test CA (CA.pl -newca)"
    step "$tlsctl" ca -newca -subj "$SUBJ/CN=Lab CA" -passout pass:ciao
fi
echo "# 4.2.2 a certificate request for the TLS server"
step "$tlsctl" req -new -nodes -keyout server_pkey.pem -out server_creq.pem \
    -subj "$SUBJ/CN=server.lab" -addext subjectAltName=DNS:server.lab,DNS:localhost
echo "# 4.2.3 the CA issues the server certificate"
step "$tlsctl" ca -in server_creq.pem -out server_cert.pem -passin pass:ciao -batch
echo "# 4.4.1 a certificate request for the client"
step "$tlsctl" req -new -nodes -keyout client_pkey.pem -out client_creq.pem \
    -subj "$SUBJ/CN=client.lab"
echo "# 4.4.2 the CA issues the client certificate"
step "$tlsctl" ca -in client_creq.pem -out client_cert.pem -passin pass:ciao -batch
echo
step "$tlsctl" verify -CAfile demoCA/cacert.pem server_cert.pem client_cert.pem
