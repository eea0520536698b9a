// SPDX-License-Identifier: GPL-2.0-or-later
// Durations, networks, ports, marks and proposals on their own.
#include "conf/duration.hpp"
#include "conf/value_parsers.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::conf;
using namespace std::chrono_literals;

TEST_CASE("durations take s, m, h, d and plain seconds", "[conf][duration]") {
    CHECK(parse_duration("45") == 45s);
    CHECK(parse_duration("45s") == 45s);
    CHECK(parse_duration("9m") == 9min);
    CHECK(parse_duration("3h") == 3h);
    CHECK(parse_duration("2d") == 48h);
    CHECK(parse_duration("1.5h") == 90min);
    CHECK(parse_duration("0.5m") == 30s);
    CHECK(parse_duration("0") == 0s);
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("h"));
    CHECK_FALSE(parse_duration("1.5"));
    CHECK_FALSE(parse_duration("1.5s"));
    CHECK_FALSE(parse_duration("1.h"));
    CHECK_FALSE(parse_duration("-5s"));
    CHECK_FALSE(parse_duration("5 m"));
    CHECK_FALSE(parse_duration("5w"));
    CHECK_FALSE(parse_duration("99999999999999d"));
}

TEST_CASE("networks are normalised", "[conf][values]") {
    CHECK(std::get<std::string>(parse_network("10.1.2.3/16")) == "10.1.0.0/16");
    CHECK(std::get<std::string>(parse_network("10.1.2.3")) == "10.1.2.3/32");
    CHECK(std::get<std::string>(parse_network("2001:DB8::1/32")) == "2001:db8::/32");
    CHECK(std::get<std::string>(parse_network("0.0.0.0/0")) == "0.0.0.0/0");
    CHECK(std::get<std::string>(parse_network("10.0.0.1-10.0.0.9")) == "10.0.0.1-10.0.0.9");
    CHECK(std::get<Problem>(parse_network("10.0.0.1-::1")).text ==
          "address range '10.0.0.1-::1' mixes IPv4 and IPv6");
    CHECK(std::holds_alternative<Problem>(parse_network("10.0.0.0/")));
    CHECK(std::holds_alternative<Problem>(parse_network("::/129")));
    CHECK(std::holds_alternative<Problem>(parse_network("host.example.org")));
}

TEST_CASE("proto/port forms", "[conf][values]") {
    auto any = std::get<ProtoPort>(parse_proto_port("%any/%any"));
    CHECK_FALSE(any.protocol.has_value());
    CHECK(any.port_from == 0);
    CHECK(any.port_to == 65535);
    auto opaque = std::get<ProtoPort>(parse_proto_port("udp/%opaque"));
    CHECK(opaque.protocol == 17);
    CHECK(opaque.opaque);
    auto numeric = std::get<ProtoPort>(parse_proto_port("50"));
    CHECK(numeric.protocol == 50);
    auto https = std::get<ProtoPort>(parse_proto_port("tcp/https"));
    CHECK(https.port_from == 443);
    CHECK(std::get<Problem>(parse_proto_port("tcp/90-80")).text ==
          "port range '90-80' ends before it starts");
    CHECK(std::holds_alternative<Problem>(parse_proto_port("256")));
}

TEST_CASE("marks and proposals", "[conf][values]") {
    auto mark = std::get<Mark>(parse_mark("42"));
    CHECK(mark.value == 42);
    CHECK(mark.mask == 0xffffffff);
    CHECK(std::get<Mark>(parse_mark("%unique-dir")).special == Mark::Special::unique_dir);
    CHECK(std::holds_alternative<Problem>(parse_mark("1/0x1ffffffff")));
    auto list = std::get<ProposalList>(
        parse_proposals("aes128-sha256-x25519 , aes256gcm16-prfsha384-ecp384!"));
    CHECK(list.proposals ==
          std::vector<std::string>{"aes128-sha256-x25519", "aes256gcm16-prfsha384-ecp384"});
    CHECK(list.strict);
    CHECK(std::get<Problem>(parse_proposals("aes128/sha1")).text ==
          "unexpected '/' in proposal 'aes128/sha1' (expected algorithms joined by '-', "
          "proposals separated by ',', an optional '!' at the end)");
    CHECK(parse_unsigned("0x10", 255) == 16u);
    CHECK_FALSE(parse_unsigned("256", 255));
    CHECK(parse_unsigned("255", 255) == 255u);
    CHECK(parse_unsigned("4", 4) == 4u);
    CHECK_FALSE(parse_unsigned("5", 4));
    CHECK_FALSE(parse_unsigned("0xf", 9));
    CHECK(parse_unsigned("18446744073709551615", UINT64_MAX) == UINT64_MAX);
    CHECK_FALSE(parse_unsigned("18446744073709551616", UINT64_MAX));
}
