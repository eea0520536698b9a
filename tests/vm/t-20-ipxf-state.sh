# SPDX-License-Identifier: GPL-2.0-or-later
# ipxf on a kernel with ESP/AH: (1) the lab's SAs installed by ipxf carry
# real traffic (counters grow on both sides; without SAs the policies stop
# it), (2) every SA of data/state-cases.txt added by ip and by ipxf lists the
# same with both tools, byte for byte, (3) get/count/deleteall/flush/allocspi
# and -batch of states.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
export IPXF

# (1) traffic through SAs that ipxf installed
XFRM_TOOL=ipxf
source "$TESTS_DIR/lib/ipsec-checks.sh"
run_variant "ipxf esp enc aes (lab 3.1)" esp \
    "enc aes 0xaa223344556677889900aabbccddeeff" \
    "enc aes 0xbb223344556677889900aabbccddeeff"
run_variant "ipxf esp cbc(aes)+hmac(sha1)" esp \
    "enc cbc(aes) $KEY_ENC_AB auth hmac(sha1) $KEY_AUTH_AB" \
    "enc cbc(aes) $KEY_ENC_BA auth hmac(sha1) $KEY_AUTH_BA"
run_variant "ipxf ah hmac(sha1)" ah \
    "auth hmac(sha1) $KEY_AUTH_AB" \
    "auth hmac(sha1) $KEY_AUTH_BA"
run_variant "ipxf esp rfc4106(gcm(aes)) icv 128" esp \
    "aead rfc4106(gcm(aes)) $KEY_GCM_AB 128" \
    "aead rfc4106(gcm(aes)) $KEY_GCM_BA 128"

# (2) listings against the real ip
G=ipxf-golden
ip netns add $G
ing() { ip netns exec $G "$@"; }
normalize() { sed -E 's/add [0-9-]+ [0-9:]+ /add T /; s/use [0-9-]+ [0-9:]+$/use T/'; }
listings() { # TOOL
    local opts
    for opts in "" "-s" "-s -s" "-o" "-4"; do
        echo "== $opts"
        # shellcheck disable=SC2086
        if [ "$1" = ip ]; then ing ip $opts xfrm state list; else ing "$IPXF" $opts state list; fi
        echo "rc $?"
    done
    echo "== nokeys"
    if [ "$1" = ip ]; then ing ip xfrm state list nokeys; else ing "$IPXF" state list nokeys; fi
    echo "== count"
    if [ "$1" = ip ]; then ing ip -s xfrm state count; else ing "$IPXF" -s state count; fi
}
same() { # A B
    [ "$1" = "$2" ] && return 0
    diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | head -20
    return 1
}
n=0
while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    n=$((n + 1))
    set -f
    args=()
    for w in $line; do
        [ "$w" = '""' ] && w=
        args+=("$w")
    done
    set +f
    set -- "${args[@]}"
    ing ip xfrm state flush
    ing ip xfrm state add "$@" 2>/dev/null
    ip_rc=$?
    ref=$(listings ip)
    ipxf_of_ip=$(listings ipxf)
    ing ip xfrm state flush
    ing "$IPXF" state add "$@"
    ipxf_rc=$?
    ip_of_ipxf=$(listings ip)
    ipxf_of_ipxf=$(listings ipxf)
    tap_check "state case $n: add exit code ($ip_rc) [$line]" [ "$ip_rc" = "$ipxf_rc" ]
    tap_check "state case $n: ipxf lists ip's SA like ip" same "$ref" "$ipxf_of_ip"
    tap_check "state case $n: ipxf's SA is the same in the kernel" \
        same "$(printf '%s\n' "$ref" | normalize)" "$(printf '%s\n' "$ip_of_ipxf" | normalize)"
    tap_check "state case $n: ipxf lists its own SA like ip" \
        same "$(printf '%s\n' "$ref" | normalize)" "$(printf '%s\n' "$ipxf_of_ipxf" | normalize)"
    tap_check "state case $n: -j is valid JSON" \
        sh -c "ip netns exec $G $IPXF -j state list | python3 -m json.tool >/dev/null"
done <"$TESTS_DIR/vm/data/state-cases.txt"

# (3) the other state commands
ing ip xfrm state flush
ing "$IPXF" state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 enc aes 0x00112233445566778899aabbccddeeff
ing "$IPXF" state add src 10.0.0.2 dst 10.0.0.1 proto ah spi 0x200 auth sha1 0x0011223344556677889900112233445566778899
tap_check "state get: same as ip" same \
    "$(ing ip xfrm state get src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100)" \
    "$(ing "$IPXF" state get src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100)"
tap_check "state list filter proto ah: same as ip" same \
    "$(ing ip xfrm state list proto ah)" "$(ing "$IPXF" state list proto ah)"
tap_check "state list filter src: same as ip" same \
    "$(ing ip xfrm state list src 10.0.0.2)" "$(ing "$IPXF" state list src 10.0.0.2)"
tap_check "prefix matching: ipxf s l = ip x s l" same "$(ing ip x s l)" "$(ing "$IPXF" s l)"
# The kernel's UPDSA changes lifetimes, encap and coa of an SA (not its keys).
tap_check "state update changes the SA's lifetime" \
    ing "$IPXF" state update src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 \
    enc aes 0x00112233445566778899aabbccddeeff limit time-hard 777
tap_check "the update is visible" sh -c "ip netns exec $G ip -s xfrm state | grep -q 'hard 777(sec)'"
tap_check "state delete" ing "$IPXF" state delete src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100
tap_check "state flush proto ah" ing "$IPXF" state flush proto ah
tap_check "SAD empty" sh -c "[ -z \"\$(ip netns exec $G ip xfrm state)\" ]"
tap_check "allocspi in a range" sh -c "ip netns exec $G $IPXF state allocspi src 10.0.0.1 dst 10.0.0.2 proto esp min 0x1000 max 0x1fff | grep -q 'spi 0x00001'"
ing ip xfrm state flush
for i in $(seq 1 500); do
    printf 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi %d enc cbc(aes) 0x00112233445566778899aabbccddeeff\n' $((i + 4096))
done >/tmp/states.batch
tap_check "-batch of 500 SAs" ing "$IPXF" -batch /tmp/states.batch
tap_check "500 SAs in the kernel" sh -c "ip netns exec $G ip xfrm state count | grep -q 'SAD count 500'"
tap_check "deleteall removes them" ing "$IPXF" state deleteall
tap_check "SAD empty after deleteall" sh -c "ip netns exec $G ip xfrm state count | grep -q 'SAD count 0'"
# the classic mistakes get a specific hint (exit code still ip's: 2)
salt_err=$(ing "$IPXF" state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x300 \
    aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff 128 2>&1)
tap_check "rfc4106 key without salt: exit 2 like ip" sh -c "ip netns exec $G $IPXF state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x300 aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff 128 2>/dev/null; [ \$? = 2 ]"
tap_check "rfc4106 key without salt: the hint names the 4-byte salt and the 16 bytes given" \
    sh -c "printf '%s' \"\$1\" | grep -q '4-byte salt.*this one has 16 key bytes'" _ "$salt_err"
aes_err=$(ing "$IPXF" state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x301 enc 'cbc(aes)' 0x0011 2>&1)
tap_check "short AES key: the hint gives the key sizes" \
    sh -c "printf '%s' \"\$1\" | grep -q 'takes a 16, 24 or 32-byte key.*2 bytes'" _ "$aes_err"
ip netns del $G
