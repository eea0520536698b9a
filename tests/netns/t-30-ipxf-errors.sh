# SPDX-License-Identifier: GPL-2.0-or-later
# The malformed-command corpus (data/bad-commands.txt): for each, ipxf exits
# with the same code as the real ip (255 parse, 1 semantic, 2 kernel), prints
# an error, and leaves the kernel's tables as they were.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
# Some existing state for the commands to (not) disturb, reset before each
# run (some lines are only wrong for ipxf's stricter checks, and ip applies them).
baseline() {
    inns ip xfrm policy flush
    inns ip xfrm policy flush ptype sub
    inns ip xfrm policy add src 192.168.27.128 dst 192.168.27.132 dir in priority 9 \
        tmpl proto esp mode transport
    inns ip xfrm policy add src 10.0.0.0/8 dst 10.0.0.0/8 dir out ptype sub
}
tables() { inns ip -s xfrm policy list | grep -v '^\s*add \|use '; inns ip xfrm state list; inns ip xfrm policy getdefault 2>/dev/null; }
n=0
while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    n=$((n + 1))
    baseline
    # shellcheck disable=SC2086
    inns ip xfrm $line >/dev/null 2>&1
    ip_rc=$?
    baseline
    before=$(tables)
    # shellcheck disable=SC2086
    err=$(inns "$IPXF" $line 2>&1 >/dev/null)
    ipxf_rc=$?
    after=$(tables)
    tap_check "bad $n: exit $ip_rc like ip [$line]" sh -c "[ $ipxf_rc = $ip_rc ] || { echo 'ipxf exit $ipxf_rc, ip exit $ip_rc'; echo \"\$0\"; exit 1; }" "$err"
    tap_check "bad $n: ipxf prints an error" [ -n "$err" ]
    if [ "$ipxf_rc" != 0 ]; then
        tap_check "bad $n: tables unchanged" [ "$before" = "$after" ]
    fi
done <"$TESTS_DIR/netns/data/bad-commands.txt"
