#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# interop13.sh: tlsctl's TLS 1.3 (lib/tls13) against the real openssl 3.0 on
# loopback, TAP. Both directions: each cipher suite x each group x RSA-PSS,
# ECDSA and Ed25519 certificates; HelloRetryRequest; client authentication
# required/absent; resumption with tickets; 0-RTT accepted and rejected;
# KeyUpdate; ALPN; the NSS key log against openssl's; a wrong CA, a hostname
# mismatch; a TLS 1.2-only server (fallback to Botan's 1.2); Ed448 refused;
# the lab scripts examples/lab/tls13-*.sh.
#   interop13.sh --build DIR
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTS_DIR=$(dirname "$here")
REPO=$(dirname "$TESTS_DIR")
BUILD_DIR=$REPO/build
if [ "${1:-}" = --build ]; then
    BUILD_DIR=$(realpath "$2")
    shift 2
fi
T=$BUILD_DIR/cmd/tlsctl/tlsctl
if ! command -v openssl >/dev/null; then
    echo "1..0 # SKIP openssl is not installed (apt-get install openssl)"
    exit 0
fi
if [ ! -x "$T" ]; then
    echo "1..0 # SKIP tlsctl is not built ($T)"
    exit 0
fi
source "$TESTS_DIR/lib/tap.sh"
source "$here/free-port.sh"

W=$(mktemp -d /tmp/tls13-interop.XXXXXX)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
cd "$W" || exit 1

# start_server tlsctl|openssl ARGS...: a background server on $PORT, log srv.log.
start_server_once() {
    local which=$1 i
    shift
    stop_server
    rm -f srv.log
    PORT=$(free_port)
    # openssl s_server without -www ends at the end of its stdin: keep it open.
    if [ "$which" = tlsctl ]; then
        "$T" s_server -accept "$PORT" "$@" >srv.log 2>&1 < <(sleep 120) &
    else
        openssl s_server -accept "$PORT" "$@" >srv.log 2>&1 < <(sleep 120) &
    fi
    SERVER_PID=$!
    for i in $(seq 100); do
        grep -q '^ACCEPT' srv.log 2>/dev/null && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "server did not start: $which $*"
    cat srv.log
    return 1
}
# start_server: start_server_once, again on another port when the one picked
# was taken meanwhile (the suites run side by side).
start_server() {
    local try
    for try in 1 2 3; do
        start_server_once "$@" && return 0
        grep -q 'Address already in use' srv.log 2>/dev/null || return 1
    done
    return 1
}
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=
    fi
}
GET=$'GET / HTTP/1.0\r\n\r\n'
# t_get / o_get ARGS: tlsctl's / openssl's s_client fetching the -www page with
# -brief (the summary on stderr); output in cli.log.
t_get() {
    printf '%s' "$GET" | timeout 20 "$T" s_client -connect "127.0.0.1:$PORT" -brief -ign_eof "$@" \
        >cli.log 2>&1 || { echo "tlsctl s_client failed ($?)"; show; return 1; }
}
o_get() {
    printf '%s' "$GET" | timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -brief -ign_eof "$@" \
        >cli.log 2>&1 || { echo "openssl s_client failed ($?)"; show; return 1; }
}
show() {
    echo "--- client:"
    cat cli.log
    echo "--- server:"
    cat srv.log
}
expect() { # expect REGEX FILE...
    local re=$1
    shift
    grep -qE -- "$re" "$@" || { echo "missing: $re"; show; return 1; }
}
_run_body() {
    eval "$1"
    local rc=$?
    stop_server
    return $rc
}
run() { tap_check "$1" _run_body "$2"; }

# ---------------------------------------------------------------- the PKI
pki() {
    set -e
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
        -out ca.pem -days 30 -subj '/CN=Lab CA' 2>/dev/null
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key \
        -out other.pem -days 30 -subj '/CN=Other CA' 2>/dev/null
    for kind in rsa ec ed; do
        case $kind in
        rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $kind.key 2>/dev/null ;;
        ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $kind.key 2>/dev/null ;;
        ed) openssl genpkey -algorithm ED25519 -out $kind.key 2>/dev/null ;;
        esac
        openssl req -new -key $kind.key -out $kind.csr -subj "/CN=server.lab" 2>/dev/null
        openssl x509 -req -in $kind.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
            -extfile <(printf 'subjectAltName=DNS:server.lab,IP:127.0.0.1\n') -out $kind.pem 2>/dev/null
    done
    openssl genpkey -algorithm ED25519 -out cli.key 2>/dev/null
    openssl req -new -key cli.key -out cli.csr -subj '/CN=client.lab' 2>/dev/null
    openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -days 30 -out cli.pem \
        -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
    printf 'early bird\n' >early.txt
    set +e
}
tap_check "PKI: an ECDSA CA, RSA/ECDSA/Ed25519 servers, an Ed25519 client (openssl)" pki

SUITES="TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256"
KX_GROUPS="X25519 P-256 P-384"
declare -A TEMP=([X25519]='X25519, 253 bits' [P-256]='ECDH, prime256v1, 256 bits'
    [P-384]='ECDH, secp384r1, 384 bits')
declare -A SIGTYPE=([rsa]='RSA-PSS' [ec]='ECDSA' [ed]='Ed25519')

# --------------------------------------- the matrix, both directions
for kind in rsa ec ed; do
    for suite in $SUITES; do
        run "tlsctl s_client -> openssl s_server: $kind certificate, $suite, x25519/P-256/P-384" "
            start_server openssl -www -tls1_3 -cert $kind.pem -key $kind.key -groups X25519:P-256:P-384 &&
            for g in $KX_GROUPS; do
                t_get -tls1_3 -CAfile ca.pem -ciphersuites $suite -groups \$g &&
                expect '^HTTP/1.0 200 ok' cli.log && expect '^Protocol version: TLSv1.3' cli.log &&
                expect '^Ciphersuite: $suite' cli.log && expect \"Server Temp Key: \${TEMP[\$g]}\" cli.log &&
                expect '^Signature type: ${SIGTYPE[$kind]}' cli.log || return 1
            done"
        run "openssl s_client -> tlsctl s_server: $kind certificate, $suite, x25519/P-256/P-384" "
            start_server tlsctl -www -tls1_3 -cert $kind.pem -key $kind.key &&
            for g in $KX_GROUPS; do
                o_get -tls1_3 -CAfile ca.pem -ciphersuites $suite -groups \$g &&
                expect '^HTTP/1.0 200 ok' cli.log && expect 'Ciphersuite: $suite' cli.log &&
                expect \"Server Temp Key: \${TEMP[\$g]}\" cli.log && expect 'Verification: OK' cli.log ||
                return 1
            done"
    done
done

# ------------------------------------------------------- HelloRetryRequest
run "HRR: tlsctl s_client (x25519 share) -> openssl s_server -groups P-256" "
    start_server openssl -www -tls1_3 -cert ec.pem -key ec.key -groups P-256 &&
    t_get -tls1_3 -CAfile ca.pem -msg && expect 'Server Temp Key: ECDH, prime256v1' cli.log &&
    [ \"\$(grep -c 'ClientHello' cli.log)\" = 2 ]"
run "HRR: openssl s_client (x25519 share) -> tlsctl s_server -groups P-384" "
    start_server tlsctl -www -tls1_3 -cert ec.pem -key ec.key -groups P-384 -msg &&
    o_get -tls1_3 -CAfile ca.pem && expect 'Server Temp Key: ECDH, secp384r1' cli.log &&
    [ \"\$(grep -c 'ServerHello' srv.log)\" = 2 ]"

# --------------------------------------------------- client authentication
run "HRR cookie: openssl s_client -> tlsctl s_server -stateless (cookie only, then with P-384)" "
    start_server tlsctl -www -stateless -msg -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem && expect '^HTTP/1.0 200 ok' cli.log && sleep 0.2 &&
    [ \$(grep -c '^<<< TLS 1.3, Handshake .*ClientHello' srv.log) = 2 ] &&
    start_server tlsctl -www -stateless -msg -groups P-384 -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem && expect 'Server Temp Key: ECDH, secp384r1' cli.log && sleep 0.2 &&
    [ \$(grep -c '^<<< TLS 1.3, Handshake .*ClientHello' srv.log) = 2 ]"
run "client auth: tlsctl s_client -cert -> openssl s_server -Verify" "
    start_server openssl -tls1_3 -www -cert rsa.pem -key rsa.key -Verify 1 -CAfile ca.pem &&
    t_get -tls1_3 -CAfile ca.pem -cert cli.pem -key cli.key && expect '^HTTP/1.0 200 ok' cli.log"
run "client auth: tlsctl's 'Requested Signature Algorithms' line is openssl's (s_server -verify 1)" "
    start_server openssl -tls1_3 -www -cert rsa.pem -key rsa.key -verify 1 &&
    o_get -CAfile ca.pem && grep '^Requested Signature Algorithms: ' cli.log >o-req.txt &&
    t_get -CAfile ca.pem && grep '^Requested Signature Algorithms: ' cli.log >t-req.txt &&
    [ -s o-req.txt ] && { diff o-req.txt t-req.txt || { show; false; }; }"
run "client auth: tlsctl s_client without -cert -> openssl s_server -Verify: certificate_required" "
    start_server openssl -tls1_3 -www -cert rsa.pem -key rsa.key -Verify 1 -CAfile ca.pem &&
    ! t_get -tls1_3 -CAfile ca.pem >/dev/null && expect 'certificate_required' cli.log"
run "client auth: openssl s_client -cert -> tlsctl s_server -Verify (CA names sent)" "
    start_server tlsctl -tls1_3 -www -cert rsa.pem -key rsa.key -Verify 1 -CAfile ca.pem &&
    printf '%s' \"\$GET\" | timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem \
        -cert cli.pem -key cli.key -ign_eof >cli.log 2>&1 &&
    expect '^Acceptable client certificate CA names' cli.log && expect '^CN = Lab CA' cli.log &&
    expect '^subject=CN = client.lab' cli.log"
run "client auth: openssl s_client without -cert -> tlsctl s_server -Verify: refused" "
    start_server tlsctl -tls1_3 -www -cert rsa.pem -key rsa.key -Verify 1 -CAfile ca.pem &&
    ! o_get -tls1_3 -CAfile ca.pem >/dev/null && expect 'certificate required' cli.log &&
    expect 'certificate_required' srv.log"

# ------------------------------------------------ tickets and resumption
run "resumption: tlsctl -sess_out/-sess_in -> openssl s_server: Reused, TLSv1.3" "
    start_server openssl -tls1_3 -www -cert ec.pem -key ec.key &&
    timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_out s.pem </dev/null >cli.log 2>&1 &&
    expect '^Post-Handshake New Session Ticket arrived:' cli.log && expect 'Resumption PSK: [0-9A-F]{64}' cli.log &&
    timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in s.pem </dev/null >cli.log 2>&1 &&
    expect '^Reused, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384' cli.log"
run "resumption: openssl -sess_out/-sess_in -> tlsctl s_server: Reused, TLSv1.3" "
    start_server tlsctl -tls1_3 -www -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem -sess_out o.pem && o_get -CAfile ca.pem -sess_in o.pem &&
    printf '%s' \"\$GET\" | timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in o.pem \
        -ign_eof >cli.log 2>&1 && expect '^Reused, TLSv1.3' cli.log && expect 'session cache hits' cli.log"

# ------------------------------------------------------------------- 0-RTT
run "-reconnect: tlsctl s_client -> openssl s_server: New, then 5 Reused, TLSv1.3 (tickets)" "
    start_server openssl -www -cert ec.pem -key ec.key &&
    { timeout 20 '$T' s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -reconnect </dev/null >cli.log 2>&1 || { show; false; }; } &&
    [ \$(grep -c '^New, TLSv1.3' cli.log) = 1 ] && [ \$(grep -c '^Reused, TLSv1.3' cli.log) = 5 ] &&
    [ \$(grep -c '^drop connection and then reconnect' cli.log) = 5 ]"
run "-reconnect: tlsctl s_client -> tlsctl s_server: 5 Reused, TLSv1.3; 5 cache hits" "
    start_server tlsctl -www -cert ec.pem -key ec.key &&
    { timeout 20 '$T' s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -reconnect </dev/null >cli.log 2>&1 || { show; false; }; } &&
    [ \$(grep -c '^Reused, TLSv1.3' cli.log) = 5 ] && o_get -CAfile ca.pem && expect '^ +5 session cache hits' cli.log"
run "0-RTT: tlsctl -early_data -> openssl s_server -early_data: accepted" "
    start_server openssl -tls1_3 -cert ec.pem -key ec.key -early_data &&
    timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_out s.pem </dev/null >cli.log 2>&1 &&
    timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in s.pem -early_data early.txt \
        </dev/null >cli.log 2>&1 && expect '^Early data was accepted' cli.log && expect '^Reused, TLSv1.3' cli.log &&
    sleep 0.2 && expect '^Early data received' srv.log && expect '^early bird' srv.log"
run "0-RTT: tlsctl -early_data -> a restarted openssl s_server: rejected, full handshake" "
    start_server openssl -tls1_3 -cert ec.pem -key ec.key -early_data &&
    timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_out s.pem </dev/null >cli.log 2>&1 &&
    start_server openssl -tls1_3 -cert ec.pem -key ec.key -early_data &&
    timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in s.pem -early_data early.txt \
        </dev/null >cli.log 2>&1 && expect '^Early data was rejected' cli.log && expect '^New, TLSv1.3' cli.log"
run "0-RTT: openssl -early_data -> tlsctl s_server -early_data: accepted, then replay rejected" "
    start_server tlsctl -tls1_3 -cert ec.pem -key ec.key -early_data &&
    sleep 0.5 | timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_out o.pem >cli.log 2>&1 &&
    timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in o.pem -early_data early.txt \
        </dev/null >cli.log 2>&1 && expect '^Early data was accepted' cli.log &&
    expect '^Early data received:' srv.log && expect '^early bird' srv.log &&
    timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in o.pem -early_data early.txt \
        </dev/null >cli.log 2>&1 && expect '^Early data was rejected' cli.log"
run "0-RTT: openssl -early_data -> a restarted tlsctl s_server: rejected, full handshake" "
    start_server tlsctl -tls1_3 -www -cert ec.pem -key ec.key -early_data &&
    o_get -CAfile ca.pem -sess_out o.pem &&
    start_server tlsctl -tls1_3 -www -cert ec.pem -key ec.key -early_data &&
    printf '%s' \"\$GET\" | timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -sess_in o.pem \
        -early_data early.txt -ign_eof >cli.log 2>&1 &&
    expect '^Early data was rejected' cli.log && expect '^New, TLSv1.3' cli.log && expect '^HTTP/1.0 200 ok' cli.log"

# --------------------------------------------------------------- KeyUpdate
run "KeyUpdate: openssl s_client K -> tlsctl s_server, data after it" "
    start_server tlsctl -tls1_3 -cert ec.pem -key ec.key &&
    (sleep 0.5; echo K; sleep 0.3; echo after-update; sleep 0.5) |
        timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem >cli.log 2>&1;
    expect '^KEYUPDATE' srv.log && expect '^after-update' srv.log"
run "KeyUpdate: tlsctl s_client K -> openssl s_server, data after it" "
    start_server openssl -tls1_3 -cert ec.pem -key ec.key -msg &&
    (sleep 0.5; echo K; sleep 0.3; echo after-update; sleep 0.5) |
        timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem >cli.log 2>&1;
    expect 'KeyUpdate' srv.log && expect '^after-update' srv.log && expect '^KEYUPDATE' cli.log"

# -------------------------------------------------------------------- ALPN
run "ALPN: tlsctl -alpn -> openssl s_server -alpn" "
    start_server openssl -tls1_3 -www -cert ec.pem -key ec.key -alpn h2,http/1.1 &&
    printf '%s' \"\$GET\" | timeout 20 '$T' s_client -tls1_3 -connect 127.0.0.1:\$PORT -CAfile ca.pem -alpn http/1.1 \
        -ign_eof >cli.log 2>&1 && expect '^ALPN protocol: http/1.1' cli.log"
run "ALPN: openssl -alpn -> tlsctl s_server -alpn" "
    start_server tlsctl -tls1_3 -www -cert ec.pem -key ec.key -alpn h2,http/1.1 &&
    printf '%s' \"\$GET\" | timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -CAfile ca.pem -alpn http/1.1 \
        -ign_eof >cli.log 2>&1 && expect '^ALPN protocol: http/1.1' cli.log"

# -------------------------------------------------------------- key log
run "keylog: tlsctl's NSS key log lines equal openssl s_server's" "
    start_server openssl -tls1_3 -www -cert ec.pem -key ec.key -keylogfile srv-keys.log &&
    t_get -tls1_3 -CAfile ca.pem -keylogfile cli-keys.log && sleep 0.2 &&
    [ \"\$(wc -l <cli-keys.log)\" = 5 ] &&
    diff <(sort cli-keys.log) <(grep -v '^#' srv-keys.log | sort)"

# ------------------------------------------------------------- failures
run "wrong CA: tlsctl -verify_return_error fails with unknown_ca" "
    start_server openssl -tls1_3 -www -cert ec.pem -key ec.key &&
    ! t_get -tls1_3 -CAfile other.pem -verify_return_error >/dev/null &&
    expect 'certificate verify failed: 2[01]' cli.log && expect 'alert unknown ca' srv.log"
run "hostname mismatch: -verify_hostname other.lab -verify_return_error fails" "
    start_server openssl -tls1_3 -www -cert ec.pem -key ec.key &&
    ! t_get -tls1_3 -CAfile ca.pem -verify_hostname other.lab -verify_return_error >/dev/null &&
    expect 'certificate verify failed: 62' cli.log"
run "1.2-only server: tlsctl -tls1_3 -tls1_2 (offers both) falls back to Botan's TLS 1.2" "
    start_server openssl -tls1_2 -www -cert ec.pem -key ec.key &&
    t_get -tls1_3 -tls1_2 -CAfile ca.pem && expect '^Protocol version: TLSv1.2' cli.log && expect '^HTTP/1.0 200 ok' cli.log"
run "tlsctl s_server -tls1_3 -tls1_2: TLS 1.3 and TLS 1.2 clients on one port" "
    start_server tlsctl -tls1_3 -tls1_2 -www -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem && expect 'Protocol version: TLSv1.3' cli.log && expect '^HTTP/1.0 200 ok' cli.log &&
    o_get -CAfile ca.pem -tls1_2 && expect 'Protocol version: TLSv1.2' cli.log && expect '^HTTP/1.0 200 ok' cli.log"
run "default (no version flag): tlsctl s_client -> openssl s_server: TLSv1.3; -> -tls1_2 server: TLSv1.2" "
    start_server openssl -www -cert ec.pem -key ec.key &&
    t_get -CAfile ca.pem && expect '^Protocol version: TLSv1.3' cli.log &&
    start_server openssl -tls1_2 -www -cert ec.pem -key ec.key &&
    t_get -CAfile ca.pem && expect '^Protocol version: TLSv1.2' cli.log && expect '^HTTP/1.0 200 ok' cli.log"
run "default (no version flag): tlsctl s_server serves openssl's TLS 1.3 and TLS 1.2 clients" "
    start_server tlsctl -www -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem && expect 'Protocol version: TLSv1.3' cli.log && expect '^HTTP/1.0 200 ok' cli.log &&
    o_get -CAfile ca.pem -tls1_2 && expect 'Protocol version: TLSv1.2' cli.log && expect '^HTTP/1.0 200 ok' cli.log"
run "-tls1_2 and -no_tls1_3 force TLS 1.2 on either side (openssl offers 1.3)" "
    start_server openssl -www -cert ec.pem -key ec.key &&
    t_get -tls1_2 -CAfile ca.pem && expect '^Protocol version: TLSv1.2' cli.log &&
    t_get -no_tls1_3 -CAfile ca.pem && expect '^Protocol version: TLSv1.2' cli.log &&
    start_server tlsctl -www -no_tls1_3 -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem && expect 'Protocol version: TLSv1.2' cli.log &&
    start_server tlsctl -www -tls1_2 -cert ec.pem -key ec.key &&
    o_get -CAfile ca.pem && expect 'Protocol version: TLSv1.2' cli.log"

# trace_of connect|accept LOG: the -state trace lines and the verification
# lines, in order (what both tools print alike). The trace is on stderr: a
# log of stderr alone, since openssl's buffered stdout may cut into its lines.
trace_of() {
    grep -E "^(SSL_$1|SSL3 alert|depth=|verify return)" "$2"
}
# The -state traces with client authentication, tlsctl's against openssl's.
state_client() { # state_client TOOL: s_client -state against openssl s_server -Verify
    start_server openssl -www -cert rsa.pem -key rsa.key -Verify 1 -CAfile ca.pem &&
        printf '%s' "$GET" | timeout 20 "$@" s_client -connect "127.0.0.1:$PORT" -state \
            -CAfile ca.pem -cert cli.pem -key cli.key -ign_eof >cli.log 2>cli-err.log &&
        sleep 0.2 && trace_of connect cli-err.log
}
state_server() { # state_server TOOL: s_server -state -Verify, openssl's client
    start_server "$1" -www -state -cert rsa.pem -key rsa.key -Verify 1 -CAfile ca.pem &&
        o_get -CAfile ca.pem -cert cli.pem -key cli.key && sleep 0.2 && trace_of accept srv.log
}
# server_lines TOOL [-www]: what the server shows of openssl's client that
# both tools show alike (the offer, the cipher, secure renegotiation; with
# -www the page's common ciphers).
server_lines() {
    local tool=$1
    shift
    start_server "$tool" -cert rsa.pem -key rsa.key "$@" &&
        { printf '%s' "$GET" | timeout 20 openssl s_client -connect "127.0.0.1:$PORT" \
            "$([ "$1" = -www ] && echo -ign_eof || echo -brief)" -CAfile ca.pem >cli.log 2>&1 ||
            [ "$1" != -www ]; } && sleep 0.3 &&
        if [ "$1" = -www ]; then
            sed -n '/^Ciphers common/,/^Signature Algorithms/p; /^Supported groups/p' cli.log
        else
            grep -E '^(Shared ciphers|Signature Algorithms|Supported groups|CIPHER is|Secure Renegotiation)' srv.log
        fi
}
run "s_server (both versions) shows openssl's client as openssl s_server does: offer lines, -www common ciphers" "
    server_lines openssl >o-lines.txt && server_lines tlsctl >t-lines.txt &&
    { diff o-lines.txt t-lines.txt || { show; false; }; } &&
    server_lines openssl -www >o-lines.txt && server_lines tlsctl -www >t-lines.txt &&
    { diff o-lines.txt t-lines.txt || { show; false; }; }"
run "-state: tlsctl s_client's TLS 1.3 trace is openssl s_client's (client auth)" "
    state_client openssl >o-trace.txt && state_client '$T' >t-trace.txt &&
    { diff o-trace.txt t-trace.txt || { show; false; }; }"
run "-state: tlsctl s_server's TLS 1.3 trace is openssl s_server's (client auth)" "
    state_server openssl >o-trace.txt && state_server tlsctl >t-trace.txt &&
    { diff o-trace.txt t-trace.txt || { show; false; }; }"
run "1.3-only client against a 1.2-only server: protocol_version" "
    start_server openssl -tls1_2 -www -cert ec.pem -key ec.key &&
    ! t_get -tls1_3 -CAfile ca.pem >/dev/null && expect 'protocol' cli.log"
tap_check "s_server by default: a bad TLS 1.3 flag is an error, not a silent TLS 1.2-only server" bash -c "
    ! timeout 5 '$T' s_server -accept $(free_port) -cert ec.pem -key ec.key -groups X9 >out.txt 2>&1 &&
    grep -q \"unknown group 'X9'\" out.txt && ! grep -q ACCEPT out.txt"
tap_check "Ed448: tlsctl req -newkey ED448 names the algorithm" bash -c "
    ! '$T' req -x509 -newkey ED448 -nodes -keyout e.key -out e.pem -subj /CN=x 2>err.txt &&
    grep -q 'Ed448' err.txt"
tap_check "Ed448: tlsctl s_server refuses an Ed448 key by name" bash -c "
    openssl req -x509 -newkey ED448 -nodes -keyout e448.key -out e448.pem -subj /CN=x 2>/dev/null &&
    ! '$T' s_server -tls1_3 -accept $(free_port) -cert e448.pem -key e448.key 2>err.txt && grep -q 'Ed448' err.txt"

# ------------------------------------------------- the lab scripts
for script in "$REPO"/examples/lab/tls13-*.sh; do
    [ -f "$script" ] || continue
    tap_check "lab script $(basename "$script")" bash "$script" --tlsctl "$T" --port "$(free_port)"
done

tap_done
