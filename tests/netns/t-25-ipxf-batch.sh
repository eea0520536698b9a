# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf -batch` (the pipelined path: a parser thread and a sender thread):
# the kernel's errors keep the FILE:LINE of their command and end the batch
# (all of it goes on with -force); other commands see everything before
# them applied; standard input is applied as it comes; continuation lines,
# comments and quotes as with `ip -batch`; a large batch loads the same
# table as `ip -batch`.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi

B=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-batch.XXXXXX")
count_out() { inns ip xfrm policy count | awk '{print $5}'; }
# gen FIRST LAST: policy adds, one line each
gen() { awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
    printf "xfrm policy add src 10.%d.%d.%d dst 172.16.0.1 dir out\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'; }

# A kernel error deep inside a large batch: line 3001 adds line 1000's policy again.
{ gen 1 3000; gen 1000 1000; gen 3001 6000; } >"$B/dup"
inns "$IPXF" -batch "$B/dup" >"$B/out" 2>"$B/err"
rc=$?
tap_check "a kernel error in a batch: exit 2" [ "$rc" = 2 ]
tap_check "the kernel error names FILE:LINE (line 3001)" \
    grep -qx "ipxf: -batch $B/dup:3001: the kernel refused this command" "$B/err"
tap_check "the kernel error prints ip's RTNETLINK line" grep -qx "RTNETLINK answers: File exists" "$B/err"
tap_check "one error reported" [ "$(grep -c 'RTNETLINK' "$B/err")" = 1 ]
n=$(count_out)
tap_check "every line before the error was applied, none after it ($n)" [ "$n" = 3000 ]

# -force: every error reported with its line, every other line applied.
inns ip xfrm policy flush
{ gen 1 2000; gen 5 5; gen 2001 4000; gen 3999 3999; echo "policy list dir in"; gen 4001 4100; } >"$B/force"
inns "$IPXF" -force -batch "$B/force" >"$B/out" 2>"$B/err"
rc=$?
tap_check "-force: exit 2 after the errors" [ "$rc" = 2 ]
tap_check "-force: both errors reported, with their lines" sh -c "
    grep -qx 'ipxf: -batch $B/force:2001: the kernel refused this command' $B/err &&
    grep -qx 'ipxf: -batch $B/force:4002: the kernel refused this command' $B/err &&
    [ \$(grep -c RTNETLINK $B/err) = 2 ]"
tap_check "-force: every other line applied" [ "$(count_out)" = 4100 ]

# Another command sees every request before it applied.
inns ip xfrm policy flush
{ gen 1 1500; echo "policy count"; gen 1501 1600; echo "xfrm policy count"; } >"$B/count"
inns "$IPXF" -batch "$B/count" >"$B/out" 2>"$B/err"
tap_check "policy count inside a batch sees the adds before it" sh -c "
    [ \$(grep -c 'SPD IN  0 OUT 1500 FWD 0' $B/out) = 1 ] &&
    [ \$(grep -c 'SPD IN  0 OUT 1600 FWD 0' $B/out) = 1 ]"

# Standard input: a line takes effect before ipxf waits for the next one.
inns ip xfrm policy flush
mkfifo "$B/fifo"
inns "$IPXF" -batch - <"$B/fifo" >"$B/out" 2>"$B/err" &
pid=$!
exec 7>"$B/fifo"
echo "policy add src 10.7.0.1 dst 10.7.0.2 dir out" >&7
ok=1
for i in $(seq 1 50); do [ "$(count_out)" = 1 ] && ok=0 && break; sleep 0.1; done
tap_check "-batch -: a line is applied while ipxf waits for the next" [ $ok = 0 ]
echo "policy add src 10.7.0.1 dst 10.7.0.2 dir out" >&7
ok=1
for i in $(seq 1 50); do grep -q "File exists" "$B/err" && ok=0 && break; sleep 0.1; done
tap_check "-batch -: its error is reported while ipxf waits (no more input)" [ $ok = 0 ]
exec 7>&-
wait $pid
rc=$?
tap_check "-batch -: the error ended the batch with exit 2" [ "$rc" = 2 ]
tap_check "-batch -: the error names -:2" grep -q "ipxf: -batch -:2: the kernel refused" "$B/err"

# Continuation lines, comments, quotes, blank lines and a last line without
# a newline load what ip -batch loads.
inns ip xfrm policy flush
printf '%s\n' '# a comment' '' 'xfrm policy add src 10.8.0.1 \' '  dst 10.8.0.2 dir "out" # trailing' \
    "xfrm policy add src '10.8.0.3' dst 10.8.0.4 dir in priority 010" >"$B/syntax"
printf 'xfrm policy add src 10.8.0.5 dst 10.8.0.6 dir fwd' >>"$B/syntax"
inns ip -batch "$B/syntax"
inns ip xfrm policy list | sed -E 's/ index [0-9]+//' >"$B/ip.list"
inns ip xfrm policy flush
inns "$IPXF" -batch "$B/syntax"
rc=$?
inns ip xfrm policy list | sed -E 's/ index [0-9]+//' >"$B/ipxf.list"
tap_check "continuations, comments, quotes, no final newline: exit 0" [ "$rc" = 0 ]
tap_check "continuations, comments, quotes, no final newline: the table of ip -batch" \
    sh -c "[ \$(grep -c '^src' $B/ip.list) = 3 ] && cmp $B/ip.list $B/ipxf.list"

# A large mixed batch (adds, updates, deletes) loads ip's table.
inns ip xfrm policy flush
{ gen 1 20000; awk 'BEGIN { for (i = 1; i <= 20000; i += 7)
    printf "xfrm policy update src 10.0.%d.%d dst 172.16.0.1 dir out priority 5\n", int(i / 256) % 256, i % 256
  for (i = 3; i <= 20000; i += 11)
    printf "xfrm policy delete src 10.0.%d.%d dst 172.16.0.1 dir out\n", int(i / 256) % 256, i % 256 }'; } >"$B/mixed"
inns ip -batch "$B/mixed"
inns ip xfrm policy list | sed -E 's/ index [0-9]+//' >"$B/ip.list"
inns ip xfrm policy flush
inns "$IPXF" -batch "$B/mixed"
rc=$?
inns ip xfrm policy list | sed -E 's/ index [0-9]+//' >"$B/ipxf.list"
tap_check "20000 adds, updates and deletes: exit 0" [ "$rc" = 0 ]
tap_check "20000 adds, updates and deletes: the table of ip -batch" \
    sh -c "[ \$(grep -c '^src' $B/ip.list) -gt 18000 ] && cmp $B/ip.list $B/ipxf.list"

inns ip xfrm policy flush
rm -rf "$B"
