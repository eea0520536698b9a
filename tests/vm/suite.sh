#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# suite.sh: the VM suite, run inside one VM boot by vmrun (see meson.build).
#   suite.sh [--build DIR] [TEST...]
# Runs each tests/vm/t-*.sh (or the ones named: a path, or a name such as
# t-60-iked.sh or t-60-iked in tests/vm) in order, each in a fresh lab
# topology, and prints TAP: one line per check. A named test that does not
# exist is a failed check.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TESTS_DIR=$(dirname "$here")
export BUILD_DIR=
if [ "${1:-}" = --build ]; then
    BUILD_DIR=$(realpath "$2")
    shift 2
fi
# shellcheck source=../lib/tap.sh
source "$TESTS_DIR/lib/tap.sh"
source "$TESTS_DIR/lib/lab.sh"

if [ $# -eq 0 ]; then
    set -- "$here"/t-*.sh
fi
tap_diag "kernel $(uname -r), $(nproc) cpu"
for t in "$@"; do
    name=$(basename "$t" .sh)
    if [ ! -f "$t" ]; then
        t=$here/$name.sh
        [ -f "$t" ] || { tap_check "$name: no such test in $here" false; continue; }
    fi
    start=$(date +%s%N)
    (
        TAP_PREFIX="$name: "
        source "$t"
    )
    lab_down
    ip xfrm state flush
    ip xfrm policy flush
    tap_diag "$name took $((($(date +%s%N) - start) / 1000000)) ms"
done
tap_done
