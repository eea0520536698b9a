# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf -batch` reads its file as `ip -batch` does, compared with the real ip
# on each case: abbreviated object words (x, xf, xfr), a '#' anywhere
# (glued to a word too) starting a comment, continuation lines (joined
# without a blank; line numbers count physical lines), quotes (a word that
# starts with one), an unknown object (ip's "Object ... is unknown" and
# "Command failed FILE:LINE", exit 1; -force goes on), an unterminated quote
# and a file that ends inside a continuation. Same exit code, same table,
# same standard output, and each line ip writes to standard error.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
B=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-syntax.XXXXXX")
listing() { inns ip xfrm policy list | sed -E 's/ index [0-9]+//'; }
# case NAME [OPTION...]: $B/NAME.batch run by ip -batch and ipxf -batch
case_of() {
    local name=$1 ip_rc ipxf_rc
    shift
    inns ip xfrm policy flush
    inns ip "$@" -batch "$B/$name.batch" >"$B/ip.out" 2>"$B/ip.err"
    ip_rc=$?
    listing >"$B/ip.list"
    inns ip xfrm policy flush
    inns "$IPXF" "$@" -batch "$B/$name.batch" >"$B/ipxf.out" 2>"$B/ipxf.err"
    ipxf_rc=$?
    listing >"$B/ipxf.list"
    tap_check "$name: exit $ip_rc as ip" [ "$ipxf_rc" = "$ip_rc" ]
    tap_check "$name: the table of ip -batch ($(grep -c '^src' "$B/ip.list") policies)" \
        cmp "$B/ip.list" "$B/ipxf.list"
    tap_check "$name: the output of ip -batch" cmp "$B/ip.out" "$B/ipxf.out"
    tap_check "$name: each line ip writes to stderr" sh -c '
        while IFS= read -r l; do grep -qxF "$l" "$1" || { echo "missing: $l"; exit 1; }; done <"$2"' \
        _ "$B/ipxf.err" "$B/ip.err"
}
p() { printf '%s\n' "$@" >"$B/$name.batch"; }

name=abbreviated
p 'x p a src 10.1.0.1 dst 10.1.0.2 dir out' 'xf po u src 10.1.0.1 dst 10.1.0.2 dir out priority 5' \
    'xfr pol add src 10.1.0.3 dst 10.1.0.4 dir in' 'xfrm policy del src 10.1.0.3 dst 10.1.0.4 dir in' \
    'x po co'
case_of $name
name=comments
p '# a comment' 'xfrm policy add src 10.1.0.5 dst 10.1.0.6 dir out#glued comment' \
    'xfrm policy add src 10.1.0.7 dst 10.1.0.8 dir in # "quoted # not special"' \
    'xfrm policy add src 10.1.0.9 dst 10.1.0.10 dir fwd priority 7#'
case_of $name
name=continuations
p 'xfrm policy add src 10.1.0.11 \' 'dst 10.1.0.12 dir out' 'xfrm policy add src 10.1.0.13 dst 10.1.0.14 dir o\' 'ut' \
    'xfrm policy add src 10.1.0.15 dst 10.1.0.16 dir in # no continuation \' 'xfrm policy count'
case_of $name
name=quotes
p "xfrm policy add src '10.1.0.17' dst \"10.1.0.18\" dir out" "xfrm policy add src 10.1.0.19 dst 10.1.0.20 dir \"in\"\"\"" \
    'xfrm policy add src 10.1.0.21 dst 10.1.0.22 di"r out'
case_of $name
name=unknown-object
p 'xfrm policy add src 10.1.0.23 dst 10.1.0.24 dir out' 'frobnicate something' \
    'xfrm policy add src 10.1.0.25 dst 10.1.0.26 dir out'
case_of $name
case_of $name -force
name=unknown-after-continuation
p 'xfrm policy add src 10.1.0.27 dst 10.1.0.28 dir out' 'frob \' 'nicate' 'xfrm policy count'
case_of $name
name=unterminated-quote
p 'xfrm policy add src 10.1.0.29 dst 10.1.0.30 dir out' "xfrm policy add src '10.1.0.31 dst 10.1.0.32 dir out" \
    'xfrm policy add src 10.1.0.33 dst 10.1.0.34 dir out'
case_of $name
name=missing-continuation
p 'xfrm policy add src 10.1.0.35 dst 10.1.0.36 dir out' 'xfrm policy add src 10.1.0.37 \'
case_of $name
inns ip xfrm policy flush
rm -rf "$B"
