#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls13-pki.sh: the certificates of the TLS 1.3 walk-through with tlsctl: a
# self-signed root CA and a server certificate for "localhost" that it
# issues, generating key, request and certificate as the walk-through does
# with openssl. Ed448, which the walk-through uses, is not in Botan 2.19:
# the script shows tlsctl's error and uses Ed25519 instead.
#
#   tls13-pki.sh [--tlsctl PATH] [--dir DIR]
#
# DIR (default: a temporary directory, removed afterwards) receives
# ca_keypair.pem, ca_cert.pem, server_keypair.pem, server_csr.pem and
# server_cert.pem. Exit 0 when the server certificate verifies.
set -u
help_lines=2,13
tmp_prefix=tls13-pki
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
cd "$dir" || exit 1

show() { echo "\$ tlsctl $*"; "$tlsctl" "$@"; }

echo "# Ed448 as in the walk-through: refused, Botan 2.19 has no Ed448"
if show req -newkey ED448 -x509 -subj "/CN=ROOT CA" -noenc -keyout ca_keypair.pem -out ca_cert.pem; then
    echo "tlsctl accepted Ed448: unexpected" >&2
    exit 1
fi
echo "# the same with Ed25519"
show req -newkey ED25519 -x509 -subj "/CN=ROOT CA" -addext "basicConstraints=critical,CA:TRUE" \
    -days 3650 -noenc -keyout ca_keypair.pem -out ca_cert.pem || exit 1
show req -newkey ED25519 -subj "/CN=localhost" -addext "basicConstraints=critical,CA:FALSE" \
    -addext "subjectAltName=DNS:localhost" -noenc -keyout server_keypair.pem -out server_csr.pem || exit 1
show x509 -req -in server_csr.pem -copy_extensions copyall -CA ca_cert.pem -CAkey ca_keypair.pem \
    -days 3650 -out server_cert.pem || exit 1
show verify -CAfile ca_cert.pem server_cert.pem
