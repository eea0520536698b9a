// SPDX-License-Identifier: GPL-2.0-or-later
// Malformed input: each gives the expected notify type and a message that names
// the field and its offset.
#include "ike/wire/codec.hpp"
#include "ike/wire/signature_auth.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::wire;

namespace {

constexpr int invalid_syntax = static_cast<int>(NotifyType::invalid_syntax);

// IKE_SA_INIT request: SA (2 proposals) at offset 28, KE, Nonce.
Bytes valid_message() {
    Message m;
    m.header.spi_i = 0x1122334455667788;
    m.header.exchange = ExchangeType::ike_sa_init;
    m.header.initiator = true;
    Proposal p1{1,
                ProtocolId::ike,
                {},
                {{TransformType::encr, 12, {TransformAttribute::key_length(128)}},
                 {TransformType::dh, 31, {}}}};
    Proposal p2{
        2, ProtocolId::ike, {}, {{TransformType::encr, 20, {}}, {TransformType::dh, 19, {}}}};
    m.payloads = {SaPayload{{p1, p2}}, KePayload{31, Bytes(32, 0xab)},
                  NoncePayload{Bytes(32, 0xcd)}};
    return serialize(m);
}

// Offsets in valid_message(): SA payload header at 28, proposal 1 at 32 (length 28),
// its transform 1 at 40; proposal 2 at 60; KE at 84; Nonce at 124.
constexpr std::size_t sa_at = 28, p1_at = 32, t1_at = 40, p2_at = 60, ke_at = 84, nonce_at = 124;

ipsec::Error parse_error(const Bytes& wire) {
    auto m = parse(wire);
    REQUIRE_FALSE(m.ok());
    INFO(m.error().message);
    return m.error();
}

void set16(Bytes& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}

bool mentions(const ipsec::Error& e, const std::string& text) {
    return e.message.find(text) != std::string::npos;
}

} // namespace

TEST_CASE("the valid base message parses (so each mutation below is the only fault)") {
    Bytes wire = valid_message();
    REQUIRE(wire.size() == nonce_at + 36);
    REQUIRE(parse(wire).ok());
    CHECK(wire[ke_at + 4] == 0);
    CHECK(wire[ke_at + 5] == 31);
}

TEST_CASE("truncated datagrams") {
    Bytes wire = valid_message();
    auto e = parse_error(Bytes(wire.begin(), wire.begin() + 20));
    CHECK(e.domain == ipsec::ErrorDomain::ike);
    CHECK(e.code == invalid_syntax);
    CHECK(mentions(e, "IKE header at offset 0"));
    // Cut anywhere after the header: the length field no longer matches.
    for (std::size_t n : {28ul, 40ul, 100ul, wire.size() - 1}) {
        Bytes cut(wire.begin(), wire.begin() + n);
        auto err = parse_error(cut);
        CHECK(err.code == invalid_syntax);
        CHECK(mentions(err, "length field says " + std::to_string(wire.size())));
    }
    // Cut, with the header length fixed up to match: the payload runs past the end.
    Bytes cut(wire.begin(), wire.begin() + 100);
    cut[27] = 100;
    auto err = parse_error(cut);
    CHECK(mentions(err, "payload 2 (KE) at offset 86"));
    CHECK(mentions(err, "runs past the end"));
}

TEST_CASE("wrong major version") {
    Bytes wire = valid_message();
    wire[17] = 0x10;
    auto e = parse_error(wire);
    CHECK(e.code == static_cast<int>(NotifyType::invalid_major_version));
    CHECK(mentions(e, "offset 17"));
}

TEST_CASE("wrong payload lengths") {
    Bytes wire = valid_message();
    SECTION("shorter than the generic header") {
        set16(wire, ke_at + 2, 3);
        auto e = parse_error(wire);
        CHECK(mentions(e, "payload 2 (KE) at offset 86"));
        CHECK(mentions(e, "shorter than the 4-octet generic payload header"));
    }
    SECTION("a KE body too short for its fixed fields") {
        // Shrink KE to 6 octets and hand the rest to a Vendor ID payload.
        wire[ke_at] = 43; // KE's next payload: Vendor ID
        set16(wire, ke_at + 2, 6);
        wire[ke_at + 6] = 40; // Vendor ID header: next Nonce, length = rest up to Nonce
        wire[ke_at + 7] = 0;
        set16(wire, ke_at + 8, static_cast<std::uint16_t>(nonce_at - ke_at - 6));
        auto e = parse_error(wire);
        CHECK(mentions(e, "payload 2 (KE) body at offset 88"));
        CHECK(mentions(e, "needs 4"));
    }
    SECTION("a Nonce shorter than 16 octets") {
        Bytes cut(wire.begin(), wire.begin() + nonce_at + 4 + 8);
        set16(cut, nonce_at + 2, 12);
        cut[27] = static_cast<std::uint8_t>(cut.size());
        cut[26] = 0;
        auto e = parse_error(cut);
        CHECK(mentions(e, "Nonce"));
        CHECK(mentions(e, "16 to 256"));
    }
    SECTION("octets after the last payload") {
        Bytes longer = wire;
        longer.push_back(0);
        longer[27] = static_cast<std::uint8_t>(longer.size());
        auto e = parse_error(longer);
        CHECK(mentions(e, "after the last payload at offset 160"));
    }
    SECTION("a proposal length that runs past the SA payload") {
        set16(wire, p2_at + 2, 200);
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal 2: length 200 runs past the SA payload"));
        CHECK(mentions(e, "offset 62"));
    }
    SECTION("a transform length that runs past its proposal") {
        set16(wire, t1_at + 2, 40);
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal 1 transform 1: length 40 runs past the proposal"));
    }
    SECTION("a transform count that does not match") {
        wire[p1_at + 7] = 3;
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal 1 announces 3 transforms but holds 2"));
    }
    SECTION("a last-substructure marker that is neither 0 nor 2") {
        wire[p1_at] = 1;
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal 1: last-substructure octet is 1"));
    }
    SECTION("a proposal marked last with another one after it") {
        wire[p1_at] = 0;
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal 1 is marked last but 24 octets of the SA payload follow"));
    }
}

TEST_CASE("bad proposal numbering") {
    Bytes wire = valid_message();
    SECTION("second proposal not numbered 2") {
        wire[p2_at + 4] = 3;
        auto e = parse_error(wire);
        CHECK(e.code == invalid_syntax);
        CHECK(mentions(e, "proposal 2: proposal number 3, expected 2"));
        CHECK(mentions(e, "offset " + std::to_string(sa_at + 4 + (p2_at - p1_at) + 4)));
    }
    SECTION("first of several proposals not numbered 1") {
        wire[p1_at + 4] = 2;
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal 1 is numbered 2, the first of several proposals must be 1"));
    }
    SECTION("proposal number 0") {
        wire[p1_at + 4] = 0;
        auto e = parse_error(wire);
        CHECK(mentions(e, "proposal number 0"));
    }
    SECTION("a single proposal (a response) may carry the number it had in the request") {
        Message m;
        m.header.exchange = ExchangeType::ike_sa_init;
        m.header.response = true;
        m.payloads = {SaPayload{{Proposal{4, ProtocolId::ike, {}, {{TransformType::dh, 31, {}}}}}}};
        auto back = parse(serialize(m));
        REQUIRE(back.ok());
        CHECK(std::get<SaPayload>(back->payloads[0]).proposals[0].number == 4);
    }
}

TEST_CASE("unknown payloads: critical ones refused, the others kept byte for byte") {
    Message m;
    m.header.exchange = ExchangeType::informational;
    m.payloads = {UnknownPayload{200, false, {1, 2, 3}},
                  NotifyPayload{ProtocolId::none, {}, NotifyType::initial_contact, {}}};
    Bytes wire = serialize(m);
    auto ok = parse(wire);
    REQUIRE(ok.ok());
    CHECK(serialize(*ok) == wire);
    CHECK(std::get<UnknownPayload>(ok->payloads[0]).body == Bytes{1, 2, 3});

    wire[29] = 0x80; // the critical bit of the unknown payload
    auto e = parse_error(wire);
    CHECK(e.domain == ipsec::ErrorDomain::ike);
    CHECK(e.code == static_cast<int>(NotifyType::unsupported_critical_payload));
    CHECK(mentions(e, "unknown payload type 200 has the critical bit set"));
    CHECK(mentions(e, "offset 28"));
    CHECK(e.detail == std::optional<std::string>("200"));

    // The critical bit on a known payload is fine (RFC 7296 3.2).
    Bytes known = serialize(m);
    known[29 + 7] = 0x80;
    CHECK(parse(known).ok());
}

TEST_CASE("encrypted payloads must come last") {
    Message m;
    m.header.exchange = ExchangeType::ike_auth;
    m.payloads = {EncryptedPayload{PayloadType::idi, Bytes(40, 1)}};
    Bytes wire = serialize(m);
    REQUIRE(parse(wire).ok());
    // Shorten the SK payload by 8 octets: they are left over after it.
    set16(wire, 30, static_cast<std::uint16_t>(4 + 32));
    auto e = parse_error(wire);
    CHECK(mentions(e, "an encrypted payload must be the last one, but 8 octets follow it"));
}

TEST_CASE("SKF numbering") {
    Message m;
    m.header.exchange = ExchangeType::ike_auth;
    m.payloads = {EncryptedFragmentPayload{PayloadType::idi, 1, 2, Bytes(20, 1)}};
    Bytes wire = serialize(m);
    REQUIRE(parse(wire).ok());
    set16(wire, 32, 3); // fragment 3 of 2
    auto e = parse_error(wire);
    CHECK(mentions(e, "fragment 3 of 2"));
    set16(wire, 32, 2); // fragment 2 of 2 but naming a first inner payload
    e = parse_error(wire);
    CHECK(mentions(e, "only fragment 1 may"));
    set16(wire, 32, 0);
    e = parse_error(wire);
    CHECK(mentions(e, "fragment 0 of 2"));
}

TEST_CASE("substructure lengths in Notify, Delete, TS, CP, EAP") {
    auto inner_error = [](const std::vector<Payload>& payloads, std::size_t at, std::uint8_t v) {
        Bytes wire = serialize_payloads(payloads);
        REQUIRE(
            parse_payloads(static_cast<PayloadType>(payload_type_number(payloads[0])), wire).ok());
        wire[at] = v;
        auto r = parse_payloads(static_cast<PayloadType>(payload_type_number(payloads[0])), wire);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == invalid_syntax);
        return r.error().message;
    };
    // Notify: SPI size larger than the body.
    CHECK_THAT(
        inner_error({NotifyPayload{ProtocolId::esp, {1, 2, 3, 4}, NotifyType::rekey_sa, {}}}, 5, 9),
        Catch::Contains("SPI size 9 but only 4 octets follow"));
    // Delete: count x size does not match.
    CHECK_THAT(inner_error({DeletePayload{ProtocolId::esp, 4, {{1, 2, 3, 4}}}}, 7, 2),
               Catch::Contains("2 SPIs of 4 octets announced but 4 octets follow"));
    // TS: selector count does not match; selector length wrong; unknown TS type.
    TrafficSelector v4{TsType::ipv4_addr_range, 0, 0, 65535, {10, 0, 0, 0}, {10, 0, 0, 255}};
    CHECK_THAT(inner_error({TsiPayload{{v4}}}, 4, 2),
               Catch::Contains("announces 2 traffic selectors but holds 1"));
    CHECK_THAT(inner_error({TsiPayload{{v4}}}, 11, 17),
               Catch::Contains("traffic selector 1: length 17, a TS_IPV4_ADDR_RANGE has 16"));
    CHECK_THAT(inner_error({TsiPayload{{v4}}}, 8, 9),
               Catch::Contains("traffic selector 1: selector type 9 is not supported"));
    // CP: an attribute length past the end.
    CHECK_THAT(inner_error({ConfigPayload{CfgType::reply, {{1, {10, 0, 0, 1}}}}}, 11, 9),
               Catch::Contains("configuration attribute 1: length 9 runs past the payload"));
    // EAP: its own length field disagrees with the payload.
    CHECK_THAT(inner_error({EapPayload{{1, 1, 0, 5, 1}}}, 7, 6),
               Catch::Contains("EAP length 6 but the payload holds 5 octets"));
    // Offsets of inner chains count from the start of the plaintext.
    CHECK_THAT(inner_error({NotifyPayload{ProtocolId::none, {}, NotifyType::initial_contact, {}},
                            DeletePayload{ProtocolId::esp, 4, {{1, 2, 3, 4}}}},
                           8 + 7, 3),
               Catch::Contains("payload 2 (Delete) body at offset 14"));
}

TEST_CASE("RFC 7427 signature AUTH data and hash algorithm lists") {
    CHECK_FALSE(parse_signature_auth(Bytes{}).ok());
    CHECK_FALSE(parse_signature_auth(Bytes{5, 0x30, 3, 1, 2}).ok());    // runs past
    CHECK_FALSE(parse_signature_auth(Bytes{4, 0x31, 2, 1, 2, 9}).ok()); // not a SEQUENCE
    CHECK_FALSE(parse_signature_auth(Bytes{4, 0x30, 3, 1, 2, 9}).ok()); // inner length
    auto ok = parse_signature_auth(Bytes{4, 0x30, 2, 5, 0, 7, 7});
    REQUIRE(ok.ok());
    CHECK(ok->algorithm_identifier == Bytes{0x30, 2, 5, 0});
    CHECK(ok->signature == Bytes{7, 7});
    CHECK_FALSE(parse_hash_algorithms(Bytes{0, 2, 0}).ok());
}
