# SPDX-License-Identifier: GPL-2.0-or-later
# Baseline on the host kernel: iproute2 drives XFRM policies in a private
# namespace, and nothing leaks into the host's own SPD.
# shellcheck shell=bash

host_before=$(ip xfrm policy list | md5sum)

tap_check "policy add (out, transport template)" \
    inns ip xfrm policy add src 192.168.27.128 dst 192.168.27.132 dir out \
    tmpl src 192.168.27.128 dst 192.168.27.132 proto esp mode transport
tap_check "policy add (in, tcp only)" \
    inns ip xfrm policy add src 192.168.27.132 dst 192.168.27.128 proto tcp dir in \
    tmpl proto esp mode transport
tap_check_fails "adding the same policy again is refused (EEXIST)" \
    inns ip xfrm policy add src 192.168.27.128 dst 192.168.27.132 dir out \
    tmpl proto esp mode transport

list_has_two() {
    local n
    n=$(inns ip xfrm policy list | grep -c '^src ')
    [ "$n" = 2 ] || { echo "listed $n policies"; return 1; }
}
tap_check "policy list shows both" list_has_two
tap_check "policy get finds the out policy" \
    inns ip xfrm policy get src 192.168.27.128 dst 192.168.27.132 dir out
tap_check "policy count reports 1 in, 1 out" \
    sh -c "ip netns exec $NS ip xfrm policy count | grep -q 'SPD IN  1 OUT 1 FWD 0'"
tap_check "host SPD untouched" \
    sh -c "[ \"\$(ip xfrm policy list | md5sum)\" = \"$host_before\" ]"
tap_check "policy delete" \
    inns ip xfrm policy delete src 192.168.27.128 dst 192.168.27.132 dir out
tap_check "policy flush" inns ip xfrm policy flush
tap_check "SPD empty after flush" sh -c "[ -z \"\$(ip netns exec $NS ip xfrm policy list)\" ]"
