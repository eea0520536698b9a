# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf -batch` without -force stops at the first failed line as ip does:
# nothing after it stays applied, although ipxf sends many lines per burst
# (the adds that followed the failed line in its burst are deleted again; an
# update or a delete goes alone). Each case is run by ip -batch and by ipxf
# -batch from the same starting table; the tables, exit codes and ip's error
# line must be the same.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
B=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-stop.XXXXXX")
# gen FIRST LAST [VERB [EXTRA]]: one policy line each
gen() { awk -v a="$1" -v b="$2" -v verb="${3:-add}" -v extra="${4:-}" 'BEGIN { for (i = a; i <= b; i++)
    printf "xfrm policy %s src 10.%d.%d.%d dst 172.16.0.1 dir out%s\n", verb, int(i / 65536) % 256, int(i / 256) % 256, i % 256, extra }'; }
listing() { inns ip xfrm policy list | sed -E 's/ index [0-9]+//'; }
# same_as_ip NAME: runs $B/NAME.batch from the table $B/start.batch with both tools
same_as_ip() {
    local name=$1 ip_rc ipxf_rc
    inns ip xfrm policy flush
    inns ip -batch "$B/start.batch"
    inns ip -batch "$B/$name.batch" >/dev/null 2>"$B/ip.err"
    ip_rc=$?
    listing >"$B/ip.list"
    inns ip xfrm policy flush
    inns ip -batch "$B/start.batch"
    inns "$IPXF" -batch "$B/$name.batch" >/dev/null 2>"$B/ipxf.err"
    ipxf_rc=$?
    listing >"$B/ipxf.list"
    tap_check "$name: exit $ip_rc as ip" [ "$ipxf_rc" = "$ip_rc" ]
    tap_check "$name: the table ip -batch leaves ($(grep -c '^src' "$B/ip.list") policies)" \
        cmp "$B/ip.list" "$B/ipxf.list"
    tap_check "$name: ip's error line" grep -qxF "$(head -1 "$B/ip.err")" "$B/ipxf.err"
}
gen 1 200 >"$B/start.batch"
# an add fails deep in a large batch: 2,800 adds after it in flight
{ gen 1001 3000; gen 1000 1000; gen 1000 1000; gen 3001 6000; } >"$B/deep-add.batch"
same_as_ip deep-add
# the failed add is followed in its burst by a delete and an update of
# existing policies and more adds
{ gen 201 300; gen 5 5; gen 6 6 delete; gen 7 7 update " priority 9"; gen 301 400; } >"$B/then-delete.batch"
same_as_ip then-delete
# a delete of a policy that is not there, then adds, updates and deletes
{ gen 201 300; gen 999 999 delete; gen 301 400; gen 8 8 delete; gen 9 9 update " priority 3"; } >"$B/failed-delete.batch"
same_as_ip failed-delete
# an update the kernel refuses (an optional tunnel template in an out policy), then adds
{ gen 201 300; gen 10 10 update " tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel level use"; gen 301 400; } >"$B/failed-update.batch"
same_as_ip failed-update
# a failure in the very first line of the batch and of a burst
{ gen 1 1; gen 201 2000; } >"$B/first-line.batch"
same_as_ip first-line

# Where ip is wrong, ipxf differs on purpose (ipxf(8), DIFFERENCES): each
# is checked against ip's behaviour, so a change on either side shows.
inns ip xfrm policy flush
{ gen 1 1; echo "xfrm policy list"; gen 2 2; echo "xfrm policy count"; gen 3 3; } >"$B/list.batch"
inns ip -batch "$B/list.batch" >/dev/null 2>&1
ip_rc=$? ip_n=$(inns ip xfrm policy list | grep -c '^src')
inns ip xfrm policy flush
inns "$IPXF" -batch "$B/list.batch" >/dev/null 2>&1
rc=$? n=$(inns ip xfrm policy list | grep -c '^src')
tap_check "a list inside a batch: ip ends the batch there (exit $ip_rc, $ip_n policy)" \
    [ "$ip_rc/$ip_n" = 0/1 ]
tap_check "a list inside a batch: ipxf goes on (exit $rc, $n policies)" [ "$rc/$n" = 0/3 ]
inns ip xfrm policy flush
{ gen 1 1; gen 1 1; gen 2 2; gen 2 2; gen 3 3; } >"$B/force.batch"
inns ip -force -batch "$B/force.batch" >/dev/null 2>&1
ip_rc=$? ip_n=$(inns ip xfrm policy list | grep -c '^src')
inns ip xfrm policy flush
inns "$IPXF" -force -batch "$B/force.batch" >/dev/null 2>"$B/err"
rc=$? n=$(inns ip xfrm policy list | grep -c '^src')
tap_check "-force and a kernel error: ip stops there (exit $ip_rc, $ip_n policy)" \
    [ "$ip_rc/$ip_n" = 2/1 ]
tap_check "-force and a kernel error: ipxf goes on, both errors reported (exit $rc, $n policies)" \
    sh -c "[ '$rc/$n' = 2/3 ] && [ \$(grep -c 'File exists' '$B/err') = 2 ]"
inns ip xfrm policy flush
inns ip xfrm policy flush ptype sub
inns ip xfrm policy add src 10.9.0.1 dst 10.9.0.2 dir out ptype sub if_id 5
inns ip xfrm policy deleteall ptype sub >/dev/null 2>&1
ip_rc=$? ip_n=$(inns ip xfrm policy list ptype sub | grep -c '^src')
inns "$IPXF" policy deleteall ptype sub
rc=$? n=$(inns ip xfrm policy list ptype sub | grep -c '^src')
tap_check "deleteall of a sub policy with an if_id: ip fails (exit $ip_rc, $ip_n left)" \
    [ "$ip_rc/$ip_n" = 1/1 ]
tap_check "deleteall of a sub policy with an if_id: ipxf deletes it (exit $rc, $n left)" \
    [ "$rc/$n" = 0/0 ]
inns ip xfrm policy flush ptype sub
rm -rf "$B"
