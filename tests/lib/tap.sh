# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh: TAP output for the shell suites (netns, vm). Source it, then call
#   tap_check "what is checked" CMD [ARG...]   # ok when CMD exits 0
#   tap_skip "what" "reason"                   # only when the machine lacks it
#   tap_done                                   # prints the plan, exit status
# Checks may run in subshells: the counters live in files under $TAP_DIR.
# shellcheck shell=bash

TAP_DIR=${TAP_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tap.XXXXXX")}
export TAP_DIR
[ -f "$TAP_DIR/n" ] || { echo 0 >"$TAP_DIR/n"; echo 0 >"$TAP_DIR/failed"; }
TAP_PREFIX=${TAP_PREFIX:-}

_tap_next() {
    local n
    n=$(($(cat "$TAP_DIR/n") + 1))
    echo "$n" >"$TAP_DIR/n"
    echo "$n"
}

tap_check() {
    local what=$1 n out rc
    shift
    out=$("$@" 2>&1)
    rc=$?
    n=$(_tap_next)
    if [ "$rc" = 0 ]; then
        echo "ok $n - ${TAP_PREFIX}$what"
    else
        echo "not ok $n - ${TAP_PREFIX}$what"
        echo "$(($(cat "$TAP_DIR/failed") + 1))" >"$TAP_DIR/failed"
        echo "#   command: $*"
        echo "#   exit status: $rc"
        [ -n "$out" ] && printf '%s\n' "$out" | sed -n '1,40s/^/#   /p'
    fi
    return "$rc"
}

# tap_check_fails "what" CMD: ok when CMD fails (exits non-zero).
tap_check_fails() {
    local what=$1
    shift
    tap_check "$what" _tap_not "$@"
}
_tap_not() {
    if "$@"; then
        echo "expected a failure, but it succeeded"
        return 1
    fi
    return 0
}

tap_skip() {
    local n
    n=$(_tap_next)
    echo "ok $n - ${TAP_PREFIX}$1 # SKIP $2"
}

tap_diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

tap_done() {
    local n failed
    n=$(cat "$TAP_DIR/n")
    failed=$(cat "$TAP_DIR/failed")
    echo "1..$n"
    rm -rf "$TAP_DIR"
    [ "$failed" = 0 ]
}
