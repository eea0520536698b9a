// SPDX-License-Identifier: GPL-2.0-or-later
// Hostile input to a responder: requests without the payloads their exchange
// requires (notify-only, COOKIE-only), before and after authentication, in
// every exchange. The responder must answer INVALID_SYNTAX or drop the
// message, keep running, and still serve a well-behaved peer afterwards.
#include "attacker.hpp"
#include "harness.hpp"
#include "ike/engine/cookie.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/traffic_selector.hpp"

#include <catch2/catch.hpp>

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

namespace {

const std::string k_psk = "lab-secret-0123456789";

// bob, a responder for any peer (right=%any), driven datagram by datagram.
struct Target {
    Node bob;
    explicit Target(EngineSettings settings = {}) : bob("bob", k_bob, 7, settings) {
        auto conf = host_host(k_bob, k_alice, k_psk);
        conf.remote = Endpoint{};      // %any
        conf.remote_id = std::nullopt; // any identity
        bob.engine.add_peer(conf).value();
    }
    std::vector<Datagram> deliver(const Endpoint& from, const Endpoint& to,
                                  const std::vector<std::uint8_t>& bytes) {
        bob.outbox.clear();
        bob.engine.on_datagram(to, from, bytes, bob.now);
        auto out = std::move(bob.outbox);
        bob.outbox.clear();
        return out;
    }
    hostile::Attacker attacker(const std::string& address, std::uint64_t seed = 9) {
        return hostile::Attacker(
            endpoint(address), endpoint(k_bob),
            [this](const Endpoint& f, const Endpoint& t, const std::vector<std::uint8_t>& b) {
                return deliver(f, t, b);
            },
            seed);
    }
};

std::vector<std::uint8_t> from_hex(const std::string& hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

bool answered_notify(const std::vector<wire::Payload>& payloads, wire::NotifyType type) {
    return ipsec::ike::engine::find_notify(payloads, type) != nullptr;
}

// A well-behaved initiator still gets an IKE_SA afterwards.
void still_serves(Target& t, const std::string& address) {
    auto good = t.attacker(address, 4242);
    REQUIRE(good.open());
    CHECK(good.authenticate(k_psk));
}

// SA (ESP, the default proposals), TSi and TSr of a host-to-host CHILD_SA.
std::vector<wire::Payload> child_payloads() {
    using namespace ipsec::ike::engine;
    auto proposals = configured(::ipsec::ike::crypto::Protocol::esp, {}).value();
    for (auto& p : proposals)
        std::erase_if(p.transforms, [](const ::ipsec::ike::crypto::Transform& t) {
            return t.type == ::ipsec::ike::crypto::TransformType::ke;
        });
    wire::TsiPayload tsi;
    tsi.selectors.push_back(TsRange::from_config({Subnet::host(addr(k_alice))}).to_wire());
    wire::TsrPayload tsr;
    tsr.selectors.push_back(TsRange::from_config({Subnet::host(addr(k_bob))}).to_wire());
    return {sa_payload(proposals, {0xc1, 2, 3, 4}), tsi, tsr};
}

std::vector<wire::Payload> with(std::vector<wire::Payload> list, wire::Payload extra) {
    list.insert(list.begin(), std::move(extra));
    return list;
}

wire::NotifyPayload notify(wire::NotifyType type, std::vector<std::uint8_t> data = {}) {
    return ipsec::ike::engine::make_notify(type, std::move(data));
}

} // namespace

TEST_CASE("the 44-octet COOKIE-only IKE_SA_INIT request does not crash the responder",
          "[engine][hostile]") {
    Target t;
    auto raw = from_hex("1122334455667788000000000000000029202208000000000000002c0000001000004006"
                        "4141414141414141");
    REQUIRE(raw.size() == 44);
    auto out = t.deliver(endpoint(k_alice), endpoint(k_bob), raw);
    // answered statelessly with INVALID_SYNTAX, no state kept
    REQUIRE(out.size() == 1);
    auto m = wire::parse(out[0].bytes);
    REQUIRE(m.ok());
    CHECK(answered_notify(m->payloads, wire::NotifyType::invalid_syntax));
    CHECK(t.bob.sas().empty());
    still_serves(t, k_alice);
}

TEST_CASE("IKE_SA_INIT requests missing SA, KE or Nonce are refused, with or without notifies",
          "[engine][hostile]") {
    Target t;
    auto a = t.attacker(k_alice);
    auto full = wire::parse(a.init_request()).value();
    for (auto drop : {wire::PayloadType::sa, wire::PayloadType::ke, wire::PayloadType::nonce}) {
        for (auto extra :
             {wire::NotifyType::cookie, wire::NotifyType::no_proposal_chosen,
              wire::NotifyType::invalid_ke_payload, wire::NotifyType::nat_detection_source_ip}) {
            wire::Message m = full;
            std::erase_if(m.payloads,
                          [&](const wire::Payload& p) { return wire::payload_type(p) == drop; });
            m.payloads.insert(m.payloads.begin(), notify(extra, {0, 31}));
            auto out = t.deliver(endpoint(k_alice), endpoint(k_bob), wire::serialize(m));
            if (extra == wire::NotifyType::no_proposal_chosen ||
                extra == wire::NotifyType::invalid_ke_payload) {
                // an error notify in a request: dropped or refused, never processed
                CHECK(t.bob.sas().empty());
                continue;
            }
            REQUIRE(out.size() == 1);
            auto answer = wire::parse(out[0].bytes).value();
            CHECK(answered_notify(answer.payloads, wire::NotifyType::invalid_syntax));
            CHECK(t.bob.sas().empty());
        }
    }
    still_serves(t, k_alice);
}

TEST_CASE("IKE_AUTH requests without IDi or AUTH, notify-only or empty, before authentication",
          "[engine][hostile]") {
    std::vector<std::vector<wire::Payload>> bodies = {
        {},
        {notify(wire::NotifyType::cookie, std::vector<std::uint8_t>(8, 0x41))},
        {notify(wire::NotifyType::authentication_failed)},
        {notify(wire::NotifyType::initial_contact)},
        {wire::IdiPayload{wire::IdType::fqdn, {'x'}}},
        {wire::AuthPayload{wire::AuthMethod::shared_key_mic, std::vector<std::uint8_t>(32, 1)}},
        {notify(wire::NotifyType::no_proposal_chosen), wire::IdiPayload{wire::IdType::fqdn, {'x'}}},
    };
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        INFO("body " << i);
        Target t;
        auto a = t.attacker(k_alice, 10 + i);
        REQUIRE(a.open());
        auto answer = a.exchange(wire::ExchangeType::ike_auth, bodies[i]);
        REQUIRE(answer.has_value());
        CHECK(answered_notify(*answer, wire::NotifyType::invalid_syntax));
        CHECK(t.bob.established() == 0);
        still_serves(t, "192.168.27.129");
    }
}

TEST_CASE("CREATE_CHILD_SA and INFORMATIONAL requests without their payloads, after "
          "authentication",
          "[engine][hostile]") {
    auto rekey_notify = [] {
        auto n = notify(wire::NotifyType::rekey_sa);
        n.protocol = wire::ProtocolId::esp;
        n.spi = {1, 2, 3, 4};
        return n;
    };
    wire::SaPayload ike_sa;
    {
        wire::Proposal p;
        p.number = 1;
        p.protocol = wire::ProtocolId::ike;
        p.spi = std::vector<std::uint8_t>(8, 7);
        ike_sa.proposals.push_back(p);
    }
    std::vector<std::vector<wire::Payload>> bodies = {
        {},
        {notify(wire::NotifyType::cookie, std::vector<std::uint8_t>(8, 0x41))},
        {notify(wire::NotifyType::no_proposal_chosen)},
        {rekey_notify()},
        {rekey_notify(), notify(wire::NotifyType::temporary_failure)},
        {ike_sa}, // IKE rekey without Nonce and KE
        {ike_sa, wire::NoncePayload{std::vector<std::uint8_t>(32, 2)}}, // without KE
        {wire::NoncePayload{std::vector<std::uint8_t>(32, 2)}},         // without SA
        {notify(wire::NotifyType::invalid_ke_payload, {0, 31})},
        // a whole CHILD_SA request but for the Nonce, made "notify-only" by a COOKIE
        with(child_payloads(), notify(wire::NotifyType::cookie, std::vector<std::uint8_t>(8, 1))),
        with(child_payloads(), notify(wire::NotifyType::temporary_failure)),
    };
    Target t;
    auto a = t.attacker(k_alice);
    REQUIRE(a.open());
    REQUIRE(a.authenticate(k_psk));
    REQUIRE(t.bob.established() == 1);
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        INFO("body " << i);
        auto answer = a.exchange(wire::ExchangeType::create_child_sa, bodies[i]);
        REQUIRE(answer.has_value());
        CHECK(ipsec::ike::engine::find_error_notify(*answer) != nullptr);
        CHECK(t.bob.established() == 1);
    }
    // INFORMATIONAL with an error notify only: answered, the IKE_SA stays.
    auto answer =
        a.exchange(wire::ExchangeType::informational, {notify(wire::NotifyType::invalid_syntax)});
    REQUIRE(answer.has_value());
    CHECK(t.bob.established() == 1);
    still_serves(t, "192.168.27.130");
}

TEST_CASE("a short nonce in CREATE_CHILD_SA is refused", "[engine][hostile]") {
    Target t;
    auto a = t.attacker(k_alice);
    REQUIRE(a.open());
    REQUIRE(a.authenticate(k_psk));
    // the codec refuses the 3-octet nonce: the request is dropped, or answered
    // with an error; no CHILD_SA either way, and the IKE_SA stays
    auto answer =
        a.exchange(wire::ExchangeType::create_child_sa,
                   with(child_payloads(), wire::NoncePayload{std::vector<std::uint8_t>(3, 2)}));
    if (answer.has_value())
        CHECK(ipsec::ike::engine::find_error_notify(*answer) != nullptr);
    CHECK(t.bob.established() == 1);
    for (const auto& s : t.bob.sas())
        CHECK(s.children.empty());
}

TEST_CASE("half-open IKE_SAs are capped per source address and in all", "[engine][hostile][dos]") {
    EngineSettings settings;
    settings.cookie_threshold = 1000; // no cookies here: the caps alone
    settings.half_open_per_source = 5;
    settings.half_open_limit = 8;
    Target t(settings);
    auto answered = [&](const std::string& from, std::uint64_t seed) {
        auto a = t.attacker(from, seed);
        return !a.send_raw(a.init_request()).empty();
    };
    for (std::uint64_t i = 0; i < 5; ++i)
        CHECK(answered(k_alice, 100 + i));
    CHECK(t.bob.engine.status().size() == 5);
    // a sixth from the same address is dropped (charon's block_threshold)
    CHECK_FALSE(answered(k_alice, 106));
    CHECK(t.bob.logged("half-open IKE_SAs from 192.168.27.128 (blocked)"));
    // others are still served, up to the global limit of 8
    CHECK(answered("192.168.27.140", 200));
    CHECK(answered("192.168.27.141", 201));
    CHECK(answered("192.168.27.142", 202));
    CHECK_FALSE(answered("192.168.27.143", 203));
    CHECK(t.bob.logged("half-open IKE_SAs (the limit)"));
    CHECK(t.bob.engine.status().size() == 8);
    // once the half-open ones time out, the source is served again
    t.bob.now += std::chrono::seconds(31);
    t.bob.engine.on_timer(t.bob.now);
    CHECK(t.bob.engine.status().empty());
    CHECK(answered(k_alice, 107));
}

TEST_CASE("cookies: the secret rotates, the previous one is still accepted, older ones not",
          "[engine][hostile][dos]") {
    ipsec::ike::crypto::DeterministicRng rng(3);
    CookieJar jar(rng);
    std::vector<std::uint8_t> ni(32, 7);
    auto from = endpoint(k_alice);
    auto first = jar.make(ni, from, 42);
    CHECK(jar.verify(first, ni, from, 42));
    CHECK_FALSE(jar.verify(first, ni, endpoint("192.168.27.129"), 42));
    CHECK_FALSE(jar.verify(first, ni, from, 43));
    jar.rotate_if_due(Time(10'000), Time(120'000)); // not yet due
    CHECK(jar.version() == 1);
    jar.rotate_if_due(Time(130'000), Time(120'000));
    CHECK(jar.version() == 2);
    CHECK(jar.make(ni, from, 42) != first);
    CHECK(jar.verify(first, ni, from, 42)); // the previous secret
    jar.rotate_if_due(Time(260'000), Time(120'000));
    CHECK_FALSE(jar.verify(first, ni, from, 42)); // two secrets ago
    auto truncated = first;
    truncated.resize(3);
    CHECK_FALSE(jar.verify(truncated, ni, from, 42));
}

TEST_CASE("a cached response goes only to the same request from the same endpoint",
          "[engine][hostile][dos]") {
    Target t;
    std::vector<Datagram> seen;
    auto a = t.attacker(k_alice);
    REQUIRE(a.open());
    REQUIRE(a.authenticate(k_psk));
    std::uint32_t id = a.next_id();
    auto request = a.encrypted(wire::ExchangeType::informational, id, {});
    REQUIRE(a.send_raw(request, 4500).size() == 1);
    // the retransmit is answered from the cache
    CHECK(a.send_raw(request, 4500).size() == 1);
    // the same bytes from another address (spoofed): not answered
    auto out = t.deliver(endpoint("192.168.27.200", 4500), endpoint(k_bob, 4500), [&] {
        auto b = request;
        b.insert(b.begin(), 4, 0);
        return b;
    }());
    CHECK(out.empty());
    // another message with the same message ID: not answered
    auto other = a.encrypted(wire::ExchangeType::informational, id,
                             {notify(wire::NotifyType::initial_contact)});
    CHECK(a.send_raw(other, 4500).empty());
    CHECK(t.bob.logged("received a different message with the ID of the last request"));
}

TEST_CASE("a forged error notify in answer to IKE_SA_INIT does not abort the attempt",
          "[engine][hostile][dos]") {
    Pair p(host_host(k_alice, k_bob), host_host(k_bob, k_alice));
    REQUIRE(p.alice.engine.initiate("host-host", Time(0)).ok());
    // an on-path attacker answers first, unauthenticated, with NO_PROPOSAL_CHOSEN
    p.net.run_for(Time(1)); // alice's request is on its way
    std::uint64_t spi_i = 0;
    for (const auto& s : p.net.log)
        if (s.header.exchange == wire::ExchangeType::ike_sa_init && !s.header.response)
            spi_i = s.header.spi_i;
    REQUIRE(spi_i != 0);
    wire::Header h;
    h.spi_i = spi_i;
    h.exchange = wire::ExchangeType::ike_sa_init;
    h.response = true;
    auto forged = hostile::plain_message(h, {notify(wire::NotifyType::no_proposal_chosen)});
    p.alice.engine.on_datagram(endpoint(k_alice), endpoint(k_bob), forged, Time(2));
    p.net.run_for(seconds(5));
    INFO(p.dump());
    CHECK(p.alice.logged("received NO_PROPOSAL_CHOSEN notify error, waiting briefly"));
    CHECK(p.alice.established() == 1);
    CHECK(p.bob.established() == 1);
}

TEST_CASE("a refused IKE_SA state change is an error, logged, and changes nothing",
          "[engine][states]") {
    Node n("bob", k_bob, 1);
    ipsec::ike::engine::EngineCore core({}, n.rng, n.kernel, n);
    auto owned = std::make_unique<ipsec::ike::engine::IkeSa>();
    owned->config.name = "host-host";
    owned->remote = endpoint(k_alice);
    auto& sa = core.adopt(std::move(owned));
    auto refused = core.set_state(sa, IkeState::established); // CREATED => ESTABLISHED
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message == "IKE_SA state change CREATED => ESTABLISHED is not allowed");
    CHECK(sa.state() == IkeState::created);
    CHECK(n.logged("refused: IKE_SA state change CREATED => ESTABLISHED is not allowed"));
    // a responder's CONNECTING counts as half-open until it leaves that state
    REQUIRE(core.set_state(sa, IkeState::connecting).ok());
    CHECK(core.half_open_count() == 1);
    CHECK(core.half_open_from(addr(k_alice)) == 1);
    REQUIRE(core.set_state(sa, IkeState::established).ok());
    CHECK(core.half_open_count() == 0);
    CHECK(core.half_open_from(addr(k_alice)) == 0);
    // a CHILD_SA goes through the same door
    ipsec::ike::engine::ChildSa child;
    child.config.name = "host-host";
    auto child_refused = core.set_state(sa, child, ChildState::rekeyed); // CREATED => REKEYED
    REQUIRE_FALSE(child_refused.ok());
    CHECK(child.state() == ChildState::created);
    CHECK(n.logged("refused: CHILD_SA state change CREATED => REKEYED is not allowed"));
    CHECK(core.set_state(sa, child, ChildState::installed).ok());
    CHECK(child.state() == ChildState::installed);
    REQUIRE(core.set_state(sa, IkeState::destroyed).ok());
    CHECK_FALSE(core.set_state(sa, IkeState::destroyed).ok());
    core.sweep();
    CHECK(core.sas.empty());
}
