// SPDX-License-Identifier: GPL-2.0-or-later
// ipsec.conf typed: the seed lab's file, defaults, %default/also, every conn keyword
// class (typed, unsupported, obsolete, unknown) and value errors with positions.
#include "conf_test_support.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::conf;
using namespace std::chrono_literals;
using conf_test::error_of;
using conf_test::parse_conf;

namespace {

// The lab's ipsec.conf (seed 000 section 3.4.1, ipsec.conf_psk_ali): alice is
// 192.168.27.128, bob 192.168.27.132, PSK authentication, transport mode, IKEv2.
const char* const lab_conf_alice = R"(# ipsec.conf - strongSwan IPsec configuration file

config setup
	# strictcrlpolicy=yes
	# uniqueids = no

conn %default
	ikelifetime=60m
	keylife=20m
	rekeymargin=3m
	keyingtries=1
	keyexchange=ikev2
	authby=secret

conn host-host
	left=192.168.27.128
	right=192.168.27.132
	type=transport
	auto=add
)";

} // namespace

TEST_CASE("the lab's host-host connection", "[conf][lab]") {
    auto conf = parse_conf(lab_conf_alice);
    REQUIRE(conf.ok());
    CHECK(conf->warnings.empty());
    REQUIRE(conf->conns.size() == 1);
    const Conn& c = conf->conns[0];
    CHECK(c.name == "host-host");
    CHECK(c.position.to_string() == "/etc/ipsec.conf:15:6");
    REQUIRE(c.left.hosts.size() == 1);
    CHECK(c.left.hosts[0].kind == HostKind::address);
    CHECK(c.left.hosts[0].text == "192.168.27.128");
    REQUIRE(c.right.hosts.size() == 1);
    CHECK(c.right.hosts[0].text == "192.168.27.132");
    CHECK(c.authby == AuthBy::psk);
    CHECK(c.type == ConnType::transport);
    CHECK(c.keyexchange == KeyExchange::ikev2);
    CHECK(c.auto_action == AutoAction::add);
    CHECK(c.ikelifetime == 60min);
    CHECK(c.lifetime == 20min);
    CHECK(c.margintime == 3min);
    CHECK(c.keyingtries == 1);
    CHECK(c.left.subnets.empty());
    CHECK(c.right.subnets.empty());
    CHECK_FALSE(c.left.id.has_value());
    CHECK(conf->find_conn("host-host") == &conf->conns[0]);
    CHECK(conf->find_conn("%default") == nullptr);
}

TEST_CASE("the lab's connection with auto=start and bob's mirrored file", "[conf][lab]") {
    std::string bob = lab_conf_alice;
    const auto left = bob.find("left=192.168.27.128");
    bob.replace(left, 19, "left=192.168.27.132");
    const auto right = bob.find("right=192.168.27.132");
    bob.replace(right, 20, "right=192.168.27.128");
    bob.replace(bob.find("auto=add"), 8, "auto=start");
    auto conf = parse_conf(bob);
    REQUIRE(conf.ok());
    const Conn& c = conf->conns.at(0);
    CHECK(c.left.hosts[0].text == "192.168.27.132");
    CHECK(c.right.hosts[0].text == "192.168.27.128");
    CHECK(c.auto_action == AutoAction::start);
}

TEST_CASE("strongSwan's defaults", "[conf][defaults]") {
    auto conf = parse_conf("conn plain\n\tright=10.0.0.1\n");
    REQUIRE(conf.ok());
    const Conn& c = conf->conns.at(0);
    CHECK(c.type == ConnType::tunnel);
    CHECK(c.auto_action == AutoAction::ignore);
    CHECK(c.authby == AuthBy::pubkey);
    CHECK(c.keyexchange == KeyExchange::ike);
    CHECK(c.ikelifetime == 3h);
    CHECK(c.lifetime == 1h);
    CHECK(c.margintime == 9min);
    CHECK(c.rekeyfuzz_percent == 100);
    CHECK(c.keyingtries == 3);
    CHECK(c.dpddelay == 30s);
    CHECK(c.dpdtimeout == 150s);
    CHECK(c.dpdaction == SaAction::none);
    CHECK(c.closeaction == SaAction::none);
    CHECK(c.mobike);
    CHECK(c.rekey);
    CHECK(c.reauth);
    CHECK_FALSE(c.forceencaps);
    CHECK(c.installpolicy);
    CHECK_FALSE(c.compress);
    CHECK(c.fragmentation == Fragmentation::yes);
    CHECK_FALSE(c.ike.has_value());
    CHECK_FALSE(c.esp.has_value());
    CHECK_FALSE(c.replay_window.has_value());
    CHECK(c.left.hosts.empty()); // %any
    CHECK(c.left.send_cert == SendCert::ifasked);
    CHECK(conf->setup.uniqueids == UniqueIds::yes);
    CHECK(conf->setup.strictcrlpolicy == StrictCrlPolicy::no);
}

TEST_CASE("net-to-net with subnets, proposals and DPD", "[conf][typed]") {
    auto conf = parse_conf(R"(conn net-net
	left=192.168.1.1
	leftsubnet=10.1.0.0/16
	leftid=@moon.example.org
	leftfirewall=yes
	right=%any
	rightsubnet=10.2.0.0/16[tcp/http],10.3.0.7,fec1::/16[udp],10.4.0.0/24[/53],%dynamic[icmp/%any]
	rightid="C=CH, O=strongSwan, CN=sun"
	ike=aes256-sha256-modp2048,aes128-sha1-modp1024!
	esp=aes128gcm16-ecp256
	dpddelay=10
	dpdaction=restart
	closeaction=clear
	keyingtries=%forever
	rekeyfuzz=50%
	lifebytes=1000000
	inactivity=5m
	reqid=7
	mark=0x2a/0xff
	mark_out=%unique
	replay_window=64
	mobike=no
	forceencaps=yes
	fragmentation=accept
	auto=route
)");
    REQUIRE(conf.ok());
    CHECK(conf->warnings.empty());
    const Conn& c = conf->conns.at(0);
    REQUIRE(c.left.subnets.size() == 1);
    CHECK(c.left.subnets[0].network == "10.1.0.0/16");
    CHECK_FALSE(c.left.subnets[0].proto_port.protocol.has_value());
    CHECK(c.left.id == "@moon.example.org");
    CHECK(c.left.firewall);
    REQUIRE(c.right.hosts.size() == 1);
    CHECK(c.right.hosts[0].kind == HostKind::any);
    const auto& rs = c.right.subnets;
    REQUIRE(rs.size() == 5);
    CHECK(rs[0].network == "10.2.0.0/16");
    CHECK(rs[0].proto_port.protocol == 6);
    CHECK(rs[0].proto_port.port_from == 80);
    CHECK(rs[0].proto_port.port_to == 80);
    CHECK(rs[1].network == "10.3.0.7/32");
    CHECK(rs[2].network == "fec1::/16");
    CHECK(rs[2].proto_port.protocol == 17);
    CHECK(rs[2].proto_port.port_from == 0);
    CHECK(rs[2].proto_port.port_to == 65535);
    CHECK(rs[3].network == "10.4.0.0/24");
    CHECK_FALSE(rs[3].proto_port.protocol.has_value());
    CHECK(rs[3].proto_port.port_from == 53);
    CHECK(rs[4].dynamic());
    CHECK(rs[4].proto_port.protocol == 1);
    CHECK(c.right.id == "C=CH, O=strongSwan, CN=sun");
    REQUIRE(c.ike.has_value());
    CHECK(c.ike->proposals ==
          std::vector<std::string>{"aes256-sha256-modp2048", "aes128-sha1-modp1024"});
    CHECK(c.ike->strict);
    REQUIRE(c.esp.has_value());
    CHECK(c.esp->proposals == std::vector<std::string>{"aes128gcm16-ecp256"});
    CHECK_FALSE(c.esp->strict);
    CHECK(c.dpddelay == 10s);
    CHECK(c.dpdaction == SaAction::restart);
    CHECK(c.closeaction == SaAction::clear);
    CHECK(c.keyingtries == 0);
    CHECK(c.rekeyfuzz_percent == 50);
    CHECK(c.lifebytes == 1000000u);
    CHECK(c.inactivity == 5min);
    CHECK(c.reqid == 7u);
    REQUIRE(c.mark.has_value());
    CHECK(c.mark->value == 0x2a);
    CHECK(c.mark->mask == 0xff);
    REQUIRE(c.mark_out.has_value());
    CHECK(c.mark_out->special == Mark::Special::unique);
    CHECK(c.replay_window == 64u);
    CHECK_FALSE(c.mobike);
    CHECK(c.forceencaps);
    CHECK(c.fragmentation == Fragmentation::accept);
    CHECK(c.auto_action == AutoAction::route);
}

TEST_CASE("end keywords: auth, certs, sourceip, protoport, hosts", "[conf][typed]") {
    auto conf = parse_conf(R"(conn ends
	left=%192.168.0.1
	leftauth=psk
	rightauth=ike:rsa/pss-sha256
	leftcert=a.pem, b.der
	leftsendcert=never
	rightsendcert=yes
	leftca=%same
	leftsourceip=%cfg,10.9.0.1
	rightsourceip=10.3.0.0/24
	leftprotoport=tcp/1024-2048
	right=gw.example.org,10.0.0.0/8,10.1.0.1-10.1.0.9
	rightupdown="/usr/local/bin/updown --quiet"
	rightikeport=4501
	rightallowany=yes
)");
    REQUIRE(conf.ok());
    const Conn& c = conf->conns.at(0);
    REQUIRE(c.left.hosts.size() == 1);
    CHECK(c.left.hosts[0].text == "192.168.0.1");
    CHECK(c.left.allow_any);
    REQUIRE(c.left.auth.has_value());
    CHECK(c.left.auth->method == AuthClass::psk);
    REQUIRE(c.right.auth.has_value());
    CHECK(c.right.auth->method == AuthClass::pubkey);
    CHECK(c.right.auth->text == "ike:rsa/pss-sha256");
    CHECK(c.left.certs == std::vector<std::string>{"a.pem", "b.der"});
    CHECK(c.left.send_cert == SendCert::never);
    CHECK(c.right.send_cert == SendCert::always);
    CHECK(c.left.ca == "%same");
    CHECK(c.left.source_ips == std::vector<std::string>{"%config", "10.9.0.1"});
    CHECK(c.right.source_ips == std::vector<std::string>{"10.3.0.0/24"});
    REQUIRE(c.left.proto_port.has_value());
    CHECK(c.left.proto_port->protocol == 6);
    CHECK(c.left.proto_port->port_from == 1024);
    CHECK(c.left.proto_port->port_to == 2048);
    REQUIRE(c.right.hosts.size() == 3);
    CHECK(c.right.hosts[0].kind == HostKind::fqdn);
    CHECK(c.right.hosts[1].kind == HostKind::subnet);
    CHECK(c.right.hosts[1].text == "10.0.0.0/8");
    CHECK(c.right.hosts[2].kind == HostKind::range);
    CHECK(c.right.updown == "/usr/local/bin/updown --quiet");
    CHECK(c.right.ike_port == 4501);
    CHECK(c.right.allow_any);
}

TEST_CASE("%defaultroute goes through the caller's resolver", "[conf][typed]") {
    const char* text = "conn d\n\tleft=%defaultroute\n\tright=10.0.0.1\n";
    auto unresolved = parse_conf(text);
    REQUIRE(unresolved.ok());
    CHECK(unresolved->conns[0].left.hosts.at(0).kind == HostKind::default_route);
    ConfOptions options;
    int calls = 0;
    options.default_route = [&calls]() -> std::optional<std::string> {
        ++calls;
        return "192.0.2.7";
    };
    auto resolved = parse_conf(text, options);
    REQUIRE(resolved.ok());
    CHECK(calls == 1);
    CHECK(resolved->conns[0].left.hosts.at(0).kind == HostKind::address);
    CHECK(resolved->conns[0].left.hosts.at(0).text == "192.0.2.7");
}

TEST_CASE("%default and also=: order of inheritance", "[conf][inherit]") {
    auto conf = parse_conf(R"(conn %default
	ikelifetime=1h
	keyingtries=5
	esp=aes128-sha1
	dpddelay=5s

conn base
	keyingtries=7
	lifetime=30m
	type=transport

conn other
	lifetime=40m
	dpddelay=20s
	mobike=no

conn child
	keyingtries=9
	also=base
	also=other
	esp=
	right=10.0.0.2
	auto=add
)");
    REQUIRE(conf.ok());
    REQUIRE(conf->conns.size() == 3);
    const Conn* child = conf->find_conn("child");
    REQUIRE(child != nullptr);
    CHECK(child->also == std::vector<std::string>{"base", "other"});
    CHECK(child->ikelifetime == 1h); // from %default
    CHECK(child->keyingtries == 9);  // own setting beats also= written after it
    CHECK(child->lifetime == 40min); // the later also= wins over the earlier one
    CHECK(child->type == ConnType::transport);
    CHECK(child->dpddelay == 20s); // also= beats %default
    CHECK_FALSE(child->mobike);
    CHECK_FALSE(child->esp.has_value()); // esp= clears %default's value
    const Conn* base = conf->find_conn("base");
    REQUIRE(base != nullptr);
    CHECK(base->esp.has_value());
    CHECK(base->keyingtries == 7);
    CHECK(base->auto_action == AutoAction::ignore);
}

TEST_CASE("also= is resolved recursively and also for ca sections", "[conf][inherit]") {
    auto conf = parse_conf(R"(conn a
	also=b
	auto=add
conn b
	also=c
	type=transport
conn c
	type=drop
	right=10.0.0.9
ca %default
	crluri=http://crl.example.org/a.crl
ca root
	also=extra
	cacert=root.pem
	auto=add
ca extra
	ocspuri=http://ocsp.example.org
)");
    REQUIRE(conf.ok());
    const Conn* a = conf->find_conn("a");
    REQUIRE(a != nullptr);
    CHECK(a->type == ConnType::transport);
    CHECK(a->right.hosts.at(0).text == "10.0.0.9");
    REQUIRE(conf->cas.size() == 2);
    const CaSection* root = conf->find_ca("root");
    REQUIRE(root != nullptr);
    CHECK(root->add);
    CHECK(root->cacert == "root.pem");
    CHECK(root->crl_uris == std::vector<std::string>{"http://crl.example.org/a.crl"});
    CHECK(root->ocsp_uris == std::vector<std::string>{"http://ocsp.example.org"});
}

TEST_CASE("also= reaching a section many ways costs it once", "[conf][inherit]") {
    // found by fuzz_conf: each conn naming the next twice took 2^depth resolutions
    // (minutes for 24 conns)
    std::string text;
    for (int i = 0; i < 60; ++i)
        text += "conn c" + std::to_string(i) + "\n\talso=c" + std::to_string(i + 1) + "\n\talso=c" +
                std::to_string(i + 1) + "\n";
    text += "conn c60\n\tright=10.0.0.60\n\ttype=transport\n";
    auto conf = parse_conf(text);
    REQUIRE(conf.ok());
    REQUIRE(conf->conns.size() == 61);
    CHECK(conf->conns[0].right.hosts.at(0).text == "10.0.0.60");
    CHECK(conf->conns[0].type == ConnType::transport);
    CHECK(conf->conns[0].also == std::vector<std::string>{"c1", "c1"});

    // a section reached again is applied again where it is reached: y's base= undoes
    // x's own type=
    auto diamond = parse_conf(R"(conn top
	also=x
	also=y
conn x
	also=base
	type=transport
conn y
	also=base
conn base
	type=drop
)");
    REQUIRE(diamond.ok());
    CHECK(diamond->find_conn("top")->type == ConnType::drop);
    CHECK(diamond->find_conn("x")->type == ConnType::transport);
}

TEST_CASE("also= errors: missing section, loops", "[conf][inherit][errors]") {
    CHECK(error_of(parse_conf("conn a\n\talso=zz\n")) ==
          "/etc/ipsec.conf:2:7: also=zz in conn 'a': there is no conn section named 'zz'");
    CHECK(error_of(parse_conf("conn a\n\talso=b\nconn b\n\tauto=add\n\talso=a\n")) ==
          "/etc/ipsec.conf:5:7: also=a in conn 'b': inheritance loop a -> b -> a");
    CHECK(error_of(parse_conf("conn a\n\talso=a\n")) ==
          "/etc/ipsec.conf:2:7: also=a in conn 'a': inheritance loop a -> a");
    // one section name per also= line
    CHECK(error_of(parse_conf("conn a\n\talso=b c\nconn b\nconn c\n")) ==
          "/etc/ipsec.conf:2:7: also=b c in conn 'a': there is no conn section named 'b c'");
    // also= names a section of the same type only
    CHECK(error_of(parse_conf("ca x\n\tcacert=x.pem\nconn a\n\talso=x\n")) ==
          "/etc/ipsec.conf:4:7: also=x in conn 'a': there is no conn section named 'x'");
}

TEST_CASE("config setup is typed", "[conf][setup]") {
    auto conf = parse_conf("config setup\n\tcharondebug=\"ike 2, knl 3, cfg -1\"\n"
                           "\tuniqueids=never\n\tstrictcrlpolicy=ifuri\n\tcachecrls=yes\n");
    REQUIRE(conf.ok());
    const auto& s = conf->setup;
    REQUIRE(s.charondebug.size() == 3);
    CHECK(s.charondebug[0].subsystem == "ike");
    CHECK(s.charondebug[0].level == 2);
    CHECK(s.charondebug[2].subsystem == "cfg");
    CHECK(s.charondebug[2].level == -1);
    CHECK(s.uniqueids == UniqueIds::never);
    CHECK(s.strictcrlpolicy == StrictCrlPolicy::ifuri);
    CHECK(s.cachecrls);
}

TEST_CASE("unknown, unsupported and obsolete keywords are reported", "[conf][keywords]") {
    const char* text = "config setup\n"
                       "\tplutostart=no\n"
                       "\tfoobar=1\n"
                       "conn %default\n"
                       "\tpfs=yes\n"
                       "conn a\n"
                       "\tright=10.0.0.1\n"
                       "\tleftdns=8.8.8.8\n"
                       "\tbogus=3\n"
                       "\tmediation=no\n"
                       "\trightauth2=psk\n"
                       "\tcacert=x.pem\n"
                       "\teap=md5\n";
    auto conf = parse_conf(text);
    REQUIRE(conf.ok());
    std::vector<std::string> warnings;
    for (const auto& w : conf->warnings)
        warnings.push_back(w.to_string());
    CHECK(warnings ==
          std::vector<std::string>{
              "/etc/ipsec.conf:2:2: obsolete keyword 'plutostart' (a pluto/KLIPS keyword that "
              "strongSwan 5 ignores too), ignored",
              "/etc/ipsec.conf:3:2: unknown keyword 'foobar' in config 'setup', ignored",
              "/etc/ipsec.conf:5:2: obsolete keyword 'pfs' (PFS is set by a DH group in esp=), "
              "ignored",
              "/etc/ipsec.conf:9:2: unknown keyword 'bogus' in conn 'a', ignored",
              "/etc/ipsec.conf:12:2: keyword 'cacert' belongs in a ca section, not in conn 'a', "
              "ignored",
              "/etc/ipsec.conf:13:2: obsolete keyword 'eap' (use leftauth=eap-...; EAP is not "
              "supported by iked), ignored",
          });
    // What iked does not implement refuses the conn (not the file), where written.
    REQUIRE(conf->conns.size() == 1);
    std::vector<std::string> refusals;
    for (const auto& r : conf->conns[0].refusals)
        refusals.push_back(r.to_string());
    CHECK(refusals ==
          std::vector<std::string>{
              "/etc/ipsec.conf:8:2: 'leftdns' is not supported by iked (configuration attributes "
              "(DNS servers) are not supported by iked)",
              "/etc/ipsec.conf:10:2: 'mediation' is not supported by iked (the IKEv2 mediation "
              "extension is not supported by iked)",
              "/etc/ipsec.conf:11:2: 'rightauth2' is not supported by iked (second "
              "authentication rounds (RFC 4739) are not supported by iked)",
          });

    ConfOptions strict;
    strict.strict = true;
    CHECK(error_of(parse_conf("conn a\n\tpfs=yes\n\tbogus=3\n", strict)) ==
          "/etc/ipsec.conf:3:2: unknown keyword 'bogus' in conn 'a'");
    CHECK(error_of(parse_conf("conn a\n\txauth=server\n", strict)) ==
          "/etc/ipsec.conf:2:2: 'xauth' is not supported by iked (an IKEv1 feature; iked "
          "speaks IKEv2 only)");
}

TEST_CASE("invalid and unsupported values: exact messages", "[conf][errors]") {
    struct Case {
        const char* setting;
        const char* message;
    };
    // Each setting sits on line 2 of "conn a", its value at column 2 + len(key) + 1 + 1.
    const Case cases[] = {
        {"keyexchange=ikev1",
         "/etc/ipsec.conf:2:14: keyexchange=ikev1 is not supported by iked (iked speaks IKEv2 "
         "only)"},
        {"keyexchange=ikev3",
         "/etc/ipsec.conf:2:14: invalid value 'ikev3' for 'keyexchange': expected ike or ikev2"},
        {"type=tunel",
         "/etc/ipsec.conf:2:7: invalid value 'tunel' for 'type': expected tunnel, transport, "
         "passthrough, pass or drop"},
        {"type=transport_proxy",
         "/etc/ipsec.conf:2:7: type=transport_proxy is not supported by iked (the Mobile IPv6 "
         "transport proxy mode)"},
        {"auto=begin",
         "/etc/ipsec.conf:2:7: invalid value 'begin' for 'auto': expected ignore, add, route or "
         "start"},
        {"authby=xauthpsk",
         "/etc/ipsec.conf:2:9: authby=xauthpsk is not supported by iked (an IKEv1 feature; iked "
         "speaks IKEv2 only)"},
        {"authby=password",
         "/etc/ipsec.conf:2:9: invalid value 'password' for 'authby': expected pubkey, rsasig, "
         "ecdsasig, psk, secret or never"},
        {"ikelifetime=3x",
         "/etc/ipsec.conf:2:14: invalid value '3x' for 'ikelifetime': expected a time: a number "
         "of seconds, or a number followed by s, m, h or d (e.g. 30s, 9m, 1h)"},
        {"mobike=maybe",
         "/etc/ipsec.conf:2:9: invalid value 'maybe' for 'mobike': expected yes or no"},
        {"keyingtries=forever",
         "/etc/ipsec.conf:2:14: invalid value 'forever' for 'keyingtries': expected a whole "
         "number or %forever"},
        {"rekeyfuzz=50",
         "/etc/ipsec.conf:2:12: invalid value '50' for 'rekeyfuzz': expected a percentage such "
         "as 100%"},
        {"rekeyfuzz=lots",
         "/etc/ipsec.conf:2:12: invalid value 'lots' for 'rekeyfuzz': expected a percentage "
         "such as 100%"},
        {"left=1.2.3.4.5",
         "/etc/ipsec.conf:2:7: invalid value '1.2.3.4.5' for 'left': invalid host '1.2.3.4.5' "
         "(expected an IP address, a DNS name, %any, %defaultroute, a range or a subnet)"},
        {"leftsubnet=10.0.0.0/33",
         "/etc/ipsec.conf:2:13: invalid value '10.0.0.0/33' for 'leftsubnet': invalid prefix "
         "length in '10.0.0.0/33' (expected 0-32)"},
        {"rightsubnet=10.0.0.0/8[tcp/http",
         "/etc/ipsec.conf:2:14: invalid value '10.0.0.0/8[tcp/http' for 'rightsubnet': missing "
         "']' after '[tcp/http' (expected SUBNET[PROTO/PORT])"},
        {"rightsubnet=10.0.0.0/8[tcpx]",
         "/etc/ipsec.conf:2:14: invalid value '10.0.0.0/8[tcpx]' for 'rightsubnet': unknown "
         "protocol 'tcpx' (expected a number 0-255 or a name such as tcp, udp, icmp)"},
        {"leftsubnet=10.0.0.0/8[tcp/70000]",
         "/etc/ipsec.conf:2:13: invalid value '10.0.0.0/8[tcp/70000]' for 'leftsubnet': "
         "unknown port '70000' (expected a number 0-65535 or a service name)"},
        {"leftsubnet=10.0.0.0/8,,10.1.0.0/16",
         "/etc/ipsec.conf:2:13: invalid value '10.0.0.0/8,,10.1.0.0/16' for 'leftsubnet': empty "
         "entry in the subnet list (two commas, or a comma at an end)"},
        {"esp=aes128-sha256,",
         "/etc/ipsec.conf:2:6: invalid value 'aes128-sha256,' for 'esp': empty proposal (two "
         "commas, or a comma at an end)"},
        {"ike=aes128--sha256",
         "/etc/ipsec.conf:2:6: invalid value 'aes128--sha256' for 'ike': empty algorithm name "
         "in proposal 'aes128--sha256'"},
        {"mark=%bogus",
         "/etc/ipsec.conf:2:7: invalid value '%bogus' for 'mark': invalid mark '%bogus' "
         "(expected VALUE[/MASK] with 32-bit numbers, %unique or %unique-dir)"},
        {"reqid=0",
         "/etc/ipsec.conf:2:8: invalid value '0' for 'reqid': expected a number from 1 to "
         "4294967295"},
        {"leftauth=eap-md5",
         "/etc/ipsec.conf:2:11: leftauth=eap-md5 is not supported by iked (EAP is not supported "
         "by iked)"},
        {"rightauth=token",
         "/etc/ipsec.conf:2:12: invalid value 'token' for 'rightauth': expected psk, pubkey, or "
         "a key type with constraints such as rsa-2048-sha256 or ike:pubkey-sha384"},
        {"aggressive=yes",
         "/etc/ipsec.conf:2:13: aggressive=yes is not supported by iked (Aggressive Mode is an "
         "IKEv1 feature; iked speaks IKEv2 only)"},
        {"fragmentation=force",
         "/etc/ipsec.conf:2:16: fragmentation=force is not supported by iked (fragmenting the "
         "first message is an IKEv1 feature)"},
        {"leftsendcert=sometimes",
         "/etc/ipsec.conf:2:15: invalid value 'sometimes' for 'leftsendcert': expected never, "
         "no, ifasked, always or yes"},
        {"dpdaction=reset",
         "/etc/ipsec.conf:2:12: invalid value 'reset' for 'dpdaction': expected none, clear, "
         "hold or restart"},
        {"replay_window=-2",
         "/etc/ipsec.conf:2:16: invalid value '-2' for 'replay_window': expected -1 (the "
         "daemon's default) or a window size in packets"},
        {"rightikeport=0",
         "/etc/ipsec.conf:2:15: invalid value '0' for 'rightikeport': expected a UDP port from 1 "
         "to 65535"},
        {"leftsourceip=10.0.0",
         "/etc/ipsec.conf:2:15: invalid value '10.0.0' for 'leftsourceip': invalid source IP "
         "'10.0.0' (expected %config, %config4, %config6, an address, a subnet, a range or "
         "%poolname)"},
        {"lifebytes=lots",
         "/etc/ipsec.conf:2:12: invalid value 'lots' for 'lifebytes': expected a whole number"},
        {"mark=5/0xz",
         "/etc/ipsec.conf:2:7: invalid value '5/0xz' for 'mark': invalid mark mask '0xz' "
         "(expected a 32-bit number)"},
        {"leftcert=a.pem,",
         "/etc/ipsec.conf:2:11: invalid value 'a.pem,' for 'leftcert': empty entry in the "
         "certificate list"},
        {"right=10.0.0.1,",
         "/etc/ipsec.conf:2:8: invalid value '10.0.0.1,' for 'right': empty entry in the list "
         "(two commas, or a comma at an end)"},
        {"right=10.0.0.1-fe80::1",
         "/etc/ipsec.conf:2:8: invalid value '10.0.0.1-fe80::1' for 'right': address range "
         "'10.0.0.1-fe80::1' mixes IPv4 and IPv6"},
        {"rightsubnet=10.0.0.1-10.0.0.x",
         "/etc/ipsec.conf:2:14: invalid value '10.0.0.1-10.0.0.x' for 'rightsubnet': invalid "
         "address range '10.0.0.1-10.0.0.x' (expected FROM-TO, two addresses)"},
        {"leftprotoport=tcp/9-1",
         "/etc/ipsec.conf:2:16: invalid value 'tcp/9-1' for 'leftprotoport': port range '9-1' "
         "ends before it starts"},
        {"leftsourceip=%",
         "/etc/ipsec.conf:2:15: invalid value '%' for 'leftsourceip': '%' must be followed by "
         "config, config4, config6 or a pool name"},
        {"inactivity=10x",
         "/etc/ipsec.conf:2:13: invalid value '10x' for 'inactivity': expected a time: a number "
         "of seconds, or a number followed by s, m, h or d (e.g. 30s, 9m, 1h)"},
        {"esp=aes128 sha1",
         "/etc/ipsec.conf:2:6: invalid value 'aes128 sha1' for 'esp': unexpected ' ' in proposal "
         "'aes128 sha1' (expected algorithms joined by '-', proposals separated by ',', an "
         "optional '!' at the end)"},
    };
    for (const auto& c : cases) {
        INFO(c.setting);
        auto parsed = parse_conf(std::string("conn a\n\t") + c.setting + "\n");
        std::string got = error_of(parsed);
        if (parsed.ok() && !parsed->conns.empty() && !parsed->conns[0].refusals.empty())
            got = parsed->conns[0].refusals[0].to_string(); // refuses the conn only
        CHECK(got == c.message);
    }
    CHECK(error_of(parse_conf("config setup\n\tcharondebug=\"ike 2, foo 1\"\n")) ==
          "/etc/ipsec.conf:2:14: invalid value 'ike 2, foo 1' for 'charondebug': unknown "
          "subsystem 'foo' (expected dmn, mgr, ike, chd, job, cfg, knl, net, asn, enc, lib, esp, "
          "tls, tnc, imc, imv, pts, app or any)");
    CHECK(error_of(parse_conf("config setup\n\tcharondebug=ike\n")) ==
          "/etc/ipsec.conf:2:14: invalid value 'ike' for 'charondebug': expected a list of "
          "SUBSYSTEM LEVEL pairs such as 'ike 2, knl 1'");
    CHECK(error_of(parse_conf("config setup\n\tcharondebug=\"ike 5\"\n")) ==
          "/etc/ipsec.conf:2:14: invalid value 'ike 5' for 'charondebug': invalid level '5' for "
          "'ike' (expected -1, 0, 1, 2, 3 or 4)");
    CHECK(error_of(parse_conf("config setup\n\tstrictcrlpolicy=always\n")) ==
          "/etc/ipsec.conf:2:18: invalid value 'always' for 'strictcrlpolicy': expected no, yes "
          "or ifuri");
    CHECK(error_of(parse_conf("config setup\n\talso=other\n")) ==
          "/etc/ipsec.conf:2:7: also=other in config 'setup': there is no config section named "
          "'other'");
    CHECK(error_of(parse_conf("config setup\n\tuniqueids=sometimes\n")) ==
          "/etc/ipsec.conf:2:12: invalid value 'sometimes' for 'uniqueids': expected yes, no, "
          "never, replace or keep");
    CHECK(error_of(parse_conf("ca x\n\tauto=start\n")) ==
          "/etc/ipsec.conf:2:7: invalid value 'start' for 'auto': expected ignore or add");
}

TEST_CASE("an invalid value inherited from %default is reported where it is written",
          "[conf][errors]") {
    CHECK(error_of(parse_conf("conn %default\n\tdpddelay=soon\nconn a\n\tauto=add\n")) ==
          "/etc/ipsec.conf:2:11: invalid value 'soon' for 'dpddelay': expected a time: a number "
          "of seconds, or a number followed by s, m, h or d (e.g. 30s, 9m, 1h)");
}

TEST_CASE("ah= is parsed and checked, and refuses the conn (AH is not implemented)",
          "[conf][errors]") {
    auto both = parse_conf("conn a\n\tesp=aes128-sha256\n\tah=sha256\n");
    REQUIRE(both.ok());
    REQUIRE(both->conns[0].refusals.size() == 1);
    CHECK(both->conns[0].refusals[0].to_string() ==
          "/etc/ipsec.conf:3:2: 'ah' is not implemented by iked (AH is not implemented yet; use "
          "esp=)");
    auto ah_only = parse_conf("conn a\n\tah=sha1-sha256!\n");
    REQUIRE(ah_only.ok());
    CHECK(ah_only->conns[0].ah->proposals == std::vector<std::string>{"sha1-sha256"});
    CHECK(ah_only->conns[0].ah->strict);
}
