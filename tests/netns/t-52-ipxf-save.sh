# SPDX-License-Identifier: GPL-2.0-or-later
# `ipxf save` / `ipxf restore` of the SPD in a namespace (the host kernel
# takes no SAs: the VM suite saves and restores SAs): the file is mode 0600
# (a file given, or the standard output as the shell created it); restoring
# into flushed tables gives back what `ip xfrm policy list` listed, byte for
# byte (indexes and order included); restoring onto changed tables changes
# only what differs; a bad line or a refused one changes nothing.
# shellcheck shell=bash

IPXF=${BUILD_DIR:+$BUILD_DIR/cmd/ipxf/ipxf}
if [ -z "$IPXF" ] || [ ! -x "$IPXF" ]; then
    tap_check "ipxf is built (suite.sh --build DIR)" false
    return 0 2>/dev/null || exit 0
fi
S=$(mktemp -d "${TMPDIR:-/tmp}/ipxf-save.XXXXXX")
P() { inns ip xfrm policy "$@" || echo "ip xfrm policy $* failed" >&2; }
listing() { inns ip xfrm policy list; inns ip xfrm policy list ptype sub; }
flush() { inns ip xfrm policy flush; inns ip xfrm policy flush ptype sub; }
# one line per policy, without its index, sorted: the same set in any order
records() { sed -E 's/ index [0-9]+//' | awk '/^[^\t]/ { if (r) print r; r = $0; next } { r = r " " $0 } END { if (r) print r }' | sort; }

P add src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80 dir out priority 100 \
    tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 1
P add src 10.2.0.0/16 dst 10.1.0.0/16 dir in mark 5 mask 0xff ptype sub \
    tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel reqid 1 level use
P add src 10.3.0.0/16 dst 0.0.0.0/0 proto icmp type 8 code 0 dir fwd action block flag localok \
    priority 7 limit time-soft 100 limit byte-hard 10000 if_id 0x20
P add src 2001:db8::1 dst 2001:db8::2 proto gre key 0x10002 dir out tmpl proto esp mode transport \
    tmpl proto ah spi 0x300 mode transport
P add src 10.4.0.1 dst 10.4.0.2 proto udp sport 500 dir in index 1232
P add src 10.5.0.0/24 dst 10.6.0.0/24 dir out
listing >"$S/before"

(umask 022 && inns "$IPXF" save file "$S/saved")
tap_check "save file F: exit 0" test -s "$S/saved"
tap_check "save file F: mode 0600 under umask 022" [ "$(stat -c %a "$S/saved")" = 600 ]
tap_check "save file F: a comment, then one policy add line per policy" sh -c "
    head -1 '$S/saved' | grep -q '^# ipxf save' && [ \$(grep -c '^xfrm policy add ' '$S/saved') = 6 ]"
(umask 022 && inns "$IPXF" save >"$S/stdout")
tap_check "save >F: the shell's file made 0600" [ "$(stat -c %a "$S/stdout")" = 600 ]
tap_check "save >F: the same lines" cmp "$S/saved" "$S/stdout"

flush
inns "$IPXF" restore file "$S/saved"
tap_check "restore into empty tables: exit 0" [ $? = 0 ]
tap_check "restore into empty tables: ip lists the same policies, same order and index" \
    cmp "$S/before" <(listing)
inns "$IPXF" -s restore file "$S/saved" 2>"$S/err"
tap_check "restore onto the same tables: nothing to do" \
    grep -qx "ipxf restore: 0 deleted, 0 added, 6 unchanged" "$S/err"

P delete src 10.4.0.1 dst 10.4.0.2 proto udp sport 500 dir in
P add src 10.7.0.0/16 dst 10.8.0.0/16 dir out priority 5
P update src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80 dir out priority 100 \
    tmpl src 192.0.2.1 dst 192.0.2.9 proto esp mode tunnel reqid 1
inns "$IPXF" -s restore <"$S/saved" 2>"$S/err"
tap_check "restore from stdin onto changed tables: exit 0" [ $? = 0 ]
tap_check "restore onto changed tables: only what differs" \
    grep -qx "ipxf restore: 2 deleted, 2 added, 4 unchanged" "$S/err"
tap_check "restore onto changed tables: the saved policies again" \
    cmp <(records <"$S/before") <(listing | records)

listing >"$S/now"
{ head -3 "$S/saved"; echo "xfrm policy delete src 10.1.0.0/16 dst 10.2.0.0/16 dir out"; } >"$S/bad"
P add src 10.7.0.0/16 dst 10.8.0.0/16 dir out priority 5
listing >"$S/now"
inns "$IPXF" restore file "$S/bad" 2>"$S/err"
rc=$?
tap_check "a delete line: exit 255, named with its line" sh -c "
    [ $rc = 255 ] && grep -qx 'ipxf restore: $S/bad:4:' '$S/err' && grep -q 'nothing changed' '$S/err'"
tap_check "a delete line: nothing changed" cmp "$S/now" <(listing)
{ cat "$S/saved"; echo "xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir out unknown-word"; } >"$S/bad"
inns "$IPXF" restore file "$S/bad" 2>"$S/err"
tap_check "a malformed line: exit 255, nothing changed" bash -c "
    [ $? = 255 ] && cmp -s '$S/now' <(ip netns exec $NS ip xfrm policy list; ip netns exec $NS ip xfrm policy list ptype sub)"
# the parser takes an index of another direction; the kernel refuses it
{ cat "$S/saved"; echo "xfrm policy add src 10.9.0.0/16 dst 10.9.0.0/16 dir out index 1232"; } >"$S/refused"
inns "$IPXF" restore file "$S/refused" 2>"$S/err"
rc=$?
tap_check "a line the kernel refuses: exit 2, its line" sh -c "
    [ $rc = 2 ] && grep -qx 'ipxf restore: $S/refused:8: the kernel refused this line' '$S/err' &&
    grep -qx 'ipxf restore: nothing changed (every change was undone)' '$S/err'"
tap_check "a line the kernel refuses: nothing changed" cmp <(records <"$S/now") <(listing | records)

echo "# nothing" >"$S/empty"
inns "$IPXF" restore file "$S/empty"
tap_check "restore of a file without entries: empty tables" sh -c "[ -z \"\$(ip netns exec $NS ip xfrm policy list; ip netns exec $NS ip xfrm policy list ptype sub)\" ]"
inns "$IPXF" restore file "$S/none" 2>"$S/err"
tap_check "restore of a missing file: exit 1, named" sh -c "[ $? = 1 ] && grep -q 'cannot open \"$S/none\"' '$S/err'"
echo "xfrm save file $S/via-batch" >"$S/batch"
inns "$IPXF" -batch "$S/batch" 2>"$S/err"
rc=$?
tap_check "xfrm save in a batch: an unknown object (exit 255), no file written" sh -c "
    [ $rc = 255 ] && grep -q 'Object \"save\" is unknown' '$S/err' && [ ! -e '$S/via-batch' ]"
rm -rf "$S"
