// SPDX-License-Identifier: GPL-2.0-or-later
// The engine's building blocks: traffic selectors, states, exchange rules,
// retransmission schedule, NAT detection.
#include "ike/engine/exchange_rules.hpp"
#include "ike/engine/natd.hpp"
#include "ike/engine/retransmission.hpp"
#include "ike/engine/states.hpp"
#include "ike/engine/traffic_selector.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::engine;
namespace wire = ipsec::ike::wire;

namespace {
TsRange range(const std::string& text, std::uint8_t proto = 0, std::uint16_t lo = 0,
              std::uint16_t hi = 65535) {
    return TsRange::from_config({*Subnet::parse(text), proto, lo, hi});
}
} // namespace

TEST_CASE("traffic selectors: ranges, narrowing, subnets", "[engine][ts]") {
    CHECK(range("10.1.0.0/16").to_string() == "10.1.0.0/16");
    CHECK(range("10.1.2.3/16").to_string() == "10.1.0.0/16");
    CHECK(range("192.168.27.128").to_string() == "192.168.27.128/32");
    CHECK_FALSE(Subnet::parse("10.0.0.0/33"));
    CHECK_FALSE(Subnet::parse("10.0.0.0/"));
    CHECK_FALSE(Subnet::parse("nonsense"));

    // the responder narrows a wider proposal to its config
    auto narrowed = narrow({range("10.2.0.0/16")}, {range("10.0.0.0/8")});
    REQUIRE(narrowed.size() == 1);
    CHECK(narrowed[0].to_string() == "10.2.0.0/16");
    CHECK(narrow({range("10.2.0.0/16")}, {range("10.3.0.0/16")}).empty());
    // protocol and ports
    auto tcp = narrow({range("10.2.0.0/16", 6, 80, 80)}, {range("10.2.1.0/24")});
    REQUIRE(tcp.size() == 1);
    CHECK(tcp[0].to_string() == "10.2.1.0/24[tcp/80]");
    CHECK(narrow({range("10.2.0.0/16", 6)}, {range("10.2.0.0/16", 17)}).empty());

    CHECK(covered({range("10.2.1.0/24")}, {range("10.2.0.0/16")}));
    CHECK_FALSE(covered({range("10.0.0.0/8")}, {range("10.2.0.0/16")}));

    // a range that is no prefix splits into the subnets covering it exactly
    wire::TrafficSelector ts;
    ts.start_address = {10, 0, 0, 1};
    ts.end_address = {10, 0, 0, 6};
    auto r = TsRange::from_wire(ts);
    REQUIRE(r);
    auto subnets = r->subnets();
    REQUIRE(subnets.size() == 4);
    CHECK(subnets[0].to_string() == "10.0.0.1/32");
    CHECK(subnets[1].to_string() == "10.0.0.2/31");
    CHECK(subnets[2].to_string() == "10.0.0.4/31");
    CHECK(subnets[3].to_string() == "10.0.0.6/32");
    CHECK(r->to_string() == "10.0.0.1..10.0.0.6");
    // start above end is refused
    std::swap(ts.start_address, ts.end_address);
    CHECK_FALSE(TsRange::from_wire(ts));
    // IPv6 round trip
    auto v6 = range("2001:db8::/32");
    CHECK(TsRange::from_wire(v6.to_wire()) == v6);
    CHECK(v6.to_string() == "2001:db8::/32");
}

TEST_CASE("states: only the table's transitions are allowed", "[engine][states]") {
    IkeState s = IkeState::created;
    CHECK_FALSE(transition(s, IkeState::established).ok());
    CHECK(s == IkeState::created);
    CHECK(transition(s, IkeState::connecting).ok());
    CHECK(transition(s, IkeState::established).ok());
    CHECK_FALSE(transition(s, IkeState::connecting).ok());
    CHECK(transition(s, IkeState::rekeying).ok());
    CHECK(transition(s, IkeState::established).ok());
    CHECK(transition(s, IkeState::deleting).ok());
    CHECK_FALSE(transition(s, IkeState::established).ok());
    CHECK(transition(s, IkeState::destroyed).ok());
    CHECK_FALSE(transition(s, IkeState::destroyed).ok());

    ChildState c = ChildState::created;
    CHECK_FALSE(transition(c, ChildState::rekeyed).ok());
    CHECK(transition(c, ChildState::installed).ok());
    CHECK(transition(c, ChildState::rekeying).ok());
    CHECK(transition(c, ChildState::rekeyed).ok());
    CHECK_FALSE(transition(c, ChildState::installed).ok());
    CHECK(transition(c, ChildState::deleting).ok());
}

TEST_CASE("exchange rules: required, repeated and misplaced payloads", "[engine][rules]") {
    const auto* init = find_exchange_rule(wire::ExchangeType::ike_sa_init, false);
    REQUIRE(init);
    std::vector<wire::Payload> ok = {wire::SaPayload{}, wire::KePayload{}, wire::NoncePayload{}};
    CHECK(check_payloads(*init, ok).ok());
    std::vector<wire::Payload> missing = {wire::SaPayload{}, wire::NoncePayload{}};
    auto e = check_payloads(*init, missing);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == 7);
    CHECK(e.error().message.find("KE") != std::string::npos);
    std::vector<wire::Payload> twice = {wire::SaPayload{}, wire::KePayload{}, wire::KePayload{},
                                        wire::NoncePayload{}};
    CHECK_FALSE(check_payloads(*init, twice).ok());
    std::vector<wire::Payload> misplaced = {wire::SaPayload{}, wire::KePayload{},
                                            wire::NoncePayload{}, wire::AuthPayload{}};
    CHECK_FALSE(check_payloads(*init, misplaced).ok());
    // an error notify alone is a complete response
    const auto* init_r = find_exchange_rule(wire::ExchangeType::ike_sa_init, true);
    wire::NotifyPayload npc;
    npc.type = wire::NotifyType::no_proposal_chosen;
    CHECK(check_payloads(*init_r, {npc}).ok());
    const auto* info = find_exchange_rule(wire::ExchangeType::informational, false);
    CHECK(check_payloads(*info, {}).ok());
}

TEST_CASE("retransmission follows charon's back-off", "[engine][retransmit]") {
    EngineSettings s;
    CHECK(retransmit_wait(s, 0) == Time(4000));
    CHECK(retransmit_wait(s, 1) == Time(7200));
    CHECK(retransmit_wait(s, 2) == Time(12960));
    CHECK(retransmit_wait(s, 3) == Time(23328));
    CHECK(retransmit_wait(s, 4) == Time(41990));
    CHECK(retransmit_wait(s, 5) == Time(75583));
}

TEST_CASE("NAT detection hashes see a changed address or port", "[engine][natd]") {
    Endpoint a{*ipxf::Address::parse("192.168.27.128"), 500};
    Endpoint b{*ipxf::Address::parse("192.168.27.132"), 500};
    auto sent = natd_payloads(1, 2, a, b);
    CHECK(std::get<wire::NotifyPayload>(sent[0]).data.size() == 20);
    auto same = check_natd(sent, 1, 2, b, a);
    CHECK(same.present);
    CHECK_FALSE(same.local_behind);
    CHECK_FALSE(same.remote_behind);
    Endpoint natted{*ipxf::Address::parse("203.0.113.5"), 4096};
    auto nat = check_natd(sent, 1, 2, b, natted);
    CHECK(nat.remote_behind);
    CHECK_FALSE(nat.local_behind);
}
