// SPDX-License-Identifier: GPL-2.0-or-later
// Net-to-net tunnel mode between two gateways, with the responder narrowing.
#include "checks.hpp"

#include <sys/socket.h>

using namespace ike_engine_test;

namespace {

PeerConfig net_net(const std::string& gw, const std::string& peer, const std::string& left,
                   const std::string& right) {
    PeerConfig p;
    p.name = "net-net";
    p.local = endpoint(gw);
    p.remote = endpoint(peer);
    p.psk = secret_bytes("net-net secret");
    p.dpddelay = seconds(0);
    p.ike_proposals = ike_list("aes256gcm16-prfsha384-ecp384!");
    ChildConfig c;
    c.name = "net-net";
    c.mode = ChildMode::tunnel;
    c.local_ts.push_back(subnet(left));
    c.remote_ts.push_back(subnet(right));
    c.esp_proposals = esp_list("aes256gcm16!");
    p.children.push_back(c);
    return p;
}

} // namespace

TEST_CASE("net-to-net tunnel: SAs, out/in/fwd policies with tunnel templates", "[engine][tunnel]") {
    // moon asks for all of 10.2.0.0/15; sun narrows it to its 10.2.0.0/16
    Pair p(net_net("192.168.0.1", "192.168.0.2", "10.1.0.0/16", "10.2.0.0/15"),
           net_net("192.168.0.2", "192.168.0.1", "10.2.0.0/16", "10.1.0.0/16"), 3);
    REQUIRE(p.alice.engine.initiate("net-net", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.established() == 1);
    auto a = p.alice.sas().at(0);
    CHECK(a.proposal == "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
    REQUIRE(a.children.size() == 1);
    CHECK(a.children[0].mode == ChildMode::tunnel);
    CHECK(a.children[0].local_ts == "10.1.0.0/16");
    CHECK(a.children[0].remote_ts == "10.2.0.0/16"); // narrowed by the responder
    auto b = p.bob.sas().at(0);
    CHECK(b.children.at(0).local_ts == "10.2.0.0/16");
    CHECK(b.children.at(0).remote_ts == "10.1.0.0/16");

    for (Node* n : {&p.alice, &p.bob}) {
        REQUIRE(n->kernel.states().size() == 2);
        REQUIRE(n->kernel.policies().size() == 3);
        CHECK(policies_in_dir(*n, ipxf::Direction::out) == 1);
        CHECK(policies_in_dir(*n, ipxf::Direction::in) == 1);
        CHECK(policies_in_dir(*n, ipxf::Direction::fwd) == 1);
        for (const auto& s : n->kernel.states()) {
            CHECK(s.mode == static_cast<std::uint8_t>(ipxf::Mode::tunnel));
            CHECK((s.flags & ipxf::state_flag::af_unspec) != 0); // as charon: "flag af-unspec"
            CHECK(s.sel.family == 0); // and no selector, so both inner families pass
            REQUIRE(s.aead);
            CHECK(s.aead->name == "rfc4106(gcm(aes))");
            CHECK(s.aead->key.size() == 36);
            CHECK(s.aead->icv_bits == 128u);
            CHECK_FALSE(s.enc);
        }
    }
    for (const auto& pol : p.alice.kernel.policies()) {
        REQUIRE(pol.tmpls.size() == 1);
        const auto& t = pol.tmpls[0];
        CHECK(t.mode == static_cast<std::uint8_t>(ipxf::Mode::tunnel));
        // charon 5.9.8 gives /16 === /16 400000 - 32 * 512 - 1 (its logs of
        // net-net: /24 === /24 375423, /64 === /64 334463)
        CHECK(pol.priority == 383615u);
        if (pol.dir == static_cast<std::uint8_t>(ipxf::Direction::out)) {
            CHECK(pol.sel.saddr == addr("10.1.0.0"));
            CHECK(pol.sel.prefixlen_s == 16);
            CHECK(pol.sel.daddr == addr("10.2.0.0"));
            CHECK(t.saddr == addr("192.168.0.1"));
            CHECK(t.daddr == addr("192.168.0.2"));
        } else {
            CHECK(pol.sel.saddr == addr("10.2.0.0"));
            CHECK(pol.sel.daddr == addr("10.1.0.0"));
            CHECK(t.saddr == addr("192.168.0.2"));
            CHECK(t.daddr == addr("192.168.0.1"));
        }
    }
    check_matching_sas(p.alice, p.bob);
    check_matching_sas(p.bob, p.alice);
}

TEST_CASE("no overlapping selectors: TS_UNACCEPTABLE, the IKE_SA stays without a CHILD_SA",
          "[engine][tunnel]") {
    Pair p(net_net("192.168.0.1", "192.168.0.2", "10.1.0.0/16", "10.9.0.0/16"),
           net_net("192.168.0.2", "192.168.0.1", "10.2.0.0/16", "10.1.0.0/16"), 4);
    REQUIRE(p.alice.engine.initiate("net-net", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    CHECK(p.alice.established() == 1);
    CHECK(p.bob.established() == 1);
    CHECK(p.alice.count(EventType::child_failed) == 1);
    CHECK(p.alice.logged("TS_UNACCEPTABLE"));
    CHECK(p.alice.sas().at(0).children.empty());
    CHECK(p.alice.kernel.states().empty()); // the larval inbound SPI is released too
    CHECK(p.bob.kernel.states().empty());
    CHECK(p.alice.kernel.policies().empty());
}

TEST_CASE("net-to-net routed: trap policies out/in/fwd with tunnel templates; a narrowed "
          "CHILD_SA adds its own, more specific ones",
          "[engine][tunnel][route]") {
    Pair p(net_net("192.168.0.1", "192.168.0.2", "10.1.0.0/16", "10.2.0.0/15"),
           net_net("192.168.0.2", "192.168.0.1", "10.2.0.0/16", "10.1.0.0/16"), 4);
    REQUIRE(p.alice.engine.route("net-net").ok());
    const auto trap = p.alice.engine.traps().at(0);
    CHECK(trap.mode == ChildMode::tunnel);
    CHECK(trap.local_ts == "10.1.0.0/16");
    CHECK(trap.remote_ts == "10.2.0.0/15");
    const auto trap_policies = p.alice.kernel.policies();
    REQUIRE(trap_policies.size() == 3);
    for (const auto& pol : trap_policies) {
        REQUIRE(pol.tmpls.size() == 1);
        CHECK(pol.tmpls[0].reqid == trap.reqid);
        CHECK(pol.tmpls[0].mode == static_cast<std::uint8_t>(ipxf::Mode::tunnel));
        bool out = pol.dir == static_cast<std::uint8_t>(ipxf::Direction::out);
        CHECK(pol.tmpls[0].saddr == addr(out ? "192.168.0.1" : "192.168.0.2"));
        CHECK(pol.tmpls[0].daddr == addr(out ? "192.168.0.2" : "192.168.0.1"));
    }
    REQUIRE(p.alice.engine.acquire(trap.reqid, p.net.now).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    const auto child = p.alice.sas().at(0).children.at(0);
    CHECK(child.reqid == trap.reqid);
    CHECK(child.remote_ts == "10.2.0.0/16");
    // the narrowed selectors are the CHILD_SA's own policies, beside the trap's
    auto all = p.alice.kernel.policies();
    REQUIRE(all.size() == 6);
    for (const auto& pol : all)
        if (pol.dir == static_cast<std::uint8_t>(ipxf::Direction::out) && pol.sel.prefixlen_d == 16)
            for (const auto& t : trap_policies)
                if (t.dir == pol.dir)
                    CHECK(pol.priority < t.priority); // preferred over the trap's
    REQUIRE(p.alice.engine.terminate_ike(p.alice.sas().at(0).unique_id, p.net.now).ok());
    p.net.run_for(seconds(2));
    CHECK(p.alice.kernel.states().empty());
    CHECK(p.alice.kernel.policies() == trap_policies);
    REQUIRE(p.alice.engine.unroute("net-net").ok());
    CHECK(p.alice.kernel.policies().empty());
}

TEST_CASE("IPv4 and IPv6 subnets in one tunnel: policies only between subnets of one family",
          "[engine][tunnel]") {
    auto dual = [](const std::string& gw, const std::string& peer, const std::string& l4,
                   const std::string& l6, const std::string& r4, const std::string& r6) {
        PeerConfig c = net_net(gw, peer, l4, r4);
        c.children[0].local_ts.push_back(subnet(l6));
        c.children[0].remote_ts.push_back(subnet(r6));
        return c;
    };
    Pair p(dual("192.168.0.1", "192.168.0.2", "10.1.0.0/24", "fd00:1::/64", "10.2.0.0/24",
                "fd00:2::/64"),
           dual("192.168.0.2", "192.168.0.1", "10.2.0.0/24", "fd00:2::/64", "10.1.0.0/24",
                "fd00:1::/64"),
           5);
    REQUIRE(p.alice.engine.initiate("net-net", Time(0)).ok());
    p.net.run_for(seconds(5));
    INFO(p.dump());
    REQUIRE(p.alice.established() == 1);
    REQUIRE(p.bob.established() == 1);
    REQUIRE(p.alice.sas().at(0).children.size() == 1);
    for (Node* n : {&p.alice, &p.bob}) {
        REQUIRE(n->kernel.policies().size() == 6); // out, in, fwd for each family
        for (const auto& pol : n->kernel.policies()) {
            CHECK(pol.sel.saddr.family == pol.sel.daddr.family);
            CHECK(pol.sel.family == pol.sel.saddr.family);
            // charon 5.9.8: 375423 for /24 === /24, 334463 for /64 === /64
            CHECK(pol.priority == (pol.sel.family == AF_INET6 ? 334463u : 375423u));
        }
    }
}
