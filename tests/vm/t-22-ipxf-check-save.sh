# SPDX-License-Identifier: GPL-2.0-or-later
# ipxf check and ipxf save / restore on a kernel with ESP/AH, in a namespace:
# (1) a gateway's net-to-net table (SAs both ways, out/in/fwd policies) has
# no finding; each SA rule is reported for an SA crafted to break it (no
# integrity, HMAC-MD5, a short HMAC key, a short ICV, an inbound SA without
# replay window, a key in two SAs, an SA no policy uses); (2) save writes the
# SAs with their keys (mode 0600), and restoring into flushed tables gives
# back what `ip xfrm state list` and `ip xfrm policy list` listed, byte for
# byte; restoring onto the same tables changes nothing.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
K=ipxf-check
V=$(mktemp -d /tmp/t22.XXXXXX)
ip netns del $K 2>/dev/null
ip netns add $K
ink() { ip netns exec $K "$@"; }
# rules RC RULE...: ipxf check exits RC and reports exactly the RULEs
rules() {
    local want_rc=$1 rc got want
    shift
    ink "$IPXF" check >"$V/out" 2>"$V/err"
    rc=$?
    got=$(sed 's/:.*//' "$V/out" | tr '\n' ' ')
    want="$*${*:+ }"
    [ "$rc" = "$want_rc" ] && [ "$got" = "$want" ] && return 0
    echo "exit $rc (wanted $want_rc), rules [$got] (wanted [$want])"
    cat "$V/out" "$V/err"
    return 1
}
GCM1=0x0102030405060708090a0b0c0d0e0f1011121314
GCM2=0x2122232425262728292a2b2c2d2e2f3031323334
gateway() { # the table of gateway 192.0.2.1 for 10.1.0.0/16 <-> 10.2.0.0/16
    ink ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 reqid 1 mode tunnel \
        replay-window 32 aead 'rfc4106(gcm(aes))' $GCM1 128
    ink ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002 reqid 1 mode tunnel \
        flag esn replay-window 128 aead 'rfc4106(gcm(aes))' $GCM2 128
    ink ip xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir out \
        tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 1
    ink ip xfrm policy add src 10.2.0.0/16 dst 10.1.0.0/16 dir in \
        tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1
    ink ip xfrm policy add src 10.2.0.0/16 dst 10.1.0.0/16 dir fwd \
        tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1
}
gateway
tap_check "a gateway's net-to-net table: no finding, exit 0" rules 0

# (1) each SA rule. The in SA replaced: an SA that an in policy takes
# packets from, with what breaks the rule.
in_sa() { # ALGORITHMS...: the inbound SA of the table, with these algorithms
    ink ip xfrm state delete src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002
    ink ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002 reqid 1 mode tunnel \
        replay-window 32 "$@"
}
in_sa enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff
tap_check "ESP with cbc(aes) and no auth: no-integrity" rules 1 no-integrity
tap_check "the finding names the SA, not its key" sh -c "
    grep -q 'the SA src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x00002002' '$V/out' &&
    ! grep -q 00112233 '$V/out'"
in_sa enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff auth 'hmac(md5)' 0x00112233445566778899aabbccddeeff
tap_check "hmac(md5): weak-algorithm" rules 1 weak-algorithm
in_sa enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff auth 'hmac(sha256)' 0x00112233445566778899aabbccddeeff
tap_check "a 128-bit hmac(sha256) key: short-key" rules 1 short-key
in_sa enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff \
    auth-trunc 'hmac(sha256)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 64
tap_check "hmac(sha256) truncated to 64 bits: short-icv" rules 1 short-icv
ink ip xfrm state delete src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002
ink ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002 reqid 1 mode tunnel \
    aead 'rfc4106(gcm(aes))' $GCM2 128
tap_check "the inbound SA without replay window: replay-window-zero" rules 1 replay-window-zero
in_sa aead 'rfc4106(gcm(aes))' $GCM1 128
tap_check "the inbound SA with the outbound SA's key: shared-key" rules 1 shared-key
in_sa aead 'rfc4106(gcm(aes))' $GCM2 128
ink ip xfrm state add src 192.0.2.1 dst 192.0.2.3 proto esp spi 0x3003 reqid 9 mode tunnel \
    aead 'rfc4106(gcm(aes))' 0x4142434445464748494a4b4c4d4e4f5051525354 128
tap_check "an SA to a peer no policy names: unused-sa" rules 1 unused-sa
tap_check "-j: the SA concerned, without its key" sh -c "
    ip netns exec $K '$IPXF' -j check | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert [x[\"rule\"] for x in f] == [\"unused-sa\"], f
s = f[0][\"states\"][0]
assert s[\"spi\"] == 0x3003 and \"key\" not in s[\"aead\"], s
assert \"4142434445\" not in json.dumps(f), f
'"
ink ip xfrm state delete src 192.0.2.1 dst 192.0.2.3 proto esp spi 0x3003

# (2) save and restore, SAs and keys included
ink ip xfrm state list >"$V/states"
ink ip xfrm policy list >"$V/policies"
(umask 022 && ink "$IPXF" save file "$V/saved")
tap_check "save: exit 0, mode 0600" [ "$(stat -c %a "$V/saved")" = 600 ]
tap_check "save: both SAs, with their keys" sh -c "
    [ \$(grep -c '^xfrm state add ' '$V/saved') = 2 ] && grep -q ' aead rfc4106(gcm(aes)) $GCM2 128' '$V/saved'"
ink ip xfrm state flush
ink ip xfrm policy flush
ink "$IPXF" restore file "$V/saved"
tap_check "restore into flushed tables: exit 0" [ $? = 0 ]
tap_check "restore: ip lists the same SAs, byte for byte" cmp "$V/states" <(ink ip xfrm state list)
tap_check "restore: ip lists the same policies, byte for byte" cmp "$V/policies" <(ink ip xfrm policy list)
tap_check "restore: ipxf check finds nothing" rules 0
ink "$IPXF" -s restore file "$V/saved" 2>"$V/err"
tap_check "restore onto the same tables: nothing changed" \
    grep -qx "ipxf restore: 0 deleted, 0 added, 5 unchanged" "$V/err"
ink ip xfrm state delete src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002
ink ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x2002 reqid 1 mode tunnel \
    replay-window 32 aead 'rfc4106(gcm(aes))' 0x6162636465666768696a6b6c6d6e6f7071727374 128
ink "$IPXF" -s restore file "$V/saved" 2>"$V/err"
tap_check "restore onto a re-keyed SA: that SA replaced, nothing else" \
    grep -qx "ipxf restore: 1 deleted, 1 added, 4 unchanged" "$V/err"
tap_check "restore onto a re-keyed SA: the saved SAs again" \
    cmp <(sort "$V/states") <(ink ip xfrm state list | sort)
ip netns del $K
rm -rf "$V"
