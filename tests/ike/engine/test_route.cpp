// SPDX-License-Identifier: GPL-2.0-or-later
// auto=route: trap policies without SAs, the ACQUIRE that brings the CHILD_SA
// up (once), the negotiated SAs serving the trap's policies, the trap staying
// when the SAs go, unroute, and remove_peer.
#include "checks.hpp"

using namespace ike_engine_test;

namespace {

// Every policy carries one ESP template with this reqid.
void check_trap_policies(const Node& n, std::uint32_t reqid, std::size_t count) {
    auto policies = n.kernel.policies();
    REQUIRE(policies.size() == count);
    for (const auto& p : policies) {
        REQUIRE(p.tmpls.size() == 1);
        CHECK(p.tmpls[0].reqid == reqid);
        CHECK(p.tmpls[0].proto == ipxf::ipproto::esp);
        CHECK(p.tmpls[0].mode == static_cast<std::uint8_t>(ipxf::Mode::transport));
    }
}

} // namespace

TEST_CASE("route: trap policies in and out with the reqid, no SA; listed as routed",
          "[engine][route]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 31);
    auto id = p.alice.engine.route("host-host");
    REQUIRE(id.ok());
    auto traps = p.alice.engine.traps();
    REQUIRE(traps.size() == 1);
    CHECK(traps[0].unique_id == *id);
    CHECK(traps[0].conn == "host-host");
    CHECK(traps[0].mode == ChildMode::transport);
    CHECK(traps[0].reqid != 0);
    CHECK(traps[0].local_ts == k_alice + "/32");
    CHECK(traps[0].remote_ts == k_bob + "/32");
    CHECK(p.alice.kernel.states().empty());
    check_trap_policies(p.alice, traps[0].reqid, 2);
    CHECK(policies_in_dir(p.alice, ipxf::Direction::out) == 1);
    CHECK(policies_in_dir(p.alice, ipxf::Direction::in) == 1);
    for (const auto& pol : p.alice.kernel.policies()) {
        if (pol.dir == static_cast<std::uint8_t>(ipxf::Direction::out)) {
            CHECK(pol.sel.saddr == addr(k_alice));
            CHECK(pol.tmpls[0].daddr.is_zero()); // transport: no template addresses, as charon
            CHECK(pol.priority == 367232u); // charon 5.9.8: a trap is 1 below 367231 (/32 === /32)
        }
    }
    // nothing went on the wire
    p.net.run_for(seconds(5));
    CHECK(p.net.log.empty());

    CHECK_FALSE(p.alice.engine.route("host-host").ok()); // already routed
    CHECK_FALSE(p.alice.engine.route("nope").ok());
    REQUIRE(p.alice.engine.unroute("host-host").ok());
    CHECK(p.alice.kernel.policies().empty());
    CHECK(p.alice.engine.traps().empty());
    CHECK_FALSE(p.alice.engine.unroute("host-host").ok());
}

TEST_CASE("route: a conn with right=%any cannot be routed", "[engine][route]") {
    auto a = host_host(k_alice, k_bob);
    a.remote = Endpoint{};
    Pair p(a, host_host(k_bob, k_alice), 32);
    CHECK_FALSE(p.alice.engine.route("host-host").ok());
    CHECK(p.alice.kernel.policies().empty());
}

TEST_CASE("acquire: initiates once; the CHILD_SA takes the trap's reqid and serves its policies",
          "[engine][route]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 33);
    REQUIRE(p.alice.engine.route("host-host").ok());
    const std::uint32_t reqid = p.alice.engine.traps().at(0).reqid;
    const auto trap_policies = p.alice.kernel.policies();

    CHECK_FALSE(p.alice.engine.acquire(reqid + 100, p.net.now).ok()); // not a trap's
    auto first = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    // the kernel repeats its ACQUIRE while the negotiation runs: ignored
    auto again = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(again.ok());
    CHECK_FALSE(again->has_value());
    p.net.run_for(milliseconds(15)); // IKE_SA_INIT answered, IKE_AUTH under way
    again = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(again.ok());
    CHECK_FALSE(again->has_value());

    p.net.run_for(seconds(1));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    CHECK(p.alice.sas().size() == 1);
    CHECK(p.net.count_sent(ipsec::ike::wire::ExchangeType::ike_sa_init, false) == 1);
    auto child = p.alice.sas().at(0).children.at(0);
    CHECK(child.state == ChildState::installed);
    CHECK(child.reqid == reqid);
    // the SAs carry the reqid; the policies are the trap's, not added twice
    REQUIRE(p.alice.kernel.states().size() == 2);
    for (const auto& s : p.alice.kernel.states())
        CHECK(s.reqid == reqid);
    CHECK(p.alice.kernel.policies() == trap_policies);
    CHECK_FALSE(p.alice.logged("adding policy"));
    check_matching_sas(p.alice, p.bob);
    // still listed as routed, as charon does
    CHECK(p.alice.engine.traps().size() == 1);

    // up: another ACQUIRE (a race with the install) changes nothing
    again = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(again.ok());
    CHECK_FALSE(again->has_value());

    // down: the SAs go, the trap stays
    REQUIRE(p.alice.engine.terminate_ike(p.alice.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.alice.sas().empty());
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.alice.kernel.policies() == trap_policies);
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.bob.kernel.policies().empty());

    // the next packet brings it up again, with the same reqid
    auto next = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(next.ok());
    REQUIRE(next->has_value());
    CHECK(**next != **first);
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    CHECK(p.alice.sas().at(0).children.at(0).reqid == reqid);
    CHECK(p.alice.kernel.policies() == trap_policies);
}

TEST_CASE("acquire on an established IKE_SA without the CHILD_SA: CREATE_CHILD_SA",
          "[engine][route]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 34);
    REQUIRE(p.alice.engine.route("host-host").ok());
    const std::uint32_t reqid = p.alice.engine.traps().at(0).reqid;
    REQUIRE(p.alice.engine.acquire(reqid, p.net.now).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    const auto ike_id = p.alice.sas().at(0).unique_id;
    REQUIRE(p.alice.engine.terminate_child(p.alice.sas().at(0).children.at(0).unique_id, p.net.now)
                .ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.sas().at(0).children.empty());
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.alice.kernel.policies().size() == 2); // the trap's

    auto again = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(again.ok());
    REQUIRE(again->has_value());
    CHECK(**again == ike_id);
    // queued or under way on that IKE_SA: a repeated ACQUIRE is ignored
    auto repeated = p.alice.engine.acquire(reqid, p.net.now);
    REQUIRE(repeated.ok());
    CHECK_FALSE(repeated->has_value());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    CHECK(p.net.count_sent(ipsec::ike::wire::ExchangeType::create_child_sa, false) == 1);
    REQUIRE(p.alice.sas().at(0).children.size() == 1);
    CHECK(p.alice.sas().at(0).children.at(0).reqid == reqid);
    CHECK(p.alice.kernel.states().size() == 2);
}

TEST_CASE("unroute while up: the CHILD_SA keeps its policies and removes them when it goes",
          "[engine][route]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 35);
    REQUIRE(p.alice.engine.route("host-host").ok());
    const std::uint32_t reqid = p.alice.engine.traps().at(0).reqid;
    REQUIRE(p.alice.engine.acquire(reqid, p.net.now).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    const auto policies = p.alice.kernel.policies();

    REQUIRE(p.alice.engine.unroute("host-host").ok());
    CHECK(p.alice.engine.traps().empty());
    CHECK(p.alice.kernel.policies() == policies); // still used
    // routed again: the same reqid, the policies shared again
    REQUIRE(p.alice.engine.route("host-host").ok());
    CHECK(p.alice.engine.traps().at(0).reqid == reqid);
    CHECK(p.alice.kernel.policies() == policies);
    REQUIRE(p.alice.engine.unroute("host-host").ok());

    REQUIRE(p.alice.engine.terminate_ike(p.alice.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.alice.kernel.policies().empty());
}

TEST_CASE("remove_peer: the config and its trap go, its SAs stay until they are down",
          "[engine][route][reload]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 36);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.engine.route("host-host").ok());

    REQUIRE(p.bob.engine.remove_peer("host-host").ok());
    CHECK_FALSE(p.bob.engine.remove_peer("host-host").ok());
    CHECK(p.bob.engine.traps().empty());
    CHECK_FALSE(p.bob.engine.initiate("host-host", p.net.now).ok());
    // established SAs are left alone (charon's reload does the same)
    CHECK(p.bob.established() == 1);
    CHECK(p.bob.kernel.states().size() == 2);
    CHECK(p.bob.kernel.policies().size() == 2);
    // the IKE_SA keeps working: a CHILD_SA rekey from alice still succeeds
    REQUIRE(
        p.alice.engine.rekey_child(p.alice.sas().at(0).children.at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::child_rekeyed) == 1);
    // a new IKE_SA for it is refused now
    REQUIRE(p.alice.engine.terminate_ike(p.alice.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.bob.kernel.policies().empty());
    REQUIRE(p.alice.engine.initiate("host-host", p.net.now).ok());
    p.net.run_for(seconds(30));
    CHECK(p.bob.established() == 0);

    // added again (a reload with the conn back): it can be used again
    REQUIRE(p.bob.engine.add_peer(host_host(k_bob, k_alice)).ok());
    REQUIRE(p.alice.engine.initiate("host-host", p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.bob.established() == 1);
}

TEST_CASE("closeaction=restart: the peer deletes the IKE_SA, a new one comes up",
          "[engine][closeaction]") {
    auto a = host_host(k_alice, k_bob);
    a.closeaction = DpdAction::restart;
    Pair p(a, host_host(k_bob, k_alice), 37);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.established() == 1);
    const auto first = p.alice.sas().at(0).unique_id;
    REQUIRE(p.bob.engine.terminate_ike(p.bob.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(2));
    INFO(p.dump());
    CHECK(p.alice.logged("closeaction=restart"));
    REQUIRE(p.alice.established() == 1);
    CHECK(p.alice.sas().size() == 1);
    CHECK(p.alice.sas().at(0).unique_id != first);
    CHECK(p.alice.sas().at(0).initiator);
    CHECK(p.alice.kernel.states().size() == 2);
    CHECK(p.bob.established() == 1);
}

TEST_CASE("closeaction=restart: a deleted CHILD_SA is created again on the same IKE_SA; "
          "a rekey is no close",
          "[engine][closeaction]") {
    auto a = host_host(k_alice, k_bob);
    a.closeaction = DpdAction::restart;
    Pair p(a, host_host(k_bob, k_alice), 38);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.established() == 1);
    // bob rekeys: the old CHILD_SA's DELETE from bob closes nothing
    REQUIRE(p.bob.engine.rekey_child(p.bob.sas().at(0).children.at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.count(EventType::child_rekeyed) == 1);
    CHECK_FALSE(p.alice.logged("closeaction"));
    CHECK(p.alice.sas().at(0).children.size() == 1);

    const auto ike = p.alice.sas().at(0).unique_id;
    REQUIRE(
        p.bob.engine.terminate_child(p.bob.sas().at(0).children.at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    CHECK(p.alice.logged("closeaction=restart"));
    REQUIRE(p.alice.sas().size() == 1);
    CHECK(p.alice.sas().at(0).unique_id == ike);
    REQUIRE(p.alice.sas().at(0).children.size() == 1);
    CHECK(p.alice.sas().at(0).children.at(0).state == ChildState::installed);
    CHECK(p.net.count_sent(ipsec::ike::wire::ExchangeType::create_child_sa, false) == 2);
}

TEST_CASE("closeaction=hold: the peer deletes the IKE_SA, a trap takes its CHILD_SA's place",
          "[engine][closeaction][route]") {
    auto a = host_host(k_alice, k_bob);
    a.closeaction = DpdAction::hold;
    Pair p(a, host_host(k_bob, k_alice), 39);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.established() == 1);
    REQUIRE(p.bob.engine.terminate_ike(p.bob.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(2));
    INFO(p.dump());
    CHECK(p.alice.logged("closeaction=hold"));
    CHECK(p.alice.sas().empty());
    REQUIRE(p.alice.engine.traps().size() == 1);
    const auto reqid = p.alice.engine.traps().at(0).reqid;
    check_trap_policies(p.alice, reqid, 2);
    CHECK(p.alice.kernel.states().empty());
    // the next packet brings it back
    REQUIRE(p.alice.engine.acquire(reqid, p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.alice.established() == 1);
}

TEST_CASE("closeaction=none (clear): nothing happens when the peer deletes",
          "[engine][closeaction]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 40);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.engine.terminate_ike(p.bob.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(30));
    CHECK(p.alice.sas().empty());
    CHECK(p.alice.engine.traps().empty());
    CHECK(p.alice.kernel.policies().empty());
    CHECK(p.net.count_sent(ipsec::ike::wire::ExchangeType::ike_sa_init, false) == 1);
}

TEST_CASE("dpdaction=hold: a dead peer's CHILD_SA is routed", "[engine][dpd][route]") {
    auto a = host_host(k_alice, k_bob);
    a.dpddelay = seconds(10);
    a.dpdaction = DpdAction::hold;
    Pair p(a, host_host(k_bob, k_alice), 41);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    p.net.drop = [](const Sent& s) {
        return s.from == "bob";
    };
    p.net.run_for(seconds(200));
    INFO(p.dump());
    REQUIRE(p.alice.count(EventType::peer_dead) == 1);
    CHECK(p.alice.sas().empty());
    CHECK(p.alice.kernel.states().empty());
    REQUIRE(p.alice.engine.traps().size() == 1);
    check_trap_policies(p.alice, p.alice.engine.traps().at(0).reqid, 2);
}

TEST_CASE("route on the responder: the peer's CHILD_SA gets the trap's reqid, also on an IKE_SA "
          "older than the trap",
          "[engine][route]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 42);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.established() == 1);
    // bob routes while its CHILD_SA is up: the trap shares that CHILD_SA's reqid
    REQUIRE(p.bob.engine.route("host-host").ok());
    const auto reqid = p.bob.engine.traps().at(0).reqid;
    CHECK(reqid == p.bob.sas().at(0).children.at(0).reqid);
    CHECK(p.bob.kernel.policies().size() == 2);
    // alice replaces the CHILD_SA on the same IKE_SA: bob's new one has the reqid
    REQUIRE(p.alice.engine.terminate_child(p.alice.sas().at(0).children.at(0).unique_id, p.net.now)
                .ok());
    p.net.run_for(seconds(1));
    check_trap_policies(p.bob, reqid, 2);
    REQUIRE(p.alice.engine.initiate("host-host", p.net.now).ok());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    REQUIRE(p.bob.sas().at(0).children.size() == 1);
    CHECK(p.bob.sas().at(0).children.at(0).state == ChildState::installed);
    CHECK(p.bob.sas().at(0).children.at(0).reqid == reqid);
    CHECK(p.bob.kernel.states().size() == 2);
    check_trap_policies(p.bob, reqid, 2);
}
