# SPDX-License-Identifier: GPL-2.0-or-later
# ipxf against the real iproute2 on the host kernel, policy by policy
# (data/policy-cases.txt): the same policy added by `ip` and by `ipxf` must
# list identically with both tools, byte for byte, with -s, -s -s, -o and -4;
# `ipxf -j` must be valid JSON; get/delete/count/flush behave the same.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi

listings() { # TOOL: every listing variant, separated by markers
    local tool=$1
    for opts in "" "-s" "-s -s" "-o" "-4" "-s -o"; do
        echo "== $opts"
        # shellcheck disable=SC2086
        if [ "$tool" = ip ]; then inns ip $opts xfrm policy list; else inns "$IPXF" $opts policy list; fi
        echo "rc $?"
    done
}

# The kernel numbers policies (index) and stamps them (add time) itself:
# two adds of the same policy differ there only.
normalize() { sed -E 's/index [0-9]+ /index N /; s/add [0-9-]+ [0-9:]+ /add T /'; }
compare_added() { # NAME A B: like compare, for two separate adds
    compare "$1" "$(printf '%s\n' "$2" | normalize)" "$(printf '%s\n' "$3" | normalize)"
}

compare() { # NAME A B
    if [ "$2" = "$3" ]; then return 0; fi
    echo "$1 differs:"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -20
    return 1
}

flush_all() { inns ip xfrm policy flush; inns ip xfrm policy flush ptype sub; }

n=0
while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    n=$((n + 1))
    # shellcheck disable=SC2086
    set -- $line
    flush_all
    inns ip xfrm policy add "$@" 2>/dev/null
    ip_rc=$?
    ref_by_ip=$(listings ip)
    got_by_ipxf_of_ip=$(listings ipxf)
    flush_all
    inns "$IPXF" policy add "$@" 2>/tmp/ipxf-err.$$
    ipxf_rc=$?
    ip_of_ipxf=$(listings ip)
    ipxf_of_ipxf=$(listings ipxf)
    tap_check "case $n: exit code of add ($ip_rc) [$line]" [ "$ip_rc" = "$ipxf_rc" ]
    tap_check "case $n: ipxf lists ip's policy like ip" compare "listing" "$ref_by_ip" "$got_by_ipxf_of_ip"
    tap_check "case $n: ipxf's policy is the same in the kernel" compare_added "listing" "$ref_by_ip" "$ip_of_ipxf"
    tap_check "case $n: ipxf lists its own policy like ip" compare_added "listing" "$ref_by_ip" "$ipxf_of_ipxf"
    tap_check "case $n: -j is valid JSON" sh -c "ip netns exec $NS $IPXF -j policy list | python3 -m json.tool >/dev/null"
done <"$TESTS_DIR/netns/data/policy-cases.txt"
rm -f /tmp/ipxf-err.$$
flush_all

# get, delete, count, deleteall, flush ptype
inns ip xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir out priority 5
inns ip xfrm policy add src 10.0.0.2 dst 10.0.0.1 dir in ptype sub
tap_check "get: same output as ip" compare get \
    "$(inns ip xfrm policy get src 10.0.0.1 dst 10.0.0.2 dir out)" \
    "$(inns "$IPXF" policy get src 10.0.0.1 dst 10.0.0.2 dir out)"
tap_check "count: same output as ip" compare count \
    "$(inns ip xfrm policy count)" "$(inns "$IPXF" policy count)"
tap_check "count -s: same output as ip" compare count \
    "$(inns ip -s xfrm policy count)" "$(inns "$IPXF" -s policy count)"
tap_check "prefix matching: ipxf p l = ip x p l" compare list \
    "$(inns ip x p l)" "$(inns "$IPXF" p l)"
tap_check "list filter dir in: same as ip" compare list \
    "$(inns ip xfrm policy list dir in)" "$(inns "$IPXF" policy list dir in)"
tap_check "list filter ptype sub: same as ip" compare list \
    "$(inns ip xfrm policy list ptype sub)" "$(inns "$IPXF" policy list ptype sub)"
tap_check "delete" inns "$IPXF" policy delete src 10.0.0.1 dst 10.0.0.2 dir out
tap_check "deleted policy is gone" sh -c "! ip netns exec $NS ip xfrm policy get src 10.0.0.1 dst 10.0.0.2 dir out 2>/dev/null"
tap_check "flush leaves ptype sub (like ip)" sh -c "ip netns exec $NS $IPXF policy flush && ip netns exec $NS ip xfrm policy list | grep -q 'ptype sub'"
tap_check "flush ptype sub" inns "$IPXF" policy flush ptype sub
tap_check "SPD empty" sh -c "[ -z \"\$(ip netns exec $NS ip xfrm policy list)\" ]"
for i in $(seq 1 300); do echo "policy add src 10.1.$((i / 256)).$((i % 256)) dst 10.2.0.1 dir out"; done >/tmp/ipxf-batch.$$
tap_check "-batch of 300 adds" inns "$IPXF" -batch /tmp/ipxf-batch.$$
tap_check "300 policies in the kernel" sh -c "[ \$(ip netns exec $NS ip xfrm policy list | grep -c '^src') = 300 ]"
tap_check "deleteall dir out removes them" inns "$IPXF" policy deleteall dir out
tap_check "SPD empty after deleteall" sh -c "[ -z \"\$(ip netns exec $NS ip xfrm policy list)\" ]"
printf 'policy add src 10.9.0.1 dst 10.9.0.2 dir out\npolicy add src 10.9.0.1 dst 10.9.0.2 dir sideways\npolicy add src 10.9.0.3 dst 10.9.0.4 dir out\n' >/tmp/ipxf-batch.$$
inns "$IPXF" -batch /tmp/ipxf-batch.$$ 2>/tmp/ipxf-err.$$
rc=$?
tap_check "-batch stops at a bad line with exit 255" [ "$rc" = 255 ]
tap_check "-batch names the bad line" grep -q "ipxf-batch.$$:2" /tmp/ipxf-err.$$
tap_check "-batch applied the line before the error only" sh -c "[ \$(ip netns exec $NS ip xfrm policy list | grep -c '^src') = 1 ]"
rm -f /tmp/ipxf-batch.$$ /tmp/ipxf-err.$$
tap_check "getdefault: same output as ip" compare getdefault \
    "$(inns ip xfrm policy getdefault)" "$(inns "$IPXF" policy getdefault)"
tap_check "-j getdefault is valid JSON" sh -c "ip netns exec $NS $IPXF -j policy getdefault | python3 -m json.tool >/dev/null"
