#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-peer.sh: the peer suite, run INSIDE the VM by vmrun (see meson.build and
# peer-suite). Runs the Linux kernel's own XFRM selftests (from Debian's
# linux-source-6.1, fetched on the host by fetch-selftests) once with the
# real iproute2 `ip` and once with tests/peer/wrapper/ip first in PATH, which
# sends every `ip xfrm ...` to ipxf. Prints TAP: one line per result line
# that a selftest prints, named "SELFTEST [ip|ipxf]: CASE", and one line per
# run for its exit status.
#
#   run-peer.sh --build DIR --selftests DIR [--both] [--only NAME[,NAME...]]
#
#   --both  also run xfrm_policy.sh with the real ip (about 10 min more under
#           TCG: it runs ip ~6,400 times); by default xfrm_policy.sh runs with
#           ipxf only, the cheaper scripts with both.
#   --only  run only these of: rtnetlink pmtu vrf xfrm_policy
#
# What runs:
#   rtnetlink.sh   only kci_test_ipsec and kci_test_ipsec_offload (6.1's script
#                  has no -t option: its functions are sourced and these two
#                  called); offload needs netdevsim, which Debian's kernel
#                  lacks, so it shows as SKIP with the script's own reason
#   pmtu.sh        only its xfrm cases (the vti4/vti6 PMTU exception tests;
#                  the _udp_ ones need nettest, built by fetch-selftests)
#   vrf-xfrm-tests.sh  all of it (VRF + xfrm policies/states + xfrm device,
#                  without and with a netem qdisc)
#   xfrm_policy.sh all of it
# Time budgets (seconds, per run) can be changed with PEER_BUDGET_<NAME>.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TESTS_DIR=$(dirname "$here")
BUILD_DIR=
SELFTESTS=
both=0
only=
while [ $# -gt 0 ]; do
    case "$1" in
    --build) BUILD_DIR=$(realpath "$2"); shift 2 ;;
    --selftests) SELFTESTS=$(realpath "$2"); shift 2 ;;
    --both) both=1; shift ;;
    --only) only=",$2,"; shift 2 ;;
    *) echo "run-peer.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
# shellcheck source=../lib/tap.sh
source "$TESTS_DIR/lib/tap.sh"

bail() {
    echo "Bail out! $*"
    exit 1
}
[ -n "$SELFTESTS" ] && [ -f "$SELFTESTS/xfrm_policy.sh" ] ||
    bail "no selftests directory (--selftests DIR, made by tests/peer/fetch-selftests)"
IPXF=${IPXF:-$BUILD_DIR/cmd/ipxf/ipxf}
[ -x "$IPXF" ] || bail "ipxf not built: $IPXF (--build DIR)"
export IPXF
for c in /usr/bin/ip /bin/ip /usr/sbin/ip /sbin/ip; do
    [ -x "$c" ] && { IP_REAL=$c; break; }
done
[ -n "${IP_REAL:-}" ] || bail "no real iproute2 ip found"
export IP_REAL

work=$(mktemp -d "${TMPDIR:-/tmp}/peer.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"

# ping: iputils if the machine has it (pmtu.sh needs its -M), else busybox.
if ! ping -V 2>/dev/null | grep -q iputils; then
    ln -s /bin/busybox "$work/bin/ping"
    ln -s /bin/busybox "$work/bin/ping6"
fi
base_path=$work/bin:$SELFTESTS:$PATH
wrap_path=$here/wrapper:$base_path

selected() { [ -z "$only" ] || [ "${only#*,$1,}" != "$only" ]; }

# rtnetlink.sh of 6.1 runs all its tests; take its functions and run the ipsec ones.
rtnl=$work/rtnetlink-ipsec.sh
grep -q '^#check for needed privileges' "$SELFTESTS/rtnetlink.sh" ||
    bail "rtnetlink.sh changed: no '#check for needed privileges' line to cut at"
{
    sed '/^#check for needed privileges/,$d' "$SELFTESTS/rtnetlink.sh"
    cat <<'EOF'
# --- peer suite: only the ipsec part of kci_test_rtnl ---
ret=0
for x in ip tc; do
    $x -Version >/dev/null 2>&1 || { echo "SKIP: Could not run test without the $x tool"; exit $ksft_skip; }
done
kci_add_dummy
if [ $ret -ne 0 ]; then
    echo "FAIL: cannot add dummy interface"
    exit 1
fi
rc=0
kci_test_ipsec || rc=1
kci_test_ipsec_offload
[ $? = 1 ] && rc=1
kci_del_dummy
exit $rc
EOF
} >"$rtnl"

pmtu_cases=(pmtu_vti6_exception pmtu_vti4_exception pmtu_vti6_udp_exception
    pmtu_vti4_udp_exception pmtu_vti6_udp_routed_exception pmtu_vti4_udp_routed_exception)

# between runs: nothing of the last one may stay
reset_net() {
    "$IP_REAL" -all netns delete 2>/dev/null
    "$IP_REAL" link del test-dummy0 2>/dev/null
    "$IP_REAL" xfrm state flush
    "$IP_REAL" xfrm policy flush
}

tap_line() { # ok|fail|skip DESC [REASON]
    local n
    n=$(_tap_next)
    case "$1" in
    ok) echo "ok $n - $2" ;;
    skip) echo "ok $n - $2 # SKIP ${3:-}" ;;
    *)
        echo "not ok $n - $2"
        echo "$(($(cat "$TAP_DIR/failed") + 1))" >"$TAP_DIR/failed"
        ;;
    esac
}

declare -A npass nfail nskip secs
declare -A ipres # "SELFTEST|CASE" -> PASS/FAIL/SKIP with the real ip
summary=()

# run_one NAME TOOL BUDGET CMD...: runs CMD from the selftests dir with TOOL's PATH.
run_one() {
    local name=$1 tool=$2 budget=$3
    shift 3
    local out=$work/$name.$tool.out log=$work/$name.$tool.ipxf.log path rc start ms
    local key="$name [$tool]" section= prev= line desc res reason
    [ "$tool" = ipxf ] && path=$wrap_path || path=$base_path
    local attempt=0
    while :; do
        : >"$log"
        reset_net
        tap_diag "running $key (budget ${budget}s)"
        start=$(date +%s%N)
        (
            cd "$SELFTESTS" || exit 125
            export PATH=$path IPXF_LOG=$log
            exec timeout -k 10 "$budget" "$@"
        ) >"$out" 2>&1 </dev/null
        rc=$?
        ms=$((($(date +%s%N) - start) / 1000000))
        # ${retries} (set by the caller for timing-sensitive selftests): a
        # failed run is run again, and the failures of the first run are shown.
        if [ "$attempt" -lt "${retries:-0}" ] &&
            { [ "$rc" != 0 ] || grep -qE '^FAIL:|\[ ?FAIL ?\]$' "$out"; }; then
            attempt=$((attempt + 1))
            tap_diag "$key failed (exit $rc, $((ms / 1000))s); it is timing-sensitive under TCG, so it runs once more. The first run said:"
            grep -E -A1 '^FAIL:|\[ ?FAIL ?\]$' "$out" | sed 's/^/#   /'
            continue
        fi
        break
    done
    secs[$key]=$((ms / 1000))
    npass[$key]=0
    nfail[$key]=0
    nskip[$key]=0
    while IFS= read -r line; do
        res=
        if [[ $line =~ ^(PASS|FAIL|SKIP):\ *(.*)$ ]]; then
            res=${BASH_REMATCH[1]}
            desc=${BASH_REMATCH[2]}
        elif [[ $line =~ ^TEST:\ (.*[^ ])\ *\[\ ?(OK|FAIL|SKIP)\ ?\]$ ]]; then
            desc=${BASH_REMATCH[1]}
            res=${BASH_REMATCH[2]}
            [ -n "$section" ] && desc="$section: $desc"
        elif [[ $line =~ ^(No qdisc|netem qdisc)\ on\ VRF\ device$ ]]; then
            section=$line
        fi
        if [ -z "$res" ]; then
            [ -n "$line" ] && prev=$line
            continue
        fi
        [ "$tool" = ip ] && ipres["$name|$desc"]=$res
        if [ "$tool" = ipxf ] && [ "$res" = SKIP ]; then
            case "${ipres["$name|$desc"]:-}" in
            PASS | OK)
                # a selftest skips a case whose setup failed: with ipxf that is
                # a missing or incompatible feature, not a skip
                tap_line fail "$key: $desc (skipped with ipxf, passed with ip: ${prev:-$desc})"
                nfail[$key]=$((nfail[$key] + 1))
                prev=
                continue
                ;;
            esac
        fi
        case "$res" in
        PASS | OK)
            tap_line ok "$key: $desc"
            npass[$key]=$((npass[$key] + 1))
            ;;
        SKIP)
            reason=$desc
            [ "$res" = SKIP ] && [[ $line =~ ^TEST: ]] && reason=${prev:-skipped by the selftest}
            tap_line skip "$key: $desc" "$reason"
            nskip[$key]=$((nskip[$key] + 1))
            ;;
        *)
            tap_line fail "$key: $desc"
            nfail[$key]=$((nfail[$key] + 1))
            ;;
        esac
        prev=
    done <"$out"
    case "$rc" in
    0) tap_line ok "$key: exit status 0 (${secs[$key]}s)" ;;
    4) tap_line skip "$key: exit status 4" "the selftest skipped: $(tail -n 1 "$out")" ;;
    124 | 137) tap_line fail "$key: ran past its ${budget}s budget" ;;
    *) tap_line fail "$key: exit status $rc (${secs[$key]}s)" ;;
    esac
    if [ "$rc" != 0 ] || [ "${nfail[$key]}" != 0 ]; then
        tap_diag "$key output (first 60 lines):"
        sed -n '1,60s/^/#   /p' "$out"
    fi
    if [ "$tool" = ipxf ] && [ -s "$log" ]; then
        tap_diag "$key: ipxf calls that exited non-zero (some are expected by the selftest; first 60 lines):"
        sed -n '1,60s/^/#   /p' "$log"
    fi
    rm -f "$log".err.*
    tap_diag "$key took ${secs[$key]}s, exit $rc: ${npass[$key]} pass, ${nfail[$key]} fail, ${nskip[$key]} skip"
    summary+=("$(printf '%-26s %4s pass %3s fail %3s skip %5ss exit %s' "$key" \
        "${npass[$key]}" "${nfail[$key]}" "${nskip[$key]}" "${secs[$key]}" "$rc")")
}

tap_diag "kernel $(uname -r), $(nproc) cpu; selftests from $(cat "$SELFTESTS/.complete" 2>/dev/null || echo "$SELFTESTS")"
tap_diag "ip: $IP_REAL ($("$IP_REAL" -V)); ipxf: $IPXF"

if selected rtnetlink; then
    for tool in ip ipxf; do
        run_one rtnetlink.sh "$tool" "${PEER_BUDGET_RTNETLINK:-180}" bash "$rtnl"
    done
fi

if selected pmtu; then
    if ! PATH=$base_path ping -V 2>/dev/null | grep -q iputils; then
        tap_line skip "pmtu.sh: xfrm cases" "needs iputils ping (ping -M want); install iputils-ping"
    else
        for tool in ip ipxf; do
            retries=1 run_one pmtu.sh "$tool" "${PEER_BUDGET_PMTU:-420}" bash ./pmtu.sh "${pmtu_cases[@]}"
        done
    fi
fi

if selected vrf; then
    for tool in ip ipxf; do
        run_one vrf-xfrm-tests.sh "$tool" "${PEER_BUDGET_VRF:-300}" bash ./vrf-xfrm-tests.sh
    done
fi

if selected xfrm_policy; then
    if [ "$both" = 1 ]; then
        # the selftest as it is, with both tools (about 10 + 30 min under TCG)
        run_one xfrm_policy.sh ip "${PEER_BUDGET_XFRM_POLICY:-1500}" bash ./xfrm_policy.sh
        run_one xfrm_policy.sh ipxf "${PEER_BUDGET_XFRM_POLICY:-2400}" bash ./xfrm_policy.sh
    else
        # Default (CI) mode: its check_random_order does 2 x 100 rounds of 33
        # ip calls (6,600 of its ~8,000); under TCG a call costs ~76 ms with
        # ip and ~280 ms through the bash wrapper and ipxf, so the full script
        # takes ~10 min with ip and over 20 min with ipxf. Here it runs with
        # ipxf only and with $rounds rounds (measured: 10 rounds took 855 s,
        # most of it the 1,400 `ip -batch` lines that each run
        # `netns exec NS ip xfrm ...`); --both runs it unmodified.
        rounds=${PEER_RANDOM_ORDER_ROUNDS:-3}
        grep -c '^	for i in $(seq 100); do$' "$SELFTESTS/xfrm_policy.sh" | grep -qx 2 ||
            bail "xfrm_policy.sh changed: check_random_order's two 'seq 100' loops not found"
        sed "s/^	for i in \$(seq 100); do\$/	for i in \$(seq $rounds); do/" \
            "$SELFTESTS/xfrm_policy.sh" >"$work/xfrm_policy.sh"
        tap_diag "xfrm_policy.sh [ip]: runs only with --both (about 10 min under TCG: ip ~8,000 times)"
        tap_diag "xfrm_policy.sh [ipxf]: check_random_order with $rounds rounds instead of 100 (--both: unmodified)"
        run_one xfrm_policy.sh ipxf "${PEER_BUDGET_XFRM_POLICY:-1100}" bash "$work/xfrm_policy.sh"
    fi
fi

reset_net
tap_diag "summary:"
for s in "${summary[@]}"; do tap_diag "  $s"; done
tap_done
