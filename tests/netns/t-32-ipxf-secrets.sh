# SPDX-License-Identifier: GPL-2.0-or-later
# Key material never appears in ipxf's errors (ip echoes a bad key in its
# "argument ... is wrong" line): not the bad hex key itself, not a key in the
# hint line that shows the command, not in a -batch error. The exit codes
# stay ip's (255 for each of these parse errors).
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
S=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-secrets.XXXXXX")
id="src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1000"
secret=5ec2e75ec2e75ec2e75ec2e7
good=0x${secret}aabbccdd
cases=(
    "bad hex digit|state add $id enc cbc(aes) 0x${secret}aabbcczz"
    "odd character early|state add $id auth hmac(sha1) 0x${secret}g0112233445566778"
    "key too long|state add $id enc cbc(aes) 0x$(printf "${secret}%.0s" $(seq 50))"
    "word after a good key|state add $id enc cbc(aes) $good bogus"
    "auth-trunc without its length|state add $id auth-trunc hmac(sha1) $good"
    "aead without its ICV length|state add $id aead rfc4106(gcm(aes)) $good"
    "a second enc|state add $id enc cbc(aes) $good enc cbc(aes) 0x${secret}11223344"
    "text key then a bad word|state add $id auth digest_null ${secret}text replay-window x"
)
for entry in "${cases[@]}"; do
    what=${entry%%|*}
    line=${entry#*|}
    # shellcheck disable=SC2086
    inns ip xfrm $line >"$S/ip.out" 2>&1
    ip_rc=$?
    # shellcheck disable=SC2086
    inns "$IPXF" $line >"$S/out" 2>&1
    rc=$?
    tap_check "$what: exit $ip_rc as ip" [ "$rc" = "$ip_rc" ]
    tap_check "$what: an error is printed" [ -s "$S/out" ]
    tap_check "$what: no key material in it" sh -c "! grep -i '$secret' '$S/out'"
    # the same line in a batch file
    echo "xfrm $line" >"$S/batch"
    inns "$IPXF" -batch "$S/batch" >"$S/out" 2>&1
    tap_check "$what: -batch: no key material in the error" sh -c "
        grep -q '$S/batch:1' '$S/out' && ! grep -i '$secret' '$S/out'"
done
# ip does echo it: the check above is not vacuous.
inns ip xfrm state add $id enc 'cbc(aes)' "0x${secret}aabbcczz" >"$S/ip.out" 2>&1
tap_check "ip itself echoes the bad key (what ipxf does not)" grep -qi "$secret" "$S/ip.out"
rm -rf "$S"
