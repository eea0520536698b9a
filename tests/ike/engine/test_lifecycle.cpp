// SPDX-License-Identifier: GPL-2.0-or-later
// After establishment: CHILD_SA and IKE_SA rekeying, deletes, new CHILD_SAs.
#include "checks.hpp"

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

namespace {

std::size_t calls_of(const Node& n, const std::string& name) {
    const auto& calls = n.kernel.calls();
    return static_cast<std::size_t>(std::count(calls.begin(), calls.end(), name));
}

// Both directions have an SA at every moment (no gap while rekeying).
void require_no_gap(Pair& p) {
    p.net.after_step = [&p] {
        for (Node* n : {&p.alice, &p.bob}) {
            auto out = states_from(*n, n->local_address);
            std::size_t in = n->kernel.states().size() - out.size();
            if (out.empty() || in == 0)
                FAIL(n->name << " has no SA in one direction at " << p.net.now.count() << "ms");
        }
    };
}

} // namespace

TEST_CASE("CHILD_SA rekey after lifetime - margin: new SAs before the old go, no gap",
          "[engine][rekey]") {
    auto a = host_host(k_alice, k_bob);
    a.children[0].lifetime = seconds(20);
    a.children[0].margintime = seconds(5);
    a.children[0].rekeyfuzz_percent = 0; // at 15 s exactly
    auto b = host_host(k_bob, k_alice);
    b.children[0].lifetime = seconds(20);
    b.children[0].margintime = seconds(5);
    b.children[0].rekey = false; // only alice rekeys here
    Pair p(a, b, 12);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    auto before = p.alice.sas().at(0).children.at(0);
    auto policies = p.alice.kernel.policies();
    require_no_gap(p);

    p.net.run_until(seconds(14));
    CHECK(p.alice.count(EventType::child_rekeyed) == 0);
    p.net.run_until(seconds(17));
    INFO(p.dump());
    CHECK(p.alice.count(EventType::child_rekeyed) == 1);
    CHECK(p.bob.count(EventType::child_rekeyed) == 1);
    CHECK(p.alice.logged("sending DELETE for ESP CHILD_SA with SPI"));
    auto after = p.alice.sas().at(0).children;
    REQUIRE(after.size() == 1);
    CHECK(after[0].state == ChildState::installed);
    CHECK(after[0].inbound_spi != before.inbound_spi);
    CHECK(after[0].outbound_spi != before.outbound_spi);
    CHECK(after[0].reqid == before.reqid);
    CHECK(p.bob.sas().at(0).children.size() == 1);
    // the old SAs are gone, the new ones match; the policies never moved
    REQUIRE(p.alice.kernel.states().size() == 2);
    CHECK_FALSE(find_state(p.alice, before.inbound_spi));
    CHECK_FALSE(find_state(p.alice, before.outbound_spi));
    CHECK(find_state(p.alice, after[0].inbound_spi));
    check_matching_sas(p.alice, p.bob);
    check_matching_sas(p.bob, p.alice);
    CHECK(p.alice.kernel.policies() == policies);
    CHECK(calls_of(p.alice, "del_policy") == 0);
    CHECK(calls_of(p.bob, "del_policy") == 0);
    CHECK(calls_of(p.alice, "add_policy") == 2);

    // and again 15 s later, by the new CHILD_SA's schedule
    p.net.run_until(seconds(33));
    CHECK(p.alice.count(EventType::child_rekeyed) == 2);
    CHECK(p.alice.kernel.states().size() == 2);
    check_matching_sas(p.alice, p.bob);
    p.net.after_step = nullptr;
}

TEST_CASE("IKE_SA rekey: new SPIs and keys, CHILD_SAs move over, the old IKE_SA is deleted",
          "[engine][rekey]") {
    auto a = host_host(k_alice, k_bob);
    a.ikelifetime = seconds(30);
    a.margintime = seconds(10);
    auto b = host_host(k_bob, k_alice);
    b.ikelifetime = seconds(30);
    b.margintime = seconds(10);
    Pair p(a, b, 13);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    auto old_sa = p.alice.sas().at(0);
    auto kernel_calls = p.alice.kernel.calls().size();

    p.net.run_until(seconds(22));
    INFO(p.dump());
    CHECK(p.alice.count(EventType::ike_rekeyed) == 1);
    CHECK(p.bob.count(EventType::ike_rekeyed) == 1);
    REQUIRE(p.alice.sas().size() == 1);
    REQUIRE(p.bob.sas().size() == 1);
    auto new_a = p.alice.sas().at(0);
    auto new_b = p.bob.sas().at(0);
    CHECK(new_a.state == IkeState::established);
    CHECK(new_a.spi_i != old_sa.spi_i);
    CHECK(new_a.spi_r != old_sa.spi_r);
    CHECK(new_a.spi_i == new_b.spi_i);
    CHECK(new_a.spi_r == new_b.spi_r);
    CHECK(new_a.unique_id != old_sa.unique_id);
    REQUIRE(new_a.children.size() == 1);
    CHECK(new_a.children[0].inbound_spi == old_sa.children.at(0).inbound_spi);
    // the CHILD_SAs were not touched in the kernel
    CHECK(p.alice.kernel.calls().size() == kernel_calls);
    CHECK(p.alice.kernel.states().size() == 2);
    // the CREATE_CHILD_SA carried an IKE proposal, the old IKE_SA got a DELETE
    CHECK(p.net.count_sent(wire::ExchangeType::create_child_sa, false) == 1);
    CHECK(p.alice.logged("deleting IKE_SA host-host[1]"));

    // the new IKE_SA works: a CHILD_SA delete over it clears both kernels
    REQUIRE(p.alice.engine.terminate_child(new_a.children[0].unique_id, p.net.now).ok());
    p.net.run_for(seconds(2));
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.alice.kernel.policies().empty());
    CHECK(p.bob.kernel.policies().empty());
    CHECK(p.alice.established() == 1);
    // and it rekeys again on its own schedule
    p.net.run_until(seconds(43));
    CHECK(p.alice.count(EventType::ike_rekeyed) == 2);
    CHECK(p.bob.established() == 1);
}

TEST_CASE("delete: an IKE_SA delete leaves both kernels empty", "[engine][delete]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 14);
    auto id = p.alice.engine.initiate("host-host", Time(0));
    REQUIRE(id.ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.bob.kernel.states().size() == 2);
    REQUIRE(p.alice.engine.terminate_ike(*id, p.net.now).ok());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    CHECK(p.alice.count(EventType::ike_deleted) == 1);
    CHECK(p.bob.count(EventType::ike_deleted) == 1);
    CHECK(p.alice.count(EventType::child_deleted) == 1);
    CHECK(p.bob.count(EventType::child_deleted) == 1);
    CHECK(p.alice.sas().empty());
    CHECK(p.bob.sas().empty());
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.alice.kernel.policies().empty());
    CHECK(p.bob.kernel.policies().empty());
    CHECK(p.net.count_sent(wire::ExchangeType::informational, false) == 1);
    CHECK(p.net.count_sent(wire::ExchangeType::informational, true) == 1);
    CHECK_FALSE(p.alice.engine.terminate_ike(*id, p.net.now).ok());
}

TEST_CASE("delete by the responder, then a new CHILD_SA with CREATE_CHILD_SA",
          "[engine][delete][create]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 15);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    auto child = p.bob.sas().at(0).children.at(0);
    REQUIRE(p.bob.engine.terminate_child(child.unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    char spi[16];
    std::snprintf(spi, sizeof spi, "%08x", child.inbound_spi);
    CHECK(p.alice.logged(std::string("received DELETE for ESP CHILD_SA with SPI ") + spi));
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.alice.established() == 1);

    // initiate on the established IKE_SA: CREATE_CHILD_SA
    REQUIRE(p.alice.engine.initiate("host-host", p.net.now).ok());
    p.net.run_for(seconds(1));
    CHECK(p.net.count_sent(wire::ExchangeType::create_child_sa, true) == 1);
    CHECK(p.alice.sas().size() == 1);
    REQUIRE(p.alice.sas().at(0).children.size() == 1);
    CHECK(p.alice.kernel.states().size() == 2);
    CHECK(p.alice.kernel.policies().size() == 2);
    check_matching_sas(p.alice, p.bob);
    check_matching_sas(p.bob, p.alice);
}

TEST_CASE("a CHILD_SA with PFS: CREATE_CHILD_SA with KE, rekeyed with KE", "[engine][pfs]") {
    auto a = host_host(k_alice, k_bob);
    a.children[0].esp_proposals = esp_list("aes128-sha256-ecp256!");
    auto b = host_host(k_bob, k_alice);
    b.children[0].esp_proposals = esp_list("aes128-sha256-ecp256!");
    Pair p(a, b, 16);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    auto child = p.alice.sas().at(0).children.at(0);
    REQUIRE(p.alice.engine.rekey_child(child.unique_id, p.net.now).ok());
    p.net.run_for(seconds(1));
    INFO(p.dump());
    CHECK(p.alice.count(EventType::child_rekeyed) == 1);
    CHECK(p.bob.logged("parsed CREATE_CHILD_SA request 2 [ N(REKEY_SA) SA No TSi TSr "
                       "N(USE_TRANSPORT_MODE) KE ]"));
    CHECK(p.alice.logged("parsed CREATE_CHILD_SA response 2 [ SA No KE TSi TSr"));
    CHECK(p.bob.logged("selected proposal: ESP:AES_CBC_128/HMAC_SHA2_256_128/ECP_256"));
    check_matching_sas(p.alice, p.bob);
    CHECK(p.alice.kernel.states().size() == 2);
}

TEST_CASE("a CHILD_SA rekey collision resolves: one new CHILD_SA on both sides",
          "[engine][rekey][collision]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice), 17);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    auto a_child = p.alice.sas().at(0).children.at(0);
    auto b_child = p.bob.sas().at(0).children.at(0);
    // both rekey the same CHILD_SA at the same moment
    REQUIRE(p.alice.engine.rekey_child(a_child.unique_id, p.net.now).ok());
    REQUIRE(p.bob.engine.rekey_child(b_child.unique_id, p.net.now).ok());
    p.net.run_for(seconds(60));
    INFO(p.dump());
    CHECK(p.alice.logged("TEMPORARY_FAILURE"));
    CHECK(p.alice.count(EventType::child_rekeyed) + p.bob.count(EventType::child_rekeyed) >= 2);
    REQUIRE(p.alice.sas().at(0).children.size() == 1);
    REQUIRE(p.bob.sas().at(0).children.size() == 1);
    CHECK(p.alice.sas().at(0).children[0].inbound_spi != a_child.inbound_spi);
    CHECK(p.alice.kernel.states().size() == 2);
    CHECK(p.bob.kernel.states().size() == 2);
    CHECK(p.alice.kernel.policies().size() == 2);
    check_matching_sas(p.alice, p.bob);
    check_matching_sas(p.bob, p.alice);
}

TEST_CASE("PFS with INVALID_KE_PAYLOAD: the rekey is retried with the responder's group",
          "[engine][pfs][invalid-ke]") {
    auto a = host_host(k_alice, k_bob);
    a.children[0].esp_proposals = esp_list("aes128-sha256-modp2048-ecp256!"); // guesses MODP_2048
    auto b = host_host(k_bob, k_alice);
    b.children[0].esp_proposals = esp_list("aes128-sha256-ecp256!");
    Pair p(a, b, 18);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    auto child = p.alice.sas().at(0).children.at(0);
    REQUIRE(p.alice.engine.rekey_child(child.unique_id, p.net.now).ok());
    p.net.run_for(seconds(2));
    INFO(p.dump());
    CHECK(p.bob.logged("answering with notify error"));
    CHECK(p.alice.count(EventType::invalid_ke) == 1);
    CHECK(p.alice.logged("it requested 19"));
    CHECK(p.alice.count(EventType::child_rekeyed) == 1);
    CHECK(p.bob.logged("selected proposal: ESP:AES_CBC_128/HMAC_SHA2_256_128/ECP_256"));
    REQUIRE(p.alice.sas().at(0).children.size() == 1);
    CHECK(p.alice.sas().at(0).children[0].inbound_spi != child.inbound_spi);
    CHECK(p.alice.kernel.states().size() == 2);
    check_matching_sas(p.alice, p.bob);
}

TEST_CASE("the responder rekeys a CHILD_SA too, at its own fuzzed point (rekeyfuzz)",
          "[engine][rekey]") {
    auto a = host_host(k_alice, k_bob);
    a.children[0].lifetime = seconds(40);
    a.children[0].margintime = seconds(10);
    a.children[0].rekey = false; // the initiator leaves it to bob
    auto b = host_host(k_bob, k_alice);
    b.children[0].lifetime = seconds(40);
    b.children[0].margintime = seconds(10);
    b.children[0].rekeyfuzz_percent = 100; // somewhere in 20..30 s
    Pair p(a, b, 5);
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    p.net.run_for(seconds(1));
    REQUIRE(p.alice.established() == 1);
    p.net.run_until(seconds(19));
    CHECK(p.bob.count(EventType::child_rekeyed) == 0);
    p.net.run_until(seconds(32));
    INFO(p.dump());
    CHECK(p.bob.count(EventType::child_rekeyed) == 1);
    CHECK(p.alice.count(EventType::child_rekeyed) == 1);
    CHECK(p.bob.logged("sending DELETE for ESP CHILD_SA with SPI"));
    REQUIRE(p.alice.kernel.states().size() == 2);
    check_matching_sas(p.alice, p.bob);
}
