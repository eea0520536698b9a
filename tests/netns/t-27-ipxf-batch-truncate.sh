# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf -batch FILE` while FILE is truncated under it: the lines already read
# are run, the batch ends where the file now ends, and ipxf exits normally
# (a mapped file would fault with SIGBUS past its new end). ipxf is held
# after the first line by a full pipe on its standard output, the file is
# truncated, then the pipe is drained.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-trunc.XXXXXX")
# 2000 policies, whose listing (about 300 kB) fills a pipe many times over
awk 'BEGIN { for (i = 0; i < 2000; i++)
    printf "policy add src 10.9.%d.%d dst 172.16.0.1 dir out\n", int(i / 256), i % 256 }' >"$T/load"
inns "$IPXF" -batch "$T/load"
# the batch: a listing, then 3 MB of counts
{
    echo "policy list"
    for _ in $(seq 1 100000); do echo "policy count"; done
} >"$T/batch"
mkfifo "$T/fifo"
exec 8<>"$T/fifo" # held open read-write: ipxf's writes fill it and then block
# not through inns (a shell function): $! must be ipxf itself
ip netns exec "$NS" "$IPXF" -batch "$T/batch" >"$T/fifo" 2>"$T/err" &
pid=$!
# wait until ipxf blocks writing the listing into the full pipe
for _ in $(seq 1 100); do
    case "$(cat /proc/$pid/wchan 2>/dev/null)" in *pipe_write) break ;; esac
    sleep 0.05
done
tap_check "ipxf is blocked on its output, with the batch file open" \
    sh -c "grep -q 'pipe_write\$' /proc/$pid/wchan && ls -l /proc/$pid/fd | grep -q '$T/batch'"
: >"$T/batch" # truncated to nothing under it
cat <&8 >"$T/out" &
drain=$!
wait "$pid"
rc=$?
exec 8<&-
kill "$drain" 2>/dev/null
wait "$drain" 2>/dev/null
tap_check "ipxf exits 0 after the truncation, no SIGBUS (exit $rc)" [ "$rc" = 0 ]
tap_check "nothing on standard error" [ ! -s "$T/err" ]
tap_check "the listing came out whole (2000 policies)" [ "$(grep -c '^src 10.9' "$T/out")" = 2000 ]
rm -rf "$T"
