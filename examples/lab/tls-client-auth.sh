#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tls-client-auth.sh: the lab's section 4.4 with tlsctl on loopback: a server
# that requires a client certificate (s_server -Verify 1), a client that
# presents the lab CA's client certificate (accepted) and one without
# (refused), over TLS 1.3 (the default). Also over TLS 1.2 with RSA key
# exchange (-tls1_2 -cipher AES128-SHA): Botan 2.19 cannot ask for a
# certificate there, so tlsctl refuses every client.
#
#   tls-client-auth.sh [--tlsctl PATH] [--dir DIR] [--port N]
#
# Exit 0 when the client with a certificate gets in and the others do not.
set -u
help_lines=2,12
source "$(dirname "${BASH_SOURCE[0]}")/tls-common.sh"
lab_pki client_cert.pem

start() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    echo "\$ tlsctl s_server -accept $port -www -no_dhe -key server_pkey.pem -cert server_cert.pem -CAfile demoCA/cacert.pem -Verify 1 $* &"
    start_server -accept "$port" -www -no_dhe -key server_pkey.pem -cert server_cert.pem \
        -CAfile demoCA/cacert.pem -Verify 1 "$@"
}
client() {
    echo "\$ tlsctl s_client -connect 127.0.0.1:$port -CAfile demoCA/cacert.pem $*"
    printf 'GET / HTTP/1.0\r\n\r\n' |
        "$tlsctl" s_client -connect "127.0.0.1:$port" -quiet -CAfile demoCA/cacert.pem "$@" \
            >client.log 2>&1
}
ok=0
start
if client -state -cert client_cert.pem -key client_pkey.pem; then
    grep -E '^SSL_connect|^New, |^subject=|^issuer=' client.log
    grep -q '^subject=.*CN = client.lab' client.log && echo "# accepted with the client certificate" || ok=1
else
    cat client.log; echo "# FAILED: the client with a certificate was refused"; ok=1
fi
if client; then
    echo "# FAILED: a client without a certificate got in"; ok=1
else
    tail -1 client.log; echo "# refused without a client certificate"
fi
start -tls1_2 -cipher AES128-SHA
if client -cert client_cert.pem -key client_pkey.pem; then
    echo "# FAILED: RSA key exchange let a client in without client authentication"; ok=1
else
    grep 'handshake failed' server.log | head -1
    echo "# RSA key exchange: refused (Botan 2.19 sends no certificate request there)"
fi
exit $ok
