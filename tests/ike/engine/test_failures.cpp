// SPDX-License-Identifier: GPL-2.0-or-later
// Negotiations that fail, or need a second round: wrong PSK, no common
// proposal, INVALID_KE_PAYLOAD, COOKIE.
#include "checks.hpp"

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

TEST_CASE("wrong PSK: AUTHENTICATION_FAILED on both sides, nothing installed", "[engine][auth]") {
    Pair p(host_host(k_alice, k_bob, "alice's idea of the secret"),
           host_host(k_bob, k_alice, "bob's idea of the secret"), 5);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::authentication_failed) == 1);
    CHECK(p.bob.logged("MAC mismatched"));
    CHECK(p.alice.count(EventType::authentication_failed) == 1);
    CHECK(p.alice.logged("received AUTHENTICATION_FAILED notify error"));
    CHECK(p.alice.count(EventType::ike_established) == 0);
    CHECK(p.bob.count(EventType::ike_established) == 0);
    CHECK(p.alice.sas().empty());
    CHECK(p.bob.sas().empty());
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.alice.kernel.policies().empty());
    CHECK(p.bob.kernel.policies().empty());
    // the initiator did allocate an SPI, and gave it back
    auto calls = p.alice.kernel.calls();
    CHECK(std::count(calls.begin(), calls.end(), "alloc_spi") == 1);
    CHECK(std::count(calls.begin(), calls.end(), "del_sa") == 1);
}

TEST_CASE("a different peer identity than configured fails authentication", "[engine][auth]") {
    auto a = host_host(k_alice, k_bob);
    a.remote_id = Identity::fqdn("bob.example.org");
    Pair p(a, host_host(k_bob, k_alice), 6);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    // bob is 192.168.27.132, not bob.example.org: he refuses IDr, alice sees the notify
    CHECK(p.bob.count(EventType::authentication_failed) == 1);
    CHECK(p.alice.count(EventType::authentication_failed) == 1);
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.bob.kernel.states().empty());
}

TEST_CASE("no common IKE proposal: NO_PROPOSAL_CHOSEN, no state on either side",
          "[engine][proposal]") {
    auto a = host_host(k_alice, k_bob);
    a.ike_proposals = ike_list("aes256-sha512-modp4096!");
    auto b = host_host(k_bob, k_alice);
    b.ike_proposals = ike_list("aes128-sha256-curve25519!");
    Pair p(a, b, 8);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::no_proposal_chosen) == 1);
    CHECK(p.alice.count(EventType::no_proposal_chosen) == 1);
    CHECK(p.alice.logged("received NO_PROPOSAL_CHOSEN notify error"));
    CHECK(p.alice.count(EventType::ike_failed) == 1);
    CHECK(p.alice.sas().empty());
    CHECK(p.bob.sas().empty());
    CHECK(p.alice.kernel.calls().empty());
    CHECK(p.bob.kernel.calls().empty());
    // one request, one answer, no retransmits
    CHECK(p.net.log.size() == 2);
}

TEST_CASE("no common ESP proposal: the IKE_SA comes up, the CHILD_SA does not",
          "[engine][proposal]") {
    auto a = host_host(k_alice, k_bob);
    a.children[0].esp_proposals = esp_list("aes256gcm16!");
    auto b = host_host(k_bob, k_alice);
    b.children[0].esp_proposals = esp_list("aes128-sha1!");
    Pair p(a, b, 9);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    CHECK(p.alice.established() == 1);
    CHECK(p.bob.established() == 1);
    CHECK(p.bob.count(EventType::no_proposal_chosen) == 1);
    CHECK(p.alice.count(EventType::child_failed) == 1);
    CHECK(p.alice.logged("NO_PROPOSAL_CHOSEN"));
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.bob.kernel.states().empty());
}

TEST_CASE("INVALID_KE_PAYLOAD: the initiator retries with the group the responder asks for",
          "[engine][invalid-ke]") {
    auto a = host_host(k_alice, k_bob);
    a.ike_proposals = ike_list("aes128-sha256-modp2048-ecp256!"); // KE guess: MODP_2048
    auto b = host_host(k_bob, k_alice);
    b.ike_proposals = ike_list("aes128-sha256-ecp256!");
    Pair p(a, b, 10);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::invalid_ke) == 1);
    CHECK(p.alice.count(EventType::invalid_ke) == 1);
    CHECK(p.alice.logged("peer didn't accept DH group MODP_2048, it requested ECP_256"));
    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.established() == 1);
    CHECK(p.alice.sas().at(0).proposal ==
          "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256");
    // two IKE_SA_INIT requests, both with message ID 0, the second with an ECP_256 KE
    std::vector<std::uint16_t> groups;
    for (const auto& s : p.net.log)
        if (s.header.exchange == wire::ExchangeType::ike_sa_init && !s.header.response) {
            CHECK(s.header.message_id == 0);
            auto m = wire::parse(s.datagram.bytes);
            REQUIRE(m.ok());
            for (const auto& pl : m->payloads)
                if (auto* ke = std::get_if<wire::KePayload>(&pl))
                    groups.push_back(ke->group);
        }
    CHECK(groups == std::vector<std::uint16_t>{14, 19});
    check_matching_sas(p.alice, p.bob);
}

TEST_CASE("COOKIE: a responder under half-open load answers statelessly; the initiator "
          "comes back with the cookie",
          "[engine][cookie]") {
    EngineSettings loaded;
    loaded.cookie_threshold = 2;
    auto b = host_host(k_bob, k_alice);
    b.remote.address = ipxf::Address{}; // %any
    Pair p(host_host(k_alice, k_bob), b, 11, {}, loaded);
    // two half-open IKE_SAs from hosts that never follow up
    for (int i = 0; i < 2; ++i) {
        std::string ghost = "192.168.27." + std::to_string(200 + i);
        auto& g = p.net.add(std::make_unique<Node>("ghost" + std::to_string(i), ghost, 300 + i));
        auto cfg = host_host(ghost, k_bob);
        cfg.name = "ghost";
        cfg.children[0].name = "ghost" + std::to_string(i);
        g.engine.add_peer(cfg).value();
        REQUIRE(g.engine.initiate(cfg.children[0].name, Time(0)).ok());
    }
    // their IKE_AUTH never reaches bob
    p.net.drop = [](const Sent& s) {
        return s.from.rfind("ghost", 0) == 0 &&
               s.header.exchange != wire::ExchangeType::ike_sa_init;
    };
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.sas().size() == 2);
    CHECK(p.bob.count(EventType::cookie) == 0);

    REQUIRE(p.alice.engine.initiate("host-host", p.net.now).ok());
    p.net.run_for(seconds(2));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::cookie) == 1);
    CHECK(p.alice.count(EventType::cookie) == 1);
    CHECK(p.alice.established() == 1);
    CHECK(p.bob.established() == 1);
    // alice sent IKE_SA_INIT twice, the second with the COOKIE first
    std::size_t requests = 0;
    for (const auto& s : p.net.log)
        if (s.from == "alice" && s.header.exchange == wire::ExchangeType::ike_sa_init) {
            auto m = wire::parse(s.datagram.bytes);
            REQUIRE(m.ok());
            if (++requests == 2) {
                auto* n = std::get_if<wire::NotifyPayload>(&m->payloads.at(0));
                REQUIRE(n);
                CHECK(n->type == wire::NotifyType::cookie);
            }
        }
    CHECK(requests == 2);
    check_matching_sas(p.alice, p.bob);
    // the half-open ones time out
    p.net.run_for(seconds(40));
    CHECK(p.bob.sas().size() == 1);
}
