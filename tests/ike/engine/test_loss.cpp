// SPDX-License-Identifier: GPL-2.0-or-later
// Lost, duplicated and reordered datagrams; retransmission with charon's
// back-off; DPD; a dead peer.
#include "checks.hpp"

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

namespace {

std::vector<Time> event_times(const Node& n, EventType type) {
    std::vector<Time> out;
    for (const auto& [t, e] : n.timed_events)
        if (e.type == type)
            out.push_back(t);
    return out;
}

} // namespace

TEST_CASE("a lost request and a lost response are retransmitted with the back-off",
          "[engine][loss]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 20);
    std::size_t init_requests = 0, auth_responses = 0;
    p.net.drop = [&](const Sent& s) {
        if (s.header.exchange == wire::ExchangeType::ike_sa_init && !s.header.response)
            return ++init_requests == 1; // the first IKE_SA_INIT request
        if (s.header.exchange == wire::ExchangeType::ike_auth && s.header.response)
            return ++auth_responses <= 2; // the first two IKE_AUTH responses
        return false;
    };
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(60));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.established() == 1);
    CHECK(init_requests == 2);
    CHECK(auth_responses == 3);
    // IKE_SA_INIT again after 4 s; IKE_AUTH after 4 s and 7.2 s more
    auto retransmits = event_times(p.alice, EventType::retransmit);
    REQUIRE(retransmits.size() == 3);
    CHECK(retransmits[0] == Time(4000));
    Time auth_sent = Time(4000) + Time(20); // response to the retransmit, 2 x 10 ms
    CHECK(retransmits[1] == auth_sent + Time(4000));
    CHECK(retransmits[2] == auth_sent + Time(4000) + Time(7200));
    // bob answered the retransmitted IKE_AUTH from his cache: one SA, one CHILD_SA
    CHECK(p.bob.logged("received retransmit of request with ID 1, retransmitting response"));
    CHECK(p.bob.count(EventType::child_installed) == 1);
    CHECK(p.bob.kernel.states().size() == 2);
    check_matching_sas(p.alice, p.bob);
}

TEST_CASE("duplicated requests are answered from the cached response", "[engine][loss]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 21);
    p.net.duplicate = 1.0;
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.established() == 1);
    CHECK(p.bob.sas().size() == 1);
    CHECK(p.bob.logged("received retransmit of IKE_SA_INIT request, retransmitting response"));
    CHECK(p.bob.logged("received retransmit of request with ID 1, retransmitting response"));
    // the duplicated responses are dropped by alice
    CHECK(p.alice.count(EventType::message_dropped) >= 2);
    CHECK(p.bob.count(EventType::child_installed) == 1);
    CHECK(p.alice.kernel.states().size() == 2);
    CHECK(p.bob.kernel.states().size() == 2);
    CHECK(p.alice.count(EventType::retransmit) == 0);
    check_matching_sas(p.alice, p.bob);
}

TEST_CASE("random loss, duplicates and reordering (seeded): always ends established",
          "[engine][loss]") {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        CAPTURE(seed);
        Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 100 + seed);
        p.net.loss = 0.3;
        p.net.duplicate = 0.2;
        p.net.reorder = 0.3;
        REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
        p.net.run_for(seconds(400));
        INFO(p.dump());
        REQUIRE(p.alice.established() == 1);
        REQUIRE(p.bob.established() == 1);
        REQUIRE(p.alice.sas().at(0).children.size() == 1);
        CHECK(p.alice.kernel.states().size() == 2);
        CHECK(p.bob.kernel.states().size() == 2);
        check_matching_sas(p.alice, p.bob);
    }
}

TEST_CASE("a dead peer: the initiator gives up after 5 retransmits, 165 s",
          "[engine][loss][dead]") {
    auto a = host_host(k_alice, k_bob);
    a.keyingtries = 1;
    Pair p(a, host_host(k_bob, k_alice), 22);
    p.net.drop = [](const Sent& s) {
        return s.from == "alice";
    };
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(400));
    INFO(p.dump());
    auto retransmits = event_times(p.alice, EventType::retransmit);
    CHECK(retransmits ==
          std::vector<Time>{Time(4000), Time(11200), Time(24160), Time(47488), Time(89478)});
    auto dead = event_times(p.alice, EventType::peer_dead);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0] == Time(89478 + 75583));
    CHECK(p.alice.count(EventType::ike_failed) == 1);
    CHECK(p.alice.sas().empty());
    CHECK(p.net.count_sent(wire::ExchangeType::ike_sa_init, false) == 6);
}

TEST_CASE("keyingtries: a second attempt after the first gave up", "[engine][loss][dead]") {
    auto a = host_host(k_alice, k_bob);
    a.keyingtries = 2;
    Pair p(a, host_host(k_bob, k_alice), 23);
    p.net.drop = [&p](const Sent& s) {
        return s.from == "alice" && p.net.now < seconds(100);
    };
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(200));
    INFO(p.dump());
    CHECK(p.alice.count(EventType::peer_dead) == 1);
    CHECK(p.alice.established() == 1);
    CHECK(p.bob.established() == 1);
    CHECK(p.alice.sas().at(0).unique_id == 2);
}

TEST_CASE("DPD: empty INFORMATIONALs while idle; a peer gone dead is cleared", "[engine][dpd]") {
    auto a = host_host(k_alice, k_bob);
    a.dpddelay = seconds(10);
    a.dpdaction = DpdAction::clear;
    Pair p(a, host_host(k_bob, k_alice), 24);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(35));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    CHECK(p.net.count_sent(wire::ExchangeType::informational, false) == 3);
    CHECK(p.net.count_sent(wire::ExchangeType::informational, true) == 3);
    CHECK(p.bob.logged("received DPD request"));
    CHECK(p.alice.kernel.states().size() == 2);

    // bob disappears
    Time gone = p.net.now;
    p.net.drop = [](const Sent& s) {
        return s.from == "bob";
    };
    p.net.run_for(seconds(200));
    CHECK(p.alice.count(EventType::retransmit) == 5);
    auto dead = event_times(p.alice, EventType::peer_dead);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0] > gone + seconds(165));
    CHECK(dead[0] < gone + seconds(176));
    CHECK(p.alice.sas().empty());
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.alice.kernel.policies().empty());
}

TEST_CASE("malformed and unexpected datagrams are dropped without changing anything",
          "[engine][robust]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 25);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.established() == 1);
    auto states = p.bob.kernel.states().size();
    auto sa = p.bob.sas().at(0);
    auto before = p.bob.count(EventType::message_dropped);
    Endpoint bob500 = endpoint(k_bob), bob4500 = endpoint(k_bob, 4500);
    Endpoint alice4500 = endpoint(k_alice, 4500);
    // garbage, a truncated header, ESP on 4500 (no marker)
    p.bob.engine.on_datagram(bob500, endpoint(k_alice), std::vector<std::uint8_t>(40, 0xff),
                             p.net.now);
    p.bob.engine.on_datagram(bob500, endpoint(k_alice), std::vector<std::uint8_t>(10, 0),
                             p.net.now);
    p.bob.engine.on_datagram(bob4500, alice4500, std::vector<std::uint8_t>{0xc0, 1, 2, 3, 4},
                             p.net.now);
    // a well-formed INFORMATIONAL on the IKE_SA whose ICV does not verify
    wire::Message forged;
    forged.header.spi_i = sa.spi_i;
    forged.header.spi_r = sa.spi_r;
    forged.header.exchange = wire::ExchangeType::informational;
    forged.header.initiator = true;
    forged.header.message_id = 2;
    forged.payloads.push_back(
        wire::EncryptedPayload{wire::PayloadType::del, std::vector<std::uint8_t>(64, 7)});
    auto bytes = wire::serialize(forged);
    bytes.insert(bytes.begin(), 4, 0);
    p.bob.engine.on_datagram(bob4500, alice4500, bytes, p.net.now);
    p.net.run_for(seconds(1));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::message_dropped) == before + 4);
    CHECK(p.bob.established() == 1);
    CHECK(p.bob.kernel.states().size() == states);
    // the next real request still has message ID 2 and works
    REQUIRE(p.alice.engine.terminate_ike(p.alice.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.bob.sas().empty());
    CHECK(p.bob.kernel.states().empty());
}

TEST_CASE("dpdaction=restart: a new IKE_SA once the peer is back; INITIAL_CONTACT clears "
          "the peer's stale one",
          "[engine][dpd]") {
    auto a = host_host(k_alice, k_bob);
    a.dpddelay = seconds(10);
    a.dpdaction = DpdAction::restart;
    Pair p(a, host_host(k_bob, k_alice), 26);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(5));
    REQUIRE(p.bob.established() == 1);
    auto stale = p.bob.sas().at(0);
    // bob's answers are lost for a while
    p.net.drop = [&p](const Sent& s) {
        return s.from == "bob" && p.net.now < seconds(150);
    };
    p.net.run_until(seconds(260));
    INFO(p.dump());
    CHECK(p.alice.count(EventType::peer_dead) == 1);
    CHECK(p.alice.logged("restarting CHILD_SA after DPD timeout"));
    REQUIRE(p.alice.established() == 1);
    CHECK(p.alice.sas().at(0).unique_id == 2);
    REQUIRE(p.bob.sas().size() == 1);
    CHECK(p.bob.sas().at(0).spi_i != stale.spi_i);
    CHECK(p.bob.logged("received INITIAL_CONTACT"));
    CHECK(p.alice.kernel.states().size() == 2);
    CHECK(p.bob.kernel.states().size() == 2);
    CHECK(p.bob.kernel.policies().size() == 2);
    check_matching_sas(p.alice, p.bob);
}
