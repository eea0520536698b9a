# SPDX-License-Identifier: GPL-2.0-or-later
# The lab's Table 1 (examples/lab/perf-table) with small sizes: every
# protection of the seed plus GCM, a well-formed CSV (one row per protection
# and size, numbers where numbers belong, ratio 1 for "none") and a PNG; then
# the two-host path (--local/--peer/--remote) with alice and bob as two
# "hosts" reached through `ip netns exec`, the way ssh reaches a real peer.
# shellcheck shell=bash
PT=$TESTS_DIR/../examples/lab/perf-table
IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
out=$(mktemp -d /tmp/pt.XXXXXX)

csv_ok() { # csv_ok FILE ROWS PROTECTIONS...
    python3 - "$@" <<'PY'
import csv, sys
f, rows, prots = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
r = list(csv.DictReader(open(f)))
assert len(r) == rows, f"{len(r)} rows, want {rows}"
assert [x["protection"] for x in r][::len(r) // len(prots)] == prots, "protections out of order"
for x in r:
    for c in ("bytes", "reps", "time_median_s", "time_min_s", "time_max_s", "speed_median_kBps"):
        assert float(x[c]) > 0, f"{c} = {x[c]!r}"
    assert float(x["time_min_s"]) <= float(x["time_median_s"]) <= float(x["time_max_s"])
    if x["protection"] == "none":
        assert float(x["speed_ratio_vs_none"]) == 1.0
    else:
        assert 0 < float(x["speed_ratio_vs_none"]) < 10
PY
}
png_ok() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$1")" -gt 10000 ]; }

tap_check "perf-table: 6 protections x 2 sizes in the VM topology" \
    "$PT" --ipxf "$IPXF" --sizes 10K,100K --reps 2 --out "$out/vm"
tap_check "perf-table: table.csv has 12 well-formed rows" \
    csv_ok "$out/vm/table.csv" 12 none esp esp-auth ah esp-ah gcm
tap_check "perf-table: raw.csv has 24 downloads" \
    [ "$(tail -n +2 "$out/vm/raw.csv" | wc -l)" = 24 ]
tap_check "perf-table: table.png is a PNG" png_ok "$out/vm/table.png"
tap_check "perf-table: the screen table names the emulated CPU" \
    grep -q 'qemu TCG\|virtual machine' "$out/vm/table.txt"
tap_check "perf-table: nothing left in alice and bob afterwards" sh -c \
    "! ip netns list | grep -qw 'alice\|bob'"

lab_up
tap_check "perf-table: two-host mode (alice drives, bob over --remote)" \
    ip netns exec alice "$PT" --ipxf "$IPXF" --local "$ALICE" --peer "$BOB" \
    --remote "ip netns exec bob sh -c" --sizes 10K,1M --reps 1 --protections none,esp-auth,gcm --out "$out/hosts"
tap_check "perf-table: two-host CSV" csv_ok "$out/hosts/table.csv" 6 none esp-auth gcm
tap_check "perf-table: two-host teardown left no SA or policy" sh -c \
    "[ -z \"\$(ip -n alice xfrm state)\$(ip -n alice xfrm policy)\$(ip -n bob xfrm state)\$(ip -n bob xfrm policy)\" ]"
tap_check "perf-table: two-host mode stopped bob's HTTP server" sh -c \
    "! ip netns exec bob busybox pgrep -f 'busybox http[d] -p' >/dev/null"
lab_down
tap_check "perf-table: bad --sizes is a usage error (exit 2)" sh -c \
    "\"$PT\" --sizes 10Q >/dev/null 2>&1; [ \$? = 2 ]"
rm -rf "$out"
