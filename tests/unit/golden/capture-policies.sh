#!/bin/bash
# Captures the policy goldens of tests/unit/test_print_text.cpp with the real
# iproute2 6.1 `ip xfrm` (kPolicyGolden), in a throw-away network namespace:
#   sudo bash tests/unit/golden/capture-policies.sh > policies.out
# Each block is "@@@@ <case> <tag>", the output, then "@@@@ END".
err=$(mktemp)
ns=pt-$$
ip netns add $ns
capp() { local name=$1; shift
    ip -n $ns xfrm policy flush; ip -n $ns xfrm policy flush ptype sub
    if ! ip -n $ns xfrm policy add "$@" 2>"$err"; then echo "@@@@ $name FAILED: $(cat "$err")"; return; fi
    for v in "plain:" "s:-s" "ss:-s -s" "o:-o" "os:-o -s"; do
        local tag=${v%%:*} opts=${v#*:}
        echo "@@@@ $name $tag"; ip -n $ns $opts xfrm policy list; echo "@@@@ END"
    done
}
capp plain src 10.0.0.1 dst 10.0.0.2 dir out
capp tcp src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp sport 1234 dport 80 dir in
capp udp_dport src 10.0.0.1 dst 10.0.0.2 proto udp dport 500 dir fwd
capp icmp src 10.0.0.1 dst 10.0.0.2 proto icmp type 8 code 0 dir out
capp ptype_sub src 10.0.0.1 dst 10.0.0.2 dir out ptype sub
capp block src 10.0.0.1 dst 10.0.0.2 dir in action block
capp priority src 10.0.0.1 dst 10.0.0.2 dir out priority 100
capp mark src 10.0.0.1 dst 10.0.0.2 dir out mark 0x10 mask 0xff
capp ifid src 10.0.0.1 dst 10.0.0.2 dir out if_id 0x42
capp tmpl_tunnel src 10.1.0.0/16 dst 10.2.0.0/16 dir in tmpl src 192.0.2.1 dst 198.51.100.1 proto esp reqid 16 mode tunnel level use
capp tmpl_transport src 10.0.0.1 dst 10.0.0.2 dir in tmpl src 10.0.0.2 dst 10.0.0.1 proto esp mode transport
capp tmpl_multi src 10.0.0.1 dst 10.0.0.2 dir out tmpl proto comp spi 0x1234 mode transport tmpl src 10.0.0.1 dst 10.0.0.2 proto esp reqid 5 mode tunnel tmpl proto ah mode transport level use
capp ipv6 src 2001:db8::/64 dst 2001:db8:1::1 proto tcp dport 22 dir out tmpl src 2001:db8::1 dst 2001:db8::2 proto esp reqid 1 mode tunnel
capp flags src 10.0.0.1 dst 10.0.0.2 dir out flag localok flag icmp
capp lifetimes src 10.0.0.1 dst 10.0.0.2 dir out limit time-soft 100 limit time-hard 200 limit byte-soft 1000 limit packet-hard 50
capp nosel dir out
capp gre src 10.0.0.1 dst 10.0.0.2 proto gre key 0x10002 dir out
capp mh src 2001:db8::1 dst 2001:db8::2 proto 135 type 5 dir out
capp sctp src 10.0.0.1 dst 10.0.0.2 proto sctp sport 7 dir out
capp dev src 10.0.0.1 dst 10.0.0.2 dev lo dir out
capp proto_num src 10.0.0.1 dst 10.0.0.2 proto 200 dir out
capp everything src 10.0.0.0/8 dst 10.3.0.0/16 proto udp sport 4500 dport 4500 dir fwd priority 7 ptype main action allow mark 1 if_id 9 tmpl src 1.1.1.1 dst 2.2.2.2 proto esp reqid 3 mode tunnel
echo "@@@@ pcount plain"; ip -n $ns xfrm policy count; echo "@@@@ END"
echo "@@@@ pcount s"; ip -n $ns -s xfrm policy count; echo "@@@@ END"
echo "@@@@ pcount ss"; ip -n $ns -s -s xfrm policy count; echo "@@@@ END"
echo "@@@@ pcount os"; ip -n $ns -o -s -s xfrm policy count; echo "@@@@ END"
echo "@@@@ getdefault plain"; ip -n $ns xfrm policy getdefault; echo "@@@@ END"
ip -n $ns xfrm policy flush; ip -n $ns xfrm policy flush ptype sub
ip -n $ns xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir out
ip -n $ns xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir in
ip -n $ns xfrm policy add src 10.0.0.1 dst 10.0.0.3 dir in
echo "@@@@ pcount3 ss"; ip -n $ns -s -s xfrm policy count; echo "@@@@ END"
ip netns del $ns
