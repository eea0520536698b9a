#!/bin/bash
# Captures the state goldens of tests/unit/test_print_text.cpp with the real
# iproute2 6.1 `ip xfrm` (kStateGolden). The host's kernel has no ESP/AH, so
# this runs inside the test VM:
#   tests/vm/vmrun --timeout 180 tests/unit/golden/capture-states.sh > states.out
# Each block is "@@@@ <case> <tag>", the output, then "@@@@ END".
err=$(mktemp)
A=10.0.0.1 B=10.0.0.2
KE=0x0123456789abcdef0123456789abcdef
KA=0x1111111111111111111111111111111111111111
KG=0x3333333333333333333333333333333344444444
KS=0x2222222222222222222222222222222222222222222222222222222222222222
cap() { # name, then state add args
    local name=$1; shift
    ip xfrm state flush
    if ! ip xfrm state add "$@" 2>"$err"; then
        echo "@@@@ $name FAILED: $(cat "$err")"; return
    fi
    for v in "plain:" "s:-s" "ss:-s -s" "o:-o" "os:-o -s" ; do
        local tag=${v%%:*} opts=${v#*:}
        echo "@@@@ $name $tag"
        # shellcheck disable=SC2086
        ip $opts xfrm state list
        echo "@@@@ END"
    done
    echo "@@@@ $name nokeys"
    ip xfrm state list nokeys
    echo "@@@@ END"
    echo "@@@@ $name snokeys"
    ip -s xfrm state list nokeys
    echo "@@@@ END"
}
cap esp_cbc_sha1 src $A dst $B proto esp spi 0x1000 reqid 1 mode transport auth sha1 $KA enc aes $KE
cap esp_enc_only src $A dst $B proto esp spi 0x1001 mode transport enc aes $KE
cap esp_gcm src $A dst $B proto esp spi 0x1002 reqid 7 mode transport aead 'rfc4106(gcm(aes))' $KG 128
cap ah_sha256 src $A dst $B proto ah spi 0x2000 mode transport auth sha256 $KS
cap ah_trunc src $A dst $B proto ah spi 0x2001 mode transport auth-trunc 'hmac(sha256)' $KS 128
cap comp_deflate src $A dst $B proto comp spi 0x3000 mode transport comp deflate
cap tunnel_sel src 192.0.2.1 dst 198.51.100.1 proto esp spi 0xdeadbeef reqid 0x10 mode tunnel auth sha1 $KA enc aes $KE sel src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80
cap encap src $A dst $B proto esp spi 0x1003 mode transport auth sha1 $KA enc aes $KE encap espinudp 4500 4501 0.0.0.0
cap replay32 src $A dst $B proto esp spi 0x1004 mode transport replay-window 32 auth sha1 $KA enc aes $KE
cap esn src $A dst $B proto esp spi 0x1005 mode transport flag esn replay-window 64 auth sha1 $KA enc aes $KE
cap esn_big src $A dst $B proto esp spi 0x1006 mode transport flag esn replay-window 300 auth sha1 $KA enc aes $KE
cap marks src $A dst $B proto esp spi 0x1007 mode transport mark 0x10 mask 0xff if_id 0x42 output-mark 0x20 mask 0xf0 auth sha1 $KA enc aes $KE
cap outmark_only src $A dst $B proto esp spi 0x1008 mode transport output-mark 7 auth sha1 $KA enc aes $KE
cap lifetimes src $A dst $B proto esp spi 0x1009 mode transport auth sha1 $KA enc aes $KE limit time-soft 100 limit time-hard 200 limit time-use-soft 30 limit time-use-hard 60 limit byte-soft 1000000 limit byte-hard 2000000 limit packet-soft 500 limit packet-hard 1000
cap flags src $A dst $B proto esp spi 0x100a mode transport flag noecn flag decap-dscp flag nopmtudisc flag wildrecv flag icmp flag af-unspec flag align4 extra-flag dont-encap-dscp extra-flag oseq-may-wrap auth sha1 $KA enc aes $KE
cap extraonly src $A dst $B proto esp spi 0x100b mode transport extra-flag dont-encap-dscp auth sha1 $KA enc aes $KE
cap tfcpad src $A dst $B proto esp spi 0x100c mode tunnel tfcpad 16 auth sha1 $KA enc aes $KE
cap ipv6 src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x100d reqid 3 mode tunnel auth sha1 $KA enc aes $KE sel src 2001:db8:1::/48 dst 2001:db8:2::/48
cap ipv6_gcm src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x100e mode transport aead 'rfc4106(gcm(aes))' $KG 128 replay-window 16
cap beet src $A dst $B proto esp spi 0x100f mode beet auth sha1 $KA enc aes $KE
cap sel_icmp src $A dst $B proto esp spi 0x1010 mode transport auth sha1 $KA enc aes $KE sel src 10.0.0.1 dst 10.0.0.2 proto icmp type 8 code 0
cap ro_coa src 2001:db8::1 dst 2001:db8::2 proto route2 mode ro coa 2001:db8::99
cap null_enc src $A dst $B proto esp spi 0x1011 mode transport auth sha1 $KA enc cipher_null ""
cap seq src $A dst $B proto esp spi 0x1012 mode transport seq 12345 auth sha1 $KA enc aes $KE
ip xfrm state flush
ip xfrm state add src $A dst $B proto esp spi 0x1 mode transport auth sha1 $KA enc aes $KE
ip xfrm state add src $A dst $B proto esp spi 0x2 mode transport auth sha1 $KA enc aes $KE
for v in "plain:" "s:-s" "ss:-s -s" "o:-o"; do
    tag=${v%%:*} opts=${v#*:}
    echo "@@@@ count $tag"; ip $opts xfrm state count; echo "@@@@ END"
    echo "@@@@ pcount $tag"; ip $opts xfrm policy count; echo "@@@@ END"
done
echo "@@@@ getdefault plain"; ip xfrm policy getdefault; echo "@@@@ END"
ip xfrm policy setdefault in block out accept fwd block
echo "@@@@ getdefault2 plain"; ip xfrm policy getdefault; echo "@@@@ END"
echo "@@@@ TZ $(date +%Z) $(cat /etc/timezone 2>/dev/null)"
