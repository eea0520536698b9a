// SPDX-License-Identifier: GPL-2.0-or-later
// A NAT between the peers: both sides detect it, IKE floats to 4500 and the
// ESP SAs are installed with UDP encapsulation on the translated ports.
#include "checks.hpp"

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

TEST_CASE("NAT traversal: detection, float to 4500, UDP-encapsulated SAs", "[engine][nat]") {
    const std::string inside = "10.0.0.2", outside = "203.0.113.1", gw = "198.51.100.2";
    PeerConfig a;
    a.name = "rw";
    a.local = endpoint(inside);
    a.remote = endpoint(gw);
    a.psk = secret_bytes("road warrior");
    a.dpddelay = seconds(0);
    ChildConfig ca;
    ca.name = "rw";
    ca.local_ts.push_back(subnet("10.0.0.0/24"));
    ca.remote_ts.push_back(subnet("10.2.0.0/16"));
    a.children.push_back(ca);
    PeerConfig b = a;
    b.local = endpoint(gw);
    b.remote = Endpoint{}; // %any: the peer's public address is not known
    b.children[0].local_ts = {subnet("10.2.0.0/16")};
    b.children[0].remote_ts = {subnet("10.0.0.0/24")};

    Network net(40);
    auto& alice = net.add(std::make_unique<Node>("alice", inside, 41));
    auto& bob = net.add(std::make_unique<Node>("bob", gw, 42));
    alice.engine.add_peer(a).value();
    bob.engine.add_peer(b).value();
    // the NAT: 10.0.0.2:500 <-> 203.0.113.1:1024, :4500 <-> :1025
    net.translate = [&](Datagram& d) {
        auto map_out = [](std::uint16_t port) -> std::uint16_t {
            return port == 500 ? 1024 : 1025;
        };
        auto map_in = [](std::uint16_t port) -> std::uint16_t {
            return port == 1024 ? 500 : 4500;
        };
        if (d.local.address == addr(inside)) {
            d.local = {addr(outside), map_out(d.local.port)};
        } else if (d.remote.address == addr(outside)) {
            d.remote = {addr(inside), map_in(d.remote.port)};
        }
    };
    REQUIRE(alice.engine.initiate("rw", Time(0)).ok());
    net.run_for(seconds(5));
    INFO(alice.dump() + bob.dump());
    REQUIRE(alice.established() == 1);
    REQUIRE(bob.established() == 1);
    CHECK(alice.logged("local host is behind NAT"));
    CHECK(bob.logged("remote host is behind NAT"));
    auto bob_sa = bob.sas().at(0);
    CHECK(bob_sa.remote.address == addr(outside));
    CHECK(bob_sa.remote.port == 1025);
    CHECK(bob_sa.local.port == 4500);

    REQUIRE(alice.kernel.states().size() == 2);
    REQUIRE(bob.kernel.states().size() == 2);
    for (const auto& s : alice.kernel.states()) {
        REQUIRE(s.encap);
        CHECK(s.encap->type == 2);
        CHECK(s.encap->sport == 4500);
        CHECK(s.encap->dport == 4500);
    }
    for (const auto& s : bob.kernel.states()) {
        REQUIRE(s.encap);
        bool inbound = s.daddr == addr(gw);
        CHECK(s.encap->sport == (inbound ? 1025 : 4500));
        CHECK(s.encap->dport == (inbound ? 4500 : 1025));
        CHECK(s.saddr == addr(inbound ? outside : gw));
        // the same keys as alice's SA of that SPI
        const ipxf::State* other = find_state(alice, s.spi);
        REQUIRE(other);
        CHECK(other->enc == s.enc);
        CHECK(other->auth == s.auth);
    }
    // every IKE_AUTH datagram went through port 4500 with the non-ESP marker
    for (const auto& sent : net.log)
        if (sent.header.exchange == wire::ExchangeType::ike_auth) {
            CHECK(sent.datagram.remote.port != 500);
            CHECK(sent.datagram.bytes.at(0) == 0);
        }

    // RFC 3948 section 2.3: the side behind the NAT keeps the mapping with a
    // single 0xFF octet every 20 s (charon's keep_alive); the other sends none.
    net.run_for(seconds(61));
    auto keepalives = [&](const std::string& from) {
        int n = 0;
        for (const auto& sent : net.log)
            if (sent.from == from && sent.datagram.bytes == std::vector<std::uint8_t>{0xff}) {
                CHECK(sent.datagram.local.port == 4500);
                ++n;
            }
        return n;
    };
    CHECK(keepalives("alice") == 3);
    CHECK(keepalives("bob") == 0);
    CHECK(alice.established() == 1);
    CHECK(bob.established() == 1);
}

TEST_CASE("forceencaps=yes: no NAT, yet both ends encapsulate ESP in UDP", "[engine][nat]") {
    auto a = host_host(k_alice, k_bob);
    a.force_encaps = true;
    auto b = host_host(k_bob, k_alice);
    Pair p(a, b, 9);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(2));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    CHECK(p.alice.logged("faking NAT situation to enforce UDP encapsulation"));
    CHECK(p.bob.logged("remote host is behind NAT"));
    CHECK_FALSE(p.alice.logged("local host is behind NAT"));
    REQUIRE(p.alice.kernel.states().size() == 2);
    for (const auto* node : {&p.alice, &p.bob})
        for (const auto& s : node->kernel.states()) {
            REQUIRE(s.encap);
            CHECK(s.encap->sport == 4500);
            CHECK(s.encap->dport == 4500);
        }
    check_matching_sas(p.alice, p.bob);
    // nobody is really behind a NAT: no keepalives (charon sends them only then)
    p.net.run_for(seconds(45));
    for (const auto& sent : p.net.log)
        CHECK(sent.datagram.bytes != std::vector<std::uint8_t>{0xff});
}
