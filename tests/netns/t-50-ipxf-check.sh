# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf check` on crafted SPDs in the namespace (the host kernel takes
# policies but no SAs; the SA rules are in the unit tests and the VM suite):
# an empty table and one of bypass and block policies report nothing (exit 0); a shadowed policy,
# a tunnel in policy without its fwd, an out policy without its in, a
# required template without an SA are each reported by rule name (exit 1, a
# count on stderr); -j gives a JSON array with the policies concerned;
# a stray argument is a usage error (exit 255).
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
C=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-check.XXXXXX")
P() { inns ip xfrm policy "$@" || echo "ip xfrm policy $* failed" >&2; }
# check RC RULE...: ipxf check exits RC and reports exactly the RULEs (in order)
check() {
    local want_rc=$1 rc
    shift
    inns "$IPXF" check >"$C/out" 2>"$C/err"
    rc=$?
    [ "$rc" = "$want_rc" ] || { echo "exit $rc, wanted $want_rc"; cat "$C/out" "$C/err"; return 1; }
    local got want
    got=$(sed 's/:.*//' "$C/out" | tr '\n' ' ')
    want="$*${*:+ }"
    [ "$got" = "$want" ] || { echo "rules: [$got], wanted [$want]"; cat "$C/out"; return 1; }
}
T1="tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 1"
T2="tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1 level use"

tap_check "an empty SPD and SAD: nothing, exit 0" check 0
tap_check "an empty table: no output at all" sh -c "[ ! -s '$C/out' ] && [ ! -s '$C/err' ]"

# A sound table without SAs: bypass and block policies.
P add src 10.9.0.0/16 dst 10.9.0.0/16 dir out priority 10
P add src 10.9.0.0/16 dst 10.9.0.0/16 dir in priority 10
P add src 10.8.0.0/16 dst 0.0.0.0/0 dir out action block
tap_check "bypass and block policies: nothing, exit 0" check 0

# A tunnel: the in and fwd templates optional (level use), the out one
# required, as the kernel wants, and no SA for it.
P add src 10.2.0.0/16 dst 10.1.0.0/16 dir in $T2
P add src 10.2.0.0/16 dst 10.1.0.0/16 dir fwd $T2
P add src 10.1.0.0/16 dst 10.2.0.0/16 dir out priority 100 $T1
tap_check "an out tunnel without an SA: unsatisfied-template, exit 1" check 1 unsatisfied-template
tap_check "the finding names the policy and the template" grep -q \
    "^unsatisfied-template: the out policy src 10.1.0.0/16 dst 10.2.0.0/16 (priority 100): no SA satisfies its required template proto esp mode tunnel src 192.0.2.1 dst 192.0.2.2 reqid 1$" "$C/out"
tap_check "a count on stderr" grep -qx "ipxf check: 1 finding in 6 policies and 0 SAs" "$C/err"

P add src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80 dir out priority 200 $T1
tap_check "a narrower out policy with a worse priority: shadowed-policy" \
    check 1 shadowed-policy unmirrored-policy unsatisfied-template unsatisfied-template
tap_check "shadowed-policy names both policies" grep -q \
    "^shadowed-policy: the out policy src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80 (priority 200) never matches: the out policy src 10.1.0.0/16 dst 10.2.0.0/16 (priority 100) covers" "$C/out"
P delete src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80 dir out

P delete src 10.2.0.0/16 dst 10.1.0.0/16 dir fwd
tap_check "a tunnel in policy without its fwd: tunnel-without-fwd" \
    check 1 tunnel-without-fwd unsatisfied-template
P delete src 10.2.0.0/16 dst 10.1.0.0/16 dir in
tap_check "an out tunnel without its in: unmirrored-policy" \
    check 1 unmirrored-policy unsatisfied-template
P add src 10.2.0.0/16 dst 10.1.0.0/16 dir in tmpl src 192.0.2.7 dst 192.0.2.1 proto esp mode tunnel reqid 1 level use
P add src 10.2.0.0/16 dst 10.1.0.0/16 dir fwd tmpl src 192.0.2.7 dst 192.0.2.1 proto esp mode tunnel reqid 1 level use
tap_check "an in tunnel from another peer than the out one: unmirrored-policy" \
    check 1 unmirrored-policy unsatisfied-template

tap_check "-j: a JSON array of the findings, with their policies" python3 -c '
import json, subprocess, sys
r = subprocess.run(["ip", "netns", "exec", sys.argv[2], sys.argv[1], "-j", "check"],
                   capture_output=True, text=True)
assert r.returncode == 1, r
found = json.loads(r.stdout)
assert [f["rule"] for f in found] == ["unmirrored-policy", "unsatisfied-template"], found
assert found[0]["policies"][0]["dir"] == "out" and found[0]["states"] == [], found
assert found[0]["policies"][0]["tmpl"][0]["dst"] == "192.0.2.2", found
' "$IPXF" "$NS"
tap_check "-j -p: the same findings, pretty" sh -c "
    ip netns exec '$NS' '$IPXF' -j -p check | python3 -c 'import json, sys; assert len(json.load(sys.stdin)) == 2'"
tap_check "-j on a sound table: []" sh -c "
    ip netns exec '$NS' ip xfrm policy flush && [ \"\$(ip netns exec '$NS' '$IPXF' -j check)\" = '[]' ]"

inns "$IPXF" check extra >"$C/out" 2>"$C/err"
rc=$?
tap_check "check with an argument: exit 255" [ "$rc" = 255 ]
tap_check "check with an argument: names it" grep -qx 'Argument "extra" is unknown, try "ipxf check help".' "$C/err"
rm -rf "$C"
