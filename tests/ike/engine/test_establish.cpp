// SPDX-License-Identifier: GPL-2.0-or-later
// Establishing IKE_SAs and CHILD_SAs between two engines in memory.
#include "checks.hpp"

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

TEST_CASE("PSK host-host transport: established, SAs and policies on both fakes, keys match",
          "[engine][establish]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice));
    auto id = p.alice.engine.initiate("host-host", Time(0));
    REQUIRE(id.ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());

    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.established() == 1);
    CHECK(p.alice.count(EventType::ike_established) == 1);
    CHECK(p.bob.count(EventType::ike_established) == 1);
    CHECK(p.alice.count(EventType::child_installed) == 1);
    CHECK(p.bob.count(EventType::child_installed) == 1);
    CHECK(p.alice.logged("IKE_SA host-host[1] established between "
                         "192.168.27.128[192.168.27.128]...192.168.27.132[192.168.27.132]"));

    auto a = p.alice.sas().at(0);
    auto b = p.bob.sas().at(0);
    CHECK(a.spi_i == b.spi_i);
    CHECK(a.spi_r == b.spi_r);
    CHECK(a.initiator);
    CHECK_FALSE(b.initiator);
    // charon's defaults on both sides: the first default proposal
    CHECK(a.proposal == "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
    REQUIRE(a.children.size() == 1);
    REQUIRE(b.children.size() == 1);
    CHECK(a.children[0].mode == ChildMode::transport);
    CHECK(a.children[0].inbound_spi == b.children[0].outbound_spi);
    CHECK(a.children[0].outbound_spi == b.children[0].inbound_spi);
    CHECK(a.children[0].local_ts == "192.168.27.128/32");
    CHECK(a.children[0].remote_ts == "192.168.27.132/32");

    // two SAs and two policies (in, out) on each side, transport mode
    REQUIRE(p.alice.kernel.states().size() == 2);
    REQUIRE(p.bob.kernel.states().size() == 2);
    CHECK(p.alice.kernel.policies().size() == 2);
    CHECK(p.bob.kernel.policies().size() == 2);
    CHECK(policies_in_dir(p.alice, ipxf::Direction::fwd) == 0);
    for (const auto& s : p.alice.kernel.states()) {
        CHECK(s.mode == static_cast<std::uint8_t>(ipxf::Mode::transport));
        REQUIRE(s.enc);
        CHECK(s.enc->name == "cbc(aes)");
        CHECK(s.enc->key.size() == 16);
        REQUIRE(s.auth);
        CHECK(s.auth->name == "hmac(sha256)");
        CHECK(s.auth->icv_bits == 128u);
    }
    check_matching_sas(p.alice, p.bob);
    check_matching_sas(p.bob, p.alice);
    // the two directions use different keys
    auto out_a = states_from(p.alice, addr(k_alice));
    auto in_a = states_from(p.alice, addr(k_bob));
    REQUIRE(out_a.size() == 1);
    REQUIRE(in_a.size() == 1);
    CHECK(out_a[0].enc->key != in_a[0].enc->key);
    CHECK(out_a[0].auth->key != in_a[0].auth->key);
    CHECK(out_a[0].spi == a.children[0].outbound_spi);
    CHECK(in_a[0].replay_window == 32);
    // policies carry the reqid of the SAs
    for (const auto& pol : p.alice.kernel.policies()) {
        REQUIRE(pol.tmpls.size() == 1);
        CHECK(pol.tmpls[0].reqid == out_a[0].reqid);
        CHECK(pol.tmpls[0].proto == ipxf::ipproto::esp);
        CHECK(pol.sel.prefixlen_s == 32);
        CHECK(pol.priority == 367231u);      // as charon 5.9.8 for /32 === /32
        CHECK(pol.tmpls[0].daddr.is_zero()); // transport: no template addresses, as charon
        CHECK(pol.tmpls[0].saddr.is_zero());
    }

    // IKE_SA_INIT on 500, IKE_AUTH floated to 4500 with the non-ESP marker
    bool init_500 = false, auth_4500 = false;
    for (const auto& s : p.net.log) {
        if (s.header.exchange == wire::ExchangeType::ike_sa_init)
            init_500 = s.datagram.local.port == 500 && s.datagram.remote.port == 500;
        if (s.header.exchange == wire::ExchangeType::ike_auth && !s.header.response) {
            auth_4500 = s.datagram.local.port == 4500 && s.datagram.remote.port == 4500;
            CHECK(s.datagram.bytes.at(0) == 0);
            CHECK(s.datagram.bytes.at(3) == 0);
        }
    }
    CHECK(init_500);
    CHECK(auth_4500);
    CHECK(p.net.count_sent(wire::ExchangeType::ike_sa_init, false) == 1);
    CHECK(p.net.count_sent(wire::ExchangeType::ike_auth, true) == 1);
}

TEST_CASE("the same seeds give the same exchange byte for byte", "[engine][determinism]") {
    auto run = [] {
        Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 7);
        REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
        p.net.run_for(seconds(5));
        std::vector<std::vector<std::uint8_t>> out;
        for (const auto& s : p.net.log)
            out.push_back(s.datagram.bytes);
        return out;
    };
    auto first = run();
    auto second = run();
    REQUIRE(first.size() == 4);
    CHECK(first == second);
}
