// Hostile input to a responder: requests without the payloads their exchange
// requires (notify-only, COOKIE-only), before and after authentication, in
// every exchange. The responder must answer INVALID_SYNTAX or drop the
// message, keep running, and still serve a well-behaved peer afterwards.
#include "attacker.hpp"
#include "harness.hpp"
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
    auto proposals = configured(::ike::crypto::Protocol::esp, std::nullopt).value();
    for (auto& p : proposals)
        std::erase_if(p.transforms, [](const ::ike::crypto::Transform& t) {
            return t.type == ::ike::crypto::TransformType::ke;
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
