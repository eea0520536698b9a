// SPDX-License-Identifier: GPL-2.0-or-later
// install_child on its own: which KEYMAT half goes into which SA (RFC 7296
// 2.17: the initiator's outbound SA takes the "i" keys), SPIs, selectors and
// lifetimes, and that a failed install leaves nothing.
#include "harness.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/kernel_child.hpp"

#include <catch2/catch.hpp>
#include <sys/socket.h>

using namespace ike_engine_test;

namespace {

struct Setup : EngineSink {
    ipsec::ike::crypto::DeterministicRng rng{1};
    ipxf::FakeKernelIpsec kernel;
    EngineCore core{EngineSettings{}, rng, kernel, *this};
    IkeSa sa;
    ChildSa child;
    void send(const Datagram&) override {}
    void arm_timer(Time) override {}
    void event(const Event&) override {}

    explicit Setup(bool initiator) {
        sa.local = endpoint(k_alice);
        sa.remote = endpoint(k_bob);
        child.config.name.assign(1, 't');
        child.reqid = 7;
        child.mode = ChildMode::transport;
        child.initiator = initiator;
        child.inbound_spi = 0xc0000011;
        child.outbound_spi = 0xc0000022;
        child.suite.encr = ipsec::ike::crypto::EncrId::aes_cbc;
        child.suite.encr_key_length = 128;
        child.suite.integ = ipsec::ike::crypto::IntegId::hmac_sha2_256_128;
        child.keys.encr_i = std::vector<std::uint8_t>(16, 0x11);
        child.keys.integ_i = std::vector<std::uint8_t>(32, 0x12);
        child.keys.encr_r = std::vector<std::uint8_t>(16, 0x21);
        child.keys.integ_r = std::vector<std::uint8_t>(32, 0x22);
        child.local_ts = {TsRange::from_config(subnet(k_alice))};
        child.remote_ts = {TsRange::from_config(subnet(k_bob))};
    }

    const ipxf::State& sa_to(const std::string& dst) {
        static ipxf::State found;
        for (const auto& s : kernel.states())
            if (s.daddr == addr(dst))
                found = s;
        return found;
    }
};

} // namespace

TEST_CASE("install_child: the exchange initiator's outbound SA carries the i keys",
          "[engine][kernel]") {
    for (bool initiator : {true, false}) {
        CAPTURE(initiator);
        Setup t(initiator);
        REQUIRE(install_child(t.core, t.sa, t.child, true).ok());
        REQUIRE(t.kernel.states().size() == 2);
        const auto out = t.sa_to(k_bob);
        const auto in = t.sa_to(k_alice);
        CHECK(out.spi == 0xc0000022);
        CHECK(in.spi == 0xc0000011);
        std::uint8_t out_key = initiator ? 0x11 : 0x21;
        std::uint8_t in_key = initiator ? 0x21 : 0x11;
        CHECK(out.enc->key == std::vector<std::uint8_t>(16, out_key));
        CHECK(in.enc->key == std::vector<std::uint8_t>(16, in_key));
        CHECK(out.auth->key == std::vector<std::uint8_t>(32, out_key + 1));
        CHECK(out.reqid == 7);
        CHECK(out.sel.prefixlen_s == 32);
        CHECK(out.sel.saddr == addr(k_alice));
        CHECK(in.sel.saddr == addr(k_bob));
        CHECK(out.lft.hard_add_expires_seconds == 3600);
        // rekeyfuzz=100%: the inbound soft limit lies up to one margin (540 s)
        // before lifetime - margin; the outbound SA has none (charon's golden)
        CHECK(in.lft.soft_add_expires_seconds <= 3060);
        CHECK(in.lft.soft_add_expires_seconds >= 2520);
        CHECK(out.lft.soft_add_expires_seconds == 0);
        CHECK(in.lft.hard_add_expires_seconds == 3600);
        CHECK(t.kernel.policies().size() == 2);

        uninstall_child(t.core, t.sa, t.child);
        CHECK(t.kernel.states().empty());
        CHECK(t.kernel.policies().empty());
    }
}

TEST_CASE("install_child: a failure half way leaves nothing in the kernel", "[engine][kernel]") {
    Setup t(true);
    // a policy of the same selector is already there: adding ours fails
    ipxf::Policy clash;
    clash.sel.family = AF_INET;
    clash.sel.saddr = addr(k_bob);
    clash.sel.daddr = addr(k_alice);
    clash.sel.prefixlen_s = 32;
    clash.sel.prefixlen_d = 32;
    clash.dir = static_cast<std::uint8_t>(ipxf::Direction::in);
    REQUIRE(t.kernel.add_policy(clash).ok());
    auto r = install_child(t.core, t.sa, t.child, true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("adding policy") != std::string::npos);
    CHECK(t.kernel.states().empty());
    REQUIRE(t.kernel.policies().size() == 1); // only the one that was there
    CHECK(t.kernel.policies()[0].tmpls.empty());
}

TEST_CASE("install_child: ESN, replay window, marks and volume limits as charon installs them",
          "[engine][kernel]") {
    // charon 5.9.8's goldens (t-69): with ESN both SAs carry the ESN flag and
    // an ESN replay state, the outbound one with window 1; mark_in marks the
    // inbound policies but not the inbound SA; the outbound SA has no soft
    // time limit but the same volume limits.
    Setup t(true);
    t.child.suite.esn = true;
    t.child.config.replay_window = 64;
    t.child.config.mark_in = {0x11, 0xffffffff};
    t.child.config.mark_out = {0x22, 0xff};
    t.child.config.bytes = {1000000, 10000};
    t.child.config.rekeyfuzz_percent = 0;
    REQUIRE(install_child(t.core, t.sa, t.child, true).ok());
    const auto out = t.sa_to(k_bob);
    const auto in = t.sa_to(k_alice);
    for (const auto* s : {&out, &in}) {
        CHECK((s->flags & ipxf::state_flag::esn) != 0);
        REQUIRE(s->replay_esn);
        CHECK(s->replay_window == 0);
    }
    CHECK(in.replay_esn->replay_window == 64);
    CHECK(in.replay_esn->bitmap.size() == 2);
    CHECK(out.replay_esn->replay_window == 1);
    CHECK_FALSE(in.mark);
    REQUIRE(out.mark);
    CHECK(*out.mark == ipxf::Mark{0x22, 0xff});
    CHECK(in.lft.hard_byte_limit == 1000000);
    CHECK(in.lft.soft_byte_limit == 990000);
    CHECK(out.lft.soft_byte_limit == 990000);
    CHECK(out.lft.soft_add_expires_seconds == 0);
    CHECK(in.lft.soft_add_expires_seconds == 3060);
    for (const auto& p : t.kernel.policies()) {
        REQUIRE(p.mark);
        CHECK(*p.mark == (p.dir == static_cast<std::uint8_t>(ipxf::Direction::out)
                              ? ipxf::Mark{0x22, 0xff}
                              : ipxf::Mark{0x11, 0xffffffff}));
    }
}
