# SPDX-License-Identifier: GPL-2.0-or-later
# The lab's exercises 3.1/3.2 as scripts (examples/lab/ipsec-lab) in the VM
# topology: each variant's check mode proves the protection (SA counters grow,
# traffic stops without SAs; esp-tcp leaves ping clear and protects TCP),
# setup is idempotent, teardown leaves nothing, --dry-run prints the commands.
# shellcheck shell=bash
LAB=$TESTS_DIR/../examples/lab/ipsec-lab
IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
lab() { "$LAB" --topology vm --ipxf "$IPXF" "$@"; }

lab_up
for v in esp esp-auth ah esp-ah gcm esp-tcp; do
    tap_check "ipsec-lab check $v" lab check "$v"
done
tap_check "setup esp-ah" lab esp-ah
tap_check "setup esp-ah again (idempotent)" lab esp-ah
tap_check "alice has 4 SAs and 2 policies" sh -c \
    "[ \$(ip -n alice xfrm state | grep -c '^src') = 4 ] && [ \$(ip -n alice xfrm policy | grep -c '^src') = 2 ]"
k1=$(ip -n alice xfrm state | grep -m1 'enc cbc')
lab esp-auth >/dev/null
k2=$(ip -n alice xfrm state | grep -m1 'enc cbc')
tap_check "fresh keys on every setup" [ "$k1" != "$k2" ]
tap_check "the two directions never share a key" sh -c \
    "[ \$(ip -n alice xfrm state | grep 'enc cbc' | awk '{print \$3}' | sort -u | wc -l) = 2 ]"
tap_check "teardown" lab teardown
tap_check "nothing left after teardown" sh -c \
    "[ -z \"\$(ip -n alice xfrm state)\$(ip -n alice xfrm policy)\$(ip -n bob xfrm state)\$(ip -n bob xfrm policy)\" ]"
dry=$(lab --dry-run --seed-keys gcm)
dry_ok() { # the quoted command is there, and nothing was installed
    printf '%s\n' "$dry" | grep -qF 'aead rfc4106\(gcm\(aes\)\) 0xaa22' &&
        [ -z "$(ip -n alice xfrm state)" ]
}
tap_check "--dry-run prints the ipxf commands (quoted) and changes nothing" dry_ok
lab_down
