# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf -batch FILE -atomic`: all or nothing. A batch the kernel takes whole
# leaves the table ip -batch leaves; one that the kernel refuses at any line
# (after adds, a delete and an update) leaves the table as it was (the same
# policies; the kernel lists re-added ones in another order); a malformed
# line or a line that is not an add, update or delete applies nothing.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
A=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-atomic.XXXXXX")
gen() { awk -v a="$1" -v b="$2" -v verb="${3:-add}" -v extra="${4:-}" 'BEGIN { for (i = a; i <= b; i++)
    printf "xfrm policy %s src 10.%d.%d.%d dst 172.16.0.1 dir out%s\n", verb, int(i / 65536) % 256, int(i / 256) % 256, i % 256, extra }'; }
# the policies, one per line, sorted: the same set whatever the kernel's order
table() { inns ip xfrm policy list | sed -E 's/ index [0-9]+//' | paste -d' ' - - | sort; }
start() { inns ip xfrm policy flush; inns ip -batch "$A/start"; }
gen 1 100 >"$A/start"
start
table >"$A/start.table"

{ gen 101 3000; gen 5 5 delete; gen 6 6 update " priority 9"; gen 3001 3500; } >"$A/ok"
inns ip -batch "$A/ok"
table >"$A/ip.table"
start
inns "$IPXF" -atomic -batch "$A/ok"
rc=$?
tap_check "-atomic, the kernel takes it all: exit 0" [ "$rc" = 0 ]
tap_check "-atomic, the kernel takes it all: ip -batch's table" cmp "$A/ip.table" <(table)

start
{ gen 101 3000; gen 5 5 delete; gen 6 6 update " priority 9"; gen 3001 3500; gen 7 7; gen 3501 3600; } >"$A/fail"
inns "$IPXF" -atomic -batch "$A/fail" 2>"$A/err"
rc=$?
tap_check "-atomic, the kernel refuses line 3403: exit 2" [ "$rc" = 2 ]
tap_check "-atomic, the kernel refuses line 3403: ip's error and the line" sh -c "
    grep -qx 'RTNETLINK answers: File exists' '$A/err' &&
    grep -qx 'ipxf: -batch $A/fail:3403: the kernel refused this command' '$A/err' &&
    grep -q 'every change of the batch was undone' '$A/err'"
tap_check "-atomic, the kernel refuses line 3403: the table as before" cmp "$A/start.table" <(table)

start
{ gen 101 2000; echo "xfrm policy add src 10.9.9.9 dst 172.16.0.1 dir sideways"; } >"$A/bad"
inns "$IPXF" -atomic -batch "$A/bad" 2>"$A/err"
rc=$?
tap_check "-atomic, a malformed last line: exit 255" [ "$rc" = 255 ]
tap_check "-atomic, a malformed last line: nothing applied" cmp "$A/start.table" <(table)
tap_check "-atomic, a malformed last line: its FILE:LINE" grep -q "$A/bad:1901" "$A/err"

{ gen 101 200; echo "xfrm policy list"; } >"$A/list"
inns "$IPXF" -batch "$A/list" -atomic 2>"$A/err"
rc=$?
tap_check "-atomic and a list line: exit 255, nothing applied" \
    sh -c "[ $rc = 255 ] && [ \$(ip netns exec $NS ip xfrm policy list | grep -c '^src') = 100 ]"
inns "$IPXF" -atomic policy count 2>/dev/null
tap_check "-atomic without -batch: exit 255" [ $? = 255 ]
inns "$IPXF" -atomic -force -batch "$A/ok" 2>/dev/null
tap_check "-atomic with -force: exit 255" [ $? = 255 ]
inns ip xfrm policy flush
rm -rf "$A"
