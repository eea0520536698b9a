#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# interop.sh: tlsctl against the real openssl (Debian's 3.0) on loopback, TAP.
#   interop.sh --build DIR
# Both directions (tlsctl s_client -> openssl s_server, openssl s_client ->
# tlsctl s_server), server certificates (RSA and ECDSA) from a CA made by
# tlsctl and from one made by openssl, RSA key exchange (AES128-SHA -no_dhe),
# ECDHE-RSA/ECDHE-ECDSA AES-GCM, client authentication required/optional/
# absent, session reuse by ID and by ticket, and the verification failures
# (unknown CA, hostname mismatch, expired certificate). This is the TLS 1.2
# matrix (Botan's stack): tlsctl runs with -tls1_2 here; TLS 1.3 and the
# default of both versions are interop13.sh's. Every server listens on a free
# port of 127.0.0.1 and is stopped after its check.
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

W=$(mktemp -d /tmp/tls-interop.XXXXXX)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
cd "$W" || exit 1

source "$here/free-port.sh"

# start_server tlsctl|openssl ARGS...: background server on $PORT, output in srv.log.
start_server_once() {
    local which=$1 i
    shift
    stop_server
    rm -f srv.log
    PORT=$(free_port)
    if [ "$which" = tlsctl ]; then
        "$T" s_server -tls1_2 -accept "$PORT" "$@" >srv.log 2>&1 </dev/null &
    else
        openssl s_server -accept "$PORT" "$@" >srv.log 2>&1 </dev/null &
    fi
    SERVER_PID=$!
    for i in $(seq 100); do
        grep -q '^ACCEPT' srv.log 2>/dev/null && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "server did not start: $which $*" >&2
    cat srv.log >&2
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

# ossl_get ARGS: openssl s_client fetching the -www page; output in cli.log.
ossl_get() {
    printf '%s' "$GET" | timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -quiet "$@" \
        >cli.log 2>&1 || { echo "openssl s_client failed ($?)"; show; return 1; }
}
# tls_get ARGS: the same with tlsctl s_client.
tls_get() {
    printf '%s' "$GET" | timeout 20 "$T" s_client -tls1_2 -connect "127.0.0.1:$PORT" -quiet "$@" \
        >cli.log 2>&1 || { echo "tlsctl s_client failed ($?)"; show; return 1; }
}
# tls_conn ARGS: tlsctl s_client's full screens (stdin closed at once).
tls_conn() {
    timeout 20 "$T" s_client -tls1_2 -connect "127.0.0.1:$PORT" "$@" </dev/null >cli.log 2>&1 ||
        { echo "tlsctl s_client failed ($?)"; show; return 1; }
}
ossl_conn() {
    timeout 20 openssl s_client -connect "127.0.0.1:$PORT" "$@" </dev/null >cli.log 2>&1 ||
        { echo "openssl s_client failed ($?)"; show; return 1; }
}
show() {
    echo "--- client:"
    cat cli.log
    echo "--- server:"
    cat srv.log
}
expect() { # expect REGEX FILE...: shows the logs when the regex is missing
    local re=$1
    shift
    if ! grep -qE -- "$re" "$@"; then
        echo "missing: $re"
        show
        return 1
    fi
}
count_is() { # count_is N REGEX FILE
    local n
    n=$(grep -cE -- "$2" "$3")
    if [ "$n" != "$1" ]; then
        echo "expected $1 lines matching '$2', got $n"
        show
        return 1
    fi
}

# ---------------------------------------------------------------- the PKI
pki() {
    set -e
    # tlsctl's CA (CA.pl layout), an RSA and an ECDSA server, a client, an expired one
    "$T" ca -newca -dir tca -subj '/C=IT/ST=Torino/O=Lab/CN=Lab CA' -passout pass:ciao >/dev/null
    "$T" req -new -newkey rsa:2048 -nodes -keyout t-rsa.key -out t-rsa.csr \
        -subj '/C=IT/ST=Torino/O=Lab/CN=server.lab' -addext subjectAltName=DNS:server.lab
    "$T" ca -dir tca -in t-rsa.csr -out t-rsa.pem -passin pass:ciao -batch 2>/dev/null
    "$T" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout t-ec.key \
        -out t-ec.csr -subj '/C=IT/ST=Torino/O=Lab/CN=ecserver.lab' \
        -addext subjectAltName=DNS:server.lab
    "$T" ca -dir tca -in t-ec.csr -out t-ec.pem -passin pass:ciao -batch 2>/dev/null
    "$T" req -new -newkey rsa:2048 -passout pass:cli -keyout t-cli.key -out t-cli.csr \
        -subj '/C=IT/ST=Torino/O=Lab/CN=client.lab'
    "$T" ca -dir tca -in t-cli.csr -out t-cli.pem -passin pass:ciao -batch 2>/dev/null
    "$T" req -new -newkey rsa:2048 -nodes -keyout t-old.key -out t-old.csr \
        -subj '/C=IT/ST=Torino/O=Lab/CN=old.lab'
    "$T" ca -dir tca -in t-old.csr -out t-old.pem -passin pass:ciao -batch \
        -startdate 200101000000Z -enddate 210101000000Z 2>/dev/null
    # openssl's CA, servers signed by it (traditional RSA key for the client)
    openssl req -x509 -newkey rsa:2048 -nodes -keyout oca.key -out oca.pem -days 30 \
        -subj '/CN=OpenSSL CA' 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -keyout o-rsa.key -out o-rsa.csr \
        -subj '/CN=server.lab' 2>/dev/null
    openssl x509 -req -in o-rsa.csr -CA oca.pem -CAkey oca.key -CAcreateserial -days 30 \
        -extfile <(printf 'subjectAltName=DNS:server.lab\n') -out o-rsa.pem 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout o-ec.key \
        -out o-ec.csr -subj '/CN=ecserver.lab' 2>/dev/null
    openssl x509 -req -in o-ec.csr -CA oca.pem -CAkey oca.key -days 30 -out o-ec.pem \
        -extfile <(printf 'subjectAltName=DNS:server.lab\n') 2>/dev/null
    openssl genrsa -traditional -out o-cli.key 2048 2>/dev/null
    openssl req -new -key o-cli.key -out o-cli.csr -subj '/CN=oclient.lab' 2>/dev/null
    openssl x509 -req -in o-cli.csr -CA oca.pem -CAkey oca.key -days 30 -out o-cli.pem \
        -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
    cat tca/cacert.pem oca.pem >both-ca.pem
    set +e
}
tap_check "PKI: tlsctl CA (-newca), RSA/ECDSA/client/expired certs; openssl CA and certs" pki

tap_check "PKI: demoCA layout: index.txt has 5 V lines, serial, newcerts/" bash -c '
    [ "$(grep -c "^V" tca/index.txt)" = 5 ] && [ -s tca/serial ] &&
    [ "$(ls tca/newcerts | wc -l)" = 5 ] && [ -f tca/private/cakey.pem ]'
tap_check "PKI: openssl verify accepts tlsctl's certificates" \
    openssl verify -CAfile tca/cacert.pem t-rsa.pem t-ec.pem t-cli.pem
tap_check "PKI: tlsctl verify accepts openssl's certificates" \
    "$T" verify -CAfile oca.pem o-rsa.pem o-ec.pem o-cli.pem
tap_check_fails "PKI: tlsctl verify rejects a certificate of another CA" \
    "$T" verify -CAfile oca.pem t-rsa.pem
tap_check "PKI: tlsctl verify reports the expired certificate as error 10" bash -c \
    "'$T' verify -CAfile tca/cacert.pem t-old.pem 2>&1 | grep -q 'error 10 at 0 depth'"
tap_check "PKI: openssl reads tlsctl's encrypted PKCS#8 key" \
    openssl pkey -in t-cli.key -passin pass:cli -noout
tap_check "PKI: tlsctl signs an openssl request (x509 -req -CA -CAkey)" bash -c "
    '$T' x509 -req -in o-rsa.csr -CA tca/cacert.pem -CAkey tca/private/cakey.pem \
        -passin pass:ciao -CAcreateserial -days 5 -out x.pem 2>/dev/null &&
    openssl verify -CAfile tca/cacert.pem x.pem && [ -s tca/cacert.srl ]"
tap_check "PKI: tlsctl x509 -fingerprint equals openssl's" bash -c "
    [ \"\$('$T' x509 -in o-rsa.pem -noout -fingerprint)\" = \
      \"\$(openssl x509 -in o-rsa.pem -noout -fingerprint)\" ]"
tap_check "PKI: ca policy_match refuses another organization" bash -c "
    '$T' req -new -newkey ec -nodes -keyout e.key -out e.csr -subj '/C=IT/ST=Torino/O=Other/CN=x' &&
    ! '$T' ca -dir tca -in e.csr -out e.pem -passin pass:ciao 2>err.txt &&
    grep -q 'organizationName field is different' err.txt"

# run "what" BODY: BODY (shell text) runs in tap_check's subshell, where the
# helpers above exist; the server it started is stopped afterwards.
_run_body() {
    eval "$1"
    local rc=$?
    stop_server
    return $rc
}
run() { tap_check "$1" _run_body "$2"; }

# ------------------------------------------------- handshakes: the matrix
# matrix CA-NAME CAFILE CERT KEY CIPHER
matrix() {
    local ca=$1 cafile=$2 cert=$3 key=$4 cipher=$5
    run "openssl s_client -> tlsctl s_server [$ca CA, $cipher]" "
        start_server tlsctl -www -cert $cert -key $key -cipher $cipher &&
        ossl_get -CAfile $cafile && expect '^HTTP/1.0 200 ok' cli.log &&
        expect '^New, TLSv1.2, Cipher is $cipher' cli.log && expect 'verify return:1' cli.log"
    run "tlsctl s_client -> openssl s_server [$ca CA, $cipher]" "
        start_server openssl -www -cert $cert -key $key -cipher $cipher &&
        tls_conn -CAfile $cafile -cipher $cipher && expect '^New, TLSv1.2, Cipher is $cipher' cli.log &&
        expect 'Verify return code: 0 \\(ok\\)' cli.log"
}
matrix tlsctl tca/cacert.pem t-rsa.pem t-rsa.key ECDHE-RSA-AES128-GCM-SHA256
matrix tlsctl tca/cacert.pem t-ec.pem t-ec.key ECDHE-ECDSA-AES128-GCM-SHA256
matrix openssl oca.pem o-rsa.pem o-rsa.key ECDHE-RSA-AES256-GCM-SHA384
matrix openssl oca.pem o-ec.pem o-ec.key ECDHE-ECDSA-AES256-GCM-SHA384

# RSA key exchange, CBC, SHA-1 MAC (the lab's -no_dhe -cipher AES128-SHA)
for ca in tlsctl openssl; do
    if [ $ca = tlsctl ]; then c=t-rsa.pem k=t-rsa.key f=tca/cacert.pem; else c=o-rsa.pem k=o-rsa.key f=oca.pem; fi
    run "openssl s_client -> tlsctl s_server -no_dhe -cipher AES128-SHA [$ca CA]" "
        start_server tlsctl -www -no_dhe -cipher AES128-SHA -cert $c -key $k &&
        ossl_get -CAfile $f && expect 'Cipher is AES128-SHA' cli.log"
    run "tlsctl s_client -cipher AES128-SHA -> openssl s_server -no_dhe [$ca CA]" "
        start_server openssl -www -no_dhe -cert $c -key $k &&
        tls_conn -CAfile $f -cipher AES128-SHA && expect '^New, TLSv1.2, Cipher is AES128-SHA\$' cli.log &&
        ! grep -q 'Server Temp Key' cli.log"
done

# ------------------------------------------------- client authentication
SRV="-www -cert t-rsa.pem -key t-rsa.key -CAfile tca/cacert.pem"
CLI="-cert t-cli.pem -key t-cli.key -pass pass:cli"
run "client auth required (-Verify 1), openssl client with a certificate: accepted" "
    start_server tlsctl $SRV -Verify 1 && ossl_get -CAfile tca/cacert.pem $CLI &&
    expect '^subject=.*CN = client.lab' cli.log"
run "client auth required (-Verify 1), openssl client without: refused" "
    start_server tlsctl $SRV -Verify 1 && ! ossl_get -CAfile tca/cacert.pem &&
    ! grep -q '200 ok' cli.log && expect 'did not return a certificate|send a certificate, but it did not' srv.log"
run "client auth required, RSA key exchange (-no_dhe -cipher AES128-SHA), openssl client without: refused" "
    start_server tlsctl $SRV -Verify 1 -no_dhe -cipher AES128-SHA &&
    ! ossl_get -CAfile tca/cacert.pem && ! grep -q '200 ok' cli.log &&
    expect 'did not return a certificate|send a certificate, but it did not' srv.log"
run "client auth required, RSA key exchange, tlsctl client without: refused" "
    start_server tlsctl $SRV -Verify 1 -no_dhe -cipher AES128-SHA &&
    ! tls_get -CAfile tca/cacert.pem && ! grep -q '200 ok' cli.log"
run "client auth optional (-verify 1), openssl client with a certificate: verified" "
    start_server tlsctl $SRV -verify 1 && ossl_get -CAfile tca/cacert.pem $CLI &&
    expect '^subject=.*CN = client.lab' cli.log && expect 'Verify return code: 0' cli.log"
run "client auth optional (-verify 1), openssl client without: accepted" "
    start_server tlsctl $SRV -verify 1 && ossl_get -CAfile tca/cacert.pem &&
    expect 'no client certificate available' cli.log"
run "client auth absent: no certificate request, openssl client with one sends none" "
    start_server tlsctl $SRV && ossl_get -CAfile tca/cacert.pem $CLI &&
    expect 'no client certificate available' cli.log"
run "client auth required, client certificate of another CA: refused" "
    start_server tlsctl $SRV -Verify 1 && ! ossl_get -CAfile tca/cacert.pem -cert o-cli.pem -key o-cli.key &&
    ! grep -q '200 ok' cli.log"
run "openssl s_server -Verify 1, tlsctl client with a certificate (encrypted key): accepted" "
    start_server openssl $SRV -Verify 1 && tls_get -CAfile tca/cacert.pem $CLI &&
    expect 'CN ?= ?client.lab' cli.log"
run "openssl s_server -Verify 1, tlsctl client with openssl's traditional RSA key: accepted" "
    start_server openssl -www -cert o-rsa.pem -key o-rsa.key -CAfile oca.pem -Verify 1 &&
    tls_get -CAfile oca.pem -cert o-cli.pem -key o-cli.key && expect 'CN ?= ?oclient.lab' cli.log"
run "openssl s_server -Verify 1, tlsctl client without: refused" "
    start_server openssl $SRV -Verify 1 && ! tls_get -CAfile tca/cacert.pem &&
    ! grep -q '200 ok' cli.log"
run "openssl s_server -verify 1, tlsctl client without: accepted" "
    start_server openssl $SRV -verify 1 && tls_get -CAfile tca/cacert.pem &&
    expect 'no client certificate available' cli.log"
run "tlsctl s_client shows the CAs a server asks for" "
    start_server openssl $SRV -Verify 1 && tls_conn -CAfile tca/cacert.pem $CLI &&
    expect '^Acceptable client certificate CA names' cli.log && expect '^CN ?= ?Lab CA|Lab CA' cli.log"

# ------------------------------------------------- session reuse
run "openssl -reconnect -no_ticket -> tlsctl s_server: 5 Reused, same Session-ID" "
    start_server tlsctl -www -cert t-rsa.pem -key t-rsa.key -no_dhe &&
    ossl_conn -CAfile tca/cacert.pem -reconnect -no_ticket && count_is 5 '^Reused, TLSv1.2' cli.log &&
    [ \$(grep -E '^ +Session-ID: [0-9A-F]+' cli.log | sort -u | wc -l) = 1 ]"
run "openssl -reconnect (tickets) -> tlsctl s_server: 5 Reused, a ticket" "
    start_server tlsctl -www -cert t-ec.pem -key t-ec.key &&
    ossl_conn -CAfile tca/cacert.pem -reconnect && count_is 5 '^Reused, TLSv1.2' cli.log &&
    expect 'TLS session ticket:' cli.log"
run "tlsctl -reconnect -no_ticket -> openssl s_server: New then 5 Reused" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key -no_dhe -tls1_2 &&
    tls_conn -CAfile tca/cacert.pem -reconnect -no_ticket && count_is 1 '^New, TLSv1.2' cli.log &&
    count_is 5 '^Reused, TLSv1.2' cli.log && ! grep -q 'TLS session ticket:' cli.log"
run "tlsctl -reconnect (tickets) -> openssl s_server: 5 Reused, a ticket" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key -tls1_2 &&
    tls_conn -CAfile tca/cacert.pem -reconnect && count_is 5 '^Reused, TLSv1.2' cli.log &&
    expect 'TLS session ticket:' cli.log"
run "tlsctl -reconnect -> tlsctl s_server -no_ticket: 5 Reused by session ID" "
    start_server tlsctl -www -cert t-rsa.pem -key t-rsa.key -no_ticket &&
    tls_conn -CAfile tca/cacert.pem -reconnect && count_is 5 '^Reused, TLSv1.2' cli.log &&
    ! grep -q 'TLS session ticket:' cli.log"
run "tlsctl -sess_out then -sess_in -> openssl s_server: Reused" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key -tls1_2 &&
    tls_conn -CAfile tca/cacert.pem -sess_out sess.pem && expect '^New,' cli.log &&
    tls_conn -CAfile tca/cacert.pem -sess_in sess.pem && expect '^Reused, TLSv1.2' cli.log"

# ------------------------------------------------- verification failures
run "unknown CA: tlsctl client says 21 (unable to verify the first certificate)" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key &&
    tls_conn -CAfile oca.pem && expect 'Verify return code: 2[01] ' cli.log &&
    expect 'verify error:num=2[01]' cli.log"
run "unknown CA with -verify_return_error: tlsctl client aborts" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key &&
    ! tls_conn -CAfile oca.pem -verify_return_error && ! grep -q '^New, ' cli.log"
run "unknown CA: openssl client against tlsctl s_server says 21" "
    start_server tlsctl -www -cert t-rsa.pem -key t-rsa.key &&
    ossl_conn -CAfile oca.pem && expect 'Verify return code: 21' cli.log"
run "hostname mismatch: tlsctl -verify_hostname other.lab says 62" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key &&
    tls_conn -CAfile tca/cacert.pem -verify_hostname other.lab && expect 'Verify return code: 62 \\(hostname mismatch\\)' cli.log"
run "hostname mismatch with -verify_return_error: aborts; the right name passes" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key &&
    ! tls_conn -CAfile tca/cacert.pem -verify_hostname other.lab -verify_return_error &&
    tls_conn -CAfile tca/cacert.pem -verify_hostname server.lab -verify_return_error &&
    expect 'Verify return code: 0 ' cli.log"
run "expired certificate: tlsctl client says 10 (certificate has expired)" "
    start_server openssl -www -cert t-old.pem -key t-old.key &&
    tls_conn -CAfile tca/cacert.pem && expect 'Verify return code: 10 \\(certificate has expired\\)' cli.log"
run "expired certificate with -verify_return_error: tlsctl client aborts" "
    start_server openssl -www -cert t-old.pem -key t-old.key &&
    ! tls_conn -CAfile tca/cacert.pem -verify_return_error"
run "expired certificate served by tlsctl: openssl client says 10" "
    start_server tlsctl -www -cert t-old.pem -key t-old.key &&
    ossl_conn -CAfile tca/cacert.pem && expect 'Verify return code: 10' cli.log"

# ------------------------------------------------- screens and odds
run "s_client -state prints openssl's trace; -showcerts the chain" "
    start_server openssl -www -cert t-rsa.pem -key t-rsa.key -tls1_2 &&
    tls_conn -CAfile tca/cacert.pem -state -showcerts &&
    expect '^SSL_connect:SSLv3/TLS write client hello' cli.log &&
    expect '^SSL_connect:SSLv3/TLS read server certificate' cli.log &&
    expect '^SSL_connect:SSLv3/TLS write finished' cli.log &&
    expect '^ 0 s:.*CN = server.lab' cli.log && expect '^-----BEGIN CERTIFICATE' cli.log"
run "s_server serves clients concurrently (-naccept 4, 4 clients at once)" "
    start_server tlsctl -www -cert t-ec.pem -key t-ec.key -naccept 4 &&
    for i in 1 2 3 4; do (printf '%s' \"\$GET\" | timeout 20 openssl s_client -connect 127.0.0.1:\$PORT -quiet >c\$i.log 2>&1) & done; wait &&
    [ \$(cat c1.log c2.log c3.log c4.log | grep -c '200 ok') = 4 ]"
tap_check "s_client -cipher with an unknown name names it" bash -c \
    "! '$T' s_client -cipher NOPE-SHA -connect 127.0.0.1:1 2>err.txt && grep -q \"unknown cipher 'NOPE-SHA'\" err.txt"
run "s_time -new and -reuse count handshakes against openssl s_server" "
    start_server openssl -www -cert t-ec.pem -key t-ec.key -tls1_2 &&
    { timeout 20 \"\$T\" s_time -connect 127.0.0.1:\$PORT -time 1 >cli.log 2>&1 || { show; false; }; } &&
    expect '^[1-9][0-9]* connections in [0-9]+ real seconds' cli.log &&
    [ \$(grep -c 'connections in .* real seconds' cli.log) = 2 ] && grep -qE ', [1-9][0-9]* resumed' cli.log"

# ------------------------------------------------- the lab scripts
for script in "$REPO"/examples/lab/tls-*.sh; do
    [ -f "$script" ] || continue
    [ "$(basename "$script")" = tls-common.sh ] && continue # sourced by the others
    tap_check "lab script $(basename "$script")" bash "$script" --tlsctl "$T" --port "$(free_port)"
done

tap_done
