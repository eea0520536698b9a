#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# suite.sh: the netns suite. Real host kernel, inside a network namespace
# this script creates and removes, so the host's own XFRM tables are never
# touched. The host kernel has XFRM policies but no ESP/AH: tests that need
# SAs belong to the VM suite.
#   suite.sh [--build DIR] [TEST...]
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TESTS_DIR=$(dirname "$here")
export BUILD_DIR=
if [ "${1:-}" = --build ]; then
    BUILD_DIR=$(realpath "$2")
    shift 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root to create network namespaces"
    exit 0
fi
if ! ip netns add "ipsec-probe-$$" 2>/dev/null; then
    echo "1..0 # SKIP this machine cannot create network namespaces (ip netns add failed)"
    exit 0
fi
ip netns del "ipsec-probe-$$"
source "$TESTS_DIR/lib/tap.sh"

# Every test gets $NS, a fresh namespace, and the `inns` helper.
export NS=ipsec-test-$$
inns() { ip netns exec "$NS" "$@"; }
[ $# -eq 0 ] && set -- "$here"/t-*.sh
for t in "$@"; do
    name=$(basename "$t" .sh)
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    (
        TAP_PREFIX="$name: "
        source "$t"
    )
    ip netns del "$NS"
done
tap_done
